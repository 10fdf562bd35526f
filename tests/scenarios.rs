//! Key-sequence scenarios: keys go through the real key table (`keys::action_for`)
//! into `App::update`, and the tests check the resulting state. Expectations come from
//! the model (article counts, rows), not from remembered titles.

mod common;

use common::*;
use zzread::app::{Action, App, Mode, Node, Pane};
use zzread::ids::{ArticleIx, IssueIx};
use zzread::text::AmbiguousWidth;

const NARROW: AmbiguousWidth = AmbiguousWidth::Narrow;

/// What a key that must do nothing could have changed.
#[derive(Debug, PartialEq)]
struct Visible {
    cursor: usize,
    list_top: usize,
    pane: Pane,
    open: Option<ArticleIx>,
    top: usize,
    measure: u16,
    rows: usize,
    quit: Option<zzread::app::Quit>,
}

fn visible(app: &App) -> Visible {
    Visible {
        cursor: app.cursor,
        list_top: app.list_top,
        pane: app.mode.pane(),
        open: app.open,
        top: app.top,
        measure: app.measure,
        rows: app.rows.len(),
        quit: app.quit,
    }
}

/// The first visible text position: (block, byte) of the first non-gap line on screen.
fn first_visible(app: &App) -> (usize, usize, usize) {
    let page = app.page.as_ref().expect("a page");
    let line = page
        .lines
        .iter()
        .skip(app.top)
        .find(|l| !l.gap)
        .expect("a visible line");
    (line.block, line.start, line.end)
}

#[test]
fn key_notation_maps_through_the_key_table() {
    let mut app = bundled_app(80, 24, NARROW);
    let actions = keys(&mut app, "jk<ret>?<esc><pgdn><pgup>gG<c-c>x");
    assert_eq!(
        actions,
        [
            Action::Down,
            Action::Up,
            Action::Open,
            Action::Help,
            Action::Cancel,
            Action::PageDown,
            Action::PageUp,
            Action::Top,
            Action::Bottom,
            Action::Quit,
        ],
        "x is unbound and ignored"
    );
    let mut app = bundled_app(80, 24, NARROW);
    assert_eq!(
        keys(
            &mut app,
            "<space>fb<home><end><up><down><left><right><bs><tab><s-tab>dulh"
        ),
        [
            Action::ReadOn,
            Action::PageDown,
            Action::PageUp,
            Action::Top,
            Action::Bottom,
            Action::Up,
            Action::Down,
            Action::Back,
            Action::Open,
            Action::Back,
            Action::SwitchPane,
            Action::SwitchPane,
            Action::HalfPageDown,
            Action::HalfPageUp,
            Action::Open,
            Action::Back,
        ]
    );
}

#[test]
fn the_first_screen_has_the_cursor_on_the_newest_issues_first_article() {
    let mut app = bundled_app(80, 24, NARROW);
    let newest = IssueIx::new(NEWEST);
    assert_eq!(app.rows[0].node, Node::Issue(newest), "newest issue first");
    assert_eq!(app.rows[app.cursor].node, Node::Article(newest.article(0)));
    assert_eq!(app.mode.pane(), Pane::List);
    // So the first Enter opens it (it used to fold the issue away).
    keys(&mut app, "<ret>");
    assert_eq!(app.open, Some(newest.article(0)));
    assert_eq!(app.mode.pane(), Pane::Reader);
    assert_eq!(Some(app.cursor), row_of_article(&app, newest.article(0)));
    assert_eq!(app.top, 0);
}

#[test]
fn oldest_first_lists_the_archive_in_its_own_order() {
    let app = oldest_first(80, 24);
    assert_eq!(app.rows[0].node, Node::Issue(IssueIx::new(0)));
    assert_eq!(app.rows[app.cursor].node, Node::Article(at(0, 0)));
}

#[test]
fn an_article_is_read_once_its_end_has_been_on_screen_for_a_moment() {
    let mut app = bundled_app(80, 24, NARROW);
    let long = longest_article(&app);
    open(&mut app, long);
    assert!(app.max_top() > 0);
    // Opened and held at the top: not read.
    linger(&mut app);
    assert!(!app.is_read(long));
    keys(&mut app, "G");
    assert_eq!(app.top, app.max_top());
    assert!(!app.is_read(long), "the end has only just come on screen");
    wait(&mut app, zzread::app::READ_AFTER_MS - 1);
    assert!(!app.is_read(long));
    wait(&mut app, 1);
    assert!(app.is_read(long), "its end stayed on screen for the moment");
    // Going back up does not unread it.
    keys(&mut app, "g");
    linger(&mut app);
    assert!(app.is_read(long));
}

#[test]
fn the_end_seen_in_passing_does_not_make_an_article_read() {
    let mut app = bundled_app(300, 100, NARROW);
    // Every bundled article fits a 300x100 screen: its end shows as soon as it opens.
    keys(&mut app, "<ret>");
    assert_eq!(app.max_top(), 0);
    let first = app.open.expect("open");
    wait(&mut app, 500);
    keys(&mut app, "]]");
    let third = app.open.expect("open");
    assert!(!app.is_read(first), "] moved on before the moment");
    assert!(
        !app.is_read(at(NEWEST, 1)),
        "the article passed over is not read"
    );
    linger(&mut app);
    assert!(app.is_read(third), "the one left on screen is");
    // Scrolling the end away before the moment also leaves an article unread.
    let mut app = bundled_app(80, 24, NARROW);
    let long = longest_article(&app);
    open(&mut app, long);
    keys(&mut app, "G");
    wait(&mut app, 1_000);
    keys(&mut app, "k");
    wait(&mut app, 5_000);
    assert!(!app.is_read(long));
}

#[test]
fn a_search_preview_and_an_overlay_do_not_count_as_reading() {
    let mut app = bundled_app(300, 100, NARROW);
    keys(&mut app, "/株洲");
    let previewed = app.open.expect("a preview");
    linger(&mut app);
    assert!(!app.is_read(previewed), "a preview is not reading");
    keys(&mut app, "<esc><ret>?");
    let open = app.open.expect("open");
    linger(&mut app);
    assert!(!app.is_read(open), "the help covers the article");
    keys(&mut app, "<esc>");
    linger(&mut app);
    assert!(app.is_read(open));
}

#[test]
fn next_and_previous_article_cross_issue_boundaries() {
    let mut app = oldest_first(100, 30);
    let n0 = article_count(&app, 0);
    assert!(n0 > 1);
    open(&mut app, at(0, n0 - 1));
    keys(&mut app, "]");
    assert_eq!(
        app.open,
        Some(at(1, 0)),
        "after the last of issue 0 comes issue 1"
    );
    assert_eq!(Some(app.cursor), row_of_article(&app, at(1, 0)));
    assert_eq!(app.mode.pane(), Pane::Reader);
    keys(&mut app, "[");
    assert_eq!(app.open, Some(at(0, n0 - 1)), "and back");
    assert_eq!(Some(app.cursor), row_of_article(&app, at(0, n0 - 1)));
    // ] walks every article of the archive once, in order, and stops at the end.
    open(&mut app, at(0, 0));
    let total: usize = (0..app.issues.len()).map(|i| article_count(&app, i)).sum();
    let mut seen = vec![app.open.expect("open")];
    for _ in 0..total + 3 {
        keys(&mut app, "]");
        let now = app.open.expect("open");
        if seen.last() != Some(&now) {
            seen.push(now);
        }
    }
    assert_eq!(seen.len(), total);
    let last = app.issues.len() - 1;
    assert_eq!(app.open, Some(at(last, article_count(&app, last) - 1)));
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    assert_eq!(seen, sorted, "in reading order");
    // [ stops at the first article.
    open(&mut app, at(0, 1));
    keys(&mut app, "[[[");
    assert_eq!(app.open, Some(at(0, 0)));
}

#[test]
fn next_article_from_the_list_starts_at_the_article_under_the_cursor() {
    let mut app = oldest_first(100, 30);
    // Nothing open, cursor on the first article: ] opens the one after it.
    keys(&mut app, "]");
    assert_eq!(app.open, Some(at(0, 1)));
    let mut app = oldest_first(100, 30);
    keys(&mut app, "jj]");
    assert_eq!(
        app.open,
        Some(at(0, 3)),
        "the one after the cursor's (0, 2)"
    );
    // From the issue row: its first article.
    let mut app = oldest_first(100, 30);
    keys(&mut app, "k]");
    assert_eq!(app.open, Some(at(0, 0)));
}

#[test]
fn newest_first_runs_down_the_list_into_older_issues() {
    let mut app = bundled_app(100, 30, NARROW);
    let last = article_count(&app, NEWEST) - 1;
    open(&mut app, at(NEWEST, last));
    keys(&mut app, "]");
    assert_eq!(
        app.open,
        Some(at(NEWEST - 1, 0)),
        "the next issue down the list"
    );
    keys(&mut app, "[");
    assert_eq!(app.open, Some(at(NEWEST, last)));
    keys(&mut app, ")");
    assert_eq!(app.open, Some(at(NEWEST - 1, 0)));
    keys(&mut app, "))");
    assert_eq!(app.open, Some(at(NEWEST - 3, 0)));
    keys(&mut app, "(");
    assert_eq!(app.open, Some(at(NEWEST - 2, 0)));
    keys(&mut app, "T");
    assert_eq!(app.open, Some(at(NEWEST, 0)), "T: the newest issue");
    let mut old = oldest_first(100, 30);
    keys(&mut old, "T");
    assert_eq!(old.open, Some(at(NEWEST, 0)), "newest whatever the order");
}

#[test]
fn next_and_previous_issue_open_the_first_article_of_the_neighbour() {
    let mut app = oldest_first(100, 30);
    open(&mut app, at(0, 3));
    keys(&mut app, ")");
    assert_eq!(app.open, Some(at(1, 0)));
    keys(&mut app, ")");
    assert_eq!(app.open, Some(at(2, 0)));
    keys(&mut app, "(");
    assert_eq!(app.open, Some(at(1, 0)));
    keys(&mut app, "((((");
    assert_eq!(app.open, Some(at(0, 0)), "( stops at the first issue");
    let last = app.issues.len() - 1;
    keys(&mut app, "))))))))");
    assert_eq!(app.open, Some(at(last, 0)), ") stops at the last issue");
    assert_eq!(Some(app.cursor), row_of_article(&app, at(last, 0)));
}

#[test]
fn top_bottom_and_paging_clamp_at_the_ends_of_an_article() {
    let mut app = bundled_app(100, 30, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    let max = app.max_top();
    assert!(max > 2 * app.reader_height(), "long enough to page");
    keys(&mut app, "G");
    assert_eq!(app.top, max);
    keys(&mut app, "<pgdn><pgdn>jjjdf<c-f><c-d><end>");
    assert_eq!(app.top, max, "never past the end");
    keys(&mut app, "g");
    assert_eq!(app.top, 0);
    keys(&mut app, "<pgup>kkkub<c-b><c-u><c-y><home>");
    assert_eq!(app.top, 0, "never before the start");
    // A page keeps one line of context.
    keys(&mut app, "<pgdn>");
    assert_eq!(app.top, app.reader_height() - 1);
    keys(&mut app, "<pgup>");
    assert_eq!(app.top, 0);
    keys(&mut app, "d");
    assert_eq!(app.top, (app.reader_height() - 1) / 2);
    // Paging all the way down lands exactly on the end.
    for _ in 0..max {
        keys(&mut app, "<pgdn>");
        assert!(app.top <= app.max_top());
    }
    assert_eq!(app.top, max);
    assert_eq!(app.scroll_percent(), 100);
}

#[test]
fn top_bottom_and_paging_clamp_at_the_ends_of_the_list() {
    let mut app = bundled_app(100, 30, NARROW);
    let last = app.rows.len() - 1;
    keys(&mut app, "G");
    assert_eq!(app.cursor, last);
    keys(&mut app, "jj<pgdn><down>");
    assert_eq!(app.cursor, last);
    assert!(
        app.list_top + app.list_height() > app.cursor,
        "cursor visible"
    );
    assert!(app.list_top <= app.rows.len() - app.list_height());
    keys(&mut app, "g");
    assert_eq!((app.cursor, app.list_top), (0, 0));
    keys(&mut app, "kk<pgup><up>");
    assert_eq!((app.cursor, app.list_top), (0, 0));
    keys(&mut app, "<pgdn>");
    assert_eq!(app.cursor, app.list_height() - 1);
}

#[test]
fn text_width_keys_change_the_measure_within_bounds_and_keep_the_place() {
    // Wide enough that the measure, not the window, sets the column; short enough
    // that two pages down stay well above the end of the longest article (a place
    // clamped to the end cannot stay on top).
    let mut app = bundled_app(300, 30, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    keys(&mut app, "<pgdn><pgdn>jj");
    let (block, byte, _) = first_visible(&app);
    let default = app.measure;
    let column = |app: &App| app.geometry().column.expect("column").width;
    assert_eq!(column(&app), default);

    keys(&mut app, "+");
    assert!(app.measure > default);
    assert_eq!(column(&app), app.measure);
    assert_eq!(app.page.as_ref().expect("page").width, app.measure);
    let (b, start, end) = first_visible(&app);
    assert!(
        b == block && start <= byte && byte < end,
        "wider keeps the place"
    );

    keys(&mut app, "=");
    assert_eq!(app.measure, default);
    keys(&mut app, "-");
    assert!(app.measure < default);
    let (b, start, end) = first_visible(&app);
    assert!(
        b == block && start <= byte && byte < end,
        "narrower keeps the place"
    );

    let mut last = app.measure;
    for _ in 0..100 {
        keys(&mut app, "-");
        assert!(app.measure <= last);
        last = app.measure;
    }
    let min = app.measure;
    assert!((10..default).contains(&min), "a floor: {min}");
    for _ in 0..200 {
        keys(&mut app, "+");
        assert!(app.measure >= last);
        last = app.measure;
    }
    let max = app.measure;
    assert!(max > default && max < 300, "a ceiling: {max}");
    // The column never exceeds the room in the reader, whatever the measure.
    let reader = app.geometry().reader.expect("reader");
    assert!(column(&app) <= reader.width);
    keys(&mut app, "=");
    assert_eq!(app.measure, default);
    let (b, start, end) = first_visible(&app);
    assert!(
        b == block && start <= byte && byte < end,
        "= keeps the place"
    );
}

/// Regression: `=` reset the column to 80 whatever config.toml's text_width said.
#[test]
fn reset_width_returns_to_the_configured_width() {
    let settings = zzread::app::Settings {
        measure: 60,
        ..zzread::app::Settings::default()
    };
    let mut app = App::from_archive(bundled_archive(), settings);
    resize(&mut app, 200, 50);
    assert_eq!(app.measure, 60);
    keys(&mut app, "++++");
    assert!(app.measure > 60);
    keys(&mut app, "=");
    assert_eq!(app.measure, 60, "back to text_width, not to 80");
}

/// Regression: each j in a help overlay taller than the screen grew its scroll without
/// bound, so k had to be pressed as often before anything moved back.
#[test]
fn help_scroll_stops_at_its_last_row() {
    let mut app = bundled_app(40, 12, NARROW);
    keys(&mut app, "?");
    let top = |app: &App| match app.mode {
        Mode::Help { top, .. } => top,
        _ => panic!("help is open"),
    };
    keys(&mut app, &"j".repeat(200));
    let last = top(&app);
    assert!(last > 0, "the help is taller than 12 rows");
    let at_end = screen_text(&app);
    keys(&mut app, "j");
    assert_eq!(top(&app), last);
    keys(&mut app, "k");
    assert_eq!(top(&app), last - 1, "one k moves back at once");
    assert_ne!(screen_text(&app), at_end);
    keys(&mut app, "G");
    assert_eq!(top(&app), last);
    // A taller terminal needs less scrolling: the scroll follows.
    resize(&mut app, 40, 30);
    assert!(top(&app) < last);
}

#[test]
fn back_folds_an_issue_and_keeps_the_cursor_on_it() {
    let mut app = oldest_first(100, 30);
    let rows_before = app.rows.len();
    // From the first article, h goes up to the issue; h again folds it, the cursor
    // stays on the issue.
    keys(&mut app, "h");
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(0)));
    assert_eq!(app.rows.len(), rows_before, "going up folds nothing");
    keys(&mut app, "h");
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(0)));
    assert_eq!(
        app.rows.get(1).map(|r| &r.node),
        Some(&Node::Issue(IssueIx::new(1)))
    );
    let hidden = rows_before - app.rows.len();
    assert_eq!(hidden, article_count(&app, 0), "issue 0 has no sections");
    // z unfolds it again (Enter would open its first article).
    keys(&mut app, "z");
    assert_eq!(app.rows.len(), rows_before);
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(0)));
    keys(&mut app, "<ret>");
    assert_eq!(
        app.open,
        Some(at(0, 0)),
        "Enter on an issue opens its first article"
    );
    keys(&mut app, "<tab>");
    let target = row_of_article(&app, at(1, 2)).expect("visible");
    keys(&mut app, "g");

    // From an article, h goes up to its issue, a second h folds it.
    for _ in 0..target {
        keys(&mut app, "j");
    }
    assert_eq!(app.cursor, target);
    keys(&mut app, "h");
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(1)));
    keys(&mut app, "<left>");
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(1)));
    assert!(row_of_article(&app, at(1, 2)).is_none(), "folded away");
    assert!(
        app.rows
            .get(app.cursor + 1)
            .is_some_and(|r| r.node == Node::Issue(IssueIx::new(2)))
    );
    // Folding with h on an already folded issue does nothing more.
    let rows = app.rows.len();
    keys(&mut app, "<bs>");
    assert_eq!(app.rows.len(), rows);
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(1)));
}

#[test]
fn opening_an_article_in_a_folded_issue_unfolds_it() {
    let mut app = oldest_first(100, 30);
    keys(&mut app, "z");
    assert!(
        row_of_article(&app, at(0, 1)).is_none(),
        "z on an article folds its issue"
    );
    open(&mut app, at(0, 1));
    assert_eq!(Some(app.cursor), row_of_article(&app, at(0, 1)));
}

#[test]
fn z_folds_a_section_and_enter_opens_its_first_article() {
    let mut app = bundled_app(100, 30, NARROW);
    let section = app
        .rows
        .iter()
        .position(|r| matches!(r.node, Node::Section { .. }))
        .expect("the bundled issues have a section");
    let Node::Section { first, count, .. } = app.rows[section].node else {
        unreachable!()
    };
    let rows_before = app.rows.len();
    keys(&mut app, "g");
    for _ in 0..section {
        keys(&mut app, "j");
    }
    assert_eq!(app.cursor, section);
    keys(&mut app, "z");
    assert_eq!(app.cursor, section, "cursor stays on the section");
    assert!(app.open.is_none(), "z opens nothing");
    assert_eq!(app.mode.pane(), Pane::List);
    assert_eq!(app.rows.len(), rows_before - count as usize);
    assert!(
        app.rows
            .get(section + 1)
            .is_none_or(|r| r.depth <= app.rows[section].depth),
        "no children under a folded section"
    );
    keys(&mut app, "z");
    assert_eq!(app.rows.len(), rows_before);
    assert_eq!(app.cursor, section);
    assert_eq!(
        app.rows.get(section + 1).map(|r| &r.node),
        Some(&Node::Article(first))
    );
    // h on an article in the section goes to the section row; h again folds it.
    keys(&mut app, "jh");
    assert_eq!(app.cursor, section);
    keys(&mut app, "h");
    assert_eq!(app.rows.len(), rows_before - count as usize);
    // Enter on the (folded) section opens its first article.
    keys(&mut app, "<ret>");
    assert_eq!(app.open, Some(first));
}

#[test]
fn tab_switches_panes_only_when_an_article_is_open() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<tab>");
    assert_eq!(app.mode.pane(), Pane::List, "nothing to switch to");
    keys(&mut app, "<s-tab>");
    assert_eq!(app.mode.pane(), Pane::List);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    assert!(app.max_top() > 0);
    assert_eq!(app.mode.pane(), Pane::Reader);
    keys(&mut app, "<tab>");
    assert_eq!(app.mode.pane(), Pane::List);
    assert_eq!(app.open, Some(at(i, a)), "the article stays open");
    // In the list, j moves the cursor and leaves the reader where it is.
    let top = app.top;
    let cursor = app.cursor;
    keys(&mut app, "j");
    assert_eq!(app.cursor, cursor + 1);
    assert_eq!(app.top, top);
    keys(&mut app, "<tab>");
    assert_eq!(app.mode.pane(), Pane::Reader);
    keys(&mut app, "j");
    assert_eq!(app.top, top + 1, "now j scrolls the reader");
}

#[test]
fn one_pane_mode_tab_shows_the_list_and_back_the_reader() {
    let mut app = bundled_app(60, 20, NARROW);
    keys(&mut app, "j<ret>");
    let g = app.geometry();
    assert!(g.list.is_none() && g.reader.is_some(), "only the reader");
    keys(&mut app, "<tab>");
    let g = app.geometry();
    assert!(g.list.is_some() && g.reader.is_none(), "only the list");
    assert!(app.cursor >= app.list_top && app.cursor < app.list_top + app.list_height());
    keys(&mut app, "<tab>");
    assert!(app.geometry().reader.is_some());
}

#[test]
fn q_goes_back_from_the_reader_then_quits() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "<ret>");
    keys(&mut app, "q");
    assert_eq!(app.mode.pane(), Pane::List);
    assert!(app.quit.is_none());
    assert_eq!(app.open, Some(at(NEWEST, 0)));
    keys(&mut app, "q");
    assert!(app.quit.is_some());
}

#[test]
fn help_swallows_navigation_until_escape() {
    let mut app = bundled_app(100, 30, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    keys(&mut app, "d");
    let before = visible(&app);
    keys(&mut app, "?");
    assert!(matches!(app.mode, Mode::Help { .. }));
    keys(
        &mut app,
        "jkG<pgdn><pgup>gd]][[)(+-=<ret>h<tab><left><right><space>",
    );
    assert!(matches!(app.mode, Mode::Help { .. }), "still showing help");
    assert_eq!(visible(&app), before, "nothing moved under the help");
    keys(&mut app, "<esc>");
    assert!(!matches!(app.mode, Mode::Help { .. }));
    keys(&mut app, "j");
    assert_eq!(app.top, before.top + 1, "keys work again");
    // ? toggles it, and q closes help rather than leaving the reader.
    keys(&mut app, "??");
    assert!(!matches!(app.mode, Mode::Help { .. }));
    keys(&mut app, "?q");
    assert!(!matches!(app.mode, Mode::Help { .. }));
    assert_eq!(app.mode.pane(), Pane::Reader);
    assert!(app.quit.is_none());
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    for setup in [
        "",
        "j<ret>",
        "j<ret><tab>",
        "?",
        "j<ret>?",
        "jjjjjjjjjjjj<ret>G",
    ] {
        let mut app = bundled_app(100, 30, NARROW);
        keys(&mut app, setup);
        assert!(app.quit.is_none(), "{setup}");
        keys(&mut app, "<c-c>");
        assert!(app.quit.is_some(), "ctrl-c after {setup:?}");
    }
    let mut app = bundled_app(10, 3, NARROW);
    keys(&mut app, "<c-c>");
    assert!(app.quit.is_some(), "even when the terminal is too small");
}

#[test]
fn resizing_keeps_cursor_visible_and_reader_position_in_bounds() {
    let mut app = bundled_app(100, 30, NARROW);
    keys(&mut app, "GkkkkkkG");
    for (w, h) in [(100u16, 12u16), (40, 12), (200, 60), (39, 11), (80, 24)] {
        resize(&mut app, w, h);
        assert!(app.cursor < app.rows.len());
        if !app.geometry().too_small {
            assert!(
                app.list_top <= app.cursor && app.cursor < app.list_top + app.list_height(),
                "{w}x{h}: cursor {} list_top {} height {}",
                app.cursor,
                app.list_top,
                app.list_height()
            );
        }
    }
}

/// A long deterministic random walk over every bound key and some resizes: the app's
/// invariants hold after every step.
#[test]
fn random_key_walk_keeps_state_consistent() {
    const ALPHABET: &[&str] = &[
        "j", "k", "<pgdn>", "<pgup>", "d", "u", "g", "G", "<ret>", "l", "h", "<bs>", "<tab>", "]",
        "[", ")", "(", "+", "-", "=", "?", "<esc>", "q", "<down>", "<up>", "n", "N", "<space>",
        "5", "0", "%", "z", "A", "r", "U", "T", ":", "t", "!", "'", "<c-f>", "<c-b>", "<c-e>",
        "<c-y>", "<c-d>", "<c-u>", "<c-n>", "<c-p>", "<tab>",
    ];
    const SIZES: &[(u16, u16)] = &[(100, 30), (80, 24), (79, 24), (40, 12), (30, 8), (160, 50)];
    let mut app = bundled_app(100, 30, NARROW);
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        // xorshift64*: deterministic, no dependency.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        let r = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33;
        usize::try_from(r).unwrap_or(0) % n
    };
    for step in 0..3000 {
        if next(40) == 0 {
            let (w, h) = SIZES[next(SIZES.len())];
            resize(&mut app, w, h);
        }
        let key = ALPHABET[next(ALPHABET.len())];
        keys(&mut app, key);
        if next(5) == 0 {
            linger(&mut app);
        }
        // q on the list quits; start over from a fresh app as a user would.
        if app.quit.is_some() {
            let (w, h) = app.size;
            app = bundled_app(w, h, NARROW);
            continue;
        }
        let ctx = format!("step {step} key {key} size {:?}", app.size);
        assert!(app.cursor < app.rows.len(), "{ctx}");
        assert!(app.top <= app.max_top(), "{ctx}");
        assert!((10..=300).contains(&app.measure), "{ctx}");
        if app.mode.pane() == Pane::Reader {
            assert!(
                app.open.is_some(),
                "{ctx}: reader focused with nothing open"
            );
        }
        if !app.geometry().too_small {
            if let (Some(_), Some(column)) = (app.open, app.geometry().column) {
                let page = app.page.as_ref().expect("an open article has a page");
                assert_eq!(
                    page.width, column.width,
                    "{ctx}: page laid out for the column"
                );
            }
            if app.geometry().list.is_some() {
                assert!(
                    app.list_top <= app.cursor && app.cursor < app.list_top + app.list_height(),
                    "{ctx}: cursor {} off the list (top {}, height {})",
                    app.cursor,
                    app.list_top,
                    app.list_height()
                );
            }
        }
        if step % 97 == 0 {
            // Drawing never panics and never overflows whatever the state.
            let buf = draw(&app);
            assert!(
                wide_char_damage(&buf).is_empty() || matches!(app.mode, Mode::Help { .. }),
                "{ctx}"
            );
        }
    }
}

/// Regression: with nothing open and the cursor on an issue row, `]` opened the first
/// article of the whole archive instead of the first one under the cursor.
#[test]
fn next_article_from_an_issue_row_opens_that_issues_first_article() {
    let mut app = oldest_first(100, 30);
    let row = app
        .rows
        .iter()
        .position(|r| r.node == Node::Issue(IssueIx::new(1)))
        .expect("issue 1 is listed");
    keys(&mut app, "g");
    for _ in 0..row {
        keys(&mut app, "j");
    }
    assert_eq!(app.rows[app.cursor].node, Node::Issue(IssueIx::new(1)));
    keys(&mut app, "]");
    assert_eq!(app.open, Some(at(1, 0)));
}

/// Regression: in one-pane mode, showing the list made `reader_height()` 0, so `max_top()`
/// grew and the status bar's percentage dropped (100% -> 75%) though nothing moved.
#[test]
fn showing_the_list_in_one_pane_mode_keeps_the_reading_percentage() {
    let mut app = bundled_app(60, 20, NARROW);
    let (i, a) = {
        let x = longest_article(&app);
        (x.issue.get(), x.n())
    };
    open(&mut app, at(i, a));
    keys(&mut app, "G");
    assert_eq!(app.scroll_percent(), 100);
    let top = app.top;
    keys(&mut app, "<tab>");
    assert!(
        app.geometry().reader.is_none(),
        "the list replaced the reader"
    );
    assert_eq!(app.top, top);
    assert_eq!(app.scroll_percent(), 100);
}
