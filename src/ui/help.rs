//! The `?` overlay, drawn from the key table in force (see `app::help` for what it
//! holds and how it flows into columns).

use super::cells::{fill, put};
use super::theme;
use crate::app::help::{COLUMN_GAP, Entry, KEY_GAP, entries, layout, visible_rows};
use crate::app::{Action, App};
use crate::strings;
use crate::text::{str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(area: Rect, buf: &mut Buffer, app: &App, scroll: usize) {
    let amb = app.amb();
    let entries = entries(app.keymap());
    let (rows, widths) = layout(&entries, area, amb);
    let total: usize = widths.iter().map(|w| w.1).sum::<usize>() + COLUMN_GAP * widths.len() + 1;
    let w = u16::try_from(total + 2).unwrap_or(u16::MAX).min(area.width);
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let visible = visible_rows(rows, area);
    let scroll = scroll.min(rows.saturating_sub(visible));
    let more_below = scroll + visible < rows;
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let key = |a: Action| app.keymap().first_label(a).unwrap_or_default();
    let title = if more_below || scroll > 0 {
        strings::help_title(
            &format!("{}/{}", key(Action::Down), key(Action::Up)),
            &key(Action::Cancel),
        )
    } else {
        strings::help_title_short(&key(Action::Help), &key(Action::Cancel))
    };
    let inner = super::popup(popup, buf, amb, &title);
    for y in inner.y..inner.bottom() {
        fill(buf, inner.x, y, inner.right(), Style::new());
    }
    let mut x = inner.x + 1;
    for (col, chunk) in entries.chunks(rows.max(1)).enumerate() {
        let (key_w, entry_w) = widths.get(col).copied().unwrap_or_default();
        let right = (x + u16::try_from(entry_w).unwrap_or(0)).min(inner.right());
        for (row, entry) in chunk.iter().enumerate().skip(scroll) {
            let Ok(row) = u16::try_from(row - scroll) else {
                break;
            };
            if row >= inner.height {
                break;
            }
            let y = inner.y + row;
            match entry {
                Entry::Heading(h) => {
                    put(
                        buf,
                        x,
                        y,
                        right,
                        h,
                        theme::section_row(app.appearance()),
                        amb,
                    );
                }
                Entry::Key(keys, help) => {
                    let room = usize::from(right.saturating_sub(x));
                    put(
                        buf,
                        x,
                        y,
                        right,
                        &truncate_to_width(keys, room, amb),
                        theme::issue_row(),
                        amb,
                    );
                    let hx = x + u16::try_from(key_w + KEY_GAP).unwrap_or(0);
                    let room = usize::from(right.saturating_sub(hx));
                    put(
                        buf,
                        hx,
                        y,
                        right,
                        &truncate_to_width(help, room, amb),
                        Style::new(),
                        amb,
                    );
                }
            }
        }
        x = x.saturating_add(u16::try_from(entry_w + COLUMN_GAP).unwrap_or(u16::MAX));
    }
    if more_below {
        let mark = strings::MORE_BELOW;
        let mw = u16::try_from(str_width(mark, amb)).unwrap_or(0);
        let mx = popup.right().saturating_sub(mw + 2);
        put(
            buf,
            mx,
            popup.bottom().saturating_sub(1),
            popup.right().saturating_sub(1),
            mark,
            theme::dim(),
            amb,
        );
    }
}
