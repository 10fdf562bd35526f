//! What zzread remembers between runs: where you were, what you have read, bookmarks.
//!
//! Stored as one JSON file, `state.json`, under `$XDG_STATE_HOME/zzread/` (or
//! `$HOME/.local/state/zzread/`). zzread never writes inside an archive, so this is the
//! only place it writes at all.
//!
//! Two promises, both tested:
//!
//! - **A crash never corrupts it.** [`save`] writes a complete new file under a unique
//!   temporary name in the same directory, fsyncs it, renames it over `state.json` and
//!   fsyncs the directory. A rename within one directory is atomic, so `state.json` is
//!   always either the old or the new complete file, whatever moment the process dies
//!   (`tests/state_crash.rs` kills a saving process with SIGKILL at random moments).
//! - **A bad file never loses data and never stops the reader.** [`load`] moves an
//!   unreadable, corrupt or foreign file aside to `state.json.corrupt-<timestamp>` (it is
//!   never deleted), starts from an empty state and returns a one-line warning.
//!
//! A process killed mid-save leaves its temporary file behind
//! (`state.json.tmp-<pid>-<n>`). The next [`save`] of a later run removes such strays:
//! any `state.json.tmp-*` of another process whose modification time is before this
//! process first touched the state (see [`run_start`]). A temporary file of a
//! zzread running at the same time is newer than that, so it is left alone; in the
//! unlikely case one is removed anyway, that other process's rename fails and its
//! `save` returns an error: nothing is corrupted.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The on-disk format version this build reads and writes.
pub const VERSION: u32 = 1;

/// The state file's name inside [`dir`].
pub const FILE_NAME: &str = "state.json";

/// Prefix of the temporary files [`save`] writes before renaming them into place.
const TMP_PREFIX: &str = "state.json.tmp-";

/// Everything remembered, per archive.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Always [`VERSION`]; a file with another version is not ours to interpret.
    pub version: u32,
    /// Keyed by [`archive_key`].
    pub archives: BTreeMap<String, ArchiveState>,
}

// Not derived: a derived `Default` would give version 0, which `load` rejects.
impl Default for State {
    fn default() -> Self {
        State {
            version: VERSION,
            archives: BTreeMap::new(),
        }
    }
}

impl State {
    /// The state of one archive, created empty on first use.
    pub fn archive(&mut self, key: &str) -> &mut ArchiveState {
        self.archives.entry(key.to_owned()).or_default()
    }
}

/// What is remembered about one archive. Articles are named by their ids (`ISSUE#N`),
/// which stay the same across runs.
#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq, Eq)]
pub struct ArchiveState {
    /// Where the reader was.
    pub last: Option<Position>,
    /// Ids of the articles read.
    pub read: BTreeSet<String>,
    /// In the order added.
    pub bookmarks: Vec<Bookmark>,
}

/// A place in an article. A text position (block, byte offset in the block), not a line
/// number, so it survives a different terminal width.
#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub article: String,
    pub block: usize,
    pub byte: usize,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    pub article: String,
    /// The title when bookmarked, so the list reads well before the issue has loaded.
    pub title: String,
    pub block: usize,
    pub byte: usize,
    /// When it was added, UTC, RFC 3339 (`2026-11-24T03:58:00Z`); see [`now_utc`].
    pub added: String,
}

/// A stable key for "the same archive": the canonical paths, sorted, deduplicated and
/// joined with `\n` (a character real paths do not contain), so `zzread b a`,
/// `zzread ./a b` and `zzread /abs/a /abs/b` share their state. No paths means the
/// bundled sample issues: `"bundled"`.
///
/// A path that cannot be canonicalized (it does not exist) is used as given, minus `.`
/// components, so `./x` and `x` still agree.
pub fn archive_key(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "bundled".to_owned();
    }
    let mut keys: Vec<String> = paths
        .iter()
        .map(|p| {
            let p = fs::canonicalize(p)
                .unwrap_or_else(|_| p.components().filter(|c| *c != Component::CurDir).collect());
            p.to_string_lossy().into_owned()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys.join("\n")
}

/// The state directory from the values of `XDG_STATE_HOME` and `HOME`:
/// `$XDG_STATE_HOME/zzread`, else `$HOME/.local/state/zzread`, else `None`.
///
/// Empty or relative values are ignored: the XDG Base Directory spec says a relative
/// `XDG_STATE_HOME` is invalid, and a relative `HOME` would put the state wherever
/// zzread happens to be started.
pub fn dir_from(xdg_state: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    crate::xdg::base_dir(xdg_state, home, &[".local", "state"]).map(|d| d.join("zzread"))
}

/// The state directory from this process's environment; `None` when neither
/// `XDG_STATE_HOME` nor `HOME` is usable (zzread then remembers nothing).
pub fn dir() -> Option<PathBuf> {
    dir_from(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"))
}

/// What [`load`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub state: State,
    /// Set when the file was bad and has been moved aside: one line, Chinese and
    /// English, naming where it went. For the status bar or stderr.
    pub warning: Option<String>,
}

/// Reads `dir/state.json`.
///
/// A missing file (or directory) is a first run: the default state, no warning. A file
/// that cannot be read, is not JSON, is JSON of another shape or has another version is
/// renamed to `state.json.corrupt-<timestamp>` (never deleted: it may be the only copy
/// of someone's bookmarks, or belong to a newer zzread), and the default state comes back
/// with a warning naming the moved file.
pub fn load(dir: &Path) -> Loaded {
    run_start();
    let path = dir.join(FILE_NAME);
    let problem = match read(&path) {
        Ok(state) => {
            return Loaded {
                state,
                warning: None,
            };
        }
        Err(Bad::Missing) => {
            return Loaded {
                state: State::default(),
                warning: None,
            };
        }
        Err(Bad::Unreadable(e)) => format!("unreadable: {e}"),
        Err(Bad::Invalid(e)) => e,
    };
    let warning = match move_aside(dir, &path) {
        Ok(moved) => format!(
            "状态文件损坏,已移到 {} (state file was corrupt: {problem}; moved aside)",
            moved.display()
        ),
        // Nothing better to do than say so: the reader still starts.
        Err(e) => format!(
            "状态文件损坏,无法移走 {} (state file is corrupt: {problem}; could not move it aside: {e})",
            path.display()
        ),
    };
    Loaded {
        state: State::default(),
        warning: Some(one_line(&warning)),
    }
}

enum Bad {
    Missing,
    Unreadable(io::Error),
    Invalid(String),
}

fn read(path: &Path) -> Result<State, Bad> {
    let mut bytes = Vec::new();
    let read = fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes));
    match read {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Bad::Missing),
        Err(e) => return Err(Bad::Unreadable(e)),
    }
    // Parse as untyped JSON first, so "not JSON at all" and "someone else's JSON" get
    // different messages.
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| Bad::Invalid(format!("invalid JSON: {e}")))?;
    let state: State = serde_json::from_value(value)
        .map_err(|e| Bad::Invalid(format!("not a zzread state file: {e}")))?;
    if state.version != VERSION {
        return Err(Bad::Invalid(format!(
            "unsupported version {}, expected {VERSION}",
            state.version
        )));
    }
    Ok(state)
}

/// Renames `path` to a fresh `state.json.corrupt-<timestamp>[-n]` in `dir`. Never
/// replaces an existing file: an earlier corrupt file is kept as well.
fn move_aside(dir: &Path, path: &Path) -> io::Result<PathBuf> {
    let stamp = compact_utc(unix_secs(SystemTime::now()));
    for n in 0..1000 {
        let name = if n == 0 {
            format!("{FILE_NAME}.corrupt-{stamp}")
        } else {
            format!("{FILE_NAME}.corrupt-{stamp}-{n}")
        };
        let target = dir.join(name);
        // `rename` would silently replace an existing file, so look first. The gap
        // between the check and the rename only matters if two zzreads move the same
        // corrupt file in the same second, and then the loser's rename finds no source.
        if fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        fs::rename(path, &target)?;
        return Ok(target);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many corrupt state files",
    ))
}

/// Error text can carry newlines (an IO error from the OS, a path); the warning must be
/// one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Writes `state` to `dir/state.json` atomically, creating `dir` (mode 0700 on unix:
/// reading history is private) if needed.
///
/// Steps: a new temporary file in `dir` (created exclusively, mode 0600), the whole JSON
/// written and fsynced, renamed over `state.json`, then the directory fsynced so the
/// rename itself survives a power cut. A crash at any moment leaves the old or the new
/// complete file. Also removes temporary files that crashed saves of earlier runs left
/// behind (see the module docs).
pub fn save(dir: &Path, state: &State) -> io::Result<()> {
    let started = run_start();
    create_dir(dir)?;
    remove_stale_temps(dir, started);

    let mut json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    json.push(b'\n');

    let (tmp_path, mut file) = create_temp(dir)?;
    let written = file.write_all(&json).and_then(|()| file.sync_all());
    drop(file);
    let renamed = written.and_then(|()| fs::rename(&tmp_path, dir.join(FILE_NAME)));
    if let Err(e) = renamed {
        // Best effort: the error is what matters; a leftover is cleaned by a later run.
        let _ = fs::remove_file(&tmp_path);
        return Err(e);
    }
    sync_dir(dir)
}

fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// A new, exclusively created `state.json.tmp-<pid>-<n>`. The pid keeps processes
/// apart, the counter keeps saves (and threads) of one process apart, and
/// `create_new` guarantees nobody else writes into it — even a stray file of a dead
/// process that had the same pid is skipped, not reused.
fn create_temp(dir: &Path) -> io::Result<(PathBuf, fs::File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let pid = std::process::id();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{TMP_PREFIX}{pid}-{n}"));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1_000_000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes `state.json.tmp-*` files of other processes last modified before `started`:
/// leftovers of saves that were killed. Errors are ignored — a leftover is only clutter.
fn remove_stale_temps(dir: &Path, started: SystemTime) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let own = format!("{TMP_PREFIX}{}-", std::process::id());
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        // Our own temporary files are in-flight saves of other threads, never strays:
        // this process has not crashed. (Checked by name rather than time because file
        // times are coarse and may read a little before `started`.)
        if !name.starts_with(TMP_PREFIX) || name.starts_with(&own) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < started);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

// Windows has no directory fsync; the rename is durable by its own means there.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// When this process first touched the state (normally the load at start-up). Temporary
/// files older than this cannot be in-flight saves of this run, so [`save`] may remove
/// them.
pub fn run_start() -> SystemTime {
    static START: OnceLock<SystemTime> = OnceLock::new();
    *START.get_or_init(SystemTime::now)
}

/// Now, UTC, RFC 3339 with whole seconds: `2026-11-24T03:58:00Z`. For [`Bookmark::added`].
pub fn now_utc() -> String {
    rfc3339_utc(unix_secs(SystemTime::now()))
}

fn unix_secs(t: SystemTime) -> u64 {
    // A clock before 1970 is broken; 1970 is as good an answer as any.
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `2026-11-24T03:58:00Z`.
pub fn rfc3339_utc(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `20261124T035800Z`: the same instant, safe in a file name on every system.
fn compact_utc(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// Seconds since 1970 → (year, month, day, hour, minute, second), UTC, proleptic
/// Gregorian (Howard Hinnant's `civil_from_days`; no leap seconds, as in Unix time).
fn civil(secs: u64) -> (i64, u32, u32, u64, u64, u64) {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // d is 1..=31 and m 1..=12 by construction.
    let (m, d) = (u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1));
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn sample() -> State {
        let mut s = State::default();
        let a = s.archive("/srv/zzrb");
        a.last = Some(Position {
            article: "2023-04-26#3".into(),
            block: 4,
            byte: 57,
        });
        a.read.insert("2023-04-26#1".into());
        a.read.insert("2023-04-26#3".into());
        a.bookmarks.push(Bookmark {
            article: "2023-04-26#3".into(),
            title: "12个工作室获评 湖南省名师网络工作室".into(),
            block: 4,
            byte: 57,
            added: "2026-11-24T03:58:00Z".into(),
        });
        s.archive("bundled").read.insert("000#0".into());
        s
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let state = sample();
        save(tmp.path(), &state).unwrap();
        let loaded = load(tmp.path());
        assert_eq!(
            loaded,
            Loaded {
                state: state.clone(),
                warning: None
            }
        );
        // Saving again replaces the file and leaves nothing else behind.
        let mut changed = state;
        changed.archive("bundled").read.insert("000#1".into());
        save(tmp.path(), &changed).unwrap();
        assert_eq!(load(tmp.path()).state, changed);
        assert_eq!(names(tmp.path()), ["state.json"]);
    }

    #[test]
    fn missing_file_is_a_first_run() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(
            load(tmp.path()),
            Loaded {
                state: State::default(),
                warning: None
            }
        );
        // Even the directory missing.
        assert_eq!(
            load(&tmp.path().join("no/such")),
            Loaded {
                state: State::default(),
                warning: None
            }
        );
        assert_eq!(State::default().version, VERSION);
    }

    #[test]
    fn save_creates_missing_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/zzread");
        save(&dir, &sample()).unwrap();
        assert_eq!(load(&dir).state, sample());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
                0o700
            );
            let file = fs::metadata(dir.join(FILE_NAME)).unwrap();
            assert_eq!(file.permissions().mode() & 0o777, 0o600);
        }
    }

    /// Writes `bytes` as the state file, loads, and checks the file was moved aside
    /// intact and the warning names it.
    fn assert_moved_aside(bytes: &[u8], reason: &str) {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(FILE_NAME), bytes).unwrap();
        let loaded = load(tmp.path());
        assert_eq!(loaded.state, State::default(), "{reason}");
        let warning = loaded.warning.expect(reason);
        let files = names(tmp.path());
        assert_eq!(files.len(), 1, "{reason}: {files:?}");
        assert!(
            files[0].starts_with("state.json.corrupt-"),
            "{reason}: {files:?}"
        );
        let moved = tmp.path().join(&files[0]);
        assert_eq!(
            fs::read(&moved).unwrap(),
            bytes,
            "{reason}: original bytes kept"
        );
        assert!(
            warning.contains(&moved.display().to_string()),
            "{reason}: {warning}"
        );
        assert!(warning.starts_with("状态文件损坏"), "{warning}");
        assert!(warning.contains("moved aside"), "{warning}");
        assert!(!warning.contains('\n'), "{warning}");
        // The next load is a clean first run, and the next save works.
        assert_eq!(
            load(tmp.path()),
            Loaded {
                state: State::default(),
                warning: None
            }
        );
        save(tmp.path(), &sample()).unwrap();
        assert_eq!(load(tmp.path()).state, sample());
    }

    #[test]
    fn corrupt_json_is_moved_aside() {
        let mut truncated = serde_json::to_vec(&sample()).unwrap();
        truncated.truncate(truncated.len() / 2);
        assert_moved_aside(&truncated, "truncated");
        assert_moved_aside(b"", "empty");
        assert_moved_aside(b"\xff\xfe\x00garbage", "binary");
    }

    #[test]
    fn foreign_json_is_moved_aside() {
        assert_moved_aside(b"{\"theme\": \"dark\"}", "other object");
        assert_moved_aside(b"[1, 2, 3]", "array");
        assert_moved_aside(b"null", "null");
        assert_moved_aside(
            b"{\"version\": 1, \"archives\": {\"x\": 5}}",
            "wrong inner shape",
        );
        let mut newer = serde_json::to_value(sample()).unwrap();
        newer["version"] = 99.into();
        assert_moved_aside(&serde_json::to_vec(&newer).unwrap(), "version 99");
        assert_moved_aside(b"{\"version\": 0, \"archives\": {}}", "version 0");
    }

    #[test]
    fn warning_names_reason() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(
            tmp.path().join(FILE_NAME),
            b"{\"version\": 99, \"archives\": {}}",
        )
        .unwrap();
        let warning = load(tmp.path()).warning.unwrap();
        assert!(warning.contains("unsupported version 99"), "{warning}");
    }

    #[test]
    fn earlier_corrupt_files_are_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        for round in 0..3 {
            fs::write(tmp.path().join(FILE_NAME), format!("bad {round}")).unwrap();
            assert!(load(tmp.path()).warning.is_some());
        }
        let kept: Vec<String> = names(tmp.path())
            .iter()
            .map(|n| fs::read_to_string(tmp.path().join(n)).unwrap())
            .collect();
        let mut sorted = kept.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            ["bad 0", "bad 1", "bad 2"],
            "{:?}",
            names(tmp.path())
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_is_moved_aside() {
        // A directory where the file should be: reading fails (root ignores mode bits,
        // so file permissions would not make this test portable across CI users).
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join(FILE_NAME)).unwrap();
        let loaded = load(tmp.path());
        assert_eq!(loaded.state, State::default());
        assert!(loaded.warning.unwrap().contains("unreadable"));
        assert!(!tmp.path().join(FILE_NAME).exists());
    }

    #[test]
    fn stale_temp_files_of_dead_runs_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let started = run_start();
        // A leftover of another process from before this run, one of this process, and
        // something that is not ours at all.
        let stale = tmp.path().join("state.json.tmp-999999999-0");
        let own = tmp
            .path()
            .join(format!("{TMP_PREFIX}{}-123456789", std::process::id()));
        let other = tmp.path().join("notes.txt");
        for p in [&stale, &own, &other] {
            fs::write(p, "x").unwrap();
        }
        let old = started - std::time::Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        fs::File::options()
            .write(true)
            .open(&own)
            .unwrap()
            .set_modified(old)
            .unwrap();
        save(tmp.path(), &sample()).unwrap();
        let own_name = own.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            names(tmp.path()),
            ["notes.txt".to_owned(), "state.json".to_owned(), own_name]
        );
        // A temporary file newer than this run may be another zzread's save in flight.
        let fresh = tmp.path().join("state.json.tmp-999999998-0");
        fs::write(&fresh, "x").unwrap();
        save(tmp.path(), &sample()).unwrap();
        assert!(fresh.exists());
    }

    #[test]
    fn archive_key_is_stable() {
        assert_eq!(archive_key(&[]), "bundled");
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        fs::create_dir(&a).unwrap();
        fs::write(&b, "").unwrap();
        let ab = archive_key(&[a.clone(), b.clone()]);
        assert_eq!(ab, archive_key(&[b.clone(), a.clone()]));
        assert_eq!(ab, archive_key(&[b.clone(), a.join("."), a.clone()]));
        assert_ne!(ab, archive_key(std::slice::from_ref(&a)));
        // Relative paths resolve against the working directory (the crate root under
        // `cargo test`), with or without `./`.
        let rel = archive_key(&[PathBuf::from("src")]);
        assert_eq!(rel, archive_key(&[PathBuf::from("./src")]));
        assert!(Path::new(&rel).is_absolute(), "{rel}");
        // Paths that do not exist are used as given, still without `./`.
        assert_eq!(
            archive_key(&[PathBuf::from("./no-such-x")]),
            archive_key(&[PathBuf::from("no-such-x")])
        );
    }

    #[test]
    fn dir_precedence() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(
            dir_from(os("/x/state"), os("/home/u")),
            Some(PathBuf::from("/x/state/zzread"))
        );
        assert_eq!(
            dir_from(None, os("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/zzread"))
        );
        // The XDG spec: relative paths are invalid and ignored; so is an empty value.
        assert_eq!(
            dir_from(os("rel/state"), os("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/zzread"))
        );
        assert_eq!(
            dir_from(os(""), os("/home/u")),
            Some(PathBuf::from("/home/u/.local/state/zzread"))
        );
        assert_eq!(dir_from(None, None), None);
        assert_eq!(dir_from(os("rel"), os("")), None);
        assert_eq!(dir_from(None, os("relative-home")), None);
    }

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_492_680), "2026-11-24T03:58:00Z");
        assert_eq!(compact_utc(1_795_492_680), "20261124T035800Z");
        assert_eq!(rfc3339_utc(1_709_208_000), "2024-02-29T12:00:00Z");
        assert_eq!(rfc3339_utc(951_868_799), "2000-02-29T23:59:59Z");
        let now = now_utc();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z'));
    }
}
