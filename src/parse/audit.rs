//! Brute-force checks of a parse against its input, for the test suites and anyone
//! tuning the parser: every line of the dump must be accounted for somewhere in the
//! model, and no text may appear in the model more often than in the dump.

use super::Parsed;
use super::byline::inline_byline_end;
use super::jumps::{leading_from, trailing_to};
use super::lines::raw_lines;

/// The text of every string the model holds, separated by NULs. A section heading is
/// repeated on each article under it, so it is counted once when `sections` is
/// `Once` (for the doubling check).
fn haystack(parsed: &Parsed, sections: Sections) -> String {
    let mut s = String::new();
    let mut seen: Vec<Option<String>> = Vec::new();
    let mut put = |t: &str| {
        s.push_str(t);
        s.push('\u{0}');
    };
    for a in &parsed.articles {
        put(&a.title);
        a.kicker.as_deref().map(&mut put);
        if sections == Sections::Each || !seen.contains(&a.section) {
            a.section.as_deref().map(&mut put);
            seen.push(a.section.clone());
        }
        for t in &a.subtitles {
            put(t);
        }
        if let Some(b) = &a.byline {
            put(&b.raw);
        }
        for p in &a.paragraphs {
            put(&p.text);
        }
    }
    for p in &parsed.pages {
        for t in &p.printed {
            put(t);
        }
    }
    s
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sections {
    Each,
    Once,
}

/// What of a line must survive: the line without jump markers, split at an inline
/// byline (the byline and the lead live in different fields).
fn parts(line: &str) -> Vec<&str> {
    let mut t = line;
    if let Some(j) = leading_from(t) {
        t = t.get(j.end..).unwrap_or("").trim();
    }
    if let Some(j) = trailing_to(t) {
        t = t.get(..j.start).unwrap_or("").trim();
    }
    if t.is_empty() {
        return Vec::new();
    }
    match inline_byline_end(t) {
        Some(end) => [
            t.get(..end).unwrap_or("").trim(),
            t.get(end..).unwrap_or("").trim(),
        ]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect(),
        None => vec![t],
    }
}

/// Source lines (1-based) whose text the model lost.
pub fn lost_lines(text: &str, parsed: &Parsed) -> Vec<u32> {
    let hay = haystack(parsed, Sections::Each);
    raw_lines(text)
        .into_iter()
        .filter(|l| parts(l.text).iter().any(|p| !hay.contains(p)))
        .map(|l| l.number)
        .collect()
}

/// Shorter lines may legitimately recur inside longer ones.
const DOUBLING_MIN_CHARS: usize = 6;

/// Source lines whose text the model holds more often than the dump prints it.
pub fn doubled_lines(text: &str, parsed: &Parsed) -> Vec<u32> {
    let hay = haystack(parsed, Sections::Once);
    let lines = raw_lines(text);
    let mut printed = String::new();
    for l in &lines {
        for p in parts(l.text) {
            printed.push_str(p);
            printed.push('\u{0}');
        }
    }
    lines
        .iter()
        .filter(|l| {
            parts(l.text).iter().any(|p| {
                p.chars().count() >= DOUBLING_MIN_CHARS
                    && hay.matches(p).count() > printed.matches(p).count()
            })
        })
        .map(|l| l.number)
        .collect()
}
