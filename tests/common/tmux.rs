//! A tmux server of our own, for end-to-end tests of the real binary: start it in a
//! session of a given size, send keys, read the pane back, learn how it exited.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_zzread");
pub const DEADLINE: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(40);
/// Printed by the session's shell after zzread exits.
pub const EXIT_MARK: &str = "ZZ_EXIT=";

/// Whether tmux can run here. Without it the suite fails under CI (which installs
/// tmux) and is skipped, loudly, elsewhere.
pub fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "tmux is required for the end-to-end tests under CI (`tmux -V` failed)"
        );
        // Past the test harness's capture, so the skip is seen even when tests pass.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: tmux is not installed (`tmux -V` failed); end-to-end test not run"
        );
    }
    ok
}

/// Single-quotes a string for /bin/sh.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A tmux server of our own with one session running zzread under /bin/sh.
pub struct Tmux {
    socket: String,
    /// The socket file, removed on drop (kill-server leaves it behind).
    socket_path: Option<String>,
    /// A private home for zzread's state and config: tests never read or write the
    /// user's, and never resume each other's sessions.
    _home: Option<tempfile::TempDir>,
}

impl Tmux {
    /// Starts `zzread args…` in a `w`×`h` session; after it exits the shell prints its
    /// exit status and whether the tty was left in raw mode, then waits to be killed.
    pub fn start(args: &[&str], w: u16, h: u16) -> Tmux {
        let home = tempfile::tempdir().expect("tempdir");
        let mut script = format!(
            "XDG_STATE_HOME={} XDG_CONFIG_HOME={} XDG_CACHE_HOME={} ",
            sh_quote(&home.path().join("state").display().to_string()),
            sh_quote(&home.path().join("config").display().to_string()),
            sh_quote(&home.path().join("cache").display().to_string())
        );
        script.push_str(
            &std::iter::once(BIN)
                .chain(args.iter().copied())
                .map(sh_quote)
                .collect::<Vec<_>>()
                .join(" "),
        );
        script.push_str(&format!(
            "; echo {EXIT_MARK}$?; \
             echo ZZ_RAW=[$(stty -a | tr -s ' ;' '\\n\\n' | grep -x -e -icanon -e -echo | tr '\\n' ' ')]; \
             exec sleep 600"
        ));
        let mut t = Tmux::start_script(&script, w, h);
        t._home = Some(home);
        t
    }

    /// Runs a /bin/sh script in a new `w`×`h` session on a private server.
    pub fn start_script(script: &str, w: u16, h: u16) -> Tmux {
        static N: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "zzread-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut tmux = Tmux {
            socket,
            socket_path: None,
            _home: None,
        };
        let (w, h) = (w.to_string(), h.to_string());
        // set-clipboard on: an OSC 52 that got through would create a tmux buffer.
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "zz",
            "-x",
            &w,
            "-y",
            &h,
            "--",
            "/bin/sh",
            "-c",
            script,
            ";",
            "set-option",
            "-g",
            "set-clipboard",
            "on",
        ]);
        tmux.socket_path = Some(tmux.display("#{socket_path}"));
        tmux
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-L", &self.socket, "-f", "/dev/null"])
            .env_remove("TMUX")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.command().args(args).output().expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn capture(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", "zz"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn display(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", "zz", format]);
        String::from_utf8_lossy(&out.stdout).trim_end().to_string()
    }

    /// Sends tmux key names (`j`, `Enter`, `NPage`, `q`), one key per argument.
    pub fn send(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "zz", k]);
        }
    }

    /// Sends tmux key names in one `send-keys`: they reach the terminal together (as a
    /// fast typist's would), so nothing that waits for a moment happens between them.
    pub fn send_together(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "zz"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Polls the pane until `ready` holds; fails with the last screen after the
    /// deadline, or at once if zzread has already exited.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.wait_within(DEADLINE, what, ready)
    }

    /// [`Tmux::wait_for`] with its own deadline.
    pub fn wait_within(
        &self,
        deadline: Duration,
        what: &str,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ready(&screen) {
                return screen;
            }
            let exited = screen.contains(EXIT_MARK);
            if exited || start.elapsed() > deadline {
                panic!(
                    "waiting for {what}: {}; the pane shows:\n{screen}",
                    if exited { "zzread exited" } else { "timed out" }
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits for zzread to exit and returns the pane (the shell's report included).
    pub fn wait_for_exit(&self) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if screen.contains("ZZ_RAW=") {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "zzread did not exit; the pane shows:\n{screen}"
            );
            std::thread::sleep(POLL);
        }
    }

    /// Screen rows with trailing spaces trimmed (capture-pane already trims them; this
    /// makes the comparison independent of that).
    pub fn rows(&self) -> Vec<String> {
        self.capture()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The status bar (last row of the screen).
pub fn status_row(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}
