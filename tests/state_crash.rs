//! "kill -9 at any moment never corrupts it": a child process saves a large state in a
//! tight loop, alternating between two valid states, and is killed with SIGKILL
//! (`Child::kill`) at random moments. After every kill `state::load` must return one of
//! the two states, with no warning; at most the killed child's own temporary file may
//! be left over, and the next save (by a later process) removes it.
//!
//! The child is this same test binary, re-executed with `CHILD_ENV` set so that
//! `crash_child` does the saving instead of returning at once.
#![allow(clippy::unwrap_used)]

// In a module named `state` so that `cargo test --lib state:: --test state_crash` (one
// name filter for both targets) runs it.
mod state {

    use std::io::{BufRead, BufReader};
    use std::path::Path;
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    use zzread::state::{Bookmark, Loaded, Position, State, load, save};

    /// Set in the child: the state directory to save into.
    const CHILD_ENV: &str = "ZZREAD_STATE_CRASH_DIR";
    /// Set in the child: `loop` (save A, B, A, … until killed) or `once` (save A, exit).
    const MODE_ENV: &str = "ZZREAD_STATE_CRASH_MODE";
    /// Printed by the child once its first save is complete (libtest may put it after
    /// its own "test … " on the same line).
    const READY: &str = "ZZREAD_STATE_CRASH_READY";
    const KILLS: usize = 30;

    /// Two different valid states, large enough (20,000 read ids, ~0.5 MB of JSON) that a
    /// save takes long enough to be killed half-way through.
    fn states() -> (State, State) {
        let make = |tag: &str, n: usize| {
            let mut s = State::default();
            let a = s.archive("/srv/zzrb");
            a.read = (0..n)
                .map(|i| format!("{tag}-2023-{:02}-{:02}#{i}", i % 12 + 1, i % 28 + 1))
                .collect();
            a.last = Some(Position {
                article: format!("{tag}#7"),
                block: n % 13,
                byte: n % 101,
            });
            a.bookmarks = (0..50)
                .map(|i| Bookmark {
                    article: format!("{tag}#{i}"),
                    title: format!("株洲日报 第{i}篇"),
                    block: i,
                    byte: i * 3,
                    added: "2026-11-24T03:58:00Z".into(),
                })
                .collect();
            s.archive("bundled").read.insert(format!("{tag}#0"));
            s
        };
        (make("a", 20_000), make("b", 20_001))
    }

    /// The child role; a no-op in a normal test run.
    #[test]
    fn crash_child() {
        let Some(dir) = std::env::var_os(CHILD_ENV) else {
            return;
        };
        let dir = Path::new(&dir);
        let (a, b) = states();
        save(dir, &a).unwrap();
        if std::env::var(MODE_ENV).as_deref() == Ok("once") {
            return;
        }
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{READY}").unwrap();
            out.flush().unwrap();
        }
        loop {
            save(dir, &b).unwrap();
            save(dir, &a).unwrap();
        }
    }

    fn spawn(dir: &Path, mode: &str) -> std::process::Child {
        Command::new(std::env::current_exe().unwrap())
            .args([
                "state::crash_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir)
            .env(MODE_ENV, mode)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap()
    }

    fn temp_files(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("state.json.") && n != "state.json")
            .collect()
    }

    /// xorshift64*: enough randomness for kill delays without a crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
    }

    #[test]
    fn kill_at_any_moment_never_corrupts_state() {
        let started = Instant::now();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("zzread");
        let (a, b) = states();
        let seed = std::env::var("ZZREAD_STATE_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("state_crash seed {seed} (set ZZREAD_STATE_CRASH_SEED to repeat)");
        let mut rng = Rng(seed);
        let (mut saw_a, mut saw_b, mut mid_save) = (0, 0, 0);

        for round in 0..KILLS {
            let mut child = spawn(&dir, "loop");
            let pid = child.id();
            // Wait for the first complete save, so the kill lands in the save loop and not
            // in process start-up, and so this child has already cleaned up after the last.
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let ready = BufReader::new(stdout)
                    .lines()
                    .map_while(Result::ok)
                    .any(|l| l.contains(READY));
                let _ = tx.send(ready);
            });
            let ready = rx.recv_timeout(Duration::from_secs(10)).unwrap_or(false);
            if !ready {
                let _ = child.kill();
                panic!(
                    "round {round}: child {pid} never got ready: {:?}",
                    child.wait()
                );
            }
            std::thread::sleep(Duration::from_millis(1 + rng.next() % 50));
            assert!(
                child.try_wait().unwrap().is_none(),
                "round {round}: child died on its own"
            );
            child.kill().unwrap();
            child.wait().unwrap();

            let loaded = load(&dir);
            assert_eq!(loaded.warning, None, "round {round}");
            if loaded.state == a {
                saw_a += 1;
            } else if loaded.state == b {
                saw_b += 1;
            } else {
                panic!("round {round}: loaded a state that was never saved");
            }
            // Only the killed child's own temporary file may be left: every earlier one was
            // removed by the first save of the child after it.
            let leftovers = temp_files(&dir);
            assert!(leftovers.len() <= 1, "round {round}: {leftovers:?}");
            if let Some(name) = leftovers.first() {
                assert!(
                    name.starts_with(&format!("state.json.tmp-{pid}-")),
                    "round {round}: {name}"
                );
                mid_save += 1;
            }
        }

        // The next save, by a later process, cleans up; a clean exit leaves nothing behind.
        let mut child = spawn(&dir, "once");
        assert!(child.wait().unwrap().success());
        assert_eq!(temp_files(&dir), Vec::<String>::new());
        assert_eq!(
            load(&dir),
            Loaded {
                state: a,
                warning: None
            }
        );

        eprintln!(
            "state_crash: {KILLS} kills, {saw_a}× state A, {saw_b}× state B, {mid_save} left a temp file, {:.1?}",
            started.elapsed()
        );
    }
}
