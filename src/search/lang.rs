//! The query language, parsed once into a [`Query`] that the reader and `zzread
//! search` both run.
//!
//! - space-separated terms, all required (exact substrings, folded);
//! - `"…"` (or `“…”`) an exact phrase: searched as typed, spaces included, never split
//!   into words; an unclosed quote runs to the end (a phrase still being typed);
//! - `2023-04`, `2023-04-26`, `2023-04-01..2023-06-30`, `..2023-06-30`, `2023-04..`:
//!   issue dates;
//! - `栏目:献策` (or `section:`): the column, section or kicker heading holds it;
//! - `记者:刘琼` (or `by:`): the byline as printed holds it;
//!   ASCII `:` and full-width `：` both work.
//!
//! A filter that cannot be read is reported in [`Query::errors`], never searched as
//! text: a typo in a date must not quietly turn into a search for the typo.

use super::fold::fold;
use crate::ids::ArticleIx;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// Headline hits first, then hits on word boundaries, then hit count, then newer
    /// issues (with no terms: newest first).
    #[default]
    Relevance,
    /// Newest issue first.
    Newest,
    /// Oldest issue first.
    Oldest,
}

impl Sort {
    /// The next order in the cycle relevance → newest → oldest → relevance (a key
    /// that toggles the order calls this).
    pub fn next(self) -> Sort {
        match self {
            Sort::Relevance => Sort::Newest,
            Sort::Newest => Sort::Oldest,
            Sort::Oldest => Sort::Relevance,
        }
    }

    /// The order's name as `--sort` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    /// The order's name for the reader (相关度 / 最新 / 最早).
    pub fn label(self) -> &'static str {
        match self {
            Sort::Relevance => "相关度",
            Sort::Newest => "最新",
            Sort::Oldest => "最早",
        }
    }
}

/// One term of a query, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The folded text searched for.
    pub text: String,
    /// Quoted: an exact phrase (no word fallback, no pinyin).
    pub phrase: bool,
}

/// An inclusive range of issue dates as `yyyymmdd` numbers (see
/// [`super::newness`]); `0..=u32::MAX` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dates {
    pub from: u32,
    pub to: u32,
}

impl Dates {
    /// Whether an issue whose date is `day` (`yyyymmdd`, 0 when undated) is in range;
    /// an undated issue never is.
    pub fn contains(&self, day: u32) -> bool {
        day != 0 && self.from <= day && day <= self.to
    }
}

/// A piece of a query that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The piece as typed.
    pub token: String,
    pub kind: ErrorKind,
}

/// Why a piece of a query could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not a date (`2023-13`, `2023-02-30`).
    BadDate,
    /// A range whose ends are both missing (`..`) or out of order.
    BadRange,
    /// `栏目:` or `记者:` with nothing after it.
    EmptyFilter,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.kind {
            ErrorKind::BadDate => "日期无效",
            ErrorKind::BadRange => "日期范围无效",
            ErrorKind::EmptyFilter => "筛选条件为空",
        };
        write!(f, "{what}：{}", crate::text::sanitize(&self.token))
    }
}

/// A parsed query: terms, filters, order and scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// All required.
    pub terms: Vec<Term>,
    /// Issue dates the article's issue must fall in.
    pub dates: Option<Dates>,
    /// Folded; each must occur in the article's column, section or kicker heading.
    pub sections: Vec<String>,
    /// Folded; each must occur in the article's byline as printed.
    pub bylines: Vec<String>,
    /// How results are ordered.
    pub sort: Sort,
    /// Search this article only (the reader's "this article" scope).
    pub scope: Option<ArticleIx>,
    /// Pieces that could not be read (reported, not searched).
    pub errors: Vec<QueryError>,
}

/// Longest query text read; the rest is ignored (a pasted book is not a query).
pub const MAX_QUERY_BYTES: usize = 4096;

impl Query {
    /// Parses the query language (see the module docs). Never fails: what cannot be
    /// read lands in [`Query::errors`].
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        let mut cut = input.len().min(MAX_QUERY_BYTES);
        while !input.is_char_boundary(cut) {
            cut -= 1;
        }
        let input = input.get(..cut).unwrap_or("");
        for token in tokens(input) {
            match token {
                Token::Phrase(p) => {
                    let text = fold(&p);
                    if !text.trim().is_empty() {
                        q.terms.push(Term { text, phrase: true });
                    }
                }
                Token::Word(w) => q.word(&w),
            }
        }
        q
    }

    /// A query for these terms (space-separated, no filters): what the reader's
    /// search ran before the query language.
    pub fn terms_only(input: &str) -> Query {
        Query {
            terms: super::fold::terms(input)
                .into_iter()
                .map(|text| Term {
                    text,
                    phrase: false,
                })
                .collect(),
            ..Query::default()
        }
    }

    /// Whether there is nothing to search for or filter by (an empty query matches
    /// nothing).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.dates.is_none()
            && self.sections.is_empty()
            && self.bylines.is_empty()
    }

    /// Whether any filter is set.
    pub fn has_filters(&self) -> bool {
        self.dates.is_some() || !self.sections.is_empty() || !self.bylines.is_empty()
    }

    /// Narrows the dates to `from..=to` (`yyyymmdd`); how `--from`/`--to` add to a
    /// query.
    pub fn limit_dates(&mut self, from: Option<u32>, to: Option<u32>) {
        let d = self.dates.get_or_insert(Dates {
            from: 0,
            to: u32::MAX,
        });
        if let Some(f) = from {
            d.from = d.from.max(f);
        }
        if let Some(t) = to {
            d.to = d.to.min(t);
        }
    }

    fn word(&mut self, w: &str) {
        if let Some((key, value)) = split_filter(w) {
            if value.trim().is_empty() {
                self.error(w, ErrorKind::EmptyFilter);
            } else if key == FilterKey::Section {
                self.sections.push(fold(value));
            } else {
                self.bylines.push(fold(value));
            }
            return;
        }
        match date_filter(w) {
            Some(Ok(d)) => {
                let (from, to) = self.dates.map_or((d.from, d.to), |old| {
                    (old.from.max(d.from), old.to.min(d.to))
                });
                self.dates = Some(Dates { from, to });
            }
            Some(Err(kind)) => self.error(w, kind),
            None => self.terms.push(Term {
                text: fold(w),
                phrase: false,
            }),
        }
    }

    fn error(&mut self, token: &str, kind: ErrorKind) {
        self.errors.push(QueryError {
            token: token.to_owned(),
            kind,
        });
    }
}

enum Token {
    Word(String),
    Phrase(String),
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '＂' | '「')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '＂' | '」')
}

/// Words and quoted phrases; an unclosed quote runs to the end.
fn tokens(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        if is_open_quote(c) {
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(&mut word)));
            }
            let phrase: String = chars.by_ref().take_while(|&c| !is_close_quote(c)).collect();
            out.push(Token::Phrase(phrase));
        } else if c.is_whitespace() {
            if !word.is_empty() {
                out.push(Token::Word(std::mem::take(&mut word)));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FilterKey {
    Section,
    Byline,
}

/// `栏目:献策` → (Section, "献策"): a known key, then `:` or `：`.
fn split_filter(w: &str) -> Option<(FilterKey, &str)> {
    let at = w.find([':', '：'])?;
    let key = w.get(..at)?;
    let sep = w.get(at..)?.chars().next()?;
    let value = w.get(at + sep.len_utf8()..)?;
    let key = match key.to_ascii_lowercase().as_str() {
        "栏目" | "版面" | "section" => FilterKey::Section,
        "记者" | "作者" | "by" => FilterKey::Byline,
        _ => return None,
    };
    Some((key, value))
}

/// A date filter: `None` when `w` does not look like one (a search term), else the
/// range or why it is wrong.
fn date_filter(w: &str) -> Option<Result<Dates, ErrorKind>> {
    let looks = |s: &str| {
        let b = s.as_bytes();
        b.len() >= 7 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
    };
    if let Some((a, b)) = w.split_once("..") {
        if !(a.is_empty() || looks(a)) || !(b.is_empty() || looks(b)) {
            return None;
        }
        if a.is_empty() && b.is_empty() {
            return Some(Err(ErrorKind::BadRange));
        }
        let from = if a.is_empty() {
            0
        } else {
            match day_range(a) {
                Some((f, _)) => f,
                None => return Some(Err(ErrorKind::BadDate)),
            }
        };
        let to = if b.is_empty() {
            u32::MAX
        } else {
            match day_range(b) {
                Some((_, t)) => t,
                None => return Some(Err(ErrorKind::BadDate)),
            }
        };
        return Some(if from <= to {
            Ok(Dates { from, to })
        } else {
            Err(ErrorKind::BadRange)
        });
    }
    if !looks(w) {
        return None;
    }
    Some(
        day_range(w)
            .map(|(from, to)| Dates { from, to })
            .ok_or(ErrorKind::BadDate),
    )
}

/// `2023-04` → (20230401, 20230431); `2023-04-26` → (20230426, 20230426). `None`
/// unless a real month and day.
pub fn day_range(s: &str) -> Option<(u32, u32)> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next());
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 {
        return None;
    }
    let y: u32 = digits(y)?;
    let m: u32 = digits(m)?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let base = y * 10_000 + m * 100;
    match d {
        None => Some((base + 1, base + days_in(y, m))),
        Some(d) => {
            let d: u32 = if d.len() == 2 {
                digits(d)?
            } else {
                return None;
            };
            (1..=days_in(y, m))
                .contains(&d)
                .then_some((base + d, base + d))
        }
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An issue date `YYYY-MM-DD` as the number `yyyymmdd` (0 when it is not one).
pub fn day_number(date: &str) -> u32 {
    day_range(date)
        .filter(|(a, b)| a == b)
        .map_or(0, |(a, _)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &Query) -> Vec<(&str, bool)> {
        q.terms
            .iter()
            .map(|t| (t.text.as_str(), t.phrase))
            .collect()
    }

    #[test]
    fn terms_phrases_and_filters_come_apart() {
        let q = Query::parse("医保 \"医保 支付\" 2023-04 栏目:献策 记者：刘琼 ＡＢ");
        assert_eq!(
            texts(&q),
            [("医保", false), ("医保 支付", true), ("ab", false)]
        );
        assert_eq!(
            q.dates,
            Some(Dates {
                from: 20230401,
                to: 20230430
            })
        );
        assert_eq!(q.sections, ["献策"]);
        assert_eq!(q.bylines, ["刘琼"]);
        assert!(q.errors.is_empty());
    }

    #[test]
    fn full_width_quotes_and_unclosed_quotes_make_phrases() {
        assert_eq!(texts(&Query::parse("“医保支付”")), [("医保支付", true)]);
        assert_eq!(
            texts(&Query::parse("x \"医保")),
            [("x", false), ("医保", true)]
        );
        assert!(Query::parse("\"").terms.is_empty());
        assert!(Query::parse("\"\"  \" \"").is_empty());
    }

    #[test]
    fn date_ranges_open_and_closed() {
        let d = |s: &str| Query::parse(s).dates;
        assert_eq!(
            d("2023-04-01..2023-06-30"),
            Some(Dates {
                from: 20230401,
                to: 20230630
            })
        );
        assert_eq!(
            d("..2023-06-30"),
            Some(Dates {
                from: 0,
                to: 20230630
            })
        );
        assert_eq!(
            d("2024-02.."),
            Some(Dates {
                from: 20240201,
                to: u32::MAX
            })
        );
        assert_eq!(
            d("2024-02"),
            Some(Dates {
                from: 20240201,
                to: 20240229
            })
        );
    }

    #[test]
    fn malformed_filters_are_reported_not_searched() {
        for (s, kind) in [
            ("2023-13", ErrorKind::BadDate),
            ("2023-02-30", ErrorKind::BadDate),
            ("..", ErrorKind::BadRange),
            ("2023-06..2023-04", ErrorKind::BadRange),
            ("栏目:", ErrorKind::EmptyFilter),
            ("记者：", ErrorKind::EmptyFilter),
        ] {
            let q = Query::parse(s);
            assert!(q.terms.is_empty(), "{s}");
            assert_eq!(q.errors.first().map(|e| e.kind), Some(kind), "{s}");
            assert!(q.is_empty(), "{s}");
        }
    }

    #[test]
    fn text_that_only_resembles_a_filter_is_a_term() {
        let q = Query::parse("12:30 a..b 2023年 问:答");
        assert_eq!(
            texts(&q),
            [
                ("12:30", false),
                ("a..b", false),
                ("2023年", false),
                ("问:答", false)
            ]
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        let long = "株".repeat(10_000);
        for s in [
            "\u{0}\u{1b}[2J",
            "\"\"\"",
            "..",
            "....",
            "栏目::",
            ":",
            "：",
            "-",
            "2023-",
            "2023-04-",
            "9999-99-99..0000-00-00",
            "2023-04-26..2023-04-26..",
            long.as_str(),
        ] {
            let q = Query::parse(s);
            for t in &q.terms {
                assert!(t.text.len() <= MAX_QUERY_BYTES, "{s}");
            }
        }
    }

    #[test]
    fn issue_dates_become_numbers() {
        assert_eq!(day_number("2023-04-26"), 20230426);
        assert_eq!(day_number("2023-04"), 0);
        assert_eq!(day_number("x"), 0);
    }
}
