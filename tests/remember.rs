//! Read marks, bookmarks, resume and export as App state (the disk side is
//! `state`, tested on its own).

mod common;

use common::{bundled_app, parse_keys};
use zzread::app::App;
use zzread::app::export::Effect;
use zzread::text::AmbiguousWidth;

fn press(app: &mut App, seq: &str) {
    for ev in parse_keys(seq) {
        app.handle_key(&ev);
    }
}

#[test]
fn r_toggles_the_read_mark_and_ctrl_n_finds_the_next_unread() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    common::open(&mut app, 0, 0);
    assert!(
        app.read.contains(&(0, 0)),
        "a short article is read once its end shows"
    );
    press(&mut app, "r");
    assert!(!app.read.contains(&(0, 0)));
    press(&mut app, "r");
    // Mark 0#2 read by hand; Ctrl-n from 0#1 skips it.
    app.read.insert((0, 1));
    app.read.insert((0, 0));
    press(&mut app, "<c-n>");
    assert_eq!(app.open, Some((0, 2)));
    press(&mut app, "<c-p>");
    assert_ne!(app.open, Some((0, 1)), "Ctrl-p skips read articles too");
}

#[test]
fn bookmarks_toggle_list_and_jump_back_to_the_place() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let (i, a) = common::longest_article(&app);
    common::open(&mut app, i, a);
    press(&mut app, "<pgdn>");
    let place = app.top;
    assert!(place > 0);
    press(&mut app, "m");
    assert_eq!(app.bookmarks.len(), 1);
    press(&mut app, "]]g");
    press(&mut app, "'");
    assert_eq!(app.bookmark_list, Some(0));
    press(&mut app, "j"); // nothing below: stays
    press(&mut app, "<ret>");
    assert_eq!(app.bookmark_list, None);
    assert_eq!(app.open, Some((i, a)));
    assert_eq!(app.top, place, "back at the bookmarked place");
    press(&mut app, "m");
    assert!(app.bookmarks.is_empty(), "m again removes it");
}

#[test]
fn remembered_state_round_trips_into_a_new_app() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    let (i, a) = common::longest_article(&app);
    common::open(&mut app, i, a);
    press(&mut app, "<pgdn><pgdn>");
    press(&mut app, "m");
    app.read.insert((1, 1));
    let remembered = app.remembered();

    // A new run, at another width: same article, same text at the top.
    let mut again = bundled_app(90, 30, AmbiguousWidth::Narrow);
    again.restore(remembered.clone(), true);
    assert_eq!(again.open, Some((i, a)));
    let old_anchor = remembered.last.as_ref().map(|l| l.1).expect("position");
    let page = again.page.as_ref().expect("page");
    let line = page.lines[again.top];
    assert_eq!(line.block, old_anchor.block);
    assert!(line.start <= old_anchor.byte);
    assert!(again.read.contains(&(1, 1)));
    assert_eq!(again.bookmarks, remembered.bookmarks);

    // --no-resume: marks and bookmarks, but the list.
    let mut fresh = bundled_app(90, 30, AmbiguousWidth::Narrow);
    fresh.restore(remembered, false);
    assert_eq!(fresh.open, None);
    assert!(fresh.read.contains(&(1, 1)));
}

#[test]
fn y_copies_the_article_with_a_citation_and_s_asks_to_save_markdown() {
    let mut app = bundled_app(120, 40, AmbiguousWidth::Narrow);
    common::open(&mut app, 0, 0);
    press(&mut app, "y");
    let Some(Effect::Clipboard(text)) = app.effects.pop() else {
        panic!("clipboard effect")
    };
    let title = common::title(&app, 0, 0);
    assert!(text.starts_with(&title), "{text}");
    assert!(
        text.trim_end()
            .ends_with(&format!("《株洲日报》{} · {title}", app.issues[0].label()))
    );
    assert!(
        text.contains("\u{3000}\u{3000}"),
        "paragraphs keep their indent"
    );
    press(&mut app, "s");
    let Some(Effect::Save { name, contents }) = app.effects.pop() else {
        panic!("save effect")
    };
    assert!(name.ends_with(".md") && !name.contains('/'), "{name}");
    assert!(contents.starts_with(&format!("# {title}")), "{contents}");
}
