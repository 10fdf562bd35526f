//! The terminal going away under zzread without a SIGHUP (a terminal emulator that
//! crashes, a torn-down ssh session, `nohup`): the real binary runs on a pseudo-
//! terminal that is not its controlling terminal, so closing the master end sends no
//! signal. In every mode zzread must notice, save, and be gone within the second,
//! with a non-zero status and neither a panic nor a signal; the state it saved must
//! resume the article that was open.

mod common;

use common::pty::{COLS, Pty, ROWS};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

/// zzread on `args` in a fresh pty, with private state and config (and narrow
/// ambiguous widths unless `args` says otherwise: the test terminal answers no probe).
fn start(state: &Path, args: &[&str]) -> (Pty, Child) {
    let (pty, slave) = Pty::open();
    let amb: &[&str] = if args.contains(&"--ambiguous-width") {
        &[]
    } else {
        &["--ambiguous-width", "narrow"]
    };
    let mut command = common::zzread();
    command
        .args(amb)
        .args(args)
        .env("XDG_STATE_HOME", state)
        .env("XDG_CONFIG_HOME", state.join("config"));
    let child = common::pty::spawn(&slave, command);
    drop(slave);
    (pty, child)
}

/// Closes the terminal and checks how zzread went: gone within the second, a non-zero
/// exit status that is neither a signal nor a panic. Returns the time it took.
fn close_and_check(pty: Pty, mut child: Child, mode: &str) -> Duration {
    let start = Instant::now();
    pty.close();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(1) {
            let _ = child.kill();
            panic!("{mode}: zzread still running a second after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    assert_eq!(
        status.signal(),
        None,
        "{mode}: ended by a signal: {status:?}"
    );
    assert_ne!(
        status.code(),
        Some(0),
        "{mode}: a lost terminal is not success"
    );
    assert_ne!(status.code(), Some(101), "{mode}: panicked");
    eprintln!(
        "{mode}: exit status {status}, gone {} ms after the close",
        took.as_millis()
    );
    took
}

/// The article the state file says to resume, for `key`'s archive.
fn resumes(state: &Path, key: &str) -> Option<String> {
    let mut loaded = zzread::state::load(&state.join("zzread")).state;
    loaded.archive(key).last.clone().map(|p| p.article)
}

/// The id of the n-th article of the newest bundled issue (the one listed first).
fn bundled_id(n: usize) -> String {
    let app = common::bundled_app(COLS, ROWS, zzread::text::AmbiguousWidth::Narrow);
    app.article_id(common::at(common::NEWEST, n))
        .expect("id")
        .to_owned()
}

/// Every bundled issue listed and parsed (keys sent earlier would land on issue rows).
fn loaded(screen: &str) -> bool {
    let app = common::bundled_app(COLS, ROWS, zzread::text::AmbiguousWidth::Narrow);
    screen.contains(&format!("5 期 · {} 篇", app.corpus.len())) && !screen.contains("索引")
}

/// Opens the second article of the newest issue (`j` then Enter: the cursor starts
/// on its first article).
fn open_second(pty: &Pty) {
    pty.wait_for("the bundled issues", loaded);
    pty.send(b"j\r");
    pty.wait_for("the article", |s| s.contains("第 2/"));
}

#[test]
fn closing_the_terminal_saves_and_exits_within_the_second_in_every_mode() {
    let second = bundled_id(1);
    type Setup = fn(&Pty);
    let modes: [(&str, Setup, bool); 5] = [
        ("list", |p| p.wait_for("the bundled issues", loaded), false),
        ("reader", |p| open_second(p), true),
        (
            "search prompt",
            |p| {
                open_second(p);
                p.send("/医".as_bytes());
                p.wait_for("results", |s| s.contains("/医") && s.contains(" 处"));
            },
            false,
        ),
        (
            "help",
            |p| {
                open_second(p);
                p.send(b"?");
                p.wait_for("the help", |s| s.contains("按键"));
            },
            true,
        ),
        (
            "bookmark list",
            |p| {
                open_second(p);
                p.send(b"m'");
                p.wait_for("the bookmark list", |s| s.contains("书签（"));
            },
            true,
        ),
    ];
    for (mode, setup, resumes_second) in modes {
        let state = tempfile::tempdir().expect("tempdir");
        let (pty, child) = start(state.path(), &[]);
        setup(&pty);
        close_and_check(pty, child, mode);
        if resumes_second {
            assert_eq!(
                resumes(state.path(), "bundled"),
                Some(second.clone()),
                "{mode}: a new reader resumes the open article"
            );
        }
    }
}

#[test]
fn closing_the_terminal_during_loading_and_indexing_saves_and_exits() {
    // Large enough that the debug build is still indexing when the terminal closes.
    let archive = tempfile::tempdir().expect("tempdir");
    let seeds: Vec<String> = zzread::load::bundled()
        .iter()
        .filter_map(|s| s.read().ok())
        .map(|d| d.text)
        .collect();
    for k in 0..3_000 {
        let text = zzread::synth::issue_text_from(&seeds, k);
        std::fs::write(archive.path().join(zzread::synth::issue_name(k)), text).expect("write");
    }
    let state = tempfile::tempdir().expect("tempdir");
    let dir = archive.path().to_path_buf();
    let (pty, child) = start(state.path(), &[dir.to_str().expect("utf-8 path")]);
    // The first issue's headlines are in; open its first article while the rest load.
    pty.wait_for("the first issue", |s| s.contains("索引") && s.contains('▸'));
    pty.send(b"\rj\r");
    pty.wait_for("an article open while indexing", |s| {
        s.contains("第 1/") && s.contains("索引")
    });
    close_and_check(pty, child, "loading");
    let key = zzread::state::archive_key(&[dir]);
    let opened = resumes(state.path(), &key).expect("a position was saved");
    assert!(opened.ends_with("#1"), "{opened}");
}

/// Regression: a terminal closed while zzread was starting (taking the terminal,
/// probing it, loading) killed it with SIGABRT, losing what it was about to save.
#[test]
fn closing_the_terminal_during_start_up_never_aborts() {
    for delay_ms in [0u64, 2, 5, 10, 20, 40, 80] {
        let state = tempfile::tempdir().expect("tempdir");
        // The probe too: `auto` asks the terminal, which will never answer.
        let (pty, child) = start(state.path(), &["--ambiguous-width", "auto"]);
        std::thread::sleep(Duration::from_millis(delay_ms));
        close_and_check(pty, child, &format!("start-up + {delay_ms} ms"));
    }
}
