//! Read marks, bookmarks, resume, export and what is handed to the state writer, as
//! App state driven by keys (the disk side is `state`, tested on its own).

mod common;

use common::{at, bundled_app};
use zzread::app::{App, Effect, Mode, Msg, Time};
use zzread::state::ArchiveState;
use zzread::text::AmbiguousWidth;

fn press(app: &mut App, seq: &str) -> Vec<Effect> {
    common::press(app, seq).1
}

/// The state changes among `effects`, each replayed on an empty state.
fn remembered(effects: &[Effect]) -> Vec<ArchiveState> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Remember(changes) => {
                let mut state = ArchiveState::default();
                changes.apply_to(&mut state);
                Some(state)
            }
            _ => None,
        })
        .collect()
}

/// Everything `effects` hand to the state file, replayed in order on `state`.
fn replay(effects: &[Effect], state: &mut ArchiveState) {
    for e in effects {
        if let Effect::Remember(changes) = e {
            changes.apply_to(state);
        }
    }
}

#[test]
fn r_toggles_the_read_mark_and_ctrl_n_finds_the_next_unread() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    common::open(&mut app, at(0, 0));
    common::linger(&mut app);
    assert!(
        app.is_read(at(0, 0)),
        "a short article is read once its end has shown for a moment"
    );
    press(&mut app, "r");
    assert!(!app.is_read(at(0, 0)));
    // Regression: any relayout (back to the list, a resize) marked it read again.
    press(&mut app, "<tab><tab>");
    common::resize(&mut app, 100, 30);
    common::linger(&mut app);
    assert!(!app.is_read(at(0, 0)), "unmarked by hand stays unread");
    press(&mut app, "r");
    // Mark 0#2 read by hand; Ctrl-n from 0#1 skips it.
    app.read.insert(at(0, 1));
    app.read.insert(at(0, 0));
    press(&mut app, "<c-n>");
    assert_eq!(app.open, Some(at(0, 2)));
    press(&mut app, "<c-p>");
    assert_ne!(app.open, Some(at(0, 1)), "Ctrl-p skips read articles too");
}

#[test]
fn bookmarks_toggle_list_and_jump_back_to_the_place() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let longest = common::longest_article(&app);
    common::open(&mut app, longest);
    press(&mut app, "<pgdn>");
    let place = app.top;
    assert!(place > 0);
    app.update(Msg::Tick(Time(1_700_000_000_000)));
    press(&mut app, "m");
    assert_eq!(app.bookmarks.len(), 1);
    assert_eq!(
        app.bookmarks[0].added, "2023-11-14T22:13:20Z",
        "the time comes from the clock message"
    );
    press(&mut app, "]]g");
    press(&mut app, "'");
    assert!(matches!(app.mode, Mode::Bookmarks { cursor: 0, .. }));
    press(&mut app, "j"); // nothing below: stays
    press(&mut app, "<ret>");
    assert!(matches!(app.mode, Mode::Reader));
    assert_eq!(app.open, Some(longest));
    assert_eq!(app.top, place, "back at the bookmarked place");
    press(&mut app, "m");
    assert!(app.bookmarks.is_empty(), "m again removes it");
}

#[test]
fn remembered_state_round_trips_into_a_new_app() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let mut remembered = ArchiveState::default();
    let longest = common::longest_article(&app);
    common::open(&mut app, longest);
    let mut effects = press(&mut app, "<pgdn><pgdn>m");
    // Mark 1#2 read with r from the list, and search once.
    effects.extend(press(&mut app, "<tab>"));
    let row = common::row_of_article(&app, at(1, 1)).expect("listed");
    while app.cursor < row {
        effects.extend(press(&mut app, "j"));
    }
    while app.cursor > row {
        effects.extend(press(&mut app, "k"));
    }
    effects.extend(press(&mut app, "r/医保<ret>"));
    common::open(&mut app, longest);
    effects.extend(press(&mut app, "<pgdn><pgdn><c-c>"));
    replay(&effects, &mut remembered);
    assert_eq!(remembered.history, ["医保"]);

    // A new run, at another width: same article, same text at the top.
    let mut again = bundled_app(90, 30, AmbiguousWidth::Narrow);
    again.restore(remembered.clone(), true);
    assert_eq!(again.open, Some(longest));
    let old = remembered.last.clone().expect("position");
    let page = again.page.as_ref().expect("page");
    let line = page.lines[again.top];
    assert_eq!(line.block, old.block);
    assert!(line.start <= old.byte);
    assert!(again.is_read(at(1, 1)));
    assert_eq!(again.bookmarks, remembered.bookmarks);

    // --no-resume: marks and bookmarks, but the list.
    let mut fresh = bundled_app(90, 30, AmbiguousWidth::Narrow);
    fresh.restore(remembered, false);
    assert_eq!(fresh.open, None);
    assert!(fresh.is_read(at(1, 1)));
}

#[test]
fn marks_are_handed_over_at_once_and_a_mere_scroll_at_most_every_two_seconds() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let longest = common::longest_article(&app);
    app.update(Msg::Tick(Time(10_000)));
    common::open(&mut app, longest);
    let effects = press(&mut app, "r");
    let saved = remembered(&effects);
    assert_eq!(saved.len(), 1, "a mark is saved at once");
    let id = app.article_id(longest).expect("id").to_owned();
    assert!(saved[0].read.contains(&id), "r marks the open article read");

    // Scrolling within two seconds: no write yet, but a wake-up is asked for.
    app.update(Msg::Tick(Time(10_500)));
    let effects = press(&mut app, "jj");
    assert!(remembered(&effects).is_empty(), "{effects:?}");
    assert!(
        effects.contains(&Effect::WakeAt(Time(12_000))),
        "{effects:?}"
    );
    // When it falls due, the position goes out.
    let effects = app.update(Msg::Tick(Time(12_000)));
    let saved = remembered(&effects);
    assert_eq!(saved.len(), 1);
    assert_eq!(
        saved[0].last.as_ref().map(|p| p.article.as_str()),
        Some(id.as_str())
    );

    // Quitting hands over the state, then asks the shell to leave.
    press(&mut app, "j");
    let effects = press(&mut app, "<c-c>");
    assert!(
        matches!(effects.as_slice(), [Effect::Remember(_), Effect::Quit]),
        "{effects:?}"
    );
}

#[test]
fn a_failed_save_is_shown_at_once() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    app.update(Msg::Remembered(Err("Read-only file system".into())));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("Read-only file system")),
        "{:?}",
        app.message
    );
    assert_eq!(app.save_error(), Some("Read-only file system"));
    app.update(Msg::Remembered(Ok(())));
    assert_eq!(app.save_error(), None);
}

#[test]
fn y_copies_the_article_with_a_citation_and_s_asks_to_save_markdown() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    common::open(&mut app, at(0, 0));
    let effects = press(&mut app, "y");
    let Some(Effect::Clipboard(text)) = effects.first() else {
        panic!("clipboard effect: {effects:?}")
    };
    let title = common::title(&app, at(0, 0));
    assert!(text.starts_with(&title), "{text}");
    assert!(
        text.trim_end()
            .ends_with(&format!("《株洲日报》{} · {title}", app.issues[0].label()))
    );
    assert!(
        text.contains("\u{3000}\u{3000}"),
        "paragraphs keep their indent"
    );
    let effects = press(&mut app, "s");
    let Some(Effect::SaveFile { name, contents }) = effects.first() else {
        panic!("save effect: {effects:?}")
    };
    assert!(name.ends_with(".md") && !name.contains('/'), "{name}");
    assert!(contents.starts_with(&format!("# {title}")), "{contents}");
}

/// Regression: `y` on a huge article reported success though terminals drop an OSC 52
/// payload that size.
#[test]
fn y_refuses_an_article_too_long_for_the_terminal_clipboard() {
    use zzread::model::{Archive, Article, Issue, Paragraph, ParagraphKind};
    let article = Article {
        id: "x#1".into(),
        title: "长文".into(),
        paragraphs: vec![Paragraph {
            kind: ParagraphKind::Text,
            text: "株洲".repeat(20_000),
            lines: vec![],
        }],
        ..Article::default()
    };
    let archive = Archive {
        issues: vec![Issue {
            id: "x".into(),
            source: "x".into(),
            date: None,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
            pages: Vec::new(),
            articles: vec![article],
        }],
        errors: Vec::new(),
    };
    let mut app = App::from_archive(archive, zzread::app::Settings::default());
    common::resize(&mut app, 100, 30);
    common::open(&mut app, at(0, 0));
    let effects = press(&mut app, "y");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Clipboard(_))),
        "{effects:?}"
    );
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.contains("太长") && message.contains('s'),
        "{message}"
    );
}
