//! The `?` overlay, drawn from the same key tables that dispatch keys: the reader's,
//! then the search prompt's. It flows into as many columns as the screen needs.

use super::cells::{fill, put};
use super::theme;
use crate::app::App;
use crate::app::keys::{Key, Keymap, PROMPT_BINDINGS};
use crate::text::{AmbiguousWidth, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

enum Entry {
    Heading(&'static str),
    Key(String, &'static str),
}

fn label(keys: &[Key]) -> String {
    keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
}

fn entries(keymap: &Keymap) -> Vec<Entry> {
    let mut out = vec![Entry::Heading("阅读")];
    out.extend(
        keymap
            .entries
            .iter()
            .filter(|e| !e.0.is_empty())
            .map(|e| Entry::Key(label(&e.0), e.2)),
    );
    out.push(Entry::Heading("搜索框(其余按键即输入)"));
    out.extend(
        PROMPT_BINDINGS
            .iter()
            .map(|b| Entry::Key(label(b.keys), b.help)),
    );
    out
}

/// Widths of one column of entries: (keys, whole entry).
fn column_widths(entries: &[Entry], amb: AmbiguousWidth) -> (usize, usize) {
    let key_w = entries
        .iter()
        .map(|e| match e {
            Entry::Key(k, _) => str_width(k, amb),
            Entry::Heading(_) => 0,
        })
        .max()
        .unwrap_or(0);
    let entry_w = entries
        .iter()
        .map(|e| match e {
            Entry::Key(_, h) => key_w + KEY_GAP + str_width(h, amb),
            Entry::Heading(h) => str_width(h, amb),
        })
        .max()
        .unwrap_or(0);
    (key_w, entry_w)
}

const KEY_GAP: usize = 2;
const COLUMN_GAP: usize = 3;

/// The fewest columns that show every entry within the area, else as many as fit.
fn layout(entries: &[Entry], area: Rect, amb: AmbiguousWidth) -> (usize, Vec<(usize, usize)>) {
    let max_rows = usize::from(area.height.saturating_sub(2)).max(1);
    let avail = usize::from(area.width.saturating_sub(2));
    let mut best: Option<(usize, Vec<(usize, usize)>)> = None;
    for cols in 1..=entries.len().max(1) {
        let rows = entries.len().div_ceil(cols);
        let widths: Vec<(usize, usize)> = entries
            .chunks(rows.max(1))
            .map(|c| column_widths(c, amb))
            .collect();
        let total: usize =
            widths.iter().map(|w| w.1).sum::<usize>() + COLUMN_GAP * widths.len() + 1;
        if total > avail {
            break;
        }
        best = Some((rows, widths));
        if rows <= max_rows {
            break;
        }
    }
    best.unwrap_or_else(|| {
        let rows = entries.len().max(1);
        (rows, vec![column_widths(entries, amb)])
    })
}

pub fn render(area: Rect, buf: &mut Buffer, app: &App) {
    let (amb, scroll) = (app.amb, app.help_top);
    let entries = entries(&app.keymap);
    let (rows, widths) = layout(&entries, area, amb);
    let total: usize = widths.iter().map(|w| w.1).sum::<usize>() + COLUMN_GAP * widths.len() + 1;
    let w = u16::try_from(total + 2).unwrap_or(u16::MAX).min(area.width);
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let visible = usize::from(h.saturating_sub(2)).max(1);
    let scroll = scroll.min(rows.saturating_sub(visible));
    let more_below = scroll + visible < rows;
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let title = if more_below || scroll > 0 {
        " 按键 (j/k 滚动 · Esc 关闭) "
    } else {
        " 按键 (? 或 Esc 关闭) "
    };
    let inner = super::popup(popup, buf, amb, title);
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
                    put(buf, x, y, right, h, theme::section_row(app.appearance), amb);
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
        let mark = "↓ 更多";
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
