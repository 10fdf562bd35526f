//! The section list: issues → sections → articles.

use super::cells::{fill, put};
use super::theme;
use crate::app::{App, IssueState, Node, Pane};
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    let appearance = app.appearance();
    let articles = app.corpus.len();
    let header = match app.walking {
        Some(found) => strings::walking(found),
        None if app.unread_only => strings::list_header_unread(app.unread_count()),
        None => strings::list_header(app.issues.len(), articles),
    };
    put(
        buf,
        area.x,
        area.y,
        area.right(),
        &header,
        theme::issue_row(),
        amb,
    );

    let focused = app.mode.pane() == Pane::List;
    for (k, row) in app
        .rows
        .iter()
        .enumerate()
        .skip(app.list_top)
        .take(usize::from(area.height.saturating_sub(1)))
    {
        let y = area.y + 1 + u16::try_from(k - app.list_top).unwrap_or(0);
        let selected = k == app.cursor;
        let base = if selected {
            theme::cursor(focused)
        } else {
            ratatui::style::Style::new()
        };
        fill(buf, area.x, y, area.right(), base);
        let mut x = area.x + 1 + u16::from(row.depth) * 2;
        let right = area.right().saturating_sub(1);
        match &row.node {
            Node::Issue(i) => {
                let Some(entry) = app.issue(*i) else { continue };
                if let IssueState::Failed(reason) = &entry.state {
                    // The file's name is what tells you which file to look at: it
                    // gets the room first, the reason what is left.
                    let style = base.patch(theme::error(appearance));
                    x = put(buf, x, y, right, "✗", style, amb) + 1;
                    let name = sanitize(&entry.id);
                    let room = usize::from(right.saturating_sub(x));
                    x = put(
                        buf,
                        x,
                        y,
                        right,
                        &truncate_to_width(&name, room, amb),
                        style,
                        amb,
                    );
                    let room = usize::from(right.saturating_sub(x + 1));
                    if room >= 4 {
                        let why = strings::load_reason(reason);
                        put(
                            buf,
                            x + 1,
                            y,
                            right,
                            &truncate_to_width(&why, room, amb),
                            base.patch(theme::dim()),
                            amb,
                        );
                    }
                    continue;
                }
                let (mark, tail, style) = match &entry.state {
                    IssueState::Ready(_) => {
                        let folded = app.row_folded(k);
                        let counts = match app.unread_under(&row.node) {
                            Some((unread, total)) if unread < total => {
                                strings::unread_count(unread, total)
                            }
                            _ => strings::article_count(entry.article_count()),
                        };
                        (if folded { "▸" } else { "▾" }, counts, theme::issue_row())
                    }
                    _ => ("·", strings::LOADING.to_string(), theme::dim()),
                };
                x = put(buf, x, y, right, mark, base.patch(style), amb) + 1;
                let label = sanitize(entry.label());
                let tail_w = u16::try_from(str_width(&tail, amb)).unwrap_or(0) + 1;
                let room = right.saturating_sub(x).saturating_sub(tail_w);
                x = put(
                    buf,
                    x,
                    y,
                    x + room,
                    &truncate_to_width(&label, usize::from(room), amb),
                    base.patch(style),
                    amb,
                );
                put(buf, x + 1, y, right, &tail, base.patch(theme::dim()), amb);
            }
            Node::Section { first, count } => {
                let name = app
                    .article(*first)
                    .and_then(|a| a.section.clone())
                    .unwrap_or_default();
                let folded = app.row_folded(k);
                x = put(
                    buf,
                    x,
                    y,
                    right,
                    if folded { "▸" } else { "▾" },
                    base.patch(theme::section_row(appearance)),
                    amb,
                ) + 1;
                let tail = match app.unread_under(&row.node) {
                    Some((unread, total)) if unread < total => strings::unread_count(unread, total),
                    _ => strings::article_count(*count as usize),
                };
                let tail_w = u16::try_from(str_width(&tail, amb)).unwrap_or(0) + 1;
                let room = usize::from(right.saturating_sub(x).saturating_sub(tail_w));
                let name = sanitize(&name);
                x = put(
                    buf,
                    x,
                    y,
                    right,
                    &truncate_to_width(&name, room, amb),
                    base.patch(theme::section_row(appearance)),
                    amb,
                );
                put(buf, x + 1, y, right, &tail, base.patch(theme::dim()), amb);
            }
            Node::Article(at) => {
                let Some(a) = app.article(*at) else {
                    continue;
                };
                let is_open = app.open == Some(*at);
                let read = app.is_read(*at);
                let mark = if is_open {
                    "▶"
                } else if read {
                    " "
                } else {
                    "•"
                };
                x = put(buf, x, y, right, mark, base.patch(theme::dim()), amb) + 1;
                let room = usize::from(right.saturating_sub(x));
                let mut title_style = base;
                if read && !is_open {
                    title_style = title_style.patch(theme::dim());
                }
                if let Some(k) = &a.kicker {
                    let k = sanitize(k);
                    let kw = str_width(&k, amb);
                    // The kicker only where it leaves room for most of the headline.
                    if kw + 1 < room / 3 {
                        x = put(
                            buf,
                            x,
                            y,
                            right,
                            &k,
                            base.patch(theme::kicker_in_list(appearance)),
                            amb,
                        ) + 1;
                    }
                }
                let title = if a.display_title().is_empty() {
                    strings::UNTITLED.to_owned()
                } else {
                    app.shown_text(a.display_title())
                };
                let room = usize::from(right.saturating_sub(x));
                put(
                    buf,
                    x,
                    y,
                    right,
                    &truncate_to_width(&title, room, amb),
                    title_style,
                    amb,
                );
            }
        }
    }
}
