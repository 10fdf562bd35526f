//! The `?` overlay's contents and layout, drawn from the key table in force: the
//! reading keys, then the search prompt's. Pure, so `update` can keep the overlay's
//! scroll within what there is to show and `ui` can draw it.

use super::actions::{Action, Keymap, Modes};
use super::keys::Key;
use crate::strings;
use crate::text::{AmbiguousWidth, str_width};
use ratatui::layout::Rect;

pub enum Entry {
    Heading(&'static str),
    Key(String, &'static str),
}

pub const KEY_GAP: usize = 2;
pub const COLUMN_GAP: usize = 3;

/// Every line of the overlay: a heading per key table, then its bound actions.
pub fn entries(keymap: &Keymap) -> Vec<Entry> {
    let mut out = Vec::new();
    for (heading, modes) in [
        (strings::HELP_READING, Modes::BROWSE),
        (strings::HELP_PROMPT, Modes::PROMPT),
    ] {
        out.push(Entry::Heading(heading));
        let mut bound: Vec<_> = keymap
            .entries()
            .filter(|(def, keys)| def.modes.overlaps(modes) && !keys.is_empty())
            .collect();
        // Quitting works everywhere: it closes each list.
        bound.sort_by_key(|(def, _)| def.action == Action::Quit);
        out.extend(bound.into_iter().map(|(def, keys)| {
            let label = if keys.len() == 10
                && keys
                    .iter()
                    .all(|k| matches!(k, Key::Char(c) if c.is_ascii_digit()))
            {
                // The count's ten digits, as one.
                "0-9".to_string()
            } else {
                keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ")
            };
            Entry::Key(label, def.help)
        }));
    }
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

/// The fewest columns that show every entry within the area, else as many as fit:
/// (rows per column, widths of each column).
pub fn layout(entries: &[Entry], area: Rect, amb: AmbiguousWidth) -> (usize, Vec<(usize, usize)>) {
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

/// The area the overlay may take: the screen above the status bar.
pub fn area(size: (u16, u16)) -> Rect {
    Rect::new(0, 0, size.0, size.1.saturating_sub(1))
}

/// Rows of entries that fit inside the overlay's frame.
pub fn visible_rows(rows: usize, area: Rect) -> usize {
    let h = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    usize::from(h.saturating_sub(2)).max(1)
}

/// The furthest the overlay can scroll: its last row at the bottom.
pub fn last_top(keymap: &Keymap, size: (u16, u16), amb: AmbiguousWidth) -> usize {
    let area = area(size);
    let (rows, _) = layout(&entries(keymap), area, amb);
    rows.saturating_sub(visible_rows(rows, area))
}
