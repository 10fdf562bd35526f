//! The article model: what the loader builds and everything else reads.
//!
//! Plain data, no IO. Text is kept exactly as printed in the dump (no punctuation
//! rewriting); positions elsewhere in the crate are byte offsets into these strings.
//! The serde form of these types *is* the `zzread dump --format json` schema, which
//! the README documents and promises to keep stable.

use serde::{Deserialize, Serialize};

/// Everything loaded from the paths given on the command line.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Archive {
    pub issues: Vec<Issue>,
    /// Files that could not be loaded, each with the reason.
    pub errors: Vec<LoadError>,
}

/// One issue of the paper: one dump file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Issue {
    /// The file stem, e.g. `2023-04-26` or `000_03d9866ece675afd`.
    pub id: String,
    /// Where the text came from: a path, or `bundled:NAME` for the built-in samples.
    pub source: String,
    /// `YYYY-MM-DD` when the file name carries a date.
    pub date: Option<String>,
    /// The encoding the file was decoded from: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE`, `GB18030`.
    pub encoding: String,
    pub articles: Vec<Article>,
    /// What was repaired while reading the file (stray NULs, malformed bytes): the issue
    /// loaded, but these places show U+FFFD. Empty for a clean file.
    #[serde(default)]
    pub warnings: Vec<IssueWarning>,
}

/// Something repaired in an issue file that loaded anyway.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct IssueWarning {
    /// One line for people: `2 NUL bytes replaced by U+FFFD (lines 4, 9)`.
    pub message: String,
    /// How many places were repaired.
    pub count: usize,
    /// The lines (1-based) they are on, the first ten at most.
    pub lines: Vec<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Article {
    /// `ISSUE#N`, N counting articles of the issue from 1 in reading order.
    pub id: String,
    /// The main headline exactly as printed; for a headless jump continuation, its
    /// marker (`◀上接01版`).
    pub title: String,
    pub subtitles: Vec<String>,
    /// A short label line above (or beside) the headline: 全市首家, 天台快评, …
    pub kicker: Option<String>,
    /// The page or column heading the article sits under (生命周刊, “献策株洲”金点子摘登);
    /// nested headings are joined with ` / `.
    pub section: Option<String>,
    pub byline: Option<Byline>,
    /// The page this article continues from (`01版`) when it carries a jump marker.
    pub continued_from: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// First and last source line (1-based) the article was built from.
    pub lines: [u32; 2],
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Byline {
    /// The byline as printed; lines of a byline split over several lines joined with `\n`.
    pub raw: String,
    pub reporters: Vec<String>,
    pub correspondents: Vec<String>,
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// Body text; column breaks already re-joined.
    Text,
    /// An in-article sub-heading (●横到边、纵到底…).
    Subhead,
    /// A photo caption (…通讯员 供图, ▲…).
    Caption,
    /// A structural label such as 【理】 or (事).
    Label,
}

/// A file that could not be loaded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub message: String,
}

/// `path: message`, sanitised: both can carry archive bytes (a file named
/// `x<ESC>]52;…` must not reach the terminal as an escape sequence), and this is what
/// gets printed.
impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::text::sanitize;
        write!(f, "{}: {}", sanitize(&self.path), sanitize(&self.message))
    }
}

impl Article {
    /// Body paragraphs only (what a reader counts as the article's text).
    pub fn text_paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Text)
    }
}

impl Article {
    /// Kicker, title and subtitles on one line: `全市首家 | 标题 — 副题`.
    pub fn headline(&self) -> String {
        headline(self.kicker.as_deref(), &self.title, &self.subtitles)
    }
}

/// Kicker, title and subtitles on one line: `全市首家 | 标题 — 副题`.
pub fn headline(kicker: Option<&str>, title: &str, subtitles: &[String]) -> String {
    let mut s = String::new();
    if let Some(k) = kicker {
        s.push_str(k);
        s.push_str(" | ");
    }
    s.push_str(if title.is_empty() {
        "(无标题)"
    } else {
        title
    });
    for sub in subtitles {
        s.push_str(" — ");
        s.push_str(sub);
    }
    s
}

impl Byline {
    /// `记者 刘琼 · 通讯员 谭盼盼`, or the raw byline when no role was recognised.
    pub fn credit_line(&self) -> String {
        let mut parts = Vec::new();
        for (role, names) in [
            ("记者", &self.reporters),
            ("通讯员", &self.correspondents),
            ("作者", &self.authors),
        ] {
            if !names.is_empty() {
                parts.push(format!("{role} {}", names.join(" ")));
            }
        }
        if parts.is_empty() {
            self.raw.replace('\n', " ")
        } else {
            parts.join(" · ")
        }
    }
}

impl Archive {
    pub fn article_count(&self) -> usize {
        self.issues.iter().map(|i| i.articles.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_errors_print_defused() {
        // The reader prints these with `{}` before the screen is taken.
        let e = LoadError {
            path: "a/x\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}.txt".into(),
            message: "bad\u{9b}2J".into(),
        };
        let shown = e.to_string();
        assert_eq!(shown, "a/x␛]52;c;ZXZpbA==␇\u{fffd}.txt: bad\u{fffd}2J");
    }
}
