//! End to end: the real `zzread` binary in a real terminal (tmux), driven by keys and
//! read back with `capture-pane`. tmux has its own width tables and its own VT parser,
//! so this checks what the library-level tests cannot: the terminal is set up and put
//! back, untrusted text cannot drive the terminal, and the screen tmux shows is the
//! screen the library thinks it drew.
//!
//! Every test runs its own tmux server on a private socket (killed on drop) and polls
//! the pane against a deadline instead of sleeping for a fixed time.

mod common;

use common::tmux::*;
use common::{at, resize};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use zzread::app::App;
use zzread::text::AmbiguousWidth;

/// The percentage shown after `第 k/N 篇 · `.
fn shown_percent(screen: &str, position: &str) -> Option<u16> {
    let status = status_row(screen);
    let after = status.split(position).nth(1)?;
    let digits: String = after
        .trim_start_matches([' ', '·'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Loaded means: every issue parsed (no `载入 k/N` in the status bar) and the list
/// header counts the articles.
fn loaded(screen: &str, app: &App) -> bool {
    let total: usize = (0..app.issues.len())
        .map(|i| common::article_count(app, i))
        .sum();
    screen.contains(&format!("{} 期 · {total} 篇", app.issues.len()))
        && !status_row(screen).contains("载入")
}

/// The newest issue: the list shows it first, with the cursor on its first article.
const NEWEST: usize = common::NEWEST;

/// The first article of the newest issue that is longer than the reader at `w`×`h`.
fn scrollable_article(w: u16, h: u16) -> usize {
    let mut app = common::bundled_app(w, h, AmbiguousWidth::Narrow);
    (0..common::article_count(&app, NEWEST))
        .find(|&a| {
            app.open_article(at(NEWEST, a));
            app.max_top() > 0
        })
        .expect("the newest issue has an article longer than one screen")
}

/// `j` × n then Enter: opens the n-th article of the newest issue from the start
/// screen (the cursor starts on its first article).
fn open_keys(article: usize) -> Vec<&'static str> {
    let mut keys = vec!["j"; article];
    keys.push("Enter");
    keys
}

#[test]
fn first_screen_lists_the_bundled_headlines_and_a_status_bar() {
    if !tmux_available() {
        return;
    }
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let t = Tmux::start(&[], 100, 30);
    let screen = t.wait_for("the bundled issues", |s| loaded(s, &app));
    for a in 0..common::article_count(&app, NEWEST) {
        let title = common::title(&app, at(NEWEST, a));
        let head: String = title.chars().take(4).collect();
        assert!(screen.contains(&head), "headline {title:?} is listed");
    }
    assert!(
        screen.contains(app.issues[NEWEST].label()),
        "the short name"
    );
    let status = status_row(&screen);
    assert!(status.contains("5 期"), "{status:?}");
    assert!(status.contains("? 帮助"), "{status:?}");
    assert!(status.contains("q 退出"), "{status:?}");
    assert!(
        screen.contains("按 Enter 阅读："),
        "empty reader hint: what Enter opens"
    );
    // Without --mouse the terminal keeps native text selection.
    assert_eq!(t.display("#{mouse_any_flag}"), "0", "no mouse capture");
    assert_eq!(
        t.display("#{alternate_on}"),
        "1",
        "drawn on the alternate screen"
    );
}

#[test]
fn opening_an_article_shows_it_and_page_down_moves_the_percentage() {
    if !tmux_available() {
        return;
    }
    let (w, h) = (100, 30);
    let mut app = common::bundled_app(w, h, AmbiguousWidth::Narrow);
    let article = scrollable_article(w, h);
    let n = common::article_count(&app, NEWEST);
    let title = common::title(&app, at(NEWEST, article));
    let t = Tmux::start(&["--ambiguous-width", "narrow"], w, h);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    t.send(&open_keys(article));
    let position = format!("第 {}/{n} 篇", article + 1);
    let screen = t.wait_for("the article", |s| status_row(s).contains(&position));
    assert!(screen.contains(&title), "headline {title:?} in the reader");
    let first_para = app
        .article_blocks(at(NEWEST, article))
        .expect("loaded")
        .into_iter()
        .find(|b| b.0 == zzread::store::Role::Text)
        .expect("a paragraph")
        .1
        .chars()
        .take(6)
        .collect::<String>();
    assert!(screen.contains(&first_para), "body starts {first_para:?}");
    assert_eq!(shown_percent(&screen, &position), Some(0));

    // The library, given the same keys, knows where PageDown lands.
    common::open(&mut app, at(NEWEST, article));
    common::keys(&mut app, "<pgdn>");
    let expected = app.scroll_percent();
    assert!(expected > 0);
    t.send(&["NPage"]);
    let screen = t.wait_for("the percentage to move", |s| {
        shown_percent(s, &position).is_some_and(|p| p > 0)
    });
    assert_eq!(shown_percent(&screen, &position), Some(expected));
    let reader: String = screen
        .lines()
        .filter_map(|l| l.split('│').nth(1))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !reader.contains(&title),
        "the headline scrolled away: {reader}"
    );
}

#[test]
fn resizing_below_80_columns_shows_the_article_alone_as_the_library_draws_it() {
    if !tmux_available() {
        return;
    }
    let mut app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let t = Tmux::start(&["--ambiguous-width", "narrow"], 100, 30);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    t.send(&open_keys(0));
    let n = common::article_count(&app, NEWEST);
    t.wait_for("the article", |s| {
        status_row(s).contains(&format!("第 1/{n} 篇"))
    });
    t.run(&["resize-window", "-t", "zz", "-x", "70", "-y", "20"]);
    common::keys(&mut app, "<ret>");
    resize(&mut app, 70, 20);
    let expected = common::buffer_rows(&common::draw(&app));
    // Poll until tmux shows exactly what the library drew: tmux's own width tables
    // agree with ours, cell for cell, and the one-pane reader replaced both panes.
    let start = Instant::now();
    loop {
        let shown = t.rows();
        if shown == expected {
            break;
        }
        assert!(
            start.elapsed() < DEADLINE && !shown.iter().any(|l| l.contains(EXIT_MARK)),
            "tmux shows:\n{}\nthe library drew:\n{}",
            shown.join("\n"),
            expected.join("\n")
        );
        std::thread::sleep(POLL);
    }
    assert!(app.geometry().list.is_none(), "one pane");
    let text = expected.join("\n");
    assert!(text.contains(&common::title(&app, at(NEWEST, 0))), "{text}");
    assert!(!text.contains(" 株洲日报 ·"), "the list is hidden");
}

#[test]
fn q_q_quits_with_status_zero_and_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let t = Tmux::start(&[], 100, 30);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    assert_eq!(
        t.display("#{alternate_on}"),
        "1",
        "zzread uses the alternate screen"
    );
    t.send(&open_keys(0));
    t.wait_for("the article", |s| status_row(s).contains("第 1/"));
    t.send(&["q"]);
    // The first q goes back to the list; the reader stays drawn, so the second q is
    // what must quit.
    t.send(&["q"]);
    let screen = t.wait_for_exit();
    assert!(screen.contains(&format!("{EXIT_MARK}0")), "{screen}");
    assert!(
        screen.contains("ZZ_RAW=[]"),
        "tty left in raw mode:\n{screen}"
    );
    assert!(
        !screen.contains("株洲日报 ·"),
        "the reader's screen is gone"
    );
    assert_eq!(
        t.display("#{alternate_on}"),
        "0",
        "left the alternate screen"
    );
    assert_eq!(t.display("#{cursor_flag}"), "1", "cursor shown again");
    assert_eq!(
        t.display("#{mouse_any_flag}"),
        "0",
        "no mouse reporting left on"
    );
}

#[test]
fn one_q_from_the_reader_does_not_quit() {
    if !tmux_available() {
        return;
    }
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let t = Tmux::start(&[], 100, 30);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    t.send(&open_keys(0));
    t.wait_for("the article", |s| status_row(s).contains("第 1/"));
    t.send(&["q", "j", "Enter"]);
    // Back in the list with the cursor on the first article: j Enter opens the second.
    let n = common::article_count(&app, NEWEST);
    let screen = t.wait_for("the second article", |s| {
        status_row(s).contains(&format!("第 2/{n} 篇"))
    });
    assert!(!screen.contains(EXIT_MARK));
    t.send(&["C-c"]);
    let screen = t.wait_for_exit();
    assert!(screen.contains(&format!("{EXIT_MARK}0")), "{screen}");
}

fn hostile_dir() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn hostile_fixture_does_retitle_and_write_the_clipboard_of_a_raw_terminal() {
    // The control for the test below: printed raw, the fixture does what it says.
    if !tmux_available() {
        return;
    }
    let file = Path::new(&hostile_dir()).join("2023-05-01_hostile.txt");
    let t = Tmux::start_script(
        &format!(
            "sleep 0.2; cat {}; exec sleep 600",
            sh_quote(&file.to_string_lossy())
        ),
        100,
        30,
    );
    let before = t.display("#{pane_title}");
    assert_ne!(before, "ZZ-PWNED-TITLE");
    let start = Instant::now();
    while t.display("#{pane_title}") == before && start.elapsed() < DEADLINE {
        std::thread::sleep(POLL);
    }
    assert_eq!(t.display("#{pane_title}"), "ZZ-PWNED-TITLE");
    let buffers = t.run(&["list-buffers"]);
    assert!(String::from_utf8_lossy(&buffers.stdout).contains("ZZ-PWNED-CLIPBOARD"));
}

#[test]
fn hostile_text_is_shown_as_symbols_and_cannot_drive_the_terminal() {
    if !tmux_available() {
        return;
    }
    let t = Tmux::start(&["--ambiguous-width", "narrow", &hostile_dir()], 100, 30);
    let title_before = t.display("#{pane_title}");
    t.wait_for("the hostile issue", |s| s.contains("恶意控制字符演练"));
    t.send(&["j", "Enter"]);
    let screen = t.wait_for("the hostile article", |s| {
        status_row(s).contains("第 1/1 篇") && s.contains("标题改写")
    });
    // Control pictures and replacement chars stand where the controls were.
    for (shown, what) in [
        ('␛', "ESC"),
        ('␇', "BEL"),
        ('␈', "BS"),
        ('␡', "DEL"),
        ('\u{FFFD}', "C1 CSI and RLO"),
    ] {
        assert!(
            screen.contains(shown),
            "{what} shown as {shown:?}:\n{screen}"
        );
    }
    assert!(
        screen.contains("ZZ-PWNED-TITLE"),
        "the payload is visible text"
    );
    assert!(
        screen.contains("写入测试"),
        "text after the OSC 52 is shown"
    );
    assert!(screen.contains("测试。"), "text after CSI 2J is shown");
    assert!(
        screen.contains("恶意控制字符演练"),
        "the screen was not cleared"
    );
    let title = t.display("#{pane_title}");
    assert_ne!(title, "ZZ-PWNED-TITLE");
    assert_eq!(title, title_before, "pane title unchanged");
    let buffers = t.run(&["list-buffers"]);
    assert!(
        buffers.stdout.is_empty(),
        "no clipboard write: {}",
        String::from_utf8_lossy(&buffers.stdout)
    );
    t.send(&["q", "q"]);
    let screen = t.wait_for_exit();
    assert!(screen.contains(&format!("{EXIT_MARK}0")), "{screen}");
    assert_eq!(t.display("#{pane_title}"), title_before);
}

#[test]
fn reader_refuses_to_run_when_stdout_is_not_a_terminal() {
    let out = common::zzread()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("zzread runs");
    assert!(!out.status.success(), "exit status {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("zzread dump"), "stderr: {stderr}");
    // It must not have put an escape sequence anywhere either.
    assert!(!stderr.contains('\u{1b}'), "stderr: {stderr:?}");
}

/// Whether the status line shows hit `k` of a search (第 k/N 处 · 第 a/M 篇).
fn hit_shown(screen: &str, k: usize) -> bool {
    status_row(screen).contains(&format!("第 {k}/")) && status_row(screen).contains(" 处 · 第 ")
}

#[test]
fn a_dumb_terminal_is_refused_with_a_pointer_to_the_commands() {
    if !tmux_available() {
        return;
    }
    let script = format!(
        "TERM=dumb {}; echo {EXIT_MARK}$?; echo ZZ_RAW=; exec sleep 600",
        sh_quote(BIN)
    );
    let t = Tmux::start_script(&script, 100, 30);
    let screen = t.wait_for_exit();
    assert!(screen.contains(&format!("{EXIT_MARK}1")), "{screen}");
    assert!(
        screen.contains("TERM=dumb") && screen.contains("zzread dump"),
        "{screen}"
    );
}

#[test]
fn typing_a_search_updates_results_and_enter_opens_at_the_hit() {
    if !tmux_available() {
        return;
    }
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let t = Tmux::start(&[], 100, 30);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    // Chinese typed as the terminal delivers it (an IME commits whole characters).
    t.run(&["send-keys", "-t", "zz", "-l", "/医"]);
    let screen = t.wait_for("results for 医", |s| {
        s.contains("/医") && s.contains(" 处")
    });
    assert!(
        screen.contains("篇 ·"),
        "result count in the panel: {screen}"
    );
    t.run(&["send-keys", "-t", "zz", "-l", "保"]);
    let screen = t.wait_for("results for 医保", |s| {
        s.contains("/医保") && hit_shown(s, 1)
    });
    assert!(
        screen.contains("3 篇"),
        "医保 is in three bundled articles: {screen}"
    );
    t.send(&["Enter"]);
    let screen = t.wait_for("the article opened at its hit", |s| {
        // The prompt line reads `全部  /医保` (its scope, then the query) while open.
        !status_row(s).contains("/医保") && hit_shown(s, 1)
    });
    assert!(!screen.contains("/医保"), "the prompt closed: {screen}");
    t.send(&["n"]);
    t.wait_for("the next hit", |s| hit_shown(s, 2));
    t.send(&["Escape"]);
    let screen = t.wait_for("highlights cleared", |s| !hit_shown(s, 2));
    assert!(screen.contains("第 "), "the article stays open");
}

/// Runs zzread with a private state directory (and no user config).
fn start_with_state(state: &std::path::Path, args: &[&str], w: u16, h: u16) -> Tmux {
    let mut script = format!(
        "XDG_STATE_HOME={} XDG_CONFIG_HOME={} XDG_CACHE_HOME={} {}",
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
    Tmux::start_script(&script, w, h)
}

#[test]
fn relaunching_reopens_the_last_article_at_the_same_place() {
    if !tmux_available() {
        return;
    }
    let state = tempfile::tempdir().expect("tempdir");
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let article = scrollable_article(100, 30);
    let title = common::title(&app, at(NEWEST, article));
    let head: String = title.chars().take(6).collect();

    let t = start_with_state(state.path(), &[], 100, 30);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    t.send(&open_keys(article));
    t.wait_for("the article", |s| s.contains(&head));
    t.send(&["NPage"]);
    t.wait_for("paged down", |s| {
        status_row(s).contains('%') && !status_row(s).contains(" 0%")
    });
    t.send(&["q", "q"]);
    t.wait_for_exit();
    assert!(
        state.path().join("zzread/state.json").exists(),
        "state written on quit"
    );
    drop(t);

    // Same archive, another width: the same article, the same text on top.
    let t = start_with_state(state.path(), &[], 90, 28);
    let screen = t.wait_for("the article reopened", |s| {
        s.contains(&head) && status_row(s).contains("第 ")
    });
    assert!(
        status_row(&screen).contains(&format!("第 {}/", article + 1)),
        "{screen}"
    );
    assert!(
        !status_row(&screen).contains(" 0%"),
        "not back at the top: {screen}"
    );
    t.send(&["q", "q"]);
    t.wait_for_exit();
    drop(t);

    // --no-resume starts at the list.
    let t = start_with_state(state.path(), &["--no-resume"], 100, 30);
    // Waits for the whole first screen: a frame read while tmux is still taking it
    // in can show the new list over the last frame's empty reader pane.
    let screen = t.wait_for("the list, the cursor on an article", |s| {
        loaded(s, &app) && s.contains("按 Enter 阅读：")
    });
    assert!(
        !status_row(&screen).contains("第 "),
        "nothing open: {screen}"
    );
}

#[test]
fn a_corrupt_state_file_is_moved_aside_and_zzread_starts_normally() {
    if !tmux_available() {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("zzread");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("state.json"),
        b"{\"version\": 1, \"archives\": [trunc",
    )
    .expect("write");
    let app = common::bundled_app(120, 30, AmbiguousWidth::Narrow);
    let t = start_with_state(home.path(), &[], 120, 30);
    let screen = t.wait_for("the list and the warning", |s| {
        loaded(s, &app) && s.contains("状态文件")
    });
    assert!(status_row(&screen).contains("状态文件"), "{screen}");
    let moved: Vec<_> = std::fs::read_dir(&dir)
        .expect("ls")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("state.json.corrupt-"))
        .collect();
    assert_eq!(moved.len(), 1, "moved aside, not deleted");
}

/// A synthetic archive of `n` issues in a temporary directory.
fn synthetic_archive(n: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds: Vec<String> = zzread::load::bundled()
        .iter()
        .filter_map(|s| s.read().ok())
        .map(|d| d.text)
        .collect();
    for k in 0..n {
        let text = zzread::synth::issue_text_from(&seeds, k);
        std::fs::write(dir.path().join(zzread::synth::issue_name(k)), text).expect("write");
    }
    dir
}

/// The issue's bug: a query typed while the archive was still being indexed kept the
/// count of what was indexed then. Now the results follow the index, say they are
/// partial meanwhile, and end with the full count without retyping.
#[test]
fn a_search_typed_during_indexing_ends_with_the_full_count() {
    if !tmux_available() {
        return;
    }
    let archive = synthetic_archive(800);
    let dir = archive.path().display().to_string();
    let out = common::zzread()
        .args(["search", "医保", &dir, "--format", "json", "--limit", "0"])
        .output()
        .expect("zzread search runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let total = report["total"].as_u64().expect("a total");
    assert!(total > 100, "{total}");

    let t = Tmux::start(&[&dir], 100, 30);
    t.wait_for("the first frame", |s| s.contains("索引"));
    t.run(&["send-keys", "-t", "zz", "-l", "/医保"]);
    let partial = t.wait_for("partial results", |s| {
        s.contains("/医保") && s.contains("篇 ·")
    });
    assert!(
        partial.contains("已索引"),
        "typed while indexing (the archive must be large enough): {partial}"
    );
    let want = format!("{total} 篇 ·");
    let screen = t.wait_within(Duration::from_secs(120), "the full count", |s| {
        s.contains(&want) && !s.contains("已索引")
    });
    assert!(screen.contains("/医保"), "nothing retyped: {screen}");
}

/// The list row of an article, by its title's first characters: its mark (`•` unread,
/// `▶` open, a space once read) and the rest.
fn list_mark(screen: &str, title: &str) -> Option<char> {
    let head: String = title.chars().take(5).collect();
    let row = screen
        .lines()
        .find(|l| l.split('│').next().is_some_and(|list| list.contains(&head)))?;
    let list = row.split('│').next()?;
    let before = list.get(..list.find(&head)?)?;
    before.trim_end().chars().last().or(Some(' '))
}

/// The read rule, end to end: an article passed with `]` stays unread; the one left
/// open with its end on screen becomes read after a moment (no key needed).
#[test]
fn articles_passed_over_stay_unread_and_the_one_read_is_marked_by_itself() {
    if !tmux_available() {
        return;
    }
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    let n = common::article_count(&app, NEWEST);
    // The first two articles of the newest issue fit a 100x30 screen whole.
    let mut probe = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    for a in 0..2 {
        probe.open_article(at(NEWEST, a));
        assert_eq!(probe.max_top(), 0, "article {a} fits on screen");
    }
    let first = common::title(&app, at(NEWEST, 0));
    let second = common::title(&app, at(NEWEST, 1));
    let t = Tmux::start(&["--ambiguous-width", "narrow"], 100, 30);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    // Open the first and move on at once: its end was on screen, but only in passing.
    t.send_together(&["Enter", "]"]);
    let counted = format!("{}/{n} 未读", n - 1);
    let screen = t.wait_for("the second article marked read by itself", |s| {
        s.contains(&counted)
    });
    assert!(
        status_row(&screen).contains(&format!("第 2/{n} 篇")),
        "{screen}"
    );
    assert_eq!(
        list_mark(&screen, &first),
        Some('•'),
        "passed over: unread\n{screen}"
    );
    assert_eq!(list_mark(&screen, &second), Some('▶'), "{screen}");
    // On to the third: the second now shows as read, the first is still unread.
    t.send(&["]"]);
    let screen = t.wait_for("the third article", |s| {
        status_row(s).contains(&format!("第 3/{n} 篇"))
    });
    assert_eq!(list_mark(&screen, &second), Some(' '), "read: {screen}");
    assert_eq!(list_mark(&screen, &first), Some('•'), "{screen}");
}

/// Space at the end of an article opens the next unread one (as in newsboat, mutt,
/// slrn), skipping one already read.
#[test]
fn space_at_the_end_runs_on_to_the_next_unread_article() {
    if !tmux_available() {
        return;
    }
    let (w, h) = (100, 30);
    let app = common::bundled_app(w, h, AmbiguousWidth::Narrow);
    let n = common::article_count(&app, NEWEST);
    let long = scrollable_article(w, h);
    assert!(long + 2 < n, "two articles after it");
    let t = Tmux::start(&["--ambiguous-width", "narrow"], w, h);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    // The article after the long one is read already (r), so Space skips it.
    t.send(&open_keys(long + 1));
    t.wait_for("the article after", |s| {
        status_row(s).contains(&format!("第 {}/{n} 篇", long + 2))
    });
    t.send(&["r", "["]);
    let here = format!("第 {}/{n} 篇", long + 1);
    t.wait_for("the long article", |s| status_row(s).contains(&here));
    let mut presses = 0;
    let mut before = t.capture();
    let screen = loop {
        // One Space at a time, each waited for: the status changes with every page.
        t.send(&["Space"]);
        presses += 1;
        let was = status_row(&before).to_owned();
        let screen = t.wait_for("Space to act", |s| status_row(s) != was);
        if !status_row(&screen).contains(&here) {
            break screen;
        }
        assert!(presses < 50, "Space never left the article: {screen}");
        before = screen;
    };
    let next = format!("第 {}/{n} 篇", long + 3);
    assert!(
        status_row(&screen).contains(&next),
        "skipped the read one: {screen}"
    );
    let head: String = common::title(&app, at(NEWEST, long + 2))
        .chars()
        .take(6)
        .collect();
    assert!(screen.contains(&head), "its headline on screen: {screen}");
    assert!(presses >= 2, "it paged before it moved on");
}

/// V: the issue in $PAGER at the article's first line; keys typed there are the
/// pager's, and zzread has the terminal back when it ends.
#[test]
fn capital_v_opens_the_pager_at_the_article_and_comes_back() {
    if !tmux_available()
        || std::process::Command::new("less")
            .arg("--version")
            .output()
            .is_err()
    {
        return;
    }
    let (w, h) = (100, 30);
    let app = common::bundled_app(w, h, AmbiguousWidth::Narrow);
    let article = scrollable_article(w, h);
    let lines = app.article(at(NEWEST, article)).expect("article").lines;
    let seed = include_str!("../seeds/004_32f8abd5096c7909.txt");
    let first_line: String = seed
        .lines()
        .nth(lines[0] as usize - 1)
        .expect("the line")
        .trim()
        .chars()
        .take(8)
        .collect();
    let home = tempfile::tempdir().expect("tempdir");
    let script = format!(
        "XDG_STATE_HOME={s} XDG_CONFIG_HOME={s} PAGER=less LESS= {bin} --ambiguous-width narrow; \
         echo {EXIT_MARK}$?; echo ZZ_RAW=; exec sleep 600",
        s = sh_quote(&home.path().display().to_string()),
        bin = sh_quote(BIN)
    );
    let t = Tmux::start_script(&script, w, h);
    t.wait_for("the bundled issues", |s| loaded(s, &app));
    t.send(&open_keys(article));
    let position = format!("第 {}/", article + 1);
    t.wait_for("the article", |s| status_row(s).contains(&position));
    t.send(&["V"]);
    let screen = t.wait_for("less at the article's first line", |s| {
        s.lines().next().is_some_and(|l| l.contains(&first_line)) && !s.contains(&position)
    });
    assert!(
        !screen.contains("株洲日报 ·"),
        "the reader gave the screen away"
    );
    // Keys in the pager are the pager's: zzread does not scroll.
    t.send(&["j", "j", "G", "q"]);
    let screen = t.wait_for("the reader back", |s| status_row(s).contains(&position));
    assert!(
        status_row(&screen).contains(" 0%"),
        "zzread did not see the pager's keys: {screen}"
    );
    // And zzread reads its keys again.
    t.send(&["G"]);
    t.wait_for("keys reach zzread again", |s| {
        status_row(s).contains("100%")
    });
}
