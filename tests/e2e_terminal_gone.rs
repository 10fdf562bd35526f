//! The terminal going away under zzread without a SIGHUP (a terminal emulator that
//! crashes, a torn-down ssh session, `nohup`): the real binary runs on a pseudo-
//! terminal that is not its controlling terminal, so closing the master end sends no
//! signal. In every mode zzread must notice, save, and be gone within the second,
//! with a non-zero status and neither a panic nor a signal; the state it saved must
//! resume the article that was open.

mod common;

use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_zzread");
const ROWS: u16 = 30;
const COLS: u16 = 100;

/// The master end of a pty, owned by a thread that drains zzread's output into a
/// screen (so zzread never blocks writing) and writes keys; closing it closes the
/// terminal.
struct Pty {
    keys: Sender<Option<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    closed: Receiver<()>,
}

impl Pty {
    /// A new pty and its slave end, opened without making it anyone's controlling
    /// terminal.
    fn open() -> (Pty, File) {
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        // Close-on-exec: a zzread started by a test running alongside must not inherit
        // this terminal's ends and keep it from hanging up.
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        rustix::termios::tcsetwinsize(
            &master,
            rustix::termios::Winsize {
                ws_row: ROWS,
                ws_col: COLS,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .expect("window size");
        let slave = rustix::fs::open(
            Path::new(name.to_str().expect("utf-8 name")),
            rustix::fs::OFlags::RDWR | rustix::fs::OFlags::NOCTTY | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )
        .expect("open slave");
        rustix::io::ioctl_fionbio(&master, true).expect("non-blocking master");
        let mut master = File::from(master);
        let (keys, key_rx) = channel::<Option<Vec<u8>>>();
        let (closed_tx, closed) = channel();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let shown = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match master.read(&mut buf) {
                    Ok(n) if n > 0 => {
                        if let Ok(mut s) = shown.lock() {
                            s.process(&buf[..n]);
                        }
                        continue;
                    }
                    _ => {}
                }
                match key_rx.try_recv() {
                    Ok(Some(bytes)) => {
                        let _ = master.write_all(&bytes);
                    }
                    // Close: dropping the only master handle hangs the terminal up.
                    Ok(None) | Err(TryRecvError::Disconnected) => break,
                    Err(TryRecvError::Empty) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
            drop(master);
            let _ = closed_tx.send(());
        });
        (
            Pty {
                keys,
                screen,
                closed,
            },
            File::from(slave),
        )
    }

    fn send(&self, bytes: &[u8]) {
        self.keys
            .send(Some(bytes.to_vec()))
            .expect("pty thread alive");
    }

    fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|s| s.screen().contents())
            .unwrap_or_default()
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.contents();
            if ready(&screen) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waiting for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the master end; returns when it is closed.
    fn close(self) {
        let _ = self.keys.send(None);
        let _ = self.closed.recv_timeout(Duration::from_secs(5));
    }
}

/// zzread on `args` in a fresh pty, with private state and config (and narrow
/// ambiguous widths unless `args` says otherwise: the test terminal answers no probe).
fn start(state: &Path, args: &[&str]) -> (Pty, Child) {
    let (pty, slave) = Pty::open();
    let io = |f: &File| Stdio::from(f.try_clone().expect("dup slave"));
    let amb: &[&str] = if args.contains(&"--ambiguous-width") {
        &[]
    } else {
        &["--ambiguous-width", "narrow"]
    };
    let child = Command::new(BIN)
        .args(amb)
        .args(args)
        .env("XDG_STATE_HOME", state)
        .env("XDG_CONFIG_HOME", state.join("config"))
        .env("TERM", "xterm-256color")
        .stdin(io(&slave))
        .stdout(io(&slave))
        .stderr(io(&slave))
        .spawn()
        .expect("zzread starts");
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

/// The id of the n-th article of the first bundled issue.
fn bundled_id(n: usize) -> String {
    let app = common::bundled_app(COLS, ROWS, zzread::text::AmbiguousWidth::Narrow);
    app.article_id(common::at(0, n)).expect("id").to_owned()
}

/// Every bundled issue listed and parsed (keys sent earlier would land on issue rows).
fn loaded(screen: &str) -> bool {
    let app = common::bundled_app(COLS, ROWS, zzread::text::AmbiguousWidth::Narrow);
    screen.contains(&format!("5 期 · {} 篇", app.corpus.len())) && !screen.contains("索引")
}

/// Opens the second article of the first issue (`jj` then Enter from the top).
fn open_second(pty: &Pty) {
    pty.wait_for("the bundled issues", loaded);
    pty.send(b"jj\r");
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
