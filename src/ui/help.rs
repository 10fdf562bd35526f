//! The `?` overlay, drawn from the same key table that dispatches keys.

use super::cells::{fill, put};
use super::theme;
use crate::app::keys::BINDINGS;
use crate::text::{AmbiguousWidth, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn render(area: Rect, buf: &mut Buffer, amb: AmbiguousWidth) {
    let rows: Vec<(String, &str)> = BINDINGS
        .iter()
        .map(|b| {
            (
                b.keys
                    .iter()
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
                    .join(" "),
                b.help,
            )
        })
        .collect();
    let key_w = rows
        .iter()
        .map(|(k, _)| str_width(k, amb))
        .max()
        .unwrap_or(0);
    let help_w = rows
        .iter()
        .map(|(_, h)| str_width(h, amb))
        .max()
        .unwrap_or(0);
    let want_w = u16::try_from(key_w + help_w + 6).unwrap_or(u16::MAX);
    let want_h = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
    let w = want_w.min(area.width);
    let h = want_h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(popup, buf);
    Block::new()
        .borders(Borders::ALL)
        .title(" 按键 (Esc 关闭) ")
        .render(popup, buf);
    let inner = Rect::new(
        popup.x + 1,
        popup.y + 1,
        popup.width.saturating_sub(2),
        popup.height.saturating_sub(2),
    );
    for (k, (keys, help)) in rows.iter().enumerate().take(usize::from(inner.height)) {
        let y = inner.y + u16::try_from(k).unwrap_or(0);
        fill(buf, inner.x, y, inner.right(), Style::new());
        let keys = truncate_to_width(keys, usize::from(inner.width.saturating_sub(1)), amb);
        put(
            buf,
            inner.x + 1,
            y,
            inner.right(),
            &keys,
            theme::issue_row(),
            amb,
        );
        let hx = inner.x + 2 + u16::try_from(key_w).unwrap_or(0);
        put(buf, hx, y, inner.right(), help, Style::new(), amb);
    }
}
