//! The file-system moves behind [`super::apply`] and [`super::load`]: the lock, the
//! atomic replace, moving a bad file aside, cleaning up after crashed saves.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use super::{FILE_NAME, LOCK_NAME, TMP_PREFIX};

/// How long a save waits for another zzread's save to finish. A save holds the lock for
/// milliseconds; only a process stopped (Ctrl-Z, a debugger) while saving holds it
/// longer, and then this save fails with a message instead of hanging the quit.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// An exclusive lock on `dir/state.lock`, held until dropped.
///
/// A separate file, because `state.json` itself is replaced by rename at every save: a
/// lock on it would lock a file that no longer has the name. The lock file is never
/// removed (removing it would let two processes lock two different files). The lock is
/// advisory (`flock` on unix, `LockFileEx` on Windows) and the kernel drops it when the
/// process dies, so a killed zzread never leaves the state locked.
pub struct Lock {
    _file: fs::File,
}

/// Why the lock could not be had.
pub enum LockError {
    /// Opening or creating the lock file failed.
    Open(io::Error),
    /// Another process held it for all of [`LOCK_WAIT`].
    Busy,
}

impl Lock {
    /// Waits up to `wait` for the lock.
    pub fn acquire(dir: &Path, wait: Duration) -> Result<Lock, LockError> {
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(dir.join(LOCK_NAME)).map_err(LockError::Open)?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => return Err(LockError::Busy),
                Err(fs::TryLockError::Error(e)) => return Err(LockError::Open(e)),
            }
        }
    }
}

pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Replaces `dir/state.json` with `bytes` so that a crash at any moment leaves the old
/// or the new complete file: a new temporary file (created exclusively, mode 0600), the
/// bytes written and fsynced, renamed over `state.json`, the directory fsynced so the
/// rename itself survives a power cut. The step that failed is named in the error.
pub fn write_atomically(
    dir: &Path,
    bytes: &[u8],
) -> Result<(), (&'static str, PathBuf, io::Error)> {
    let (tmp_path, mut file) = create_temp(dir).map_err(|e| ("create", dir.to_path_buf(), e))?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    drop(file);
    let target = dir.join(FILE_NAME);
    let result = match written {
        Err(e) => Err(("write", tmp_path.clone(), e)),
        Ok(()) => fs::rename(&tmp_path, &target).map_err(|e| ("replace", target.clone(), e)),
    };
    if result.is_err() {
        // Best effort: the error is what matters; a leftover is cleaned by a later run.
        let _ = fs::remove_file(&tmp_path);
    }
    result?;
    sync_dir(dir).map_err(|e| ("sync", dir.to_path_buf(), e))
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
pub fn remove_stale_temps(dir: &Path, started: SystemTime) {
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

/// Renames `path` to a fresh `state.json.corrupt-<stamp>[-n]` in `dir`. Never replaces
/// an existing file: an earlier corrupt file is kept as well.
pub fn move_aside(dir: &Path, path: &Path, stamp: &str) -> io::Result<PathBuf> {
    for n in 0..1000 {
        let name = if n == 0 {
            format!("{FILE_NAME}.corrupt-{stamp}")
        } else {
            format!("{FILE_NAME}.corrupt-{stamp}-{n}")
        };
        let target = dir.join(name);
        // `rename` would silently replace an existing file, so look first. Callers hold
        // the lock, so no other zzread moves files here in between.
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

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

// Windows has no directory fsync; the rename is durable by its own means there.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
