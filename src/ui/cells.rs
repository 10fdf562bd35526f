//! Writing text into the buffer one grapheme at a time, measured by `text::str_width`.
//!
//! ratatui's own string writer measures with narrow East Asian Ambiguous widths; when
//! the terminal draws “ ” — … as two columns we must place them as two, so every cell
//! whose width we disagree on carries a forced width and the cell it covers is reset.

use crate::text::{AmbiguousWidth, grapheme_width, graphemes};
use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::style::Style;
use std::num::NonZeroU16;

/// Writes `text` at (x, y), never past column `right` (exclusive) or the buffer's edge.
/// Returns the column after the last cell written. `text` must already be sanitised.
pub fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    right: u16,
    text: &str,
    style: Style,
    amb: AmbiguousWidth,
) -> u16 {
    put_with(buf, x, y, right, text, |_| style, amb)
}

/// Like [`put`], with the style of each grapheme chosen by its byte offset in `text`
/// (search highlights).
pub fn put_with(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    right: u16,
    text: &str,
    style: impl Fn(usize) -> Style,
    amb: AmbiguousWidth,
) -> u16 {
    let right = right.min(buf.area.right());
    if y < buf.area.top() || y >= buf.area.bottom() {
        return x;
    }
    let mut x = x.max(buf.area.left());
    for (at, g) in graphemes(text) {
        let w = u16::try_from(grapheme_width(g, amb)).unwrap_or(u16::MAX);
        if w == 0 {
            continue;
        }
        if x.saturating_add(w) > right {
            break;
        }
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(g).set_style(style(at));
            if g.cell_width() != w
                && let Some(forced) = NonZeroU16::new(w)
            {
                cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
            }
        }
        for k in 1..w {
            if let Some(cell) = buf.cell_mut((x + k, y)) {
                cell.reset();
            }
        }
        x += w;
    }
    x
}

/// Fills cells [x, right) of row y with spaces in `style`.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, right: u16, style: Style) {
    for cx in x..right.min(buf.area.right()) {
        if let Some(cell) = buf.cell_mut((cx, y)) {
            cell.reset();
            cell.set_style(style);
        }
    }
}
