//! Brute-force checks of a parse against its input, for the test suites and anyone
//! tuning the parser: every line of the dump must be accounted for somewhere in the
//! model, and no text may appear in the model more often than in the dump.

use super::Parsed;
use super::byline::inline_byline_end;
use super::jumps::{leading_from, trailing_to};
use super::lines::raw_lines;
use super::sections::PATH_SEPARATOR;

/// The text of every string the model holds, separated by NULs. A section heading is
/// repeated on each article under it, and a column's path (`版名 / 栏目`) repeats its
/// page's heading, so each heading is counted once when `sections` is `Once` (for the
/// doubling check).
fn haystack(parsed: &Parsed, sections: Sections) -> String {
    let mut s = String::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut put = |t: &str| {
        s.push_str(t);
        s.push('\u{0}');
    };
    for a in &parsed.articles {
        put(&a.title);
        a.kicker.as_deref().map(&mut put);
        if let Some(section) = a.section.as_deref() {
            match sections {
                Sections::Each => put(section),
                Sections::Once => {
                    for heading in section.split(PATH_SEPARATOR) {
                        if !seen.contains(&heading) {
                            seen.push(heading);
                            put(heading);
                        }
                    }
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Paragraph};

    fn article(title: &str, section: &str, text: &str) -> Article {
        Article {
            title: title.to_owned(),
            section: Some(section.to_owned()),
            paragraphs: vec![Paragraph {
                text: text.to_owned(),
                ..Paragraph::default()
            }],
            ..Article::default()
        }
    }

    const DUMP: &str = "“献策株洲”金点子摘登\n线上医保支付开通\n医保支付从今天起可以在线上完成。\n医讯速递\n铁道职院订单培养工程师\n学院与企业签约培养现场工程师。\n";

    #[test]
    fn a_page_heading_repeated_in_a_column_path_is_not_doubled() {
        let parsed = Parsed {
            articles: vec![
                article(
                    "线上医保支付开通",
                    "“献策株洲”金点子摘登",
                    "医保支付从今天起可以在线上完成。",
                ),
                article(
                    "铁道职院订单培养工程师",
                    "“献策株洲”金点子摘登 / 医讯速递",
                    "学院与企业签约培养现场工程师。",
                ),
            ],
            pages: Vec::new(),
        };
        assert_eq!(doubled_lines(DUMP, &parsed), Vec::<u32>::new());
        assert_eq!(lost_lines(DUMP, &parsed), Vec::<u32>::new());
    }

    #[test]
    fn a_paragraph_held_twice_is_doubled_and_a_missing_one_lost() {
        let mut parsed = Parsed {
            articles: vec![
                article(
                    "线上医保支付开通",
                    "“献策株洲”金点子摘登",
                    "医保支付从今天起可以在线上完成。",
                ),
                article(
                    "铁道职院订单培养工程师",
                    "“献策株洲”金点子摘登 / 医讯速递",
                    "医保支付从今天起可以在线上完成。",
                ),
            ],
            pages: Vec::new(),
        };
        assert_eq!(doubled_lines(DUMP, &parsed), [3]);
        assert_eq!(lost_lines(DUMP, &parsed), [6]);
        parsed.articles[1].section = None;
        assert_eq!(lost_lines(DUMP, &parsed), [4, 6]);
    }
}
