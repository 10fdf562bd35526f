//! Two and three windows on one state file (the issue: each wrote back its whole copy,
//! so a bookmark made in one window vanished when another quit). Real binaries in
//! tmux, sharing an XDG state directory, on the same and on different archives.

mod common;

use common::tmux::*;
use std::path::Path;

/// zzread on `args` with the shared state directory `state`.
fn window(state: &Path, args: &[&str]) -> Tmux {
    let mut script = format!(
        "XDG_STATE_HOME={} XDG_CONFIG_HOME={} XDG_CACHE_HOME={} {} --ambiguous-width narrow",
        sh_quote(&state.display().to_string()),
        sh_quote(&state.join("config").display().to_string()),
        sh_quote(&state.join("cache").display().to_string()),
        sh_quote(BIN)
    );
    for a in args {
        script.push(' ');
        script.push_str(&sh_quote(a));
    }
    script.push_str(&format!(
        "; echo {EXIT_MARK}$?; echo ZZ_RAW=; exec sleep 600"
    ));
    Tmux::start_script(&script, 100, 30)
}

/// Waits for the list (every issue parsed), then opens article `n` of the issue listed
/// first (the cursor starts on its first article).
fn open(t: &Tmux, n: usize) {
    t.wait_for("the list", |s| {
        s.contains(" 篇")
            && !s.contains("载入中")
            && !s.contains("正在查找")
            && !status_row(s).contains("索引")
    });
    let mut keys = vec!["j"; n];
    keys.push("Enter");
    t.send(&keys);
    t.wait_for("the article", |s| {
        status_row(s).contains(&format!("第 {}/", n + 1))
    });
}

fn quit(t: &Tmux) {
    t.send(&["q", "q"]);
    let screen = t.wait_for_exit();
    assert!(screen.contains(&format!("{EXIT_MARK}0")), "{screen}");
}

fn state_of(state: &Path, key: &str) -> zzread::state::ArchiveState {
    let mut loaded = zzread::state::load(&state.join("zzread")).state;
    std::mem::take(loaded.archive(key))
}

#[test]
fn windows_on_one_state_file_keep_each_others_marks_and_bookmarks() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("tempdir");
    let other = tempfile::tempdir().expect("tempdir");
    for (name, text) in zzread::load::bundled()
        .iter()
        .take(2)
        .filter_map(|s| Some((s.id.clone(), s.read().ok()?.text)))
    {
        std::fs::write(other.path().join(format!("{name}.txt")), text).expect("write");
    }
    let other_dir = other.path().display().to_string();
    let mut app = common::bundled_app(100, 30, zzread::text::AmbiguousWidth::Narrow);
    // Two articles longer than the screen: opened, they stay unread until read to the
    // end, so `r` marks them (and the test does not race the read rule's moment).
    let newest = common::NEWEST;
    let long: Vec<usize> = (0..common::article_count(&app, newest))
        .filter(|&n| {
            app.open_article(common::at(newest, n));
            app.max_top() > 0
        })
        .take(2)
        .collect();
    let (first, second) = (long[0], long[1]);
    let id = |n| {
        app.article_id(common::at(newest, n))
            .expect("id")
            .to_owned()
    };

    // Three windows: two on the bundled issues, one on another archive.
    let a = window(state.path(), &[]);
    let b = window(state.path(), &[]);
    let c = window(state.path(), &[&other_dir]);
    open(&a, first);
    a.send(&["m"]);
    a.wait_for("a bookmark", |s| s.contains("已加书签"));
    a.send(&["r"]);
    open(&b, second);
    b.send(&["m"]);
    b.wait_for("b bookmark", |s| s.contains("已加书签"));
    open(&c, 0);
    c.send(&["m"]);
    c.wait_for("c bookmark", |s| s.contains("已加书签"));
    // B marks its article read and then unmarks it; A never touched it.
    b.send(&["r", "r"]);
    // Quit in the order that lost data before: the one that saved first quits last.
    quit(&b);
    quit(&c);
    quit(&a);

    let bundled = state_of(state.path(), "bundled");
    let bookmarked: Vec<&str> = bundled
        .bookmarks
        .iter()
        .map(|b| b.article.as_str())
        .collect();
    assert!(
        bookmarked.contains(&id(first).as_str()),
        "A's bookmark kept: {bookmarked:?}"
    );
    assert!(
        bookmarked.contains(&id(second).as_str()),
        "B's bookmark kept: {bookmarked:?}"
    );
    assert!(bundled.read.contains(&id(first)), "A's read mark kept");
    assert!(
        !bundled.read.contains(&id(second)),
        "B's unmark not undone by A"
    );
    let key = zzread::state::archive_key(&[other.path().to_path_buf()]);
    let elsewhere = state_of(state.path(), &key);
    assert_eq!(elsewhere.bookmarks.len(), 1, "C's bookmark kept");
}

/// Regression: with a state directory that cannot be written, every bookmark was lost
/// silently while the status bar said 已加书签. Now the failure shows at once, and
/// again when zzread exits. (A file where the directory should be: permissions would
/// not stop root, who runs CI.)
#[test]
fn a_state_file_that_cannot_be_written_says_so_at_once_and_at_exit() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("tempdir");
    std::fs::write(state.path().join("zzread"), "not a directory").expect("write");
    let t = window(state.path(), &[]);
    open(&t, 1);
    t.send(&["m"]);
    let screen = t.wait_for("the failure shown", |s| s.contains("阅读记录未能保存"));
    assert!(!status_row(&screen).contains("已加书签"), "{screen}");
    t.send(&["q", "q"]);
    let screen = t.wait_for_exit();
    assert!(
        screen.contains("阅读记录未能保存"),
        "said again at exit: {screen}"
    );
}
