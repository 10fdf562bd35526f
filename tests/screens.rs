//! What the reader draws: insta snapshots of real screens at several sizes, and
//! invariants on the drawn buffer that no accepted snapshot could hide (rows fit the
//! terminal, no line of Chinese starts with closing punctuation, the status bar says
//! where you are, a resize keeps your place).
//!
//! Snapshots frame every row as `NN|text` so blank rows and leading spaces survive;
//! wide-char continuation cells are skipped (see `common::row_text`).

mod common;

use common::*;
use ratatui::layout::Rect;
use zzread::app::{App, Pane};
use zzread::text::{AmbiguousWidth, str_width};

const NARROW: AmbiguousWidth = AmbiguousWidth::Narrow;
const WIDE: AmbiguousWidth = AmbiguousWidth::Wide;

/// The screen with a size header and numbered rows, for snapshots.
fn framed(app: &App) -> String {
    let (w, h) = app.size;
    let mut out = format!("{w}x{h} {:?}\n", app.amb());
    for (y, row) in buffer_rows(&draw(app)).iter().enumerate() {
        out.push_str(&format!("{y:>2}|{row}\n"));
    }
    out
}

/// Every row fits the terminal when measured as the terminal measures it.
fn assert_rows_fit(app: &App, context: &str) {
    let buf = draw(app);
    let width = usize::from(app.size.0);
    for (y, row) in buffer_rows(&buf).iter().enumerate() {
        let w = str_width(row, app.amb());
        assert!(
            w <= width,
            "{context}: row {y} is {w} columns wide in a {width}-column terminal: {row:?}"
        );
    }
    let damage = wide_char_damage(&buf);
    assert!(damage.is_empty(), "{context}: {damage:?}");
}

/// The reading column's rows, as drawn.
fn reader_rows(app: &App) -> (Rect, Vec<String>) {
    let column = app.geometry().column.expect("a reading column");
    (column, region_rows(&draw(app), column))
}

/// The first bundled article whose body holds every one of `needles`.
fn article_containing(app: &App, needles: &[&str]) -> zzread::ids::ArticleIx {
    for doc in app.corpus.docs() {
        let body: String = doc.blocks().into_iter().map(|b| b.1).collect();
        if needles.iter().all(|n| body.contains(n)) {
            return doc.at;
        }
    }
    panic!("no bundled article holds {needles:?}");
}

/// The reading column's rows with the style of each cell under them, for screens where
/// what matters is how text is set apart without colour: a digit per cell, the sum of
/// bold 1, dim 2, italic 4, underlined 8 (`R` reversed, `.` plain); a cell with a
/// colour fails the test.
fn framed_styles(app: &App) -> String {
    use ratatui::style::{Color, Modifier};
    let buf = draw(app);
    let column = app.geometry().column.expect("a reading column");
    let mut out = format!("{}x{} NO_COLOR reader column\n", app.size.0, app.size.1);
    for y in column.top()..column.bottom() {
        let text = row_text(&buf, y, column.left(), column.right());
        if text.trim().is_empty() {
            continue;
        }
        let mut codes = String::new();
        let mut x = column.left();
        while x < column.right() {
            let cell = &buf[(x, y)];
            assert_eq!(cell.fg, Color::Reset, "a colour under NO_COLOR at {x},{y}");
            assert_eq!(cell.bg, Color::Reset, "a colour under NO_COLOR at {x},{y}");
            let m = cell.modifier;
            let code = if m.contains(Modifier::REVERSED) {
                'R'
            } else {
                let n = u32::from(m.contains(Modifier::BOLD))
                    + 2 * u32::from(m.contains(Modifier::DIM))
                    + 4 * u32::from(m.contains(Modifier::ITALIC))
                    + 8 * u32::from(m.contains(Modifier::UNDERLINED));
                if n == 0 {
                    '.'
                } else {
                    char::from_digit(n, 16).unwrap_or('?')
                }
            };
            let w = str_width(cell.symbol(), app.amb()).max(1);
            for _ in 0..w {
                codes.push(code);
            }
            x += u16::try_from(w).unwrap_or(1);
        }
        out.push_str(&format!(
            "{:>2}|{}\n  |{}\n",
            y,
            text,
            codes.trim_end_matches('.')
        ));
    }
    out
}

// ----- snapshots -----

#[test]
fn start_screen_puts_the_cursor_on_the_newest_issues_first_article_at_80x24() {
    let app = bundled_app(80, 24, NARROW);
    insta::assert_snapshot!("start_80x24", framed(&app));
}

#[test]
fn start_screen_at_100x30() {
    let app = bundled_app(100, 30, NARROW);
    insta::assert_snapshot!("start_100x30", framed(&app));
}

#[test]
fn start_screen_is_one_list_pane_at_40x12() {
    let app = bundled_app(40, 12, NARROW);
    insta::assert_snapshot!("start_40x12", framed(&app));
}

#[test]
fn start_screen_shows_a_hint_in_the_empty_reader_at_120x40() {
    let app = bundled_app(120, 40, NARROW);
    insta::assert_snapshot!("start_120x40", framed(&app));
}

#[test]
fn the_go_to_prompt_lists_candidates_in_the_list_pane_at_80x24() {
    let mut app = bundled_app(80, 24, NARROW);
    keys(&mut app, ":00");
    insta::assert_snapshot!("goto_80x24", framed(&app));
}

#[test]
fn the_go_to_prompt_at_100x30() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "t");
    insta::assert_snapshot!("goto_100x30", framed(&app));
}

/// 我市在全省率先开通 线上医保支付: its credit line and first paragraphs print ASCII
/// ( ) , inside Chinese text.
fn punctuated_article(app: &mut App) {
    keys(app, ":000<ret>");
    assert_eq!(app.open, Some(at(0, 0)));
}

#[test]
fn full_width_punctuation_lines_end_flush_at_80x24() {
    let mut app = bundled_app(80, 24, NARROW);
    punctuated_article(&mut app);
    insta::assert_snapshot!("full_width_80x24", framed(&app));
    let (_, rows) = reader_rows(&app);
    let text = rows.join("");
    assert!(text.contains('，') && !text.contains(','), "{text}");
}

#[test]
fn full_width_punctuation_at_100x30() {
    let mut app = bundled_app(100, 30, NARROW);
    punctuated_article(&mut app);
    insta::assert_snapshot!("full_width_100x30", framed(&app));
}

#[test]
fn as_printed_punctuation_at_80x24_for_comparison() {
    let mut app = bundled_app_with(
        80,
        24,
        zzread::app::Settings {
            full_width: false,
            ..zzread::app::Settings::default()
        },
    );
    punctuated_article(&mut app);
    insta::assert_snapshot!("as_printed_80x24", framed(&app));
    let (_, rows) = reader_rows(&app);
    assert!(rows.join("").contains(','));
}

fn no_color_app(w: u16, h: u16) -> App {
    let mut app = bundled_app_with(
        w,
        h,
        zzread::app::Settings {
            appearance: zzread::app::Appearance {
                light: false,
                no_color: true,
            },
            ..zzread::app::Settings::default()
        },
    );
    // 古桑洲提前应对“五一”游: headline, subtitle, credits, a caption, text.
    open(&mut app, at(NEWEST, 7));
    app
}

#[test]
fn no_color_keeps_headline_subtitle_caption_and_text_apart_at_80x24() {
    let app = no_color_app(80, 24);
    insta::assert_snapshot!("no_color_80x24", framed_styles(&app));
    let shown = framed(&app);
    assert!(shown.contains("▲"), "the caption's mark: {shown}");
    assert!(
        shown.contains("——增开客渡船"),
        "the subtitle's mark: {shown}"
    );
}

#[test]
fn no_color_at_100x30() {
    let app = no_color_app(100, 30);
    insta::assert_snapshot!("no_color_100x30", framed_styles(&app));
}

#[test]
fn opening_an_article_shows_headline_byline_and_indented_body_at_80x24() {
    let mut app = bundled_app(80, 24, NARROW);
    keys(&mut app, "<ret>");
    insta::assert_snapshot!("article_80x24", framed(&app));
}

#[test]
fn opening_an_article_at_100x30() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>");
    insta::assert_snapshot!("article_100x30", framed(&app));
}

#[test]
fn opening_an_article_at_120x40_shows_it_whole_beside_the_list() {
    let mut app = bundled_app(120, 40, NARROW);
    keys(&mut app, "<ret>");
    insta::assert_snapshot!("article_120x40", framed(&app));
}

#[test]
fn opening_an_article_below_80_columns_shows_only_the_reader_at_40x12() {
    let mut app = bundled_app(40, 12, NARROW);
    keys(&mut app, "<ret>");
    insta::assert_snapshot!("article_40x12", framed(&app));
}

#[test]
fn opening_an_article_at_79_columns_switches_to_one_pane() {
    let mut app = bundled_app(79, 24, NARROW);
    keys(&mut app, "j<ret>");
    insta::assert_snapshot!("article_79x24", framed(&app));
}

#[test]
fn help_overlay_lists_every_binding_at_80x24() {
    let mut app = bundled_app(80, 24, NARROW);
    keys(&mut app, "<ret>?");
    insta::assert_snapshot!("help_80x24", framed(&app));
}

#[test]
fn help_overlay_is_cut_to_the_screen_at_40x12() {
    let mut app = bundled_app(40, 12, NARROW);
    keys(&mut app, "?");
    insta::assert_snapshot!("help_40x12", framed(&app));
}

#[test]
fn help_overlay_is_centred_at_120x40() {
    let mut app = bundled_app(120, 40, NARROW);
    keys(&mut app, "?");
    insta::assert_snapshot!("help_120x40", framed(&app));
}

#[test]
fn failed_files_keep_their_names_in_the_list_at_80x24() {
    let mut archive = bundled_archive();
    archive.issues.truncate(2);
    let mut app = zzread::app::App::new(
        vec![
            zzread::app::IssueEntry::listed(&archive.issues[0]),
            zzread::app::IssueEntry::listed(&archive.issues[1]),
        ],
        Vec::new(),
        zzread::app::Settings::default(),
    );
    resize(&mut app, 80, 24);
    let batch = zzread::app::Batch::of([
        (
            zzread::ids::IssueIx::new(0),
            Err(zzread::model::LoadError {
                path: "/srv/zzrb/2023/000_03d9866ece675afd.txt".into(),
                message: "binary data, not a text dump".into(),
            }),
        ),
        (zzread::ids::IssueIx::new(1), Ok(&archive.issues[1])),
    ]);
    app.update(zzread::app::Msg::Parsed(Box::new(batch)));
    app.update(zzread::app::Msg::LoadDone);
    let shown = framed(&app);
    assert!(
        shown.contains("000_03d9866ece675afd"),
        "the whole file name: {shown}"
    );
    insta::assert_snapshot!("failed_80x24", shown);
    // With room, the reason follows the name, in Chinese.
    resize(&mut app, 160, 40);
    let shown = framed(&app);
    assert!(shown.contains("000_03d9866ece675afd 二进制数据"), "{shown}");
}

#[test]
fn too_small_terminal_says_so_at_39x11() {
    let mut app = bundled_app(39, 11, NARROW);
    keys(&mut app, "j<ret>");
    insta::assert_snapshot!("too_small_39x11", framed(&app));
}

#[test]
fn too_small_terminal_says_so_at_10x3() {
    let mut app = bundled_app(10, 3, NARROW);
    keys(&mut app, "<ret><pgdn>?");
    insta::assert_snapshot!("too_small_10x3", framed(&app));
}

#[test]
fn too_small_terminal_at_1x1_draws_without_panicking() {
    let mut app = bundled_app(1, 1, NARROW);
    keys(&mut app, "j<ret>G<pgdn>+-=?<esc>");
    insta::assert_snapshot!("too_small_1x1", framed(&app));
}

#[test]
fn wide_ambiguous_mode_lays_quotes_and_dashes_out_as_two_columns() {
    let mut app = bundled_app(80, 24, WIDE);
    let found = article_containing(&app, &["“", "”", "——"]);
    open(&mut app, found);
    insta::assert_snapshot!("article_wide_80x24", framed(&app));
    assert_rows_fit(&app, "wide 80x24");
    let (column, rows) = reader_rows(&app);
    let col_w = usize::from(column.width);
    let text = rows.join("");
    assert!(
        text.contains('“') || text.contains('—'),
        "the first screen shows an ambiguous-width char"
    );
    for row in &rows {
        let w = str_width(row, WIDE);
        assert!(w <= col_w, "{row:?} is {w} wide in a {col_w} column");
    }
}

// ----- invariants -----

#[test]
fn every_row_fits_the_terminal_at_many_sizes_with_an_article_open() {
    let mut app = bundled_app(80, 24, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    let widths = (1..=300u16).filter(|w| *w < 24 || w % 7 == 0 || (38..=82).contains(w));
    let heights = [1u16, 2, 3, 11, 12, 13, 24, 37, 100];
    for amb in [NARROW, WIDE] {
        app.settings.amb = amb;
        for w in widths.clone() {
            for h in heights {
                resize(&mut app, w, h);
                open(&mut app, at(i, a));
                keys(&mut app, "d");
                assert_rows_fit(&app, &format!("{w}x{h} {amb:?}"));
            }
        }
    }
}

#[test]
fn every_row_fits_in_wide_mode_with_the_list_focused_in_two_panes() {
    let mut app = bundled_app(80, 24, WIDE);
    for w in [80u16, 97, 120, 160, 300] {
        resize(&mut app, w, 40);
        keys(&mut app, "gj<ret><tab>");
        assert_eq!(app.mode.pane(), Pane::List);
        assert_rows_fit(&app, &format!("{w}x40 wide, list focused"));
    }
}

/// Regression: the help border (─ │ ┌ are East Asian Ambiguous) was drawn one column per
/// cell, so in a wide-ambiguous terminal each took two columns and the rows overflowed.
#[test]
fn help_overlay_rows_fit_the_terminal_in_wide_mode() {
    let mut app = bundled_app(80, 24, WIDE);
    keys(&mut app, "?");
    assert_rows_fit(&app, "help 80x24 wide");
}

/// Regression: the help popup left a wide char straddling its left edge, whose second
/// half hid the popup's left border (湖 on row 3 at 80x24).
#[test]
fn help_overlay_never_half_covers_a_wide_char() {
    for (w, h) in [(80u16, 24u16), (120, 40), (100, 30)] {
        let mut app = bundled_app(w, h, NARROW);
        keys(&mut app, "<ret>?");
        let damage = wide_char_damage(&draw(&app));
        assert!(damage.is_empty(), "{w}x{h}: {damage:?}");
    }
}

#[test]
fn no_reader_line_starts_with_closing_punctuation() {
    let mut app = bundled_app(120, 40, NARROW);
    let mut checked = 0;
    for (w, amb) in [(120u16, NARROW), (79, NARROW), (61, WIDE), (100, WIDE)] {
        app.settings.amb = amb;
        resize(&mut app, w, 40);
        for i in 0..app.issues.len() {
            for a in 0..article_count(&app, i) {
                open(&mut app, at(i, a));
                loop {
                    let (column, rows) = reader_rows(&app);
                    for (y, row) in rows.iter().enumerate() {
                        let text = row.trim_start_matches(' ');
                        if let Some(c) = text.chars().next() {
                            checked += 1;
                            assert!(
                                !NO_START.contains(c),
                                "{w} cols {amb:?}, article {i}/{a}, row {y} of a {}-wide column starts with {c:?}: {row:?}",
                                column.width
                            );
                        }
                    }
                    if app.top >= app.max_top() {
                        break;
                    }
                    keys(&mut app, "<pgdn>");
                }
            }
        }
    }
    assert!(checked > 1000, "scanned only {checked} rows");
}

#[test]
fn reader_lines_are_at_most_the_column_wide_and_stay_inside_it() {
    let mut app = bundled_app(100, 30, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    let buf = draw(&app);
    let column = app.geometry().column.expect("column");
    let reader = app.geometry().reader.expect("reader");
    // Nothing is drawn in the reader outside the text column.
    for y in column.top()..column.bottom() {
        let left = row_text(&buf, y, reader.left(), column.left());
        let right = row_text(&buf, y, column.right(), reader.right());
        assert!(left.trim().is_empty(), "row {y} left margin: {left:?}");
        assert!(right.trim().is_empty(), "row {y} right margin: {right:?}");
    }
}

#[test]
fn status_bar_shows_article_position_and_percentage() {
    let mut app = oldest_first(100, 30);
    let n = article_count(&app, 1);
    assert!(n >= 3);
    // The third article of the second issue, by keys: ) opens issue 1, ]] two on.
    keys(&mut app, "<ret>)]]");
    assert_eq!(app.open, Some(at(1, 2)));
    let status = |app: &App| {
        let rows = buffer_rows(&draw(app));
        rows.last().cloned().expect("a status row")
    };
    let s = status(&app);
    assert!(s.contains(&format!("第 3/{n} 篇")), "{s:?}");
    assert!(s.contains(&app.issues[1].label().to_string()), "{s:?}");
    let percent = |s: &str| -> u16 {
        let end = s.find('%').expect("a percentage");
        let digits: String = s
            .get(..end)
            .expect("char boundary")
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse().expect("a number before %")
    };
    assert_eq!(percent(&s), app.scroll_percent());
    // Go to an article long enough to scroll and check both ends.
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    assert!(app.max_top() > 0);
    assert_eq!(percent(&status(&app)), 0);
    keys(&mut app, "<pgdn>");
    let mid = percent(&status(&app));
    assert!(0 < mid && mid < 100, "{mid}");
    keys(&mut app, "G");
    assert_eq!(percent(&status(&app)), 100);
    let s = status(&app);
    assert!(
        s.contains(&format!("第 {}/{} 篇", a + 1, article_count(&app, i))),
        "{s:?}"
    );
}

#[test]
fn resizing_with_an_article_open_keeps_the_first_visible_text() {
    let mut app = bundled_app(120, 40, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    keys(&mut app, "<pgdn><pgdn><pgdn>jj");
    let before_top = app.top;
    let page = app.page.clone().expect("page");
    // The first visible line with text (a gap line shares its block's position).
    let first = page
        .lines
        .iter()
        .skip(app.top)
        .find(|l| !l.gap)
        .copied()
        .expect("a visible line");
    let before_text = page.text(&first).to_string();
    assert!(first.start > 0 || first.block > 0, "scrolled into the body");
    // The screen shows it at the top of the column.
    let (_, rows) = reader_rows(&app);
    let shown = rows.iter().find(|r| !r.trim().is_empty()).expect("text");
    assert_eq!(shown.trim(), before_text.trim());

    resize(&mut app, 90, 40);
    let narrow = app.page.clone().expect("page");
    assert_eq!(narrow.width, app.geometry().column.expect("column").width);
    assert!(narrow.width < page.width, "the column got narrower");
    assert!(app.top < app.max_top(), "not clamped to the end");
    let now = narrow
        .lines
        .iter()
        .skip(app.top)
        .find(|l| !l.gap)
        .copied()
        .expect("a visible line");
    assert_eq!(now.block, first.block, "same paragraph");
    assert!(
        now.start <= first.start && first.start < now.end,
        "the old first line's position {} lies in the new first line {}..{}",
        first.start,
        now.start,
        now.end
    );
    // And that line is what the screen shows first.
    let (_, rows) = reader_rows(&app);
    let shown = rows.iter().find(|r| !r.trim().is_empty()).expect("text");
    assert_eq!(shown.trim(), narrow.text(&now).trim());
    let old_head: String = before_text.chars().take(3).collect();
    let continues_here = narrow.text(&now).contains(&old_head)
        || narrow
            .lines
            .get(app.top + 1)
            .is_some_and(|l| narrow.text(l).starts_with(&old_head));
    assert!(continues_here, "{old_head:?} is on screen at the top");

    // Back to 120 columns: exactly where we were.
    resize(&mut app, 120, 40);
    assert_eq!(app.top, before_top);
}

/// Regression: in wide mode the separator │ (East Asian Ambiguous, two columns there) did
/// not fit its one-column slot and was dropped, so the panes ran together.
#[test]
fn pane_separator_is_drawn_in_both_ambiguous_modes() {
    for amb in [NARROW, WIDE] {
        let app = bundled_app(100, 30, amb);
        let list = app.geometry().list.expect("two panes at 100 columns");
        let buf = draw(&app);
        let x = list.right();
        for y in list.top()..list.bottom() {
            let symbol = buf.cell((x, y)).map_or(" ", |c| c.symbol());
            assert_ne!(symbol, " ", "{amb:?}: no separator at ({x}, {y})");
        }
    }
}

#[test]
fn screen_text_skips_the_cells_wide_chars_cover() {
    use ratatui::buffer::{Buffer, CellDiffOption};
    use std::num::NonZeroU16;
    let mut buf = Buffer::empty(Rect::new(0, 0, 8, 2));
    buf.set_string(0, 0, "中a文 ", ratatui::style::Style::new());
    assert_eq!(buffer_rows(&buf), ["中a文", ""]);
    // A cell forced to two columns (wide ambiguous mode) covers the next one too.
    let cell = buf.cell_mut((0, 1)).expect("cell");
    cell.set_symbol("“");
    cell.set_diff_option(CellDiffOption::ForcedWidth(
        NonZeroU16::MIN.saturating_add(1),
    ));
    buf.cell_mut((2, 1)).expect("cell").set_symbol("x");
    assert_eq!(row_text(&buf, 1, 0, 8), "“x");
    assert!(wide_char_damage(&buf).is_empty());
    // Something drawn into a covered cell is damage.
    buf.cell_mut((1, 0)).expect("cell").set_symbol("|");
    assert_eq!(wide_char_damage(&buf).len(), 1);
}
