//! The search results panel: it takes the section list's place while `/` is open.

use super::cells::{fill, put, put_with};
use super::theme;
use crate::app::App;
use crate::app::search::ROWS_PER_RESULT;
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    let Some(prompt) = app.prompt() else { return };
    let right = area.right().saturating_sub(1);
    let header = match &app.hits {
        None => strings::SEARCH_HINT.to_string(),
        Some(h) if h.outcome.results.is_empty() => strings::NOT_FOUND.to_string(),
        Some(h) => {
            let mut s = match &h.outcome.fallback {
                Some(words) => format!("{} · ", strings::fallback(&words.join(" + "))),
                None => String::new(),
            };
            s.push_str(&strings::results(
                h.outcome.results.len(),
                h.outcome.total_hits(),
            ));
            s
        }
    };
    let header = match &app.hits {
        Some(h) if h.partial => format!(
            "{header} · {}",
            strings::indexed_so_far(app.loaded_count(), app.issues.len())
        ),
        None if app.indexing() => format!(
            "{header} · {}",
            strings::indexed_so_far(app.loaded_count(), app.issues.len())
        ),
        _ => header,
    };
    let header = sanitize(&header);
    put(
        buf,
        area.x + 1,
        area.y,
        right,
        &truncate_to_width(&header, usize::from(right.saturating_sub(area.x + 1)), amb),
        theme::issue_row(),
        amb,
    );

    let Some(hits) = &app.hits else { return };
    let per_screen = usize::from(area.height.saturating_sub(1)) / ROWS_PER_RESULT;
    for (slot, k) in (prompt.results_top..hits.outcome.results.len())
        .take(per_screen)
        .enumerate()
    {
        let r = &hits.outcome.results[k];
        let (Some(outline), Some(entry)) = (app.article(r.at), app.issue(r.at.issue)) else {
            continue;
        };
        let y = area.y + 1 + u16::try_from(slot * ROWS_PER_RESULT).unwrap_or(0);
        let selected = k == prompt.selected;
        let base = if selected {
            theme::cursor(true)
        } else {
            Style::new()
        };
        fill(buf, area.x, y, area.right(), base);
        fill(buf, area.x, y + 1, area.right(), base);

        let rank = format!("{:>2} ", k + 1);
        let mut x = put(
            buf,
            area.x + 1,
            y,
            right,
            &rank,
            base.patch(theme::dim()),
            amb,
        );
        let issue = sanitize(entry.label());
        let count = format!(" {}", strings::hits(r.hits));
        let count_w = u16::try_from(str_width(&count, amb)).unwrap_or(0);
        let issue_room = usize::from(right.saturating_sub(x)) / 3;
        x = put(
            buf,
            x,
            y,
            right,
            &truncate_to_width(&issue, issue_room, amb),
            base.patch(theme::dim()),
            amb,
        ) + 1;
        let title = sanitize(&outline.title);
        let room = usize::from(right.saturating_sub(x).saturating_sub(count_w));
        put(
            buf,
            x,
            y,
            right,
            &truncate_to_width(&title, room, amb),
            base.patch(theme::issue_row()),
            amb,
        );
        put(
            buf,
            right.saturating_sub(count_w),
            y,
            right,
            &count,
            base.patch(theme::dim()),
            amb,
        );

        // The excerpt around the first hit, made when the results changed.
        if let Some((_, text, hit)) = prompt.snippets.iter().find(|s| s.0 == k) {
            let sx = area.x + 4;
            let style = |at: usize| {
                if hit.contains(&at) {
                    base.patch(theme::hit(app.appearance()))
                } else {
                    base
                }
            };
            put_with(buf, sx, y + 1, right, text, style, amb);
        }
    }
}

/// The prompt line: `/query`, with hit status at the right. Returns the cursor cell.
pub fn render_prompt(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let amb = app.amb();
    let prompt = app.prompt()?;
    fill(buf, area.x, area.y, area.right(), Style::new());
    let status = super::status::hit_status(app).unwrap_or_default();
    let status_w = u16::try_from(str_width(&status, amb)).unwrap_or(0);
    let input_right = if status_w + 8 < area.width {
        area.right() - status_w - 2
    } else {
        area.right()
    };
    put(buf, area.x, area.y, input_right, "/", theme::prompt(), amb);
    let room = usize::from(input_right.saturating_sub(area.x + 1));
    // Keep the cursor in view: show the tail of a long query.
    let cursor_col = prompt.cursor_column(amb);
    let input = sanitize(&prompt.input);
    let skip = cursor_col.saturating_sub(room.saturating_sub(1));
    let mut shown_from = 0;
    let mut skipped = 0;
    for (i, g) in crate::text::graphemes(&input) {
        if skipped >= skip {
            shown_from = i;
            break;
        }
        skipped += crate::text::grapheme_width(g, amb);
        shown_from = i + g.len();
    }
    let visible = input.get(shown_from..).unwrap_or("");
    put(
        buf,
        area.x + 1,
        area.y,
        input_right,
        visible,
        theme::prompt(),
        amb,
    );
    if status_w > 0 && input_right < area.right() {
        put(
            buf,
            area.right() - status_w - 1,
            area.y,
            area.right(),
            &status,
            theme::dim(),
            amb,
        );
    }
    let cx = area.x + 1 + u16::try_from(cursor_col - skipped).unwrap_or(0);
    Some((cx.min(area.right().saturating_sub(1)), area.y))
}
