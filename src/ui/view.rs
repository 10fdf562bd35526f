//! The text views over the reader: an article's source lines (`v`) and the files
//! that failed to load (`!`), in a frame with the keys that close them.

use super::cells::{fill, put};
use super::theme;
use crate::app::views::{View, view_rows};
use crate::app::{Action, App};
use crate::strings;
use crate::text::{str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(area: Rect, buf: &mut Buffer, app: &App, view: View, top: usize) {
    let amb = app.amb();
    let key = |a: Action| app.keymap().first_label(a).unwrap_or_default();
    let title = match view {
        View::Source => {
            let (path, first, last) = app.source.as_ref().map_or((String::new(), 0, 0), |s| {
                let n = u32::try_from(s.lines.len()).unwrap_or(u32::MAX);
                (
                    s.path.clone(),
                    s.first,
                    s.first.saturating_add(n.saturating_sub(1)),
                )
            });
            strings::source_title(
                &path,
                first,
                last,
                &key(Action::Pager),
                &key(Action::Cancel),
            )
        }
        View::Errors => strings::errors_title(app.errors.len(), &key(Action::Cancel)),
    };
    let title = truncate_to_width(&title, usize::from(area.width.saturating_sub(2)), amb);
    let inner = super::popup(area, buf, amb, &title);
    for y in inner.y..inner.bottom() {
        fill(buf, inner.x, y, inner.right(), Style::new());
    }
    let rows = view_rows(app, view, usize::from(inner.width.saturating_sub(2)));
    for (row, r) in rows
        .iter()
        .skip(top)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + u16::try_from(row).unwrap_or(0);
        let mut x = inner.x + 1;
        if !r.gutter.is_empty() {
            x = put(buf, x, y, inner.right(), &r.gutter, theme::dim(), amb);
            x = put(buf, x, y, inner.right(), "│", theme::separator(), amb);
        }
        let style = if r.strong {
            theme::issue_row()
        } else {
            Style::new()
        };
        put(buf, x, y, inner.right(), &r.text, style, amb);
    }
    if top + usize::from(inner.height) < rows.len() {
        let mark = strings::MORE_BELOW;
        let mw = u16::try_from(str_width(mark, amb)).unwrap_or(0);
        put(
            buf,
            area.right().saturating_sub(mw + 2),
            area.bottom().saturating_sub(1),
            area.right().saturating_sub(1),
            mark,
            theme::dim(),
            amb,
        );
    }
}
