//! Disk → text: list issue files, read and decode them, one error per bad file.
//!
//! The only module besides `cli` and the terminal shell that touches the file
//! system, and it only ever reads: zzread never writes into an archive.

mod bundled;
mod decode;
mod discover;
mod plausible;

pub use decode::{DecodeError, Decoded, allowed_bad, decode};
pub use discover::{Found, MAX_DEPTH, Stat, Walk, date_in_name, discover, walk};
pub use plausible::{HanCount, MIN_COMMON_SHARE, plausible_chinese};

use crate::model::LoadError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The sample issue compiled in under `name`.
fn bundled_named(name: &str) -> Option<Source> {
    bundled()
        .into_iter()
        .find(|s| matches!(s.origin, Origin::Bundled { name: n, .. } if n == name))
}

/// Files larger than this are not issue dumps (a year of the paper is ~20 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// One issue file, listed but not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file stem: the issue id.
    pub id: String,
    pub date: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    /// One of the sample issues compiled into the binary.
    Bundled {
        name: &'static str,
        text: &'static str,
    },
}

impl Source {
    pub(crate) fn file(path: PathBuf) -> Source {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        Source {
            date: date_in_name(&id),
            id,
            origin: Origin::File(path),
        }
    }

    /// The source an `Issue::source` label names (a path, or `bundled:NAME`).
    pub fn from_label(label: &str) -> Option<Source> {
        match Source::origin_of_label(label)? {
            Origin::File(path) => Some(Source::file(path)),
            Origin::Bundled { name, .. } => bundled_named(name),
        }
    }

    /// Where the issue an `Issue::source` label names is (a path, or
    /// `bundled:NAME`), without working out its id and date (a listing has them).
    pub fn origin_of_label(label: &str) -> Option<Origin> {
        match label.strip_prefix("bundled:") {
            Some(name) => bundled_named(name).map(|s| s.origin),
            None if label.is_empty() => None,
            None => Some(Origin::File(PathBuf::from(label))),
        }
    }

    /// What `Issue::source` and error messages call this issue.
    pub fn label(&self) -> String {
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Bundled { name, .. } => format!("bundled:{name}"),
        }
    }

    /// Reading order: by the date in the file name, undated issues after dated ones,
    /// then by id. For sorting sources as a [`walk`] hands them out.
    pub fn cmp_reading_order(&self, other: &Source) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }

    fn sort_key(&self) -> (bool, &str, &str) {
        (
            self.date.is_none(),
            self.date.as_deref().unwrap_or(""),
            &self.id,
        )
    }

    /// Reads and decodes the issue text.
    pub fn read(&self) -> Result<Decoded, LoadError> {
        match &self.origin {
            Origin::Bundled { text, .. } => Ok(Decoded {
                text: (*text).to_owned(),
                encoding: "UTF-8",
                warnings: Vec::new(),
            }),
            Origin::File(path) => read_file(path),
        }
    }
}

/// Reads a file that must be a regular file of at most [`MAX_FILE_BYTES`].
///
/// The type is checked on the open handle, so a file swapped for a FIFO after the walk
/// is still refused, and the open itself never waits for a FIFO's writer (`O_NONBLOCK`;
/// it changes nothing for a regular file). The size is enforced by reading at most one
/// byte past the cap, not by trusting the size `stat` reports: `/proc` files say 0.
fn read_file(path: &Path) -> Result<Decoded, LoadError> {
    read_capped(path, MAX_FILE_BYTES)
}

fn read_capped(path: &Path, cap: u64) -> Result<Decoded, LoadError> {
    let err = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let too_big = || {
        err(format!(
            "larger than any issue dump (limit {} MB); skipped",
            cap >> 20
        ))
    };
    let file = open_without_blocking(path).map_err(|e| discover::io_error(path, &e))?;
    let meta = file.metadata().map_err(|e| discover::io_error(path, &e))?;
    if !meta.is_file() {
        return Err(err(format!(
            "{}, not a regular file; skipped",
            discover::kind(&meta.file_type())
        )));
    }
    if meta.len() > cap {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| discover::io_error(path, &e))?;
    if bytes.len() as u64 > cap {
        return Err(too_big());
    }
    decode(&bytes).map_err(|e| err(e.to_string()))
}

#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Lines `first..=last` (1-based) of a text, numbered as the parser numbers them (LF,
/// CRLF and a lone CR each end a line), without their line ends.
pub fn lines_of(text: &str, first: u32, last: u32) -> Vec<&str> {
    let skip = usize::try_from(first.saturating_sub(1)).unwrap_or(usize::MAX);
    let take = usize::try_from(last.saturating_sub(first).saturating_add(1)).unwrap_or(0);
    text.split('\n')
        .flat_map(|piece| piece.strip_suffix('\r').unwrap_or(piece).split('\r'))
        .skip(skip)
        .take(take)
        .collect()
}

/// The five sample issues built into the binary.
pub fn bundled() -> Vec<Source> {
    bundled::SEEDS
        .iter()
        .map(|&(name, text)| {
            let id = name.trim_end_matches(".txt").to_owned();
            Source {
                date: date_in_name(&id),
                id,
                origin: Origin::Bundled { name, text },
            }
        })
        .collect()
}

/// The sources for a command line, in reading order, and what was skipped: the bundled
/// issues when no path is given. [`walk`] is the same as a stream.
pub fn sources(paths: &[PathBuf]) -> (Vec<Source>, Vec<LoadError>) {
    discover(paths)
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn read(path: &str) -> Result<Decoded, LoadError> {
        Source::file(PathBuf::from(path)).read()
    }

    #[test]
    fn lines_are_numbered_as_the_parser_numbers_them() {
        for text in ["a\nb\nc\nd", "a\r\nb\r\nc\r\nd", "a\rb\rc\rd"] {
            assert_eq!(lines_of(text, 2, 3), ["b", "c"], "{text:?}");
        }
        assert_eq!(lines_of("a\nb", 2, 9), ["b"]);
        assert!(lines_of("a", 5, 6).is_empty());
    }

    #[test]
    fn a_source_label_names_its_source_again() {
        let seed = bundled().remove(0);
        assert_eq!(Source::from_label(&seed.label()), Some(seed));
        let file = Source::from_label("/a/2023-04-26.txt").unwrap();
        assert_eq!(file.date.as_deref(), Some("2023-04-26"));
    }

    #[test]
    fn reading_refuses_what_is_not_a_regular_file() {
        // The walk never lists these; reading checks again on the open handle.
        let zero = read("/dev/zero").unwrap_err();
        assert!(zero.message.contains("character device"), "{zero:?}");
        let dir = read("/").unwrap_err();
        assert!(dir.message.contains("directory"), "{dir:?}");
    }

    #[test]
    fn reading_a_fifo_neither_blocks_nor_reads() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("x.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        // Without O_NONBLOCK the open would wait for a writer forever.
        let e = Source::file(fifo).read().unwrap_err();
        assert!(e.message.contains("named pipe"), "{e:?}");
    }

    #[test]
    fn the_size_cap_is_enforced_by_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big.txt");
        std::fs::write(&path, "株洲日报".repeat(200_000)).unwrap();
        let e = read_capped(&path, 1 << 20).unwrap_err();
        assert!(e.message.contains("limit 1 MB"), "{e:?}");
        assert!(read_capped(&path, 4 << 20).is_ok());
        // A file whose size `stat` reports as 0 but that has text (as in /proc) is
        // still read through the bounded reader.
        let d = read("/proc/self/status");
        assert!(d.is_ok_and(|d| d.text.contains("Name:")));
    }
}
