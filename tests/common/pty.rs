//! A pseudo-terminal for end-to-end tests of the real binary that tmux cannot do: the
//! pty is not the child's controlling terminal (closing it sends no SIGHUP), and every
//! byte the child writes is kept for inspection, besides the screen it draws.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;

/// The master end of a pty, owned by a thread that drains zzread's output into a
/// screen (so zzread never blocks writing) and writes keys; closing it closes the
/// terminal.
pub struct Pty {
    keys: Sender<Option<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Every byte zzread wrote, as written.
    raw: Arc<Mutex<Vec<u8>>>,
    closed: Receiver<()>,
}

impl Pty {
    /// A new pty and its slave end, opened without making it anyone's controlling
    /// terminal.
    pub fn open() -> (Pty, File) {
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
        let raw = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&raw);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match master.read(&mut buf) {
                    Ok(n) if n > 0 => {
                        if let Ok(mut s) = shown.lock() {
                            s.process(&buf[..n]);
                        }
                        if let Ok(mut r) = recorded.lock() {
                            r.extend_from_slice(&buf[..n]);
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
                raw,
                closed,
            },
            File::from(slave),
        )
    }

    pub fn send(&self, bytes: &[u8]) {
        self.keys
            .send(Some(bytes.to_vec()))
            .expect("pty thread alive");
    }

    pub fn contents(&self) -> String {
        self.screen
            .lock()
            .map(|s| s.screen().contents())
            .unwrap_or_default()
    }

    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
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

    /// Every byte written to the terminal so far.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Closes the master end; returns when it is closed.
    pub fn close(self) {
        let _ = self.keys.send(None);
        let _ = self.closed.recv_timeout(Duration::from_secs(5));
    }
}

/// Starts `command` on the pty's slave end (its stdin, stdout and stderr).
pub fn spawn(slave: &File, mut command: std::process::Command) -> std::process::Child {
    use std::process::Stdio;
    let io = || Stdio::from(slave.try_clone().expect("dup slave"));
    command
        .env("TERM", "xterm-256color")
        .stdin(io())
        .stdout(io())
        .stderr(io())
        .spawn()
        .expect("the program starts")
}
