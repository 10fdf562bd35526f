//! The on-disk cache: an archive parsed once, its text store and search lists mapped
//! straight from disk at the next start.
//!
//! Where: `$XDG_CACHE_HOME/zzread/` (default `~/.cache/zzread/`), one folder per archive
//! (named by a hash of the archive's canonical paths), never inside the archive. In
//! it, segment files (`seg-….zzs`, see [`segment`]) each holding a run of issues, a
//! `manifest.json` naming the segments in use, and a `lock`.
//!
//! What makes a cached issue valid: its file's canonical path, size and modification
//! time, and the code version (a hash of the code whose output is cached, made by
//! build.rs). A changed or added file is parsed again on its own, into a new segment;
//! a removed one drops out; other code rebuilds everything. Segments are written once
//! (temporary name, fsync, rename) and never changed; the manifest is replaced the
//! same way under the lock, so readers, writers and `zzread search` can run at once.
//! A damaged or foreign file is not believed (checksums, see [`segment`]): it is
//! dropped and its issues parsed again.

pub mod map;
pub mod segment;
pub mod warm;

pub use segment::{DumpParts, Entry, FileKey, Listed, Record, Segment, Unusable};

use crate::load::{Origin, Source};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

include!(concat!(env!("OUT_DIR"), "/code_version.rs"));

const MANIFEST: &str = "manifest.json";
const LOCK: &str = "lock";
/// Held by whoever is building the cache (`zzread cache build`, or the builder a
/// command starts in the background).
const BUILD_LOCK: &str = "build.lock";
/// A segment file this old that no manifest names is a leftover (a writer that died):
/// removed at the next commit. Younger ones may be another process's, in flight.
const LEFTOVER_AGE: Duration = Duration::from_secs(3600);

/// The cache folder of every archive: `$XDG_CACHE_HOME/zzread`, else
/// `$HOME/.cache/zzread`.
pub fn root() -> Option<PathBuf> {
    root_from(std::env::var_os("XDG_CACHE_HOME"), std::env::var_os("HOME"))
}

pub fn root_from(
    xdg_cache: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    crate::xdg::base_dir(xdg_cache, home, &[".cache"]).map(|d| d.join("zzread"))
}

/// The manifest: which segments are in use.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Manifest {
    format: u32,
    /// What the folder caches (the archive key), so a hash collision is noticed.
    archive: String,
    segments: Vec<String>,
}

/// One archive's cache folder.
#[derive(Debug, Clone)]
pub struct Cache {
    pub dir: PathBuf,
    archive: String,
}

/// What opening the cache found.
#[derive(Debug, Default)]
pub struct Opened {
    /// The segments in use that could be read, with their file names.
    pub segments: Vec<(String, Segment)>,
    /// Named by the manifest but unreadable (damaged, foreign, gone): dropped at the
    /// next commit.
    pub dropped: Vec<String>,
    /// Why something was not used, for the status bar (once).
    pub note: Option<String>,
}

impl Cache {
    /// The cache folder of the archive named by `paths` (none: the bundled issues).
    pub fn for_archive(root: &Path, paths: &[PathBuf]) -> Cache {
        let archive = crate::state::archive_key(paths);
        let name = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(archive.as_bytes()));
        Cache {
            dir: root.join(name),
            archive,
        }
    }

    fn manifest(&self) -> Option<Manifest> {
        let text = fs::read_to_string(self.dir.join(MANIFEST)).ok()?;
        let m: Manifest = serde_json::from_str(&text).ok()?;
        (m.format == segment::FORMAT && m.archive == self.archive).then_some(m)
    }

    /// Reads the segments the manifest names, every section read whole checked. Never
    /// fails: what cannot be read is reported and left out (its issues are parsed
    /// again).
    pub fn open(&self) -> Opened {
        let mut opened = self.open_listing();
        opened.keep_usable();
        opened
    }

    /// Reads the segments the manifest names, checking what listing their issues
    /// needs: the reader's first frame. [`Opened::keep_usable`] checks the rest.
    pub fn open_listing(&self) -> Opened {
        let mut opened = Opened::default();
        let Some(manifest) = self.manifest() else {
            if self.dir.join(MANIFEST).exists() {
                opened.note = Some(crate::strings::CACHE_REBUILT.into());
            }
            return opened;
        };
        for name in manifest.segments {
            match self.read_segment(&name) {
                Ok(seg) => opened.segments.push((name, seg)),
                Err(why) => {
                    if why != Unusable::Foreign {
                        opened.note = Some(crate::strings::CACHE_REBUILT.into());
                    } else if opened.note.is_none() {
                        opened.note = Some(crate::strings::CACHE_OUTDATED.into());
                    }
                    opened.dropped.push(name);
                }
            }
        }
        opened
    }

    pub(crate) fn read_segment(&self, name: &str) -> Result<Segment, Unusable> {
        if !valid_name(name) {
            return Err(Unusable::Damaged);
        }
        let file = fs::File::open(self.dir.join(name)).map_err(|_| Unusable::Damaged)?;
        let bytes = map::map(&file).map_err(|_| Unusable::Damaged)?;
        Segment::open_listing(bytes, CODE_VERSION)
    }

    /// Writes a segment file (temporary name, fsync, rename); its name.
    pub fn write_segment(&self, bytes: &[u8]) -> io::Result<String> {
        fs::create_dir_all(&self.dir)?;
        // Never the name of a file already there: a segment written again with the
        // same bytes (its damaged copy being dropped) must not be dropped with it.
        let mut salt = u64::from(std::process::id());
        let name = loop {
            let name = format!("seg-{:016x}.zzs", xxhash_rust::xxh3::xxh3_64(bytes) ^ salt);
            if !self.dir.join(&name).exists() {
                break name;
            }
            salt = salt.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(1);
        };
        write_atomically(&self.dir, &name, bytes)?;
        Ok(name)
    }

    /// Puts `added` segments in use and `dropped` ones out of use, under the lock,
    /// keeping whatever another process committed meanwhile; removes segments no
    /// longer named (and leftovers of dead writers).
    pub fn commit(&self, added: &[String], dropped: &[String]) -> io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(LOCK))?;
        lock.lock()?;
        let mut manifest = self.manifest().unwrap_or_else(|| Manifest {
            format: segment::FORMAT,
            archive: self.archive.clone(),
            segments: Vec::new(),
        });
        manifest.segments.retain(|s| !dropped.contains(s));
        for name in added {
            if !manifest.segments.contains(name) {
                manifest.segments.push(name.clone());
            }
        }
        let text = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
        write_atomically(&self.dir, MANIFEST, &text)?;
        let named: HashSet<&String> = manifest.segments.iter().collect();
        for entry in fs::read_dir(&self.dir)?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !valid_name(&name) || named.contains(&name) {
                continue;
            }
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .map(|t| t.elapsed().unwrap_or_default() > LEFTOVER_AGE)
                .unwrap_or(false);
            if dropped.contains(&name) || old {
                let _ = fs::remove_file(entry.path());
            }
        }
        lock.unlock()
    }

    /// The right to build this cache: held by one builder at a time. With `wait`,
    /// waits for a builder under way to finish; without, `None` when one is under way.
    pub fn build_lock(&self, wait: bool) -> io::Result<Option<fs::File>> {
        fs::create_dir_all(&self.dir)?;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join(BUILD_LOCK))?;
        if wait {
            file.lock()?;
            return Ok(Some(file));
        }
        match file.try_lock() {
            Ok(()) => Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// Removes the archive's cache.
    pub fn clear(&self) -> io::Result<()> {
        match fs::remove_dir_all(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// Bytes the archive's cache takes on disk, and its files.
    pub fn disk_use(&self) -> (u64, usize) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return (0, 0);
        };
        entries
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .fold((0, 0), |(bytes, files), m| (bytes + m.len(), files + 1))
    }
}

fn valid_name(name: &str) -> bool {
    name.starts_with("seg-") && name.ends_with(".zzs") && !name.contains('/') && name.len() < 64
}

/// Writes `name` in `dir` so that it appears whole or not at all.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, dir.join(name))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// What identifies the files sources were read from, as the cache keys them: the
/// canonical path, size and modification time. A start looks at every file of the
/// archive, so the folders are resolved once each and a file costs one `lstat`
/// (`canonicalize` per file cost a lookup per path component).
#[derive(Debug, Default)]
pub struct Keys {
    folders: rustc_hash::FxHashMap<PathBuf, Option<PathBuf>>,
}

impl Keys {
    /// The key of `source`'s file; `None` when it cannot be looked at (it is parsed,
    /// and the parse reports why it failed). `known`: what the walk's `stat` said of
    /// it, when it is a plain file (then it is not looked at again).
    pub fn of(&mut self, source: &Source, known: Option<crate::load::Stat>) -> Option<FileKey> {
        let path = match &source.origin {
            Origin::Bundled { name, text } => {
                return Some(FileKey {
                    path: format!("bundled:{name}"),
                    size: text.len() as u64,
                    mtime: 0,
                });
            }
            Origin::File(path) => path,
        };
        let (link, stat) = match known {
            Some(stat) => (false, Some(stat)),
            None => {
                let meta = fs::symlink_metadata(path).ok()?;
                (meta.file_type().is_symlink(), crate::load::Stat::of(&meta))
            }
        };
        let (canonical, stat) = match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) if !link => {
                let folder = self
                    .folders
                    .entry(parent.to_path_buf())
                    .or_insert_with(|| {
                        fs::canonicalize(if parent.as_os_str().is_empty() {
                            Path::new(".")
                        } else {
                            parent
                        })
                        .ok()
                    })
                    .as_ref()?;
                (folder.join(name), stat?)
            }
            // A link (or a bare name): resolved in full, and the file it names looked at.
            _ => {
                let canonical = fs::canonicalize(path).ok()?;
                let stat = crate::load::Stat::of(&fs::metadata(&canonical).ok()?)?;
                (canonical, stat)
            }
        };
        Some(FileKey {
            path: canonical.to_string_lossy().into_owned(),
            size: stat.size,
            mtime: stat.mtime,
        })
    }
}

/// Where a cached issue is: segment and position in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub segment: usize,
    pub issue: usize,
}

impl Opened {
    /// Checks the tables of every segment not yet checked (see
    /// [`Segment::tables_hold`]), and drops the segments that fail: their issues are
    /// parsed again.
    pub fn keep_usable(&mut self) {
        let (usable, damaged): (Vec<_>, Vec<_>) = std::mem::take(&mut self.segments)
            .into_iter()
            .partition(|(_, seg)| seg.tables_hold());
        self.segments = usable;
        if !damaged.is_empty() {
            self.note = Some(crate::strings::CACHE_REBUILT.into());
            self.dropped
                .extend(damaged.into_iter().map(|(name, _)| name));
        }
    }
}

/// Every issue the segments hold, once each (the first segment to hold a file wins:
/// two windows may both have cached it), with where it is, in reading order: dated
/// first, by date, then by id (as [`crate::load::Source::cmp_reading_order`] puts
/// the files of a walk), then by path.
pub fn listed(segments: &[(String, Segment)]) -> Listing<'_> {
    let total = segments.iter().map(|(_, s)| s.len()).sum();
    let mut issues = Vec::with_capacity(total);
    for (s, (_, seg)) in segments.iter().enumerate() {
        for k in 0..seg.len() {
            if let Some(l) = seg.listed(k) {
                issues.push((
                    l,
                    Slot {
                        segment: s,
                        issue: k,
                    },
                ));
            }
        }
    }
    // On the first frame's path at 100,000 issues: positions are sorted, not the
    // listings (a hundred bytes each), and the copies of one file, which sort
    // together (the path is in the key), are dropped in one pass, not through a
    // hash set of every key. Ties keep the segments' order: the first copy wins.
    let mut order: Vec<u32> = (0..u32::try_from(issues.len()).unwrap_or(u32::MAX)).collect();
    fn key<'a>(l: &Listed<'a>) -> (bool, Option<&'a str>, &'a str, &'a str) {
        (l.date.is_none(), l.date, l.id, l.key.path)
    }
    order.sort_unstable_by(|&a, &b| {
        let (x, y) = (&issues[a as usize].0, &issues[b as usize].0);
        key(x).cmp(&key(y)).then(a.cmp(&b))
    });
    order.dedup_by(|later, earlier| {
        issues[*later as usize].0.key == issues[*earlier as usize].0.key
    });
    Listing { issues, order }
}

/// The cached issues, as [`listed`] gives them.
pub struct Listing<'a> {
    issues: Vec<(Listed<'a>, Slot)>,
    /// Positions in `issues`, in reading order, each file once.
    order: Vec<u32>,
}

impl<'a> Listing<'a> {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The issues in reading order.
    pub fn iter(&self) -> impl Iterator<Item = &(Listed<'a>, Slot)> + Clone + '_ {
        self.order.iter().map(|&k| &self.issues[k as usize])
    }
}

/// Segments none of whose issues are in `used`: safe to drop.
pub fn unused(segments: &[(String, Segment)], used: &[Slot]) -> Vec<String> {
    segments
        .iter()
        .enumerate()
        .filter(|(s, _)| !used.iter().any(|u| u.segment == *s))
        .map(|(_, (name, _))| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_lives_under_xdg_cache_home_then_home() {
        let os = |s: &str| Some(std::ffi::OsString::from(s));
        assert_eq!(
            root_from(os("/x/cache"), os("/home/u")),
            Some(PathBuf::from("/x/cache/zzread"))
        );
        assert_eq!(
            root_from(None, os("/home/u")),
            Some(PathBuf::from("/home/u/.cache/zzread"))
        );
        assert_eq!(root_from(os("relative"), None), None);
    }

    #[test]
    fn segment_names_cannot_leave_the_folder() {
        assert!(valid_name("seg-0123456789abcdef.zzs"));
        assert!(!valid_name("seg-../../etc/passwd.zzs"));
        assert!(!valid_name("manifest.json"));
    }
}
