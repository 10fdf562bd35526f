//! What zzread remembers between runs: where you were, what you have read, bookmarks,
//! what you searched for.
//!
//! Stored as one JSON file, `state.json`, under `$XDG_STATE_HOME/zzread/` (or
//! `$HOME/.local/state/zzread/`), keyed per archive ([`archive_key`]). zzread never
//! writes inside an archive, so this is the only place it writes at all.
//!
//! The promises, each tested:
//!
//! - **Several windows never lose each other's changes.** A save is [`apply`]: take an
//!   exclusive lock on `state.lock`, re-read `state.json`, replay *this process's*
//!   [`Changes`] to its archive on top of what is there, write, unlock. Two or three
//!   windows on the same archive (or on different ones) all keep their read marks and
//!   bookmarks, and what one window unmarks the other does not bring back
//!   (`tests/state_concurrent.rs` runs them as processes).
//! - **A crash never corrupts it.** The new file is written under a temporary name,
//!   fsynced, renamed over `state.json`, and the directory fsynced: `state.json` is
//!   always the old or the new complete file, whatever moment the process dies
//!   (`tests/state_crash.rs` kills saving processes with SIGKILL at random moments).
//!   The kernel drops a dead process's lock.
//! - **A failed save says so.** [`apply`] and [`save`] return a [`SaveError`] whose
//!   message names what could not be written and why (a read-only directory, a full
//!   disk, another zzread holding the lock for over [`LOCK_WAIT`]), for the status bar.
//! - **A bad file never loses data and never stops the reader.** [`load`] moves an
//!   unreadable, corrupt or foreign file aside to `state.json.corrupt-<timestamp>` (it is
//!   never deleted), starts from an empty state and returns a one-line warning.
//! - **It stays small and fast.** Read marks are stored grouped per issue as article
//!   ranges (version 2 of the format; version 1 files are read and rewritten as 2 at the
//!   next save), the search history is capped at [`HISTORY_MAX`]. A year of marks
//!   (200,000) saves, re-read included, in a few milliseconds (`benches/state.rs`).
//!
//! A process killed mid-save leaves its temporary file behind
//! (`state.json.tmp-<pid>-<n>`). A later save removes such strays: any
//! `state.json.tmp-*` of another process whose modification time is before this process
//! first touched the state (see [`run_start`]).

mod changes;
mod file;
mod marks;

pub use changes::Changes;
pub use file::LOCK_WAIT;
pub use marks::{MAX_READ_MARKS, ReadMarks};

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The on-disk format version this build writes. Version 1 (read marks as a list of
/// ids) is still read.
pub const VERSION: u32 = 2;

/// The oldest version this build reads.
const OLDEST_VERSION: u32 = 1;

/// The state file's name inside [`dir`].
pub const FILE_NAME: &str = "state.json";

/// The lock file's name inside [`dir`] (see [`apply`]).
pub const LOCK_NAME: &str = "state.lock";

/// Prefix of the temporary files a save writes before renaming them into place.
const TMP_PREFIX: &str = "state.json.tmp-";

/// Most search history entries kept per archive; the oldest go first.
pub const HISTORY_MAX: usize = 100;

/// Everything remembered, per archive.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// [`VERSION`] when written by this build.
    pub version: u32,
    /// Keyed by [`archive_key`].
    pub archives: BTreeMap<String, ArchiveState>,
    /// The reading column chosen with `+` / `-`, for every archive; absent until one
    /// is chosen (files written before it existed read as absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_width: Option<u16>,
}

// Not derived: a derived `Default` would give version 0, which `load` rejects.
impl Default for State {
    fn default() -> Self {
        State {
            version: VERSION,
            archives: BTreeMap::new(),
            text_width: None,
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
    pub read: ReadMarks,
    /// In the order added; at most one per article.
    pub bookmarks: Vec<Bookmark>,
    /// Search queries, oldest first, at most [`HISTORY_MAX`].
    #[serde(default)]
    pub history: Vec<String>,
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
/// that cannot be read, is not JSON, is JSON of another shape or has a version this
/// build does not read is renamed to `state.json.corrupt-<timestamp>` (never deleted: it
/// may be the only copy of someone's bookmarks, or belong to a newer zzread), and the
/// default state comes back with a warning naming the moved file. Reading takes no lock
/// (saves replace the file atomically); moving a bad file aside does.
pub fn load(dir: &Path) -> Loaded {
    run_start();
    match read_or_move_aside(dir) {
        Ok((state, warning)) => Loaded { state, warning },
        // The lock could not be had to move the bad file: leave it for the next save.
        Err(SaveError { .. }) => Loaded {
            state: State::default(),
            warning: Some(one_line(&format!(
                "状态文件损坏，暂时无法移开：{}",
                dir.join(FILE_NAME).display()
            ))),
        },
    }
}

/// The state in `dir`, with a bad file moved aside (and a warning saying so).
fn read_or_move_aside(dir: &Path) -> Result<(State, Option<String>), SaveError> {
    let path = dir.join(FILE_NAME);
    if let Some(state) = read_good(&path) {
        return Ok((state, None));
    }
    // Bad (or gone since): look again under the lock, so two windows never move the same
    // file, and a save in progress is not mistaken for corruption.
    let _lock = lock(dir)?;
    read_locked(dir)
}

/// The state file if it is present and good; `None` when it is missing or bad.
fn read_good(path: &Path) -> Option<State> {
    match read(path) {
        Ok(state) => Some(state),
        Err(Bad::Missing) => Some(State::default()),
        Err(_) => None,
    }
}

/// Reads the state with the lock held: a missing file is the default state, a bad one
/// is moved aside (with a warning).
fn read_locked(dir: &Path) -> Result<(State, Option<String>), SaveError> {
    let path = dir.join(FILE_NAME);
    let problem = match read(&path) {
        Ok(state) => return Ok((state, None)),
        Err(Bad::Missing) => return Ok((State::default(), None)),
        Err(Bad::Unreadable(e)) => format!("unreadable: {e}"),
        Err(Bad::Invalid(e)) => e,
    };
    let stamp = compact_utc(unix_secs(SystemTime::now()));
    let warning = match file::move_aside(dir, &path, &stamp) {
        Ok(moved) => format!("状态文件损坏，已移到 {}（{problem}）", moved.display()),
        // Nothing better to do than say so: the reader still starts.
        Err(e) => format!(
            "状态文件损坏，无法移开 {}（{problem}；{e}）",
            path.display()
        ),
    };
    Ok((State::default(), Some(one_line(&warning))))
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
    // Check the version before the shape: a newer zzread's file may have another shape,
    // and "unsupported version" is the useful message then.
    #[derive(Deserialize)]
    struct Versioned {
        version: u32,
    }
    let versioned: Versioned = serde_json::from_slice(&bytes).map_err(|e| {
        if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok() {
            Bad::Invalid(format!("not a zzread state file: {e}"))
        } else {
            Bad::Invalid(format!("invalid JSON: {e}"))
        }
    })?;
    if !(OLDEST_VERSION..=VERSION).contains(&versioned.version) {
        return Err(Bad::Invalid(format!(
            "unsupported version {}, expected {OLDEST_VERSION} to {VERSION}",
            versioned.version
        )));
    }
    let mut state: State = serde_json::from_slice(&bytes)
        .map_err(|e| Bad::Invalid(format!("not a zzread state file: {e}")))?;
    // Read as an older version, written as this one.
    state.version = VERSION;
    Ok(state)
}

/// Error text can carry newlines (an IO error from the OS, a path); the warning must be
/// one line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Why a save did not happen. Nothing was changed on disk; the caller still has its
/// changes and may try again. [`std::fmt::Display`] gives one line for the status bar.
#[derive(Debug)]
pub struct SaveError {
    /// What was being done: `create`, `lock`, `write`, `replace`, `sync`, `encode`.
    pub action: &'static str,
    /// The file or directory it was done to.
    pub path: PathBuf,
    /// Why it failed; `None` when another zzread held the lock too long.
    pub source: Option<io::Error>,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display();
        let why = match &self.source {
            Some(e) => one_line(&e.to_string()),
            None => format!("另一个 zzread 占用锁已超过 {} 秒", LOCK_WAIT.as_secs()),
        };
        let action = match self.action {
            "create" => "创建",
            "lock" => "锁定",
            "write" => "写入",
            "replace" => "替换",
            "sync" => "同步",
            "encode" => "编码",
            other => other,
        };
        write!(f, "无法{action} {path}：{why}")
    }
}

impl std::error::Error for SaveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

fn save_error(action: &'static str, path: &Path, source: io::Error) -> SaveError {
    SaveError {
        action,
        path: path.to_path_buf(),
        source: Some(source),
    }
}

/// Takes the state lock in `dir` (creating `dir`, mode 0700 on unix: reading history is
/// private).
fn lock(dir: &Path) -> Result<file::Lock, SaveError> {
    lock_waiting(dir, LOCK_WAIT)
}

fn lock_waiting(dir: &Path, wait: std::time::Duration) -> Result<file::Lock, SaveError> {
    file::create_dir(dir).map_err(|e| save_error("create", dir, e))?;
    file::Lock::acquire(dir, wait).map_err(|e| match e {
        file::LockError::Open(e) => save_error("lock", &dir.join(LOCK_NAME), e),
        file::LockError::Busy => SaveError {
            action: "lock",
            path: dir.join(LOCK_NAME),
            source: None,
        },
    })
}

/// What [`apply`] left on disk for the archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The archive's state after the save: this process's changes on top of every other
    /// window's. Show this (other windows' marks appear).
    pub archive: ArchiveState,
    /// Set when the file on disk had turned bad and was moved aside (as in [`load`]).
    pub warning: Option<String>,
}

/// Saves this process's `changes` to archive `key` in `dir/state.json`, keeping every
/// other process's changes: lock, re-read, replay `changes` on the archive's state as it
/// is on disk now, write atomically, unlock. Other archives' states are written back as
/// read. With no changes nothing is written: a cheap way to see other windows' marks.
///
/// Blocking (file IO, fsync, a lock wait of up to [`LOCK_WAIT`]): call it off the UI
/// thread. On error nothing changed on disk.
pub fn apply(dir: &Path, key: &str, changes: &Changes) -> Result<Merged, SaveError> {
    let started = run_start();
    let _lock = lock(dir)?;
    let (mut state, warning) = read_locked(dir)?;
    if changes.is_empty() {
        let archive = state.archives.remove(key).unwrap_or_default();
        return Ok(Merged { archive, warning });
    }
    changes.apply_to(state.archive(key));
    changes.apply_to_state(&mut state);
    write_locked(dir, &state, started)?;
    let archive = state.archives.remove(key).unwrap_or_default();
    Ok(Merged { archive, warning })
}

/// Replaces the whole state file with `state`, under the lock. Every archive's state is
/// overwritten, including changes other windows saved since `state` was read: use
/// [`apply`] to save changes. For tests and tools that own the file.
pub fn save(dir: &Path, state: &State) -> Result<(), SaveError> {
    let started = run_start();
    let _lock = lock(dir)?;
    write_locked(dir, state, started)
}

fn write_locked(dir: &Path, state: &State, started: SystemTime) -> Result<(), SaveError> {
    file::remove_stale_temps(dir, started);
    let mut json = serde_json::to_vec_pretty(state)
        .map_err(|e| save_error("encode", &dir.join(FILE_NAME), io::Error::other(e)))?;
    json.push(b'\n');
    file::write_atomically(dir, &json).map_err(|(action, path, e)| save_error(action, &path, e))
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
        a.read.insert("2023-04-26#1");
        a.read.insert("2023-04-26#3");
        a.bookmarks.push(Bookmark {
            article: "2023-04-26#3".into(),
            title: "12个工作室获评 湖南省名师网络工作室".into(),
            block: 4,
            byte: 57,
            added: "2026-11-24T03:58:00Z".into(),
        });
        s.archive("bundled").read.insert("000#0");
        s
    }

    /// The files in `dir` but the lock file (which a save creates and never removes).
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOCK_NAME)
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
        changed.archive("bundled").read.insert("000#1");
        save(tmp.path(), &changed).unwrap();
        assert_eq!(load(tmp.path()).state, changed);
        assert_eq!(names(tmp.path()), ["state.json"]);
    }

    #[test]
    fn version_1_files_are_read_and_rewritten_compactly() {
        let tmp = tempfile::tempdir().unwrap();
        let v1 = r#"{"version": 1, "archives": {"/srv/zzrb": {
            "last": {"article": "2023-04-26#3", "block": 4, "byte": 57},
            "read": ["2023-04-26#1", "2023-04-26#2", "2023-04-26#3", "2023-04-27#9"],
            "bookmarks": []}}}"#;
        fs::write(tmp.path().join(FILE_NAME), v1).unwrap();
        let loaded = load(tmp.path());
        assert_eq!(loaded.warning, None);
        let archive = &loaded.state.archives["/srv/zzrb"];
        assert_eq!(archive.read.len(), 4);
        assert!(archive.read.contains("2023-04-27#9"));
        assert!(archive.history.is_empty());
        let mut changes = Changes::new();
        changes.mark_read("2023-04-27#10");
        let merged = apply(tmp.path(), "/srv/zzrb", &changes).unwrap();
        assert_eq!(merged.archive.read.len(), 5);
        let json: serde_json::Value =
            serde_json::from_slice(&fs::read(tmp.path().join(FILE_NAME)).unwrap()).unwrap();
        assert_eq!(json["version"], VERSION);
        let read = &json["archives"]["/srv/zzrb"]["read"]["issues"];
        assert_eq!(read["2023-04-26"], "1-3");
        assert_eq!(read["2023-04-27"], "9-10");
    }

    #[test]
    fn the_chosen_width_is_kept_beside_the_archives_and_older_files_read_without_it() {
        let tmp = tempfile::tempdir().unwrap();
        // A file from before the width was remembered: no `text_width`.
        save(tmp.path(), &sample()).unwrap();
        let raw = fs::read_to_string(tmp.path().join(FILE_NAME)).unwrap();
        assert!(!raw.contains("text_width"), "absent until chosen");
        assert_eq!(load(tmp.path()).state.text_width, None);
        let mut changes = Changes::new();
        changes.set_text_width(44);
        apply(tmp.path(), "/srv/zzrb", &changes).unwrap();
        let loaded = load(tmp.path()).state;
        assert_eq!(loaded.text_width, Some(44));
        assert_eq!(loaded.archives, sample().archives, "nothing else changed");
        // Another archive's window sees it too, and `=` forgets it.
        let mut changes = Changes::new();
        changes.forget_text_width();
        apply(tmp.path(), "elsewhere", &changes).unwrap();
        assert_eq!(load(tmp.path()).state.text_width, None);
    }

    #[test]
    fn apply_merges_into_what_is_on_disk_and_returns_it() {
        let tmp = tempfile::tempdir().unwrap();
        save(tmp.path(), &sample()).unwrap();
        let mut changes = Changes::new();
        changes.mark_read("2023-04-26#2");
        changes.unmark_read("2023-04-26#1");
        changes.searched("医保");
        let merged = apply(tmp.path(), "/srv/zzrb", &changes).unwrap();
        let mut expected = sample().archives["/srv/zzrb"].clone();
        changes.apply_to(&mut expected);
        assert_eq!(merged.archive, expected);
        assert_eq!(merged.warning, None);
        // Other archives are written back untouched.
        let on_disk = load(tmp.path()).state;
        assert_eq!(on_disk.archives["bundled"], sample().archives["bundled"]);
        assert_eq!(on_disk.archives["/srv/zzrb"], expected);
        // No changes: nothing written, the state as it is comes back.
        let before = fs::metadata(tmp.path().join(FILE_NAME))
            .unwrap()
            .modified()
            .unwrap();
        let again = apply(tmp.path(), "/srv/zzrb", &Changes::new()).unwrap();
        assert_eq!(again.archive, expected);
        let after = fs::metadata(tmp.path().join(FILE_NAME))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        assert_eq!(
            apply(tmp.path(), "new", &Changes::new()).unwrap().archive,
            ArchiveState::default()
        );
    }

    #[test]
    fn a_file_turned_bad_before_a_save_is_moved_aside_and_the_save_goes_on() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(FILE_NAME), "{ not json").unwrap();
        let mut changes = Changes::new();
        changes.mark_read("a#1");
        let merged = apply(tmp.path(), "k", &changes).unwrap();
        assert!(merged.warning.unwrap().contains("已移到"));
        assert!(merged.archive.read.contains("a#1"));
        let files = names(tmp.path());
        assert_eq!(files.len(), 2, "{files:?}");
        assert!(files[0].starts_with("state.json"));
        assert!(files[1].starts_with("state.json.corrupt-"));
    }

    #[test]
    fn a_failed_save_is_a_typed_error_naming_the_place() {
        let tmp = tempfile::tempdir().unwrap();
        // Where the state directory should be there is a file: nothing can be created.
        let blocked = tmp.path().join("zzread");
        fs::write(&blocked, "").unwrap();
        let mut changes = Changes::new();
        changes.mark_read("a#1");
        let e = apply(&blocked, "k", &changes).unwrap_err();
        assert_eq!(e.action, "create");
        assert!(e.source.is_some());
        let message = e.to_string();
        assert!(message.starts_with("无法创建"), "{message}");
        assert!(
            message.contains(&blocked.display().to_string()),
            "{message}"
        );
        assert!(!message.contains('\n'));
        let e = save(&blocked.join("sub"), &sample()).unwrap_err();
        assert_eq!(e.action, "create");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_directory_fails_the_save_with_a_message() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        save(tmp.path(), &sample()).unwrap();
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o500)).unwrap();
        // Root writes anywhere: nothing to test then.
        let writable = fs::File::create(tmp.path().join("probe")).is_ok();
        let mut changes = Changes::new();
        changes.mark_read("a#1");
        let result = apply(tmp.path(), "k", &changes);
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o700)).unwrap();
        if !writable {
            let e = result.unwrap_err();
            assert_eq!(e.action, "create");
            assert!(e.to_string().contains("ermission denied"), "{e}");
            assert_eq!(load(tmp.path()).state, sample(), "nothing changed on disk");
        }
    }

    #[test]
    fn a_lock_held_too_long_is_an_error_not_a_hang() {
        let tmp = tempfile::tempdir().unwrap();
        let _held = lock(tmp.path()).ok().unwrap();
        let e = lock_waiting(tmp.path(), std::time::Duration::from_millis(50))
            .err()
            .unwrap();
        assert!(e.source.is_none());
        assert!(e.to_string().contains("另一个 zzread 占用锁"), "{e}");
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
        assert!(warning.contains("已移到"), "{warning}");
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
