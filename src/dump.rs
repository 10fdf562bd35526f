//! `zzread dump`'s output, issue by issue, so that it can be kept in the cache and
//! written out again without parsing: the JSON of one issue as it appears inside the
//! archive's JSON, cut around its `source` (which depends on how the path was typed),
//! and the text outline of one issue, after its first line.
//!
//! Pasting the pieces together gives, byte for byte, what serialising the whole
//! archive gives (a test holds them to it).

use crate::model::{Issue, LoadError, Page};
use crate::text::{sanitize, write_json};
use std::io::{self, Write};

/// Stands in for the source while an issue is serialised, so the JSON can be cut there.
const SOURCE_MARK: &str = "\u{0}zzread-source\u{0}";

/// The issue's JSON as an element of the `issues` array (indented to its place), cut
/// around the value of `source`.
pub fn issue_json(issue: &Issue) -> (String, String) {
    let marked = Issue {
        source: SOURCE_MARK.into(),
        ..issue.clone()
    };
    let mut bytes = Vec::new();
    if write_json(&mut bytes, &marked).is_err() {
        return (String::new(), String::new());
    }
    // Nested two levels deep: every line but the first moves right by four spaces.
    let text = String::from_utf8_lossy(&bytes).replace('\n', "\n    ");
    let mut mark = Vec::new();
    let _ = write_json(&mut mark, SOURCE_MARK);
    let mark = String::from_utf8_lossy(&mark).into_owned();
    match text.split_once(&mark) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text, String::new()),
    }
}

/// A JSON string, escaped as `dump` escapes.
fn json_string(s: &str) -> String {
    let mut out = Vec::new();
    let _ = write_json(&mut out, s);
    String::from_utf8_lossy(&out).into_owned()
}

/// One issue's JSON pieces and its source now.
pub struct JsonIssue<'a> {
    pub before_source: &'a [u8],
    pub source: &'a str,
    pub after_source: &'a [u8],
}

/// The archive's JSON from its issues' pieces and the errors: what `write_json` of the
/// whole `Archive` writes, followed by a newline.
pub fn write_archive_json<'a>(
    out: &mut dyn Write,
    issues: impl IntoIterator<Item = JsonIssue<'a>>,
    errors: &[LoadError],
) -> io::Result<()> {
    let mut any = false;
    for (k, issue) in issues.into_iter().enumerate() {
        out.write_all(if k == 0 {
            b"{\n  \"issues\": [\n    "
        } else {
            b",\n    "
        })?;
        out.write_all(issue.before_source)?;
        out.write_all(json_string(issue.source).as_bytes())?;
        out.write_all(issue.after_source)?;
        any = true;
    }
    if any {
        out.write_all(b"\n  ],\n  \"errors\": ")?;
    } else {
        out.write_all(b"{\n  \"issues\": [],\n  \"errors\": ")?;
    }
    let mut errs = Vec::new();
    write_json(&mut errs, errors).map_err(io::Error::from)?;
    out.write_all(
        String::from_utf8_lossy(&errs)
            .replace('\n', "\n  ")
            .as_bytes(),
    )?;
    out.write_all(b"\n}\n")
}

/// The text outline's first line for an issue.
pub fn outline_head(
    id: &str,
    source: &str,
    date: Option<&str>,
    encoding: &str,
    articles: usize,
) -> String {
    format!(
        "{}  ({}, {}, {}, {} articles)\n",
        sanitize(id),
        sanitize(source),
        sanitize(date.unwrap_or("no date")),
        sanitize(encoding),
        articles
    )
}

/// The text outline of an issue after its first line: warnings, its pages, then each
/// article's headline and credits.
pub fn outline_body(issue: &Issue) -> String {
    let mut out = String::new();
    for w in &issue.warnings {
        out.push_str(&format!("  ! {}\n", sanitize(&w.message)));
    }
    for (k, page) in issue.pages.iter().enumerate() {
        out.push_str(&format!(
            "  page {}: {}\n",
            k + 1,
            sanitize(&page_label(page))
        ));
    }
    for (n, a) in issue.articles.iter().enumerate() {
        out.push_str(&format!("  {:>2}. {}\n", n + 1, sanitize(&a.headline())));
        let mut meta = Vec::new();
        if let Some(p) = a.page.filter(|_| issue.pages.len() > 1) {
            meta.push(format!("page {}", p + 1));
        }
        if let Some(s) = &a.section {
            meta.push(format!("[{s}]"));
        }
        if let Some(b) = &a.byline {
            meta.push(b.credit_line());
        }
        if let Some(from) = &a.continued_from {
            let link = a
                .continued_from_article
                .as_deref()
                .map(|id| format!(" ← {id}"));
            meta.push(format!("上接{from}{}", link.unwrap_or_default()));
        }
        if let Some(to) = &a.continued_to {
            let link = a
                .continued_to_article
                .as_deref()
                .map(|id| format!(" → {id}"));
            meta.push(format!("下转{to}{}", link.unwrap_or_default()));
        }
        meta.push(format!("{} 段", a.text_paragraphs().count()));
        out.push_str(&format!("      {}\n", sanitize(&meta.join(" · "))));
    }
    out
}

/// `03版 综合 · 2023-04-26 · 责任编辑 王建设 美术编辑 左骏`, or what of it is printed.
fn page_label(page: &Page) -> String {
    let mut parts = Vec::new();
    let head: Vec<String> = [
        page.number.as_ref().map(|n| format!("{n}版")),
        page.name.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !head.is_empty() {
        parts.push(head.join(" "));
    }
    if let Some(d) = &page.date {
        parts.push(d.clone());
    }
    if !page.editors.is_empty() {
        let editors: Vec<String> = page
            .editors
            .iter()
            .map(|e| format!("{} {}", e.role, e.name))
            .collect();
        parts.push(editors.join(" "));
    }
    if parts.is_empty() {
        parts.push("(no furniture printed)".into());
    }
    parts.push(format!("lines {}-{}", page.lines[0], page.lines[1]));
    parts.join(" · ")
}

/// The whole text outline of parsed issues.
pub fn write_outline(out: &mut dyn Write, issues: &[Issue]) -> io::Result<()> {
    for issue in issues {
        out.write_all(
            outline_head(
                &issue.id,
                &issue.source,
                issue.date.as_deref(),
                &issue.encoding,
                issue.articles.len(),
            )
            .as_bytes(),
        )?;
        out.write_all(outline_body(issue).as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Archive;

    fn whole(archive: &Archive) -> Vec<u8> {
        let mut out = Vec::new();
        write_json(&mut out, archive).expect("json");
        out.push(b'\n');
        out
    }

    fn pieced(archive: &Archive) -> Vec<u8> {
        let pieces: Vec<(String, String)> = archive.issues.iter().map(issue_json).collect();
        let mut out = Vec::new();
        write_archive_json(
            &mut out,
            archive
                .issues
                .iter()
                .zip(&pieces)
                .map(|(i, (before, after))| JsonIssue {
                    before_source: before.as_bytes(),
                    source: &i.source,
                    after_source: after.as_bytes(),
                }),
            &archive.errors,
        )
        .expect("write");
        out
    }

    #[test]
    fn the_pieces_make_exactly_the_whole_archive_json() {
        let mut archive = crate::archive::load_archive(&[], None);
        archive.errors.push(LoadError {
            path: "a/\u{1b}]52;b.txt".into(),
            message: "binary data".into(),
        });
        archive.issues[1].source = "some/where\u{202e}/x.txt".into();
        assert_eq!(
            String::from_utf8_lossy(&pieced(&archive)),
            String::from_utf8_lossy(&whole(&archive))
        );
        let empty = Archive::default();
        assert_eq!(pieced(&empty), whole(&empty));
        let no_errors = Archive {
            errors: vec![],
            ..archive
        };
        assert_eq!(pieced(&no_errors), whole(&no_errors));
    }
}
