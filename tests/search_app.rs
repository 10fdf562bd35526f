//! Search in the reader: key-sequence scenarios on App state, and highlights checked
//! cell by cell on the drawn screen.

mod common;

use common::{at, bundled_app, draw};
use ratatui::style::Color;
use zzread::app::{App, Mouse, MouseKind, Msg, Pane};
use zzread::ids::ArticleIx;
use zzread::search::fold::fold;
use zzread::text::AmbiguousWidth;

/// Feeds keys to the app as the terminal does (the prompt included).
fn type_keys(app: &mut App, seq: &str) {
    common::keys(app, seq);
}

fn result_ids(app: &App) -> Vec<ArticleIx> {
    app.hits
        .as_ref()
        .map(|h| h.outcome.results.iter().map(|r| r.at).collect())
        .unwrap_or_default()
}

fn input(app: &App) -> Option<&str> {
    app.prompt().map(|p| p.input.as_str())
}

fn mouse(app: &mut App, kind: MouseKind, column: u16, row: u16) {
    app.update(Msg::Mouse(Mouse { kind, column, row }));
}

#[test]
fn typing_updates_results_on_every_keystroke() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    type_keys(&mut app, "/医");
    let one = result_ids(&app);
    type_keys(&mut app, "保");
    let two = result_ids(&app);
    assert!(!one.is_empty() && !two.is_empty());
    assert!(
        two.iter().all(|r| one.contains(r)),
        "a longer query narrows the results"
    );
    assert_eq!(input(&app), Some("医保"));
    // The preview shows the first result.
    assert_eq!(app.open, two.first().copied());
}

#[test]
fn enter_opens_at_the_hit_then_n_and_n_walk_hits_across_articles() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    type_keys(&mut app, "/医保<ret>");
    assert!(app.prompt().is_none());
    assert_eq!(app.mode.pane(), Pane::Reader);
    let results = result_ids(&app);
    assert_eq!(app.open, results.first().copied());
    let hits_in_first = app.hits.as_ref().map_or(0, |h| h.blocks.len());
    assert!(hits_in_first >= 3);

    type_keys(&mut app, "nn");
    assert_eq!(app.hits.as_ref().map(|h| (h.result, h.hit)), Some((0, 2)));
    type_keys(&mut app, "N");
    assert_eq!(app.hits.as_ref().map(|h| (h.result, h.hit)), Some((0, 1)));
    // Past the last hit of the first article: the first hit of the second.
    for _ in 1..hits_in_first {
        type_keys(&mut app, "n");
    }
    assert_eq!(app.hits.as_ref().map(|h| (h.result, h.hit)), Some((1, 0)));
    assert_eq!(app.open, results.get(1).copied());
    // And back.
    type_keys(&mut app, "N");
    assert_eq!(
        app.hits.as_ref().map(|h| (h.result, h.hit)),
        Some((0, hits_in_first - 1))
    );
    // The current hit is on screen.
    let h = app.hits.as_ref().map(|h| h.blocks[h.hit]).expect("hit");
    let page = app.page.as_ref().expect("page");
    let line = page.line_of(zzread::app::Anchor {
        block: h.block,
        byte: h.start,
    });
    assert!(line >= app.top && line < app.top + app.reader_height());

    type_keys(&mut app, "<esc>");
    assert!(
        app.hits.as_ref().is_some_and(|h| h.hidden),
        "Esc hides the highlights and keeps the search"
    );
    type_keys(&mut app, "<esc>");
    assert!(app.hits.is_none(), "a second Esc drops it");
    assert_eq!(app.open, results.first().copied(), "and keeps the article");
}

#[test]
fn esc_returns_to_exactly_where_you_were() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    common::open(&mut app, at(1, 6));
    type_keys(&mut app, "jjjjj");
    let before = (app.open, app.top, app.mode.pane(), app.cursor, app.list_top);
    type_keys(&mut app, "/株洲<down><down>");
    assert_ne!(app.open, before.0, "the preview moved away");
    type_keys(&mut app, "<esc>");
    assert!(app.prompt().is_none());
    assert_eq!(
        (app.open, app.top, app.mode.pane(), app.cursor, app.list_top),
        before
    );
}

#[test]
fn prompt_edits_by_grapheme_and_cursor_moves_by_display_width() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    type_keys(&mut app, "/医保支付<left><left>");
    let p = app.prompt().expect("prompt");
    assert_eq!(
        p.cursor_column(AmbiguousWidth::Narrow),
        4,
        "two wide chars before the cursor"
    );
    type_keys(&mut app, "<bs>");
    assert_eq!(input(&app), Some("医支付"));
    type_keys(&mut app, "<c-u>");
    assert_eq!(input(&app), Some("支付"));
    type_keys(&mut app, "<end>q");
    assert_eq!(input(&app), Some("支付q"), "q is typed, not quit");
    assert!(app.quit.is_none());
}

#[test]
fn up_in_an_empty_prompt_recalls_history() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    type_keys(&mut app, "/医保<ret>/株洲<ret>/");
    type_keys(&mut app, "<up>");
    assert_eq!(input(&app), Some("株洲"));
    type_keys(&mut app, "<up>");
    assert_eq!(input(&app), Some("医保"));
    type_keys(&mut app, "<down><down>");
    assert_eq!(input(&app), Some(""));
}

#[test]
fn pasted_text_is_one_line_of_query() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    type_keys(&mut app, "/");
    app.update(Msg::Paste("医保\n支付".into()));
    assert_eq!(input(&app), Some("医保 支付"));
    assert!(!result_ids(&app).is_empty());
}

#[test]
fn no_result_leaves_the_reader_where_it_was() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    common::open(&mut app, at(0, 1));
    type_keys(&mut app, "/没有这个词语<ret>");
    assert!(app.prompt().is_none());
    assert_eq!(app.open, Some(at(0, 1)));
    assert!(app.hits.is_none());
}

/// Highlighted cells, row by row, as the text they show.
fn highlighted_runs(app: &App) -> Vec<String> {
    let buf = draw(app);
    let column = app.geometry().column.expect("reader column");
    let mut runs = Vec::new();
    for y in column.y..column.bottom() {
        let mut run = String::new();
        for x in column.x..column.right() {
            let cell = &buf[(x, y)];
            let lit = matches!(cell.bg, Color::Yellow | Color::LightRed);
            if lit {
                run.push_str(cell.symbol());
            } else if !run.is_empty() && !cell.symbol().trim().is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

#[test]
fn highlights_cover_exactly_the_matching_characters() {
    for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        for query in ["医保", "ＳＹＢ", "“"] {
            let mut app = bundled_app(120, 40, amb);
            type_keys(&mut app, &format!("/{query}<ret>"));
            if app.hits.is_none() {
                continue;
            }
            let runs = highlighted_runs(&app);
            assert!(!runs.is_empty(), "{query} {amb:?}");
            let term = fold(query);
            for run in &runs {
                // A run is one hit, or a hit cut by a line end: always part of the term.
                assert!(
                    term.contains(&fold(run)) || fold(run).contains(&term),
                    "{query} {amb:?}: {run:?}"
                );
            }
        }
    }
}

#[test]
fn status_bar_counts_hits_and_articles() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    type_keys(&mut app, "/医保<ret>n");
    let status = zzread::ui::hit_status(&app).expect("hit status");
    let n = app.hits.as_ref().map_or(0, |h| h.blocks.len());
    let m = result_ids(&app).len();
    assert_eq!(status, format!("第 2/{n} 处 · 第 1/{m} 篇"));
    let screen = common::screen_text(&app);
    assert!(screen.contains(&status), "{screen}");
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer_and_click_opens() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let longest = common::longest_article(&app);
    common::open(&mut app, longest);
    let g = app.geometry();
    let reader = g.reader.expect("reader");
    let list = g.list.expect("list");
    mouse(&mut app, MouseKind::ScrollDown, reader.x + 2, reader.y + 2);
    assert_eq!(app.top, 3.min(app.max_top()));
    let cursor = app.cursor;
    mouse(&mut app, MouseKind::ScrollDown, list.x + 2, list.y + 2);
    assert_eq!(
        app.cursor,
        (cursor + 3).min(app.rows.len() - 1),
        "the list moves, not the reader"
    );
    assert_eq!(app.top, 3.min(app.max_top()));
    // Clicking an article's row opens that article.
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let second = at(common::NEWEST, 1);
    let row = common::row_of_article(&app, second).expect("listed");
    let y = list.y + 1 + u16::try_from(row - app.list_top).expect("on screen");
    mouse(&mut app, MouseKind::Click, list.x + 4, y);
    assert_eq!(app.open, Some(second));
    // The header row is not an article.
    mouse(&mut app, MouseKind::Click, list.x + 4, list.y);
    assert_eq!(app.open, Some(second));
}

/// With display punctuation full-width (the default) the stored text still says
/// `22日,湖南`: a query typed either way finds it, and the highlight lands on exactly
/// the characters shown, `22日，湖南`, whatever comes before them on the line.
#[test]
fn highlights_land_on_the_shown_characters_with_full_width_punctuation() {
    for query in ["22日,湖南", "22日，湖南", "高新区(天元区)", "黎先生:芦淞"] {
        let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
        type_keys(&mut app, &format!("/{query}<ret>"));
        assert!(app.hits.is_some(), "{query} found");
        let runs = highlighted_runs(&app);
        let shown = zzread::text::full_width(&format!("日{query}")).text;
        let shown = shown.strip_prefix('日').unwrap_or(&shown);
        assert_eq!(runs.concat(), shown, "{query}: {runs:?}");
    }
}

/// The results in the order a full search gives them, for the app's own text.
fn full_order(app: &App, query: &str) -> Vec<ArticleIx> {
    let newness = zzread::search::newness(app.issues.iter().map(|e| e.date.as_deref()));
    let hay = zzread::search::Haystack {
        corpus: &app.corpus,
        index: &app.index,
        newness: &newness,
    };
    zzread::search::search(&hay, query, None)
        .results
        .iter()
        .map(|r| r.at)
        .collect()
}

#[test]
fn results_past_those_put_in_order_first_come_in_the_full_order() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    // Two at a time, so that walking the results keeps crossing into ones not yet
    // put in order (an archive needs thousands of results for that by default).
    app.rank_ahead = 2;
    let full = full_order(&app, "的");
    assert!(full.len() > 20, "{} results", full.len());
    type_keys(&mut app, "/的");
    let ranked = app.hits.as_ref().map_or(0, |h| h.outcome.ranked());
    assert!(ranked < full.len(), "not all in order yet: {ranked}");
    for (k, want) in full.iter().enumerate() {
        assert_eq!(app.open, Some(*want), "result {k}, previewed");
        type_keys(&mut app, "<down>");
    }
    // From the first hit of the first result, N goes to the last result.
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    app.rank_ahead = 2;
    type_keys(&mut app, "/的<ret>N");
    assert_eq!(app.open, full.last().copied());
}
