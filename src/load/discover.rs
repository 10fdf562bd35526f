//! Paths on the command line → the list of issue files, in reading order.
//!
//! Listing is cheap (no file is opened), so the reader can show every issue by name
//! at once and read and parse them in the background.

use super::Source;
use crate::model::LoadError;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Deeper than any real archive layout (year/month/day); stops symlink cycles early.
const MAX_DEPTH: usize = 8;

/// Expands files and directories into issue sources, sorted by the date in the file
/// name (undated issues after dated ones, by name). Problems are returned per path;
/// they never stop the other paths from loading.
pub fn discover(paths: &[PathBuf]) -> (Vec<Source>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => errors.push(io_error(path, &e)),
            Ok(meta) if meta.is_dir() => {
                let before = files.len();
                walk(path, 0, &mut files, &mut errors);
                if files.len() == before {
                    errors.push(LoadError {
                        path: path.display().to_string(),
                        message: "directory holds no .txt issue files".into(),
                    });
                }
            }
            Ok(_) => files.push(path.clone()),
        }
    }
    let mut seen = HashSet::new();
    files.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    let mut sources: Vec<Source> = files.into_iter().map(Source::file).collect();
    sources.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (sources, errors)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(io_error(dir, &e)),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden {
            continue;
        }
        // Follows symlinks on purpose: archives are often assembled from links.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() && depth < MAX_DEPTH => walk(&path, depth + 1, files, errors),
            Ok(meta) if meta.is_file() && is_txt(&path) => files.push(path),
            Ok(_) => {}
            Err(e) => errors.push(io_error(&path, &e)),
        }
    }
}

fn is_txt(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

pub(crate) fn io_error(path: &Path, e: &std::io::Error) -> LoadError {
    let message = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    LoadError {
        path: path.display().to_string(),
        message,
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
