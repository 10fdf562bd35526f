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
    /// The pages the dump marks with page furniture (a page header, a date line, editor
    /// credits), in file order; empty when it prints none. `Article::page` indexes this.
    #[serde(default)]
    pub pages: Vec<Page>,
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

/// One page of an issue, as its furniture describes it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Page {
    /// The page number as printed (`03`, `A1`; `第一版` gives `1`), if printed.
    pub number: Option<String>,
    /// The page name (`要闻`, `综合`, `专版`), if printed.
    pub name: Option<String>,
    /// The date printed in the page header, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Editor credits in printed order: 责任编辑, 美术编辑, 校对, …
    pub editors: Vec<Editor>,
    /// The furniture lines exactly as printed (header, date line, credits).
    pub printed: Vec<String>,
    /// First and last source line (1-based) of the page.
    pub lines: [u32; 2],
}

/// One name of a page's editor credit: `责任编辑：王建设` gives role `责任编辑`, name `王建设`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Editor {
    pub role: String,
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Article {
    /// `ISSUE#N`, N counting articles of the issue from 1 in reading order.
    pub id: String,
    /// The main headline exactly as printed; for a headless jump continuation, its
    /// marker as printed (`◀上接01版`). Lists should show [`Article::display_title`].
    pub title: String,
    pub subtitles: Vec<String>,
    /// A short label line above (or beside) the headline: 全市首家, 天台快评, …
    pub kicker: Option<String>,
    /// The page or column heading the article sits under (生命周刊, “献策株洲”金点子摘登);
    /// nested headings are joined with ` / `.
    pub section: Option<String>,
    pub byline: Option<Byline>,
    /// The page this article continues from (`01版`, `A1版`; `①` appended when the
    /// marker numbers its jumps) when it carries a 上接 marker.
    pub continued_from: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    /// First and last source line (1-based) the article was built from.
    pub lines: [u32; 2],
    /// The page this article continues on (`02版`), when it carries a 下转 marker.
    #[serde(default)]
    pub continued_to: Option<String>,
    /// The id of the article this one continues, when that half is in the archive too
    /// (same date). Set by [`crate::archive::link_jumps`].
    #[serde(default)]
    pub continued_from_article: Option<String>,
    /// The id of the article that continues this one (its 下转 half), when loaded.
    #[serde(default)]
    pub continued_to_article: Option<String>,
    /// A jump continuation printed without its headline: `title` holds the marker.
    #[serde(default)]
    pub headless: bool,
    /// Index into `Issue::pages` of the page the article is printed on.
    #[serde(default)]
    pub page: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Byline {
    /// The byline as printed; lines of a byline split over several lines joined with `\n`.
    pub raw: String,
    pub reporters: Vec<String>,
    pub correspondents: Vec<String>,
    pub authors: Vec<String>,
    /// Who compiled the text (`胡文洁 整理`): not its reporter.
    #[serde(default)]
    pub compilers: Vec<String>,
    /// Who took the pictures (`记者 张威 摄`, `文/图 X`, `Y/图`).
    #[serde(default)]
    pub photographers: Vec<String>,
    /// Affiliations printed with the authors, as printed (`退休教师`, a school's name).
    #[serde(default)]
    pub affiliations: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub text: String,
    /// The source lines (1-based) the text was built from, in reading order: one line,
    /// or the pieces a column break cut apart (`[75, 77]`; `[188, 146]` when the tail
    /// was printed far away).
    #[serde(default)]
    pub lines: Vec<u32>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Body text; column breaks already re-joined.
    #[default]
    Text,
    /// An in-article sub-heading (●横到边、纵到底…).
    Subhead,
    /// A photo caption (…通讯员 供图, ▲…).
    Caption,
    /// A structural label such as 【理】 or (事).
    Label,
    /// A numbered item: `1.`, `一、`, `(1)`, `①`.
    ListItem,
    /// A row of a table: cells separated by wide gaps, tabs or bars.
    TableRow,
    /// A source line under a quotation: `——摘自党的二十大报告`.
    Attribution,
    /// A sentence of the article printed again, large, as a quotation.
    PullQuote,
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

/// How many characters of a headless continuation's first paragraph its listing shows.
const LISTING_WORDS: usize = 16;

impl Article {
    /// The title a list shows. A headless jump continuation's title is its marker,
    /// which says nothing about the story; it is listed as `上接01版 · ` followed by
    /// its first sub-head, or else the first words of its text.
    pub fn display_title(&self) -> String {
        if self.title.is_empty() && self.paragraphs.is_empty() {
            return "(无标题)".to_owned();
        }
        if !self.headless {
            return if self.title.is_empty() {
                "(无标题)".to_owned()
            } else {
                self.title.clone()
            };
        }
        let marker = self
            .continued_from
            .as_ref()
            .map_or_else(|| self.title.clone(), |from| format!("上接{from}"));
        let subhead = self
            .paragraphs
            .iter()
            .find(|p| p.kind == ParagraphKind::Subhead)
            .map(|p| p.text.clone());
        let about = subhead.or_else(|| {
            self.text_paragraphs().next().map(|p| {
                let mut words: String = p.text.chars().take(LISTING_WORDS).collect();
                if p.text.chars().nth(LISTING_WORDS).is_some() {
                    words.push('…');
                }
                words
            })
        });
        match about {
            Some(about) => format!("{marker} · {about}"),
            None => marker,
        }
    }

    /// Kicker, title and subtitles on one line: `全市首家 | 标题 — 副题`.
    pub fn headline(&self) -> String {
        headline(
            self.kicker.as_deref(),
            &self.display_title(),
            &self.subtitles,
        )
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
            ("摄影", &self.photographers),
            ("整理", &self.compilers),
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

    /// Where the article with this id is: (issue index, article index). Jump links
    /// (`continued_from_article`, `continued_to_article`) are resolved with this.
    pub fn locate(&self, article_id: &str) -> Option<(usize, usize)> {
        let (issue_id, _) = article_id.rsplit_once('#')?;
        self.issues
            .iter()
            .enumerate()
            .filter(|(_, i)| i.id == issue_id)
            .find_map(|(k, i)| {
                i.articles
                    .iter()
                    .position(|a| a.id == article_id)
                    .map(|n| (k, n))
            })
    }
}

#[cfg(test)]
impl Issue {
    /// An issue of these articles and nothing else (no date, no pages, no warnings):
    /// what unit tests store and index.
    pub(crate) fn of_articles(articles: Vec<Article>) -> Issue {
        Issue {
            id: "x".into(),
            source: "x".into(),
            date: None,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
            pages: Vec::new(),
            articles,
        }
    }
}

impl Issue {
    /// The page an article of this issue is printed on, when the dump marks pages.
    pub fn page_of(&self, article: &Article) -> Option<&Page> {
        article.page.and_then(|p| self.pages.get(p))
    }

    /// The date of the issue: from its file name, else from a page header.
    pub fn printed_date(&self) -> Option<&str> {
        self.date
            .as_deref()
            .or_else(|| self.pages.iter().find_map(|p| p.date.as_deref()))
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
