//! Search, second round, in the reader: a result list that can be read at 80 columns
//! (full dates, whole headlines), its order (Ctrl-S), the scope (Tab: the archive or
//! the open article), vim's Esc / n / N habits with the wrap-around said out loud,
//! history with the new prompt, and "more like this" (`*`).

mod common;

use common::{at, buffer_rows, bundled_app, bundled_archive, draw, keys, resize};
use zzread::app::search::{Scope, Sort, Source};
use zzread::app::{App, Mode, Msg, Pane, Settings};
use zzread::ids::ArticleIx;
use zzread::strings;
use zzread::text::AmbiguousWidth;

const NARROW: AmbiguousWidth = AmbiguousWidth::Narrow;

/// The bundled issues with dates, as a dated archive's file names give them (issue k
/// is older than issue k + 1, as an archive lists them).
const DATES: [&str; 5] = [
    "2023-03-01",
    "2023-04-26",
    "2023-05-18",
    "2023-06-22",
    "2023-07-13",
];

fn dated_app(w: u16, h: u16) -> App {
    let mut archive = bundled_archive();
    for (issue, date) in archive.issues.iter_mut().zip(DATES) {
        issue.date = Some(date.to_string());
    }
    let mut app = App::from_archive(archive, Settings::default());
    resize(&mut app, w, h);
    app
}

fn with_words(mut app: App) -> App {
    app.update(Msg::Words(zzread::words::jieba()));
    app
}

/// The screen with a size header and numbered rows (the snapshot format of
/// tests/screens.rs).
fn framed(app: &App) -> String {
    let (w, h) = app.size;
    let mut out = format!("{w}x{h} {:?}\n", app.amb());
    for (y, row) in buffer_rows(&draw(app)).iter().enumerate() {
        out.push_str(&format!("{y:>2}|{row}\n"));
    }
    out
}

fn results(app: &App) -> Vec<ArticleIx> {
    app.hits
        .as_ref()
        .map(|h| h.outcome.results.iter().map(|r| r.at).collect())
        .unwrap_or_default()
}

fn position(app: &App) -> Option<(usize, usize)> {
    app.hits.as_ref().map(|h| (h.result, h.hit))
}

fn hits_in_current(app: &App) -> usize {
    app.hits.as_ref().map_or(0, |h| h.blocks.len())
}

/// The rows of the result list pane.
fn list_rows(app: &App) -> Vec<String> {
    let list = app.geometry().list.expect("a list pane");
    common::region_rows(&draw(app), list)
}

// ----- a result list that can be read -----

#[test]
fn results_show_the_full_date_and_the_whole_headline_at_80x24() {
    let mut app = dated_app(80, 24);
    keys(&mut app, "/医保");
    let list = app.geometry().list.expect("list");
    assert_eq!(list.width, 40, "the results take half the screen");
    let rows = list_rows(&app).join("\n");
    for (k, r) in results(&app).iter().enumerate().take(3) {
        let date = DATES[r.issue.get()];
        assert!(rows.contains(date), "result {k}: {date} in full\n{rows}");
        let title = common::title(&app, *r);
        if zzread::text::str_width(&title, NARROW) <= 35 {
            assert!(rows.contains(&title), "result {k}: {title} whole\n{rows}");
        }
    }
    assert!(rows.contains("处"), "hit counts\n{rows}");
    // The snippet shows a hit in the body, not the headline again.
    let snippets = &app.prompt().expect("prompt").snippets;
    assert!(!snippets.is_empty());
    for (k, text, hit) in snippets {
        let title = common::title(&app, results(&app)[*k]);
        assert!(!title.contains(text.trim_matches('…')), "{text}");
        assert_eq!(text.get(hit.clone()), Some("医保"), "{text}");
    }
    insta::assert_snapshot!("results_80x24", framed(&app));
}

#[test]
fn results_at_100x30() {
    let mut app = dated_app(100, 30);
    keys(&mut app, "/株洲");
    let rows = list_rows(&app).join("\n");
    assert!(rows.contains(strings::SORT_RELEVANCE), "{rows}");
    for r in results(&app).iter().take(4) {
        assert!(rows.contains(DATES[r.issue.get()]), "{rows}");
        assert!(rows.contains(&common::title(&app, *r)), "{rows}");
    }
    insta::assert_snapshot!("results_100x30", framed(&app));
}

#[test]
fn every_result_row_fits_and_no_wide_char_is_cut() {
    for (w, h) in [(80, 24), (100, 30), (120, 40), (60, 20)] {
        let mut app = dated_app(w, h);
        keys(&mut app, "/株洲");
        let buf = draw(&app);
        assert!(common::wide_char_damage(&buf).is_empty(), "{w}x{h}");
        for row in buffer_rows(&buf) {
            assert!(zzread::text::str_width(&row, NARROW) <= usize::from(w));
        }
    }
}

#[test]
fn leaving_the_prompt_gives_the_list_its_width_back() {
    let mut app = dated_app(80, 24);
    common::open(&mut app, at(0, 0));
    keys(&mut app, "<tab>");
    assert_eq!(app.mode.pane(), Pane::List);
    let before = app.geometry().list.map(|r| r.width);
    keys(&mut app, "/医保");
    assert_ne!(app.geometry().list.map(|r| r.width), before);
    keys(&mut app, "<esc>");
    assert_eq!(app.geometry().list.map(|r| r.width), before);
    // The page is laid out for the reader's column again.
    let column = app.geometry().column.expect("column");
    assert_eq!(app.page.as_ref().map(|p| p.width), Some(column.width));
}

#[test]
fn ctrl_s_orders_results_newest_then_oldest_then_by_relevance_and_says_so() {
    let mut app = dated_app(100, 30);
    keys(&mut app, "/株洲");
    let relevance = results(&app);
    assert!(relevance.len() > 5);
    let issue_dates =
        |app: &App| -> Vec<&str> { results(app).iter().map(|r| DATES[r.issue.get()]).collect() };

    keys(&mut app, "<c-s>");
    assert_eq!(app.hits.as_ref().map(|h| h.sort), Some(Sort::Newest));
    let newest = issue_dates(&app);
    assert!(newest.windows(2).all(|w| w[0] >= w[1]), "{newest:?}");
    assert!(list_rows(&app)[0].contains(strings::SORT_NEWEST));
    assert_eq!(app.open, results(&app).first().copied(), "preview follows");

    keys(&mut app, "<c-s>");
    let oldest = issue_dates(&app);
    assert!(oldest.windows(2).all(|w| w[0] <= w[1]), "{oldest:?}");
    assert!(list_rows(&app)[0].contains(strings::SORT_OLDEST));

    keys(&mut app, "<c-s>");
    assert_eq!(results(&app), relevance, "back to the engine's order");
    // The same set of articles in every order.
    let mut a = relevance.clone();
    a.sort();
    keys(&mut app, "<c-s>");
    let mut b = results(&app);
    b.sort();
    assert_eq!(a, b);
    // The order stays for the next search.
    keys(&mut app, "<ret>/医保");
    assert_eq!(app.hits.as_ref().map(|h| h.sort), Some(Sort::Newest));
}

// ----- vim and less habits -----

#[test]
fn esc_hides_highlights_n_keeps_going_and_a_second_esc_clears() {
    let mut app = bundled_app(120, 40, NARROW);
    keys(&mut app, "/医保<ret>");
    let open = app.open;
    keys(&mut app, "<esc>");
    let h = app.hits.as_ref().expect("the search is kept");
    assert!(h.hidden);
    assert_eq!(app.open, open);
    assert!(
        zzread::ui::hit_status(&app).is_none(),
        "no position while hidden"
    );
    let status = common::screen_text(&app);
    assert!(
        status.contains("已隐藏高亮"),
        "the status bar says what Esc did"
    );
    common::wait(&mut app, 5_000);
    assert!(
        common::screen_text(&app).contains("已隐藏高亮"),
        "and keeps saying it until the next key"
    );
    keys(&mut app, "n");
    assert_eq!(position(&app), Some((0, 1)), "n goes on after Esc");
    assert!(
        !app.hits.as_ref().expect("hits").hidden,
        "and shows them again"
    );
    keys(&mut app, "<esc><esc>");
    assert!(app.hits.is_none(), "the second Esc clears the search");
    assert!(common::screen_text(&app).contains(strings::SEARCH_CLEARED));
    keys(&mut app, "n");
    assert!(app.hits.is_none());
}

#[test]
fn n_past_the_last_hit_wraps_to_the_first_and_says_so() {
    let mut app = bundled_app(120, 40, NARROW);
    keys(&mut app, "/医保<ret>");
    let n_results = results(&app).len();
    // Walk to the last hit of the last result.
    let mut guard = 0;
    while position(&app).is_some_and(|(r, h)| r + 1 < n_results || h + 1 < hits_in_current(&app)) {
        keys(&mut app, "n");
        assert!(app.message.is_none(), "no wrap message before the end");
        guard += 1;
        assert!(guard < 1000);
    }
    keys(&mut app, "n");
    assert_eq!(position(&app), Some((0, 0)));
    assert_eq!(app.message.as_deref(), Some(strings::WRAPPED_TO_START));
    assert!(common::screen_text(&app).contains(strings::WRAPPED_TO_START));
    // N from the first hit: the last hit of the last result.
    keys(&mut app, "N");
    assert_eq!(app.message.as_deref(), Some(strings::WRAPPED_TO_END));
    let (r, h) = position(&app).expect("hits");
    assert_eq!(r, n_results - 1);
    assert_eq!(h + 1, hits_in_current(&app));
    assert_eq!(app.open, results(&app).last().copied());
}

// ----- scope -----

#[test]
fn tab_scopes_the_search_to_the_open_article_and_n_walks_its_hits() {
    let mut app = bundled_app(120, 40, NARROW);
    let article = at(0, 0);
    common::open(&mut app, article);
    keys(&mut app, "/医保");
    assert!(results(&app).len() > 1);
    let prompt_line = |app: &App| buffer_rows(&draw(app)).last().cloned().unwrap_or_default();
    assert!(prompt_line(&app).contains(strings::SCOPE_ALL));
    keys(&mut app, "<tab>");
    assert_eq!(app.prompt().map(|p| p.scope), Some(Scope::Article(article)));
    assert_eq!(results(&app), vec![article]);
    assert!(prompt_line(&app).contains(strings::SCOPE_ARTICLE));
    let n = hits_in_current(&app);
    assert!(n > 3);
    keys(&mut app, "<ret>");
    assert_eq!(app.open, Some(article));
    for k in 1..n {
        keys(&mut app, "n");
        assert_eq!(position(&app), Some((0, k)));
    }
    keys(&mut app, "n");
    assert_eq!(position(&app), Some((0, 0)), "wraps inside the article");
    assert_eq!(app.message.as_deref(), Some(strings::WRAPPED_TO_START));
    keys(&mut app, "N");
    assert_eq!(position(&app), Some((0, n - 1)));
    assert_eq!(app.message.as_deref(), Some(strings::WRAPPED_TO_END));
    assert_eq!(app.open, Some(article), "never leaves the article");
}

#[test]
fn a_term_the_open_article_lacks_finds_nothing_in_its_scope() {
    let mut app = bundled_app(120, 40, NARROW);
    common::open(&mut app, at(0, 0));
    keys(&mut app, "/<tab>株洲 没有这个词");
    assert!(results(&app).is_empty());
    keys(&mut app, "<c-u>株洲");
    assert_eq!(results(&app), vec![at(0, 0)]);
    keys(&mut app, "<tab>");
    assert!(results(&app).len() > 1, "Tab again: the whole archive");
}

#[test]
fn tab_with_no_article_open_says_the_archive_is_all_there_is() {
    let mut app = bundled_app(120, 40, NARROW);
    assert!(app.open.is_none());
    keys(&mut app, "/医保<tab>");
    assert_eq!(app.prompt().map(|p| p.scope), Some(Scope::All));
    let screen = common::screen_text(&app);
    assert!(screen.contains(strings::SCOPE_NEEDS_ARTICLE), "{screen}");
}

// ----- history -----

#[test]
fn history_recalls_into_the_scoped_prompt_and_runs_there() {
    let mut app = bundled_app(120, 40, NARROW);
    keys(&mut app, "/医保<ret>/株洲<ret>");
    assert_eq!(app.history, ["医保", "株洲"]);
    let article = app.open.expect("an article is open");
    keys(&mut app, "/<tab><up>");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("株洲"));
    assert_eq!(results(&app), vec![article], "run in the article's scope");
    keys(&mut app, "<up>");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some("医保"));
    keys(&mut app, "<down><down>");
    assert_eq!(app.prompt().map(|p| p.input.as_str()), Some(""));
    assert!(app.hits.is_none());
}

// ----- more like this -----

#[test]
fn star_lists_related_articles_with_the_keywords_it_used() {
    let mut app = with_words(dated_app(100, 30));
    let article = at(0, 0);
    common::open(&mut app, article);
    keys(&mut app, "*");
    assert!(matches!(app.mode, Mode::Search(_)), "the result list shows");
    let h = app.hits.as_ref().expect("related results");
    let Source::Related { of, keywords } = &h.source else {
        panic!("not a related list: {:?}", h.source);
    };
    assert_eq!(*of, article);
    assert!(!keywords.is_empty() && keywords.len() <= 5, "{keywords:?}");
    assert!(
        !results(&app).contains(&article),
        "the article itself is left out"
    );
    let header = &list_rows(&app)[0];
    assert!(header.contains("相关："), "{header}");
    assert!(header.contains(&keywords[0]), "{header}");
    // The prompt line says all of them, whatever the list's width.
    let prompt_line = buffer_rows(&draw(&app)).last().cloned().unwrap_or_default();
    assert!(
        prompt_line.contains(&strings::related(keywords)),
        "{prompt_line}"
    );
    // Enter opens the first; n walks the keywords' hits.
    let first = results(&app)[0];
    keys(&mut app, "<ret>");
    assert_eq!(app.open, Some(first));
    assert_eq!(app.mode.pane(), Pane::Reader);
    assert!(hits_in_current(&app) > 0);
    // Esc in the list goes back to the article it was asked from.
    let mut app2 = with_words(dated_app(100, 30));
    common::open(&mut app2, article);
    keys(&mut app2, "*<esc>");
    assert_eq!(app2.open, Some(article));
    assert!(app2.prompt().is_none());
}

#[test]
fn star_before_the_dictionary_loads_says_so_and_lists_when_it_arrives() {
    let mut app = dated_app(100, 30);
    common::open(&mut app, at(0, 0));
    keys(&mut app, "*");
    assert!(app.prompt().is_none());
    assert_eq!(app.message.as_deref(), Some(strings::RELATED_WAITING));
    assert!(common::screen_text(&app).contains("词典加载中"));
    app.update(Msg::Words(zzread::words::jieba()));
    assert!(matches!(app.mode, Mode::Search(_)));
    assert!(matches!(
        app.hits.as_ref().map(|h| &h.source),
        Some(Source::Related { .. })
    ));
}

#[test]
fn star_waiting_for_the_dictionary_is_dropped_when_the_user_moves_on() {
    let mut app = dated_app(100, 30);
    common::open(&mut app, at(0, 0));
    keys(&mut app, "*/株洲");
    app.update(Msg::Words(zzread::words::jieba()));
    let h = app.hits.as_ref().expect("the typed search");
    assert_eq!(h.source, Source::Query, "the typed search stays");
}
