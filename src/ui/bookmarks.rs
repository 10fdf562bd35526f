//! The `'` bookmark list: title, issue and when it was added, and under it how far into
//! the article the bookmark is and the sentence it points at; Enter jumps back to the
//! place, m removes the bookmark.

use super::cells::{fill, put};
use super::theme;
use crate::app::{Action, App};
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(area: Rect, buf: &mut Buffer, app: &App, selected: usize) {
    let amb = app.amb();
    let w = area.width.saturating_sub(4).min(90).max(area.width.min(20));
    // Two rows a bookmark: the title, then where it points.
    let rows = usize::from(area.height.saturating_sub(4)).max(2) / 2 * 2;
    let h = u16::try_from((app.bookmarks.len() * 2).min(rows) + 2)
        .unwrap_or(area.height)
        .min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let key = |a: Action| app.keymap().first_label(a).unwrap_or_default();
    let title = strings::bookmarks_title(
        &key(Action::Open),
        &key(Action::ToggleBookmark),
        &key(Action::Cancel),
    );
    let inner = super::popup(popup, buf, amb, &title);
    let fits = (usize::from(inner.height) / 2).max(1);
    let first = selected.saturating_sub(fits - 1);
    for (row, (k, b)) in app
        .bookmarks
        .iter()
        .enumerate()
        .skip(first)
        .enumerate()
        .take(fits)
    {
        let y = inner.y + u16::try_from(row * 2).unwrap_or(0);
        let style = if k == selected {
            theme::cursor(true)
        } else {
            Style::new()
        };
        fill(buf, inner.x, y, inner.right(), style);
        let issue_id = b
            .article
            .rsplit_once('#')
            .map_or(b.article.as_str(), |(i, _)| i);
        let issue = app
            .issues
            .iter()
            .find(|e| e.id == issue_id)
            .map_or(issue_id, |e| e.label());
        let date = b.added.get(..10).unwrap_or("");
        let tail = format!(" {} · {date}", sanitize(issue));
        let tail_w = u16::try_from(str_width(&tail, amb)).unwrap_or(0);
        let right = inner.right().saturating_sub(1);
        let room = usize::from(right.saturating_sub(inner.x + 1).saturating_sub(tail_w));
        let title = app.shown_text(&b.title);
        put(
            buf,
            inner.x + 1,
            y,
            right,
            &truncate_to_width(&title, room, amb),
            style.patch(theme::issue_row()),
            amb,
        );
        let tx = right.saturating_sub(tail_w);
        put(
            buf,
            tx,
            y,
            right,
            &truncate_to_width(&tail, usize::from(tail_w), amb),
            style.patch(theme::dim()),
            amb,
        );
        // Where it points: how far in, and the sentence there.
        let y = y + 1;
        if y >= inner.bottom() {
            break;
        }
        fill(buf, inner.x, y, inner.right(), style);
        let place = app.bookmark_places.get(k).cloned().unwrap_or_default();
        let mut line = String::from("  ");
        match (place.percent, &place.sentence) {
            (Some(p), Some(s)) => line.push_str(&format!("{} · {s}", strings::read_to(p))),
            (Some(p), None) => line.push_str(&strings::read_to(p)),
            _ => line.push_str(strings::ISSUE_NOT_LOADED),
        }
        let room = usize::from(right.saturating_sub(inner.x + 1));
        put(
            buf,
            inner.x + 1,
            y,
            right,
            &truncate_to_width(&line, room, amb),
            style.patch(theme::dim()),
            amb,
        );
    }
}
