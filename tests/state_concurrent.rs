//! "Two windows never lose each other's state": two and three processes save their
//! changes to the same state file at the same time, on the same archive and on
//! different ones, each save a separate lock–re-read–merge–write. Afterwards every read
//! mark, bookmark and search of every process is there, what a process unmarked stays
//! unmarked, and an archive no process touched is exactly as it was.
//!
//! The processes are this same test binary, re-executed with `CHILD_ENV` set so that
//! `window_child` plays a reader window instead of returning at once.
#![allow(clippy::unwrap_used)]

// Named `state` so that `cargo test state::` runs it with the other state tests.
mod state {
    use std::collections::BTreeSet;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use zzread::state::{ArchiveState, Bookmark, Changes, Position, State, apply, load, save};

    /// Set in the child: the state directory.
    const CHILD_ENV: &str = "ZZREAD_STATE_WINDOW_DIR";
    /// Set in the child: the archive key and the window's number.
    const KEY_ENV: &str = "ZZREAD_STATE_WINDOW_KEY";
    const WINDOW_ENV: &str = "ZZREAD_STATE_WINDOW_N";
    /// Saves per window.
    const ROUNDS: usize = 30;
    /// Created by the parent once every window is running, so that they save at once.
    const GO: &str = "go";
    /// Read before any window starts, and unmarked by window 0 only.
    const UNMARKED: &str = "seed#1";
    /// An archive no window touches: large, so that saves take long enough to overlap.
    const UNTOUCHED: &str = "/srv/untouched";

    fn bookmark(article: String, block: usize) -> Bookmark {
        Bookmark {
            title: format!("标题 {article}"),
            article,
            block,
            byte: 3,
            added: "2026-11-24T03:58:00Z".into(),
        }
    }

    /// The changes window `w` saves in round `r`: marks, a bookmark, a position and a
    /// search; every fourth round it also takes back the previous round's mark and
    /// bookmark, and window 0 unmarks what was read before any window started.
    fn round(w: usize, r: usize) -> Changes {
        let mut c = Changes::new();
        c.mark_read(format!("w{w}-{r}#1"));
        c.mark_read(format!("shared#{}", w * 1000 + r));
        c.set_bookmark(bookmark(format!("w{w}#{r}"), r));
        if r % 4 == 3 {
            c.unmark_read(format!("w{w}-{}#1", r - 1));
            c.remove_bookmark(format!("w{w}#{}", r - 1));
        }
        if w == 0 && r == 5 {
            c.unmark_read(UNMARKED);
        }
        c.set_last(Position {
            article: format!("w{w}-{r}#1"),
            block: r,
            byte: w,
        });
        c.searched(format!("w{w} 查询 {r}"));
        c
    }

    /// The child role; a no-op in a normal test run.
    #[test]
    fn window_child() {
        let Some(dir) = std::env::var_os(CHILD_ENV) else {
            return;
        };
        let dir = Path::new(&dir);
        let key = std::env::var(KEY_ENV).unwrap();
        let w: usize = std::env::var(WINDOW_ENV).unwrap().parse().unwrap();
        // Like the reader: load once at start…
        let mut shown = load(dir).state.archive(&key).clone();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !dir.join(GO).exists() {
            assert!(Instant::now() < deadline, "never told to go");
            std::thread::sleep(Duration::from_millis(1));
        }
        // …then save each change as it happens, showing what the merge returns.
        for r in 0..ROUNDS {
            let changes = round(w, r);
            changes.apply_to(&mut shown);
            shown = apply(dir, &key, &changes).unwrap().archive;
        }
    }

    fn spawn(dir: &Path, key: &str, w: usize) -> Child {
        Command::new(std::env::current_exe().unwrap())
            .args([
                "state::window_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir)
            .env(KEY_ENV, key)
            .env(WINDOW_ENV, w.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap()
    }

    /// What is on disk before the windows start: one mark on each archive they will
    /// use, and a big archive none of them touches.
    fn seed(dir: &Path, keys: &[&str]) -> State {
        let mut state = State::default();
        for key in keys {
            state.archive(key).read.insert(UNMARKED);
        }
        let untouched = state.archive(UNTOUCHED);
        untouched.read = (0..20_000)
            .map(|i| format!("2023-{:02}-{:02}#{}", i % 12 + 1, i % 28 + 1, i))
            .collect();
        untouched.bookmarks.push(bookmark("2023-01-01#1".into(), 0));
        save(dir, &state).unwrap();
        state
    }

    /// Runs one window per key (a key given twice is two windows on one archive) and
    /// checks that the state holds all of their changes.
    fn run(keys: &[&str]) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("zzread");
        let before = seed(&dir, keys);
        let mut children: Vec<Child> = keys
            .iter()
            .enumerate()
            .map(|(w, key)| spawn(&dir, key, w))
            .collect();
        std::fs::write(dir.join(GO), "").unwrap();
        for child in &mut children {
            assert!(child.wait().unwrap().success());
        }
        std::fs::remove_file(dir.join(GO)).unwrap();

        let loaded = load(&dir);
        assert_eq!(loaded.warning, None);
        let mut state = loaded.state;
        assert_eq!(
            state.archives.remove(UNTOUCHED).as_ref(),
            before.archives.get(UNTOUCHED),
            "an archive nobody touched is as it was"
        );
        let distinct: BTreeSet<&str> = keys.iter().copied().collect();
        assert_eq!(state.archives.len(), distinct.len());
        for key in distinct {
            let windows: Vec<usize> = (0..keys.len()).filter(|&w| keys[w] == key).collect();
            check(key, state.archive(key), &windows);
        }
    }

    /// `got` holds exactly what `windows` did, each on its own, replayed in order.
    fn check(key: &str, got: &ArchiveState, windows: &[usize]) {
        let mut expected = ArchiveState::default();
        expected.read.insert(UNMARKED);
        let mut lasts = Vec::new();
        for &w in windows {
            let mut alone = ArchiveState::default();
            alone.read.insert(UNMARKED);
            for r in 0..ROUNDS {
                round(w, r).apply_to(&mut alone);
            }
            // Windows touch disjoint ids, except the seed mark only window 0 unmarks.
            for id in alone.read.iter() {
                expected.read.insert(id);
            }
            if windows.contains(&0) {
                expected.read.remove(UNMARKED);
            }
            expected.bookmarks.extend(alone.bookmarks);
            expected.history.extend(alone.history);
            lasts.extend(alone.last);
        }
        assert_eq!(got.read, expected.read, "{key}: read marks");
        let articles = |s: &ArchiveState| -> BTreeSet<(String, usize)> {
            s.bookmarks
                .iter()
                .map(|b| (b.article.clone(), b.block))
                .collect()
        };
        assert_eq!(articles(got), articles(&expected), "{key}: bookmarks");
        let queries =
            |s: &ArchiveState| -> BTreeSet<String> { s.history.iter().cloned().collect() };
        assert_eq!(queries(got), queries(&expected), "{key}: search history");
        assert!(
            got.last.as_ref().is_some_and(|l| lasts.contains(l)),
            "{key}: the last position is one window's last"
        );
        // Each window's own saves kept their order in the shared history.
        for &w in windows {
            let own: Vec<&String> = got
                .history
                .iter()
                .filter(|q| q.starts_with(&format!("w{w} ")))
                .collect();
            assert_eq!(own.len(), ROUNDS, "{key}: window {w}'s searches");
            assert!(
                own.windows(2)
                    .all(|p| query_round(p[0]) < query_round(p[1]))
            );
        }
    }

    fn query_round(q: &str) -> usize {
        q.rsplit(' ').next().unwrap().parse().unwrap()
    }

    #[test]
    fn two_windows_on_one_archive_keep_all_their_changes() {
        run(&["/srv/zzrb", "/srv/zzrb"]);
    }

    #[test]
    fn three_windows_on_one_archive_keep_all_their_changes() {
        run(&["/srv/zzrb", "/srv/zzrb", "/srv/zzrb"]);
    }

    #[test]
    fn three_windows_on_different_archives_keep_all_their_changes() {
        run(&["/srv/a", "/srv/b", "bundled"]);
    }

    #[test]
    fn two_windows_on_one_archive_and_one_on_another() {
        run(&["/srv/zzrb", "bundled", "/srv/zzrb"]);
    }
}
