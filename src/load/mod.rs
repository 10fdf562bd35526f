//! Disk → text: list issue files, read and decode them, one error per bad file.
//!
//! The only module besides `cli` and the terminal shell that touches the file
//! system, and it only ever reads: zzread never writes into an archive.

mod bundled;
mod decode;
mod discover;

pub use decode::{DecodeError, Decoded, decode};
pub use discover::{date_in_name, discover};

use crate::model::LoadError;
use std::path::{Path, PathBuf};

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
    fn file(path: PathBuf) -> Source {
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

    /// What `Issue::source` and error messages call this issue.
    pub fn label(&self) -> String {
        match &self.origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Bundled { name, .. } => format!("bundled:{name}"),
        }
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
            }),
            Origin::File(path) => read_file(path),
        }
    }
}

fn read_file(path: &Path) -> Result<Decoded, LoadError> {
    let err = |message: String| LoadError {
        path: path.display().to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| discover::io_error(path, &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "file is {} MB, larger than any issue dump (limit {} MB)",
            meta.len() >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| discover::io_error(path, &e))?;
    decode(&bytes).map_err(|e| err(e.to_string()))
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

/// The sources for a command line: the bundled issues when no path is given.
pub fn sources(paths: &[PathBuf]) -> (Vec<Source>, Vec<LoadError>) {
    if paths.is_empty() {
        (bundled(), Vec::new())
    } else {
        discover(paths)
    }
}
