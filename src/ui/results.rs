//! The search results panel: it takes the section list's place (and half the screen)
//! while `/` is open. Three rows a result: the issue's date in full, its column and the
//! hit count; the headline; a snippet with the hit highlighted.

use super::cells::{fill, put, put_with};
use super::theme;
use crate::app::search::{RESULT_INDENT, ROWS_PER_RESULT, Scope, Source, sort_label};
use crate::app::{Action, App};
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    let Some(prompt) = app.prompt() else { return };
    let right = area.right().saturating_sub(1);
    let header = sanitize(&header(app)).into_owned();
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
    let rows = u16::try_from(ROWS_PER_RESULT).unwrap_or(3);
    let indent = area.x + RESULT_INDENT;
    for (slot, k) in (prompt.results_top..hits.outcome.results.len())
        .take(per_screen)
        .enumerate()
    {
        let r = &hits.outcome.results[k];
        let (Some(outline), Some(entry)) = (app.article(r.at), app.issue(r.at.issue)) else {
            continue;
        };
        let y = area.y + 1 + u16::try_from(slot).unwrap_or(0) * rows;
        let selected = k == prompt.selected;
        let base = if selected {
            theme::cursor(true)
        } else {
            Style::new()
        };
        for row in 0..rows {
            fill(buf, area.x, y + row, area.right(), base);
        }

        // Row 1: rank, the issue's date in full (or its name), column and kicker, hits.
        let rank = format!("{:>2} ", k + 1);
        let x = put(
            buf,
            area.x + 1,
            y,
            right,
            &rank,
            base.patch(theme::dim()),
            amb,
        );
        // Found by the pinyin of a Latin-letter term: said, as it may surprise.
        let count = match r.pinyin {
            true => format!(
                " {} · {}",
                strings::PINYIN_MATCH,
                strings::hits(r.hits as usize)
            ),
            false => format!(" {}", strings::hits(r.hits as usize)),
        };
        let count_w = u16::try_from(str_width(&count, amb)).unwrap_or(0);
        let count_x = right.saturating_sub(count_w);
        let issue = sanitize(entry.label());
        let x = put(
            buf,
            x,
            y,
            count_x,
            &truncate_to_width(&issue, usize::from(count_x.saturating_sub(x)), amb),
            base,
            amb,
        );
        let place: Vec<&str> = [outline.section.as_deref(), outline.kicker.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if !place.is_empty() {
            let place = app.shown_text(&format!(" · {}", place.join(" · ")));
            put(
                buf,
                x,
                y,
                count_x,
                &truncate_to_width(&place, usize::from(count_x.saturating_sub(x)), amb),
                base.patch(theme::dim()),
                amb,
            );
        }
        put(
            buf,
            count_x,
            y,
            right,
            &count,
            base.patch(theme::dim()),
            amb,
        );

        // Row 2: the whole headline, as far as the list is wide.
        let title = app.shown_text(&outline.title);
        put(
            buf,
            indent,
            y + 1,
            right,
            &truncate_to_width(&title, usize::from(right.saturating_sub(indent)), amb),
            base.patch(theme::issue_row()),
            amb,
        );

        // Row 3: the excerpt around the first hit, made when the results changed.
        if let Some((_, text, hit)) = prompt.snippets.iter().find(|s| s.0 == k) {
            let style = |at: usize| {
                if hit.contains(&at) {
                    base.patch(theme::hit(app.appearance()))
                } else {
                    base
                }
            };
            put_with(buf, indent, y + 2, right, text, style, amb);
        }
    }
}

/// The result list's first line: what was searched, how much was found, in which order.
fn header(app: &App) -> String {
    let key = |a: Action| app.keymap().first_label(a).unwrap_or_default();
    let mut header = match &app.hits {
        None => strings::search_hint(&key(Action::SearchScope), &key(Action::SearchSort)),
        Some(h) if h.outcome.is_empty() => strings::NOT_FOUND.to_string(),
        Some(h) => {
            let mut s = match &h.outcome.fallback {
                Some(words) => format!("{} · ", strings::fallback(&words.join(" + "))),
                None => String::new(),
            };
            s.push_str(&strings::results(h.outcome.len(), h.outcome.total_hits()));
            s.push_str(" · ");
            s.push_str(&strings::sorted(
                sort_label(h.sort),
                &key(Action::SearchSort),
            ));
            // Last, where a narrow list cuts it: the prompt line shows it whole.
            if let Source::Related { keywords, .. } = &h.source {
                s.push_str(" · ");
                s.push_str(&strings::related(keywords));
            }
            s
        }
    };
    let partial = match &app.hits {
        Some(h) => h.partial,
        None => app.indexing(),
    };
    if partial {
        header.push_str(" · ");
        header.push_str(&strings::indexed_so_far(
            app.loaded_count(),
            app.issues.len(),
        ));
    }
    header
}

/// The prompt line: `/query`, with hit status at the right. Returns the cursor cell.
pub fn render_prompt(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let amb = app.amb();
    let prompt = app.prompt()?;
    fill(buf, area.x, area.y, area.right(), Style::new());
    // A notice that answers a prompt key (Tab with no article open) goes where the hit
    // position goes.
    let status = match &app.message {
        Some(m) => sanitize(m).into_owned(),
        None => super::status::hit_status(app).unwrap_or_default(),
    };
    let status_w = u16::try_from(str_width(&status, amb)).unwrap_or(0);
    let input_right = if status_w + 8 < area.width {
        area.right() - status_w - 2
    } else {
        area.right()
    };
    // Which articles the query runs over, before the query.
    let (tag, tag_style) = match prompt.scope {
        Scope::All => (strings::SCOPE_ALL, theme::dim()),
        Scope::Article(_) => (strings::SCOPE_ARTICLE, theme::warning(app.appearance())),
    };
    let x0 = put(
        buf,
        area.x,
        area.y,
        input_right,
        &format!(" {tag} "),
        tag_style.add_modifier(ratatui::style::Modifier::REVERSED),
        amb,
    ) + 1;
    let area = Rect::new(x0, area.y, area.right().saturating_sub(x0), 1);
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
    // A "more like this" list: the keywords it searched, until something is typed.
    if let (true, Some(Source::Related { keywords, .. })) =
        (input.is_empty(), app.hits.as_ref().map(|h| &h.source))
    {
        let text = sanitize(&strings::related(keywords)).into_owned();
        put(
            buf,
            area.x + 1,
            area.y,
            input_right,
            &truncate_to_width(&text, room, amb),
            theme::dim(),
            amb,
        );
    }
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
