//! Paths → `Archive`: read every issue (load) and parse it (parse), on all cores.
//! One bad file costs one entry in `errors`; every good file still loads.

use crate::load::Source;
use crate::model::{Archive, Issue, LoadError};
use crate::parse::parse_articles;
use jieba_rs::Jieba;
use std::path::PathBuf;

/// Reads and parses one listed issue.
pub fn load_issue(source: &Source, words: Option<&Jieba>) -> Result<Issue, LoadError> {
    let decoded = source.read()?;
    Ok(Issue {
        id: source.id.clone(),
        source: source.label(),
        date: source.date.clone(),
        encoding: decoded.encoding.to_owned(),
        articles: parse_articles(&source.id, &decoded.text, words),
        warnings: decoded.warnings,
    })
}

/// Loads everything named on a command line (the bundled issues when `paths` is empty).
pub fn load_archive(paths: &[PathBuf], words: Option<&Jieba>) -> Archive {
    let (sources, mut errors) = crate::load::sources(paths);
    let results = load_all(&sources, words);
    let mut issues = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(issue) => issues.push(issue),
            Err(e) => errors.push(e),
        }
    }
    Archive { issues, errors }
}

/// Parses sources in parallel, keeping their order.
pub fn load_all(sources: &[Source], words: Option<&Jieba>) -> Vec<Result<Issue, LoadError>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = sources.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| load_issue(s, words))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // A panic in the parser is a bug; report it per file rather than abort.
                Err(_) => vec![Err(LoadError {
                    path: "(parser)".into(),
                    message: "internal error while parsing".into(),
                })],
            })
            .collect()
    })
}
