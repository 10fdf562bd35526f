//! The reading pane: the laid-out page, from the first visible line, with search
//! hits highlighted (the current one distinct).

use super::cells::{put, put_with};
use super::theme;
use crate::app::page::PageLine;
use crate::app::{Action, App};
use crate::text::str_width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, column: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    let Some(page) = &app.page else {
        let key = app.keymap().first_label(Action::Open).unwrap_or_default();
        // What Enter would open, when the cursor is on an article.
        let under = match app.rows.get(app.cursor).map(|r| r.node) {
            Some(crate::app::Node::Article(at)) => {
                app.article(at).map(|a| app.shown_text(a.display_title()))
            }
            _ => None,
        };
        let hint = match under {
            Some(title) => crate::strings::open_this(&key, &title),
            None => crate::strings::open_hint(&key),
        };
        let hint = crate::text::truncate_to_width(&hint, usize::from(column.width), amb);
        let hint: &str = &hint;
        let w = u16::try_from(str_width(hint, amb))
            .unwrap_or(0)
            .min(column.width);
        let x = column.x + (column.width - w) / 2;
        let y = column.y + column.height / 3;
        put(buf, x, y, column.right(), hint, theme::dim(), amb);
        return;
    };
    let visible = page
        .lines
        .iter()
        .skip(app.top)
        .take(usize::from(column.height));
    for (row, line) in visible.enumerate() {
        if line.gap {
            continue;
        }
        let y = column.y + u16::try_from(row).unwrap_or(u16::MAX);
        let x = column.x + line.indent;
        let base = theme::role(app.appearance(), page.role(line));
        if let Some(mark) = line.mark {
            put(buf, column.x, y, x, mark, base, amb);
        }
        let marks = hits_on(app, line);
        // Hits are stored offsets; what is drawn may show punctuation full-width.
        let style = |at: usize| {
            let at = page.stored_at(line, at);
            match marks.iter().find(|m| m.0 <= at && at < m.1) {
                Some(&(_, _, true)) => base.patch(theme::current_hit(app.appearance())),
                Some(_) => base.patch(theme::hit(app.appearance())),
                None => base,
            }
        };
        put_with(buf, x, y, column.right(), page.text(line), style, amb);
    }
}

/// Search hits overlapping a page line: (start, end, is_current) in block bytes.
fn hits_on(app: &App, line: &PageLine) -> Vec<(usize, usize, bool)> {
    let Some(h) = app.hits.as_ref().filter(|h| !h.hidden) else {
        return Vec::new();
    };
    h.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.block == line.block && b.start < line.end && b.end > line.start)
        .map(|(k, b)| (b.start, b.end, k == h.hit))
        .collect()
}
