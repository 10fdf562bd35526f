//! The go-to prompt: its candidates in the list pane's place, the prompt on the
//! bottom line.

use super::cells::{fill, put};
use super::theme;
use crate::app::{App, IssueState};
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// The candidates, one issue a row: its name, its file name when that differs, its
/// article count.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    let Some(g) = app.goto_prompt() else { return };
    let right = area.right().saturating_sub(1);
    let header = strings::candidates(g.candidates.len());
    put(
        buf,
        area.x + 1,
        area.y,
        right,
        &truncate_to_width(
            &sanitize(&header),
            usize::from(right.saturating_sub(area.x + 1)),
            amb,
        ),
        theme::issue_row(),
        amb,
    );
    let rows = usize::from(area.height.saturating_sub(1));
    for (slot, (k, &ix)) in g
        .candidates
        .iter()
        .enumerate()
        .skip(g.top)
        .take(rows)
        .enumerate()
    {
        let Some(entry) = app.issue(ix) else { continue };
        let y = area.y + 1 + u16::try_from(slot).unwrap_or(0);
        let base = if k == g.selected {
            theme::cursor(true)
        } else {
            Style::new()
        };
        fill(buf, area.x, y, area.right(), base);
        let tail = match &entry.state {
            IssueState::Ready(_) => strings::article_count(entry.article_count()),
            IssueState::Pending => strings::LOADING.into(),
            IssueState::Failed(_) => strings::NOT_LOADED.into(),
        };
        let tail_w = u16::try_from(str_width(&tail, amb)).unwrap_or(0);
        let name_right = right.saturating_sub(tail_w + 1);
        let mut x = put(
            buf,
            area.x + 1,
            y,
            name_right,
            &truncate_to_width(
                &sanitize(entry.label()),
                usize::from(name_right.saturating_sub(area.x + 1)),
                amb,
            ),
            base.patch(theme::issue_row()),
            amb,
        );
        if entry.label() != entry.id {
            let room = usize::from(name_right.saturating_sub(x + 1));
            x = put(
                buf,
                x + 1,
                y,
                name_right,
                &truncate_to_width(&sanitize(&entry.id), room, amb),
                base.patch(theme::dim()),
                amb,
            );
        }
        let _ = x;
        put(
            buf,
            right.saturating_sub(tail_w),
            y,
            right,
            &tail,
            base.patch(theme::dim()),
            amb,
        );
    }
}

/// The prompt line: `跳到：` and the input, with a hint while it is empty. Returns
/// the cursor cell.
pub fn render_prompt(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let amb = app.amb();
    let g = app.goto_prompt()?;
    fill(buf, area.x, area.y, area.right(), Style::new());
    let x = put(
        buf,
        area.x,
        area.y,
        area.right(),
        strings::GOTO_PROMPT,
        theme::prompt(),
        amb,
    );
    let input = sanitize(&g.input);
    let end = put(buf, x, area.y, area.right(), &input, theme::prompt(), amb);
    // How the input was read (the nearest issue to a date), else what to type.
    let aside = match &g.note {
        Some(note) => Some(sanitize(note).into_owned()),
        None if g.input.is_empty() => Some(strings::GOTO_HINT.to_owned()),
        None => None,
    };
    if let Some(aside) = aside {
        let room = usize::from(area.right().saturating_sub(end + 2));
        put(
            buf,
            end + 2,
            area.y,
            area.right(),
            &truncate_to_width(&aside, room, amb),
            theme::dim(),
            amb,
        );
    }
    let before = str_width(&sanitize(g.input.get(..g.cursor).unwrap_or("")), amb);
    let cx = x.saturating_add(u16::try_from(before).unwrap_or(u16::MAX));
    Some((cx.min(area.right().saturating_sub(1)), area.y))
}
