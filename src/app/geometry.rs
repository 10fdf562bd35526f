//! Where things go on the screen, as a pure function of the terminal size and what is
//! shown. `update` uses it to page by the real pane height; `ui` draws into it.

use ratatui::layout::Rect;

/// Below this the two panes do not fit side by side; one pane shows at a time.
pub const TWO_PANE_MIN_WIDTH: u16 = 80;
/// The smallest terminal zzread draws into (smaller shows "terminal too small").
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    /// The centred text column inside the reader.
    pub column: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
}

/// `reader_only`: in one-pane mode, whether the reader (not the list) is showing.
pub fn geometry(width: u16, height: u16, measure: u16, reader_only: bool) -> Geometry {
    geometry_with(width, height, measure, reader_only, false)
}

/// Columns the result list takes while searching: half the screen, so a result's full
/// date, its headline and a snippet can be read (at 80 columns the section list's
/// 28 would cut 2023-04-26 to 2023-0… and a headline to four characters).
fn results_width(width: u16) -> u16 {
    width / 2
}

/// As [`geometry`]; `results`: the search result list shows in the list pane's place,
/// and takes the width it needs.
pub fn geometry_with(
    width: u16,
    height: u16,
    measure: u16,
    reader_only: bool,
    results: bool,
) -> Geometry {
    let full = Rect::new(0, 0, width, height);
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Geometry {
            list: None,
            reader: None,
            column: None,
            status: full,
            too_small: true,
        };
    }
    let status = Rect::new(0, height - 1, width, 1);
    let body_h = height - 1;
    let (list, reader) = if width >= TWO_PANE_MIN_WIDTH {
        let list_w = if results {
            results_width(width)
        } else {
            (width * 3 / 10).clamp(28, 48)
        };
        // One column for the separator.
        (
            Some(Rect::new(0, 0, list_w, body_h)),
            Some(Rect::new(list_w + 1, 0, width - list_w - 1, body_h)),
        )
    } else if reader_only {
        (None, Some(Rect::new(0, 0, width, body_h)))
    } else {
        (Some(Rect::new(0, 0, width, body_h)), None)
    };
    let column = reader.map(|r| {
        // A margin of two cells either side, the measure at most.
        let room = r.width.saturating_sub(4).max(1);
        // Even: a line of Chinese characters (two columns each) then ends flush.
        let w = measure.min(room);
        let w = if w > 2 { w & !1 } else { w };
        let x = r.x + (r.width - w) / 2;
        // One blank row above the text.
        Rect::new(x, r.y + 1, w, r.height.saturating_sub(1))
    });
    Geometry {
        list,
        reader,
        column,
        status,
        too_small: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_never_overlap_or_leave_the_screen() {
        for w in [1u16, 39, 40, 79, 80, 120, 300] {
            for h in [1u16, 11, 12, 24, 100] {
                for (reader_only, results) in [(false, false), (true, false), (false, true)] {
                    let g = geometry_with(w, h, 80, reader_only, results);
                    let screen = Rect::new(0, 0, w, h);
                    for r in [g.list, g.reader, g.column].into_iter().flatten() {
                        assert_eq!(screen.intersection(r), r, "{w}x{h}");
                    }
                    if let (Some(l), Some(r)) = (g.list, g.reader) {
                        assert!(!l.intersects(r));
                    }
                    assert_eq!(g.too_small, w < MIN_WIDTH || h < MIN_HEIGHT);
                }
            }
        }
    }

    #[test]
    fn the_result_list_takes_half_the_screen() {
        for (w, list) in [(80u16, 40u16), (100, 50), (120, 60)] {
            let g = geometry_with(w, 24, 80, false, true);
            assert_eq!(g.list.map(|r| r.width), Some(list), "{w}");
            assert!(
                g.column.is_some_and(|c| c.width >= 30),
                "{w}: a preview stays"
            );
        }
    }

    #[test]
    fn the_text_column_is_an_even_number_of_columns() {
        for w in 40u16..=200 {
            for measure in [21u16, 75, 80, 240] {
                let c = geometry(w, 30, measure, true).column.expect("column");
                assert_eq!(c.width % 2, 0, "{w} {measure}");
                assert!(c.width <= measure);
            }
        }
    }

    #[test]
    fn text_column_is_centred_and_capped() {
        let g = geometry(200, 40, 80, true);
        let c = g.column.expect("column");
        let r = g.reader.expect("reader");
        assert_eq!(c.width, 80);
        assert!((c.x - r.x).abs_diff(r.right() - c.right()) <= 1);
    }
}
