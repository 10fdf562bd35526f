//! Paths on the command line → the issue files, as a stream.
//!
//! Listing opens no file, so the reader can show every issue by name at once and read
//! and parse them in the background; [`Walk`] hands out each file (and each thing it
//! skipped, with the reason) the moment it is found, so the first frame never waits for
//! a big tree.
//!
//! What the walk promises, whatever the tree looks like:
//!
//! - **Only regular files.** A named pipe, socket or device (on the command line, or a
//!   `.txt` entry in a folder) is reported and skipped, never opened: opening a FIFO
//!   blocks until someone writes to it, and `/dev/zero` never ends.
//! - **Each directory once.** Directories are identified by (device, inode), not by
//!   path, so symlinks can neither loop nor multiply the work: eight links to `.` in a
//!   folder cost eight `stat`s, not 8^depth walks. A link back to a directory that
//!   contains it is reported as a loop; a second name for a directory already read (a
//!   `latest` link beside the real folder) and a second name for a file already listed
//!   are merged silently: nothing is lost, the issue is listed once.
//! - **Nothing skipped silently** except by the two documented rules: hidden entries
//!   (`.git`, `.DS_Store`) and files whose names do not end in `.txt`. Everything else
//!   that is not read (too deep, not a regular file, a loop, a broken link, an unreadable
//!   folder) comes out once as [`Found::Skipped`] with the reason.

use super::Source;
use crate::model::LoadError;
use rustc_hash::FxHashSet;
use std::fs::{self, FileType, Metadata};
use std::path::{Path, PathBuf};

/// Deeper than any real archive layout (year/month/day is 3). No longer needed against
/// loops (directories are visited once each); it bounds what a generated tree can make
/// the walk hold, and what it skips is reported.
pub const MAX_DEPTH: usize = 64;

/// One step of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An issue file to read.
    Source(Source),
    /// Something that will not be read, and why (named by its path).
    Skipped(LoadError),
}

/// Expands files and directories into issue sources, sorted by the date in the file
/// name (undated issues after dated ones, by name). Problems are returned per path;
/// they never stop the other paths from loading.
///
/// The whole walk at once; [`walk`] is the same as a stream.
pub fn discover(paths: &[PathBuf]) -> (Vec<Source>, Vec<LoadError>) {
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    for found in walk(paths) {
        match found {
            Found::Source(s) => sources.push(s),
            Found::Skipped(e) => skipped.push(e),
        }
    }
    sources.sort_by(Source::cmp_reading_order);
    (sources, skipped)
}

/// A lazy walk over `paths`: each issue file and each skip report as it is found. No
/// paths means the sample issues built into the binary.
///
/// Sources come in walk order (command-line order, then by name within each folder),
/// not reading order: sort with [`Source::cmp_reading_order`] as they arrive. Each file
/// comes once, however many names lead to it. The walk does blocking file-system calls
/// (`stat`, `readdir`); run it off the UI thread.
pub fn walk(paths: &[PathBuf]) -> Walk {
    let bundled = if paths.is_empty() {
        super::bundled()
    } else {
        Vec::new()
    };
    Walk {
        bundled: bundled.into_iter(),
        roots: Vec::from(paths).into_iter(),
        frames: Vec::new(),
        seen_dirs: FxHashSet::default(),
        seen_files: FxHashSet::default(),
        root: None,
        stat: None,
    }
}

/// See [`walk`].
pub struct Walk {
    bundled: std::vec::IntoIter<Source>,
    roots: std::vec::IntoIter<PathBuf>,
    /// The directories being listed, outermost first: the current path from the root.
    frames: Vec<Frame>,
    seen_dirs: FxHashSet<FileId>,
    seen_files: FxHashSet<FileId>,
    /// The directory named on the command line that is being walked, and how many
    /// sources it has yielded so far (none at all is worth a report).
    root: Option<(PathBuf, usize)>,
    /// What the walk's `stat` said of the source it yielded last (see [`Walk::stat`]).
    stat: Option<Stat>,
}

/// A plain file's size and modification time (nanoseconds since the epoch), as the
/// walk's `stat` found them: the cache keys a file by these, and at 10,000 files a
/// second `stat` each was a fifth of a one-shot `zzread search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub size: u64,
    pub mtime: u64,
}

impl Stat {
    pub fn of(meta: &Metadata) -> Option<Stat> {
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stat {
            size: meta.len(),
            mtime: u64::try_from(mtime).unwrap_or(u64::MAX),
        })
    }
}

impl Walk {
    /// What the walk's `stat` said of the source it yielded last, when that is a plain
    /// file (not a link, nor a path named on the command line, which may be one).
    pub fn stat(&self) -> Option<Stat> {
        self.stat
    }
}

/// A directory being listed.
struct Frame {
    id: FileId,
    path: PathBuf,
    /// Entries not yet visited, hidden ones already left out, sorted by name.
    entries: std::vec::IntoIter<Entry>,
}

struct Entry {
    path: PathBuf,
    /// From the directory listing itself (no `stat`); a symlink is resolved on visit.
    file_type: FileType,
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        self.stat = None;
        if let Some(source) = self.bundled.next() {
            return Some(Found::Source(source));
        }
        loop {
            let Some(frame) = self.frames.last_mut() else {
                let path = self.roots.next()?;
                if let Some(found) = self.visit_root(path) {
                    return Some(self.count(found));
                }
                continue;
            };
            let Some(entry) = frame.entries.next() else {
                self.frames.pop();
                if self.frames.is_empty()
                    && let Some((path, 0)) = self.root.take()
                {
                    return Some(skipped(&path, "directory holds no .txt issue files"));
                }
                continue;
            };
            if let Some(found) = self.visit_entry(entry) {
                return Some(self.count(found));
            }
        }
    }
}

impl Walk {
    fn count(&mut self, found: Found) -> Found {
        if let (Found::Source(_), Some((_, n))) = (&found, &mut self.root) {
            *n += 1;
        }
        found
    }

    /// A path named on the command line: any regular file is an issue, whatever its
    /// name (the user chose it).
    fn visit_root(&mut self, path: PathBuf) -> Option<Found> {
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return Some(unresolved(&path, &e)),
        };
        if meta.is_dir() {
            let id = file_id(&path, &meta);
            // The same folder named twice (or by two names): already walked.
            if !self.seen_dirs.insert(id.clone()) {
                return None;
            }
            let found = self.enter(path.clone(), id);
            if !self.frames.is_empty() {
                self.root = Some((path, 0));
            }
            return found;
        }
        self.file(path, &meta)
    }

    /// An entry found in a folder: only `.txt` names are issues.
    fn visit_entry(&mut self, entry: Entry) -> Option<Found> {
        let Entry { path, file_type } = entry;
        // Neither a folder nor a link to one, and not an issue by its name: not ours.
        // Checked before any `stat`, so a folder of photos costs nothing.
        let plain_file = !file_type.is_dir() && !file_type.is_symlink();
        if plain_file && !is_txt(&path) {
            return None;
        }
        // Follows symlinks on purpose: archives are often assembled from links.
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => return Some(unresolved(&path, &e)),
        };
        if meta.is_dir() {
            return self.directory(path, &meta);
        }
        if !is_txt(&path) {
            return None;
        }
        self.stat = Stat::of(&meta).filter(|_| plain_file);
        self.file(path, &meta)
    }

    fn directory(&mut self, path: PathBuf, meta: &Metadata) -> Option<Found> {
        let id = file_id(&path, meta);
        if let Some(ancestor) = self.frames.iter().find(|f| f.id == id) {
            let message = format!(
                "symbolic link loop: leads back to {}, which contains it; skipped",
                ancestor.path.display()
            );
            return Some(skipped(&path, &message));
        }
        // A second name for a folder already walked: its issues are listed already.
        if self.seen_dirs.contains(&id) {
            return None;
        }
        if self.frames.len() >= MAX_DEPTH {
            let message = format!("more than {MAX_DEPTH} folder levels deep; skipped");
            return Some(skipped(&path, &message));
        }
        self.seen_dirs.insert(id.clone());
        self.enter(path, id)
    }

    /// Starts listing a directory; a folder that cannot be listed is reported.
    fn enter(&mut self, path: PathBuf, id: FileId) -> Option<Found> {
        let listing = match fs::read_dir(&path) {
            Ok(listing) => listing,
            Err(e) => return Some(Found::Skipped(io_error(&path, &e))),
        };
        let mut entries = Vec::new();
        let mut failed = None;
        for entry in listing {
            match entry.and_then(|e| Ok((e.file_name(), e.path(), e.file_type()?))) {
                Ok((name, path, file_type)) => {
                    if !name.to_string_lossy().starts_with('.') {
                        entries.push(Entry { path, file_type });
                    }
                }
                // One report per folder: a listing that fails tends to fail for good.
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        // One folder's entries: their names decide, compared as bytes (`Path::cmp`
        // walks components, a tenth of a warm start over ten thousand files).
        entries.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
        self.frames.push(Frame {
            id,
            path: path.clone(),
            entries: entries.into_iter(),
        });
        failed.map(|e| {
            let message = format!("could not list the whole folder: {}", describe(&e));
            skipped(&path, &message)
        })
    }

    fn file(&mut self, path: PathBuf, meta: &Metadata) -> Option<Found> {
        if !meta.is_file() {
            let message = format!("{}, not a regular file; skipped", kind(&meta.file_type()));
            return Some(skipped(&path, &message));
        }
        if !self.seen_files.insert(file_id(&path, meta)) {
            return None;
        }
        Some(Found::Source(Source::file(path)))
    }
}

/// What identifies a file or directory whatever path leads to it: (device, inode) on
/// unix; elsewhere, without inode numbers, the canonical path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

#[cfg(unix)]
fn file_id(_path: &Path, meta: &Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path, _meta: &Metadata) -> FileId {
    FileId(fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// What a non-regular file is, for the skip message.
pub(crate) fn kind(file_type: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

fn skipped(path: &Path, message: &str) -> Found {
    Found::Skipped(LoadError {
        path: path.display().to_string(),
        message: message.to_owned(),
    })
}

/// `stat` failed: a broken symlink says where it pointed, anything else says why.
fn unresolved(path: &Path, e: &std::io::Error) -> Found {
    let dangling = e.kind() == std::io::ErrorKind::NotFound
        && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if dangling {
        let target = fs::read_link(path).map(|t| t.display().to_string());
        let message = format!(
            "broken symbolic link (to {}); skipped",
            target.as_deref().unwrap_or("?")
        );
        return skipped(path, &message);
    }
    Found::Skipped(io_error(path, e))
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    LoadError {
        path: path.display().to_string(),
        message: describe(e),
    }
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// The issue date carried by a file name: `2023-04-26`, `2023_04_26`, `2023.04.26`
/// or `20230426`, anywhere in the stem. Returned as `YYYY-MM-DD`.
pub fn date_in_name(stem: &str) -> Option<String> {
    let b = stem.as_bytes();
    let digits = |i: usize, n: usize| {
        b.get(i..i + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let num = |i: usize, n: usize| -> u32 {
        b[i..i + n]
            .iter()
            .fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    for i in 0..b.len() {
        // Only at the start of a digit run: 120230426 is not a date.
        if i > 0 && b[i - 1].is_ascii_digit() || !digits(i, 4) {
            continue;
        }
        let sep = b.get(i + 4).copied();
        let (m, d, end) = if matches!(sep, Some(b'-' | b'_' | b'.'))
            && digits(i + 5, 2)
            && b.get(i + 7) == sep.as_ref()
            && digits(i + 8, 2)
        {
            (i + 5, i + 8, i + 10)
        } else if digits(i + 4, 4) {
            (i + 4, i + 6, i + 8)
        } else {
            continue;
        };
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let (year, month, day) = (num(i, 4), num(m, 2), num(d, 2));
        if (1900..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day) {
            return Some(format!("{year:04}-{month:02}-{day:02}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_file_name_shapes() {
        assert_eq!(date_in_name("2023-04-26").as_deref(), Some("2023-04-26"));
        assert_eq!(date_in_name("20230426").as_deref(), Some("2023-04-26"));
        assert_eq!(
            date_in_name("zzrb_2023_04_26_a").as_deref(),
            Some("2023-04-26")
        );
        assert_eq!(
            date_in_name("株洲日报2022.06.23").as_deref(),
            Some("2022-06-23")
        );
    }

    #[test]
    fn digit_runs_that_are_not_dates_are_ignored() {
        assert_eq!(date_in_name("000_03d9866ece675afd"), None);
        assert_eq!(date_in_name("20231399"), None);
        assert_eq!(date_in_name("120230426"), None);
        assert_eq!(date_in_name("202304261"), None);
        assert_eq!(date_in_name("2023-04"), None);
        assert_eq!(date_in_name(""), None);
    }
}
