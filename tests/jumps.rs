//! Issue 10 in the reader: an article shows the page it is printed on (number, name,
//! date, editors) and its jumps; the halves of a jumped article printed in two files
//! of a date are linked as the files arrive, in any order and batch, and `J` opens the
//! other half both ways; a headless continuation is listed by what it is about.
//! Keys go through the real key table into `App::update`.

mod common;

use common::*;
use zzread::app::{Action, App, Batch, IssueEntry, Keymap, Modes, Msg, Settings};
use zzread::ids::IssueIx;
use zzread::model::Issue;

const FRONT: &str = "第01版：要闻\n\n全市推进项目建设\n\n株洲日报讯(记者/张三) 今年以来,全市项目建设提速,推动\n(下转02版)\n\n责任编辑：王建设 美术编辑：左骏\n";
const INSIDE: &str =
    "第02版：综合\n\n◀上接01版 高质量发展。各地各部门要抓好落实,确保项目早日建成投产见效。\n";

/// An issue parsed as the loader parses it, with no link made yet (the other half
/// is in another file).
fn issue(id: &str, text: &str) -> Issue {
    let parsed = zzread::parse::parse_issue(id, text, None);
    let mut issue = Issue {
        id: id.into(),
        source: String::new(),
        date: zzread::load::date_in_name(id),
        encoding: "UTF-8".into(),
        articles: parsed.articles,
        pages: parsed.pages,
        warnings: Vec::new(),
    };
    zzread::archive::link_jumps(std::slice::from_mut(&mut issue));
    issue
}

fn batch(k: usize, issue: &Issue) -> Msg {
    Msg::Parsed(Box::new(Batch::of([(IssueIx::new(k), Ok(issue))])))
}

/// The two pages listed, oldest first; the inside page parsed first, each in a batch
/// of its own (as the loader may deliver them).
fn app_with_front_pending() -> (App, Issue, Issue) {
    let front = issue("2023-04-26_01", FRONT);
    let inside = issue("2023-04-26_02", INSIDE);
    assert_eq!(front.articles[0].continued_to_article, None);
    let entries = vec![IssueEntry::listed(&front), IssueEntry::listed(&inside)];
    let mut app = App::new(
        entries,
        Vec::new(),
        Settings {
            order: zzread::app::Order::Oldest,
            ..Settings::default()
        },
    );
    resize(&mut app, 100, 30);
    app.update(batch(1, &inside));
    (app, front, inside)
}

#[test]
fn j_opens_the_other_half_both_ways_once_both_files_are_loaded() {
    let (mut app, front, _) = app_with_front_pending();
    let inside_at = IssueIx::new(1).article(0);
    open(&mut app, inside_at);
    assert_eq!(keys(&mut app, "J"), [Action::OtherHalf]);
    assert_eq!(app.open, Some(inside_at), "the 01版 half is not loaded yet");
    assert_eq!(
        app.message.as_deref(),
        Some("上接01版：另一半不在已载入的期中")
    );

    app.update(batch(0, &front));
    let front_at = IssueIx::new(0).article(0);
    assert_eq!(
        app.article(front_at)
            .and_then(|a| a.continued_to_article.clone()),
        app.article_id(inside_at).map(str::to_owned),
        "linked across files of a date, across batches"
    );
    // From the 上接 half back to the 下转 half, and on again.
    open(&mut app, inside_at);
    keys(&mut app, "J");
    assert_eq!(app.open, Some(front_at));
    keys(&mut app, "J");
    assert_eq!(app.open, Some(inside_at));
    // From the list too: the article under the cursor.
    keys(&mut app, "q");
    let row = row_of_article(&app, front_at).expect("front row");
    app.cursor = row;
    app.open = None;
    keys(&mut app, "J");
    assert_eq!(app.open, Some(inside_at));
}

#[test]
fn the_status_bar_offers_the_other_half_only_when_it_is_loaded() {
    let (mut app, front, _) = app_with_front_pending();
    let inside_at = IssueIx::new(1).article(0);
    open(&mut app, inside_at);
    assert!(!screen_text(&app).contains("J 上半篇"));
    app.update(batch(0, &front));
    open(&mut app, inside_at);
    let screen = screen_text(&app);
    assert!(screen.contains("J 上半篇"), "{screen}");
    open(&mut app, IssueIx::new(0).article(0));
    assert!(screen_text(&app).contains("J 下半篇"));
}

#[test]
fn an_article_shows_its_page_editors_and_jumps() {
    let (mut app, front, _) = app_with_front_pending();
    app.update(batch(0, &front));
    let front_at = IssueIx::new(0).article(0);
    let note = app.article_note(front_at).expect("a note");
    assert_eq!(
        note,
        "01版 要闻 · 责任编辑 王建设 · 美术编辑 左骏 · 下转02版"
    );
    open(&mut app, front_at);
    let screen = screen_text(&app);
    assert!(
        screen.contains("01版 要闻 · 责任编辑 王建设"),
        "the note under the headline: {screen}"
    );
    // The status bar names the page while reading.
    let last = screen.lines().last().unwrap_or_default().to_owned();
    assert!(last.contains("01版 要闻"), "{last}");

    let inside_at = IssueIx::new(1).article(0);
    assert_eq!(
        app.article_note(inside_at).as_deref(),
        Some("02版 综合 · 上接01版")
    );
}

#[test]
fn a_headless_continuation_is_listed_by_what_it_is_about() {
    let (app, _, inside) = app_with_front_pending();
    let a = &inside.articles[0];
    assert!(a.headless, "{a:?}");
    let meta = app
        .article(IssueIx::new(1).article(0))
        .expect("inside parsed");
    assert_eq!(meta.display_title(), a.display_title());
    assert!(meta.display_title().starts_with("上接01版 · 高质量发展"));
    assert!(
        screen_text(&app).contains("上接01版 · 高质量发展"),
        "{}",
        screen_text(&app)
    );
}

#[test]
fn the_jump_key_is_in_the_key_table_and_can_be_rebound() {
    let map = Keymap::default();
    assert_eq!(
        map.action_for(Modes::READER, zzread::app::Key::Char('J')),
        Some(Action::OtherHalf)
    );
    let map = Keymap::with_overrides(&[(Action::OtherHalf, vec![zzread::app::Key::Char('o')])]);
    assert_eq!(
        map.action_for(Modes::LIST, zzread::app::Key::Char('o')),
        Some(Action::OtherHalf)
    );
    assert_eq!(Action::from_name("other_half"), Some(Action::OtherHalf));
}
