//! Chinese-aware line breaking for the reading pane.
//!
//! Terminal wrappers break at spaces, which a Chinese paragraph does not have, and they
//! happily start a line with ，or end one with （. This module breaks the way a Chinese
//! typesetter would (W3C clreq, "basic" kinsoku), measuring in terminal columns.
//!
//! # Where a line may break
//!
//! Opportunities come from UAX #14 (`icu_segmenter`, strict mode), adjusted for Chinese:
//!
//! * **Strict mode**, because it is the Unicode default and forbids the most: the looser
//!   modes exist for Japanese (breaks before small kana, iteration marks, hyphens) and
//!   only add opportunities we would then have to take away again.
//! * **Quotation marks are brackets**: ICU's data implements UAX #14 15.1, where “ ”
//!   glue to both neighbours, so 和“2·21”一般 could only break before 和. As clreq
//!   asks, we allow a break before “ ‘ after a wide char and after ” ’ before one
//!   (UAX #14 16.0 added a narrower version of this, rule LB19a).
//! * **clreq removes opportunities**: no line starts with ，。、：；！？）」』》〉】〕〗”’…·％
//!   or the ASCII `, . ; : ! ? ) ] } / %` these dumps use inside Chinese text; no line
//!   ends with （「『《〈【〔〖“‘ or ASCII `( [ {`; —— and …… are never split.
//! * **Numbers stay with their units**: 2050户, 1.16亿元, 28.8万多, 60%, 8:00—21:00 (a
//!   number, i.e. digits maybe followed by 十百千万亿兆多余, does not break from the Han
//!   char, percent sign or range dash after it). Latin words (SYB, App, 5G, QDR280) are kept whole
//!   by UAX #14 itself, full-width ones (ＳＹＢ) by us.
//! * **ASCII punctuation after a wide char is Chinese punctuation**: UAX #14 reads
//!   `户,8` like `1,000` and forbids the break; after a wide char we allow it as after ，.
//!
//! Breaks only ever fall between grapheme clusters, and never before a zero-width one
//! (a combining mark, a zero-width space): it stays with the char it belongs to.
//!
//! # Filling
//!
//! Greedy, in one forward pass: each line ends at the last opportunity that fits. When
//! none fits (a long Latin word, a URL, a width of 1 or 2), the line ends at the last
//! cluster boundary that fits and still obeys the kinsoku rules above, and failing that
//! at the last cluster boundary that fits at all. So no line is wider than `width`, with
//! one exception: a single cluster wider than the room left (a CJK char at width 1, or
//! any char after an indent of `width` columns or more) sits alone on its line, and that
//! line's `width` reports its real, larger width.
//!
//! Spaces do not hang: a space is text like any other and counts towards the width.
//! UAX #14 puts the opportunity after a run of spaces, so spaces end the line they
//! follow; when they do not fit, the line backs off to an earlier opportunity instead,
//! and a continuation line only starts with a space when the last-resort fallback cut
//! there.

use icu_segmenter::LineSegmenter;
use icu_segmenter::LineSegmenterBorrowed;
use icu_segmenter::options::{LineBreakOptions, LineBreakStrictness};

use super::script::is_han;
use super::width::{AmbiguousWidth, char_width, grapheme_width, graphemes};

/// How to lay out one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WrapOptions {
    /// Columns available for each line.
    pub width: usize,
    /// Columns of first-line indent, e.g. 4 for two full-width spaces. The caller draws
    /// it; it is not part of the text.
    pub indent: usize,
    /// How wide East Asian Ambiguous chars are laid out.
    pub amb: AmbiguousWidth,
    /// Headlines: a text that holds spaces breaks only after them while it can (a
    /// headline prints a space between its segments, 搭建三级网络服务体系 打造15分钟医保服务圈,
    /// and should not wrap inside one); a segment wider than the line still breaks
    /// where the usual rules allow.
    pub break_at_spaces: bool,
}

/// One laid-out line: a byte range of the paragraph text.
///
/// The lines of a paragraph tile its text exactly: the first starts at 0, each starts
/// where the previous one ended, the last ends at the text's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Line {
    /// Byte offset of the line's first char in the paragraph text.
    pub start: usize,
    /// Byte offset just past the line's last char.
    pub end: usize,
    /// Display columns, including the indent on the first line.
    pub width: usize,
}

impl Line {
    /// This line's text within `paragraph`, the text it was wrapped from.
    pub fn text<'t>(&self, paragraph: &'t str) -> &'t str {
        paragraph.get(self.start..self.end).unwrap_or_default()
    }
}

/// Breaks `text` (one paragraph, already sanitised: control chars are measured as zero
/// columns and carry no meaning here) into lines of at most `opts.width` columns.
///
/// Always returns at least one line; empty text gives one empty line.
pub fn wrap(text: &str, opts: &WrapOptions) -> Vec<Line> {
    let mut filler = Filler::new(opts);
    let at_spaces = opts.break_at_spaces && text.contains(' ');
    for cluster in clusters(text, opts.amb, at_spaces) {
        filler.place(cluster);
    }
    filler.finish(text.len())
}

/// How good a place the boundary before a cluster is to end a line; higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Opportunity {
    /// Never: the start of the text, or the cluster is zero-width and stays attached.
    Never,
    /// Only when nothing else fits: the boundary breaks a kinsoku rule.
    LastResort,
    /// Obeys kinsoku but splits a word or number: for when no legal break fits.
    KinsokuOnly,
    /// A legal line break.
    Legal,
}

/// One grapheme cluster as the filler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cluster {
    start: usize,
    width: usize,
    /// The quality of the boundary just before this cluster.
    before: Opportunity,
}

fn line_segmenter() -> LineSegmenterBorrowed<'static> {
    let mut options = LineBreakOptions::default();
    options.strictness = Some(LineBreakStrictness::Strict);
    // Chinese needs no dictionary or LSTM model (those are for Thai, Lao, Khmer, Burmese,
    // which fall back to cluster breaks here), so skip loading them.
    LineSegmenter::new_for_non_complex_scripts(options)
}

/// The grapheme clusters of `text` with their widths and the quality of the boundary
/// before each: UAX #14 opportunities and clreq rules merged in one forward pass.
/// With `at_spaces`, only a break after a space is `Legal`; the others become
/// `KinsokuOnly`, taken when a segment does not fit a line.
fn clusters(
    text: &str,
    amb: AmbiguousWidth,
    at_spaces: bool,
) -> impl Iterator<Item = Cluster> + '_ {
    let mut uax14 = line_segmenter().segment_str(text).peekable();
    let mut context = Context::default();
    graphemes(text).filter_map(move |(start, grapheme)| {
        let first = grapheme.chars().next()?;
        let width = grapheme_width(grapheme, amb);
        while uax14.next_if(|&b| b < start).is_some() {}
        let uax14_break = uax14.next_if_eq(&start).is_some();
        let before = match (width, context.classify(first, uax14_break)) {
            (0, _) => Opportunity::Never,
            (_, Opportunity::Legal) if at_spaces && context.prev != Some(' ') => {
                Opportunity::KinsokuOnly
            }
            (_, quality) => quality,
        };
        // Zero-width clusters are transparent: kinsoku looks at the visible neighbours.
        if width > 0 {
            context.advance(first);
        }
        Some(Cluster {
            start,
            width,
            before,
        })
    })
}

/// What the classifier remembers of the visible text before a boundary.
#[derive(Debug, Default)]
struct Context {
    /// First char of the last visible cluster.
    prev: Option<char>,
    /// First char of the visible cluster before that.
    before_prev: Option<char>,
    /// The text so far ends in a number: digits, maybe followed by 万, 亿, 多 …
    in_number: bool,
}

impl Context {
    fn advance(&mut self, c: char) {
        self.in_number = is_digit(c) || (self.in_number && is_number_suffix(c));
        self.before_prev = self.prev;
        self.prev = Some(c);
    }

    /// The quality of a break before the visible char `next`, given whether UAX #14
    /// allows a break here.
    fn classify(&self, next: char, uax14_break: bool) -> Opportunity {
        let Some(prev) = self.prev else {
            return Opportunity::Never;
        };
        if !kinsoku_allows(prev, next) {
            return Opportunity::LastResort;
        }
        let opportunity = uax14_break
            || Self::quotation_break(prev, next)
            || self.after_ascii_punctuation_in_chinese(prev);
        if opportunity && !self.keeps_together(prev, next) {
            Opportunity::Legal
        } else {
            Opportunity::KinsokuOnly
        }
    }

    /// clreq treats “ ‘ as opening and ” ’ as closing punctuation: a line may start
    /// with “ after a wide char and end with ” before one. ICU's UAX #14 15.1 data glues
    /// quotation marks to both neighbours, so without this 和“2·21”一般 could not break
    /// anywhere between 和 and 般.
    fn quotation_break(prev: char, next: char) -> bool {
        let opens = matches!(next, '“' | '‘') && is_east_asian_wide(prev);
        let closes = matches!(prev, '”' | '’') && is_east_asian_wide(next);
        opens || closes
    }

    /// These dumps type , . ; : ! ? ) in place of ，。；：！？）. UAX #14 reads them as
    /// Latin (`,8` could be "1,000") and forbids a break before a digit or letter; after a
    /// wide char they are Chinese punctuation, and a line may end with them.
    fn after_ascii_punctuation_in_chinese(&self, prev: char) -> bool {
        matches!(prev, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']')
            && self.before_prev.is_some_and(is_east_asian_wide)
    }

    /// Numbers with their units and ranges, and full-width words, where avoidable.
    fn keeps_together(&self, prev: char, next: char) -> bool {
        let number_and_unit = self.in_number && (is_han(next) || is_unit_symbol(next));
        let number_and_dash = is_digit(prev) && is_range_dash(next);
        let dash_and_number =
            is_range_dash(prev) && self.before_prev.is_some_and(is_digit) && is_digit(next);
        let fullwidth_word = is_fullwidth_alphanumeric(prev) && is_fullwidth_alphanumeric(next);
        number_and_unit || number_and_dash || dash_and_number || fullwidth_word
    }
}

/// clreq basic kinsoku: may a line end with `prev` and the next start with `next`?
fn kinsoku_allows(prev: char, next: char) -> bool {
    let splits_pair = prev == next && is_inseparable(prev);
    !(is_no_start(next) || is_no_end(prev) || splits_pair)
}

/// Closing punctuation, pauses and stops: a line starting with one looks like an error.
fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '．'
            | '）'
            | '］'
            | '｝'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '〙'
            | '〛'
            | '｠'
            | '”'
            | '’'
            | '〞'
            | '〟'
            | '…'
            | '‥'
            | '⋯'
            | '·'
            | '・'
            | '‧'
            | '％'
            | '‰'
            | '℃'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '﹐'
            | '﹑'
            | '﹒'
            | '﹔'
            | '﹕'
            | '﹖'
            | '﹗'
            | '﹚'
            | '﹜'
            | '﹞'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '/'
            | '%'
    )
}

/// Opening brackets and quotes: they belong with the text they open.
fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '［'
            | '｛'
            | '「'
            | '『'
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '｟'
            | '“'
            | '‘'
            | '〝'
            | '﹙'
            | '﹛'
            | '﹝'
            | '('
            | '['
            | '{'
    )
}

/// Marks written doubled as one sign (——, ……), which must not be split.
fn is_inseparable(c: char) -> bool {
    matches!(c, '—' | '―' | '…' | '⋯')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Chars that continue a number in Chinese: magnitudes and "more than".
fn is_number_suffix(c: char) -> bool {
    matches!(c, '十' | '百' | '千' | '万' | '亿' | '兆' | '多' | '余')
}

fn is_unit_symbol(c: char) -> bool {
    matches!(c, '%' | '％' | '‰' | '℃' | '℉' | '°' | '′' | '″')
}

/// Dashes and tildes that join the ends of a range: 8:00—21:00, 3～5.
fn is_range_dash(c: char) -> bool {
    matches!(c, '—' | '―' | '–' | '‐' | '-' | '−' | '~' | '～' | '〜')
}

fn is_fullwidth_alphanumeric(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// East_Asian_Width F or W, which is what "two columns when ambiguous chars are narrow"
/// means (halfwidth katakana, EAW H, are left out; they do not occur in these dumps).
fn is_east_asian_wide(c: char) -> bool {
    char_width(c, AmbiguousWidth::Narrow) == 2
}

/// A remembered boundary: where a line could end and how wide it would then be.
#[derive(Debug, Clone, Copy)]
struct Mark {
    pos: usize,
    used: usize,
}

/// The greedy line filler: takes clusters in order and ends a line when the next one
/// does not fit, at the best boundary it has seen since the line began.
struct Filler {
    width: usize,
    indent: usize,
    lines: Vec<Line>,
    /// Start of the line being filled.
    start: usize,
    /// Columns of text on the line so far (without the indent).
    used: usize,
    /// The last boundary on this line of each quality (or better).
    legal: Option<Mark>,
    kinsoku_only: Option<Mark>,
    last_resort: Option<Mark>,
}

impl Filler {
    fn new(opts: &WrapOptions) -> Self {
        Filler {
            width: opts.width,
            indent: opts.indent,
            lines: Vec::new(),
            start: 0,
            used: 0,
            legal: None,
            kinsoku_only: None,
            last_resort: None,
        }
    }

    fn indent_here(&self) -> usize {
        if self.lines.is_empty() {
            self.indent
        } else {
            0
        }
    }

    fn room(&self) -> usize {
        self.width.saturating_sub(self.indent_here())
    }

    fn place(&mut self, cluster: Cluster) {
        self.remember(cluster.start, cluster.before);
        // Zero-width clusters always fit: they stay with the char before them.
        while cluster.width > 0 && self.used + cluster.width > self.room() {
            let Some(mark) = self.legal.or(self.kinsoku_only).or(self.last_resort) else {
                // Nothing on this line to break at: the cluster alone is too wide, so it
                // gets the line to itself.
                break;
            };
            self.end_line_at(mark);
        }
        self.used += cluster.width;
    }

    fn remember(&mut self, pos: usize, before: Opportunity) {
        let mark = Some(Mark {
            pos,
            used: self.used,
        });
        if before >= Opportunity::LastResort {
            self.last_resort = mark;
        }
        if before >= Opportunity::KinsokuOnly {
            self.kinsoku_only = mark;
        }
        if before >= Opportunity::Legal {
            self.legal = mark;
        }
    }

    fn end_line_at(&mut self, mark: Mark) {
        self.lines.push(Line {
            start: self.start,
            end: mark.pos,
            width: self.indent_here() + mark.used,
        });
        self.start = mark.pos;
        self.used -= mark.used;
        // Boundaries after the break now belong to the new line, measured from its start.
        let carry = |kept: Option<Mark>| {
            kept.filter(|m| m.pos > mark.pos).map(|m| Mark {
                pos: m.pos,
                used: m.used - mark.used,
            })
        };
        self.legal = carry(self.legal);
        self.kinsoku_only = carry(self.kinsoku_only);
        self.last_resort = carry(self.last_resort);
    }

    fn finish(mut self, len: usize) -> Vec<Line> {
        self.lines.push(Line {
            start: self.start,
            end: len,
            width: self.indent_here() + self.used,
        });
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::AmbiguousWidth::{Narrow, Wide};
    use super::*;
    use crate::text::width::str_width;
    use proptest::prelude::*;

    /// The brief's kinsoku lists, written out again so the tests do not trust the code.
    const NO_START: &str = "，。、：；！？）」』》〉】〕〗”’…·,.;:!?)/％%";
    const NO_END: &str = "（「『《〈【〔〖“‘(";

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_03d9866ece675afd.txt"),
        include_str!("../../seeds/001_edbf5217357039bc.txt"),
        include_str!("../../seeds/002_64812303fea5ce53.txt"),
        include_str!("../../seeds/003_b4c01bcc942ed7e0.txt"),
        include_str!("../../seeds/004_32f8abd5096c7909.txt"),
    ];

    fn opts(width: usize, indent: usize, amb: AmbiguousWidth) -> WrapOptions {
        WrapOptions {
            width,
            indent,
            amb,
            break_at_spaces: false,
        }
    }

    /// The quality of each boundary, as `wrap` sees them with these options.
    fn clusters_for<'t>(text: &'t str, o: &WrapOptions) -> impl Iterator<Item = Cluster> + 't {
        clusters(text, o.amb, o.break_at_spaces && text.contains(' '))
    }

    /// The lines' texts, for readable assertions.
    fn texts<'t>(text: &'t str, lines: &[Line]) -> Vec<&'t str> {
        lines.iter().map(|line| line.text(text)).collect()
    }

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        texts(text, &wrap(text, &opts(width, 0, Narrow)))
    }

    fn visible_graphemes(s: &str, amb: AmbiguousWidth) -> usize {
        graphemes(s)
            .filter(|(_, g)| grapheme_width(g, amb) > 0)
            .count()
    }

    /// Tiling, widths, and the single permitted overflow.
    fn assert_layout_invariants(text: &str, o: &WrapOptions, lines: &[Line]) {
        assert!(!lines.is_empty());
        assert_eq!(lines[0].start, 0);
        assert_eq!(lines.last().map(|l| l.end), Some(text.len()));
        for pair in lines.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "gap or overlap in {lines:?}");
        }
        let mut rebuilt = String::new();
        for (i, line) in lines.iter().enumerate() {
            let slice = text
                .get(line.start..line.end)
                .expect("lines end on char boundaries");
            rebuilt.push_str(slice);
            assert!(
                text.is_empty() || line.start < line.end,
                "empty line in {lines:?}"
            );
            let indent = if i == 0 { o.indent } else { 0 };
            assert_eq!(
                line.width,
                indent + str_width(slice, o.amb),
                "width of {slice:?}"
            );
            assert!(
                line.width <= o.width || visible_graphemes(slice, o.amb) <= 1,
                "line {slice:?} is {} columns, more than {}",
                line.width,
                o.width
            );
        }
        assert_eq!(rebuilt, text);
    }

    /// No line starts with a no-start char or ends with a no-end char, and —— …… stay whole.
    fn assert_kinsoku(text: &str, lines: &[Line]) {
        for pair in lines.windows(2) {
            let (before, after) = (pair[0].text(text), pair[1].text(text));
            let last = before.chars().next_back();
            let first = after.chars().next();
            assert!(
                !first.is_some_and(|c| NO_START.contains(c)),
                "line starts with {first:?}: {:?}",
                texts(text, lines)
            );
            assert!(
                !last.is_some_and(|c| NO_END.contains(c)),
                "line ends with {last:?}: {:?}",
                texts(text, lines)
            );
            assert!(
                !(last == first && last.is_some_and(|c| "—…".contains(c))),
                "split {last:?}{first:?}: {:?}",
                texts(text, lines)
            );
        }
    }

    /// True when a line break falls strictly inside `token` (its first occurrence).
    fn splits(text: &str, lines: &[Line], token: &str) -> bool {
        let Some(start) = text.find(token) else {
            panic!("{token} not in {text}");
        };
        let end = start + token.len();
        lines
            .iter()
            .any(|line| line.start > start && line.start < end)
    }

    #[test]
    fn empty_text_gives_one_empty_line_with_the_indent() {
        assert_eq!(
            wrap("", &opts(10, 4, Narrow)),
            vec![Line {
                start: 0,
                end: 0,
                width: 4
            }]
        );
    }

    #[test]
    fn only_spaces_still_fit_the_width() {
        assert_eq!(wrapped("      ", 2), vec!["  ", "  ", "  "]);
        assert_eq!(wrapped("   ", 10), vec!["   "]);
    }

    #[test]
    fn a_wide_char_at_width_1_gets_a_line_of_its_own() {
        assert_eq!(
            wrap("中", &opts(1, 0, Narrow)),
            vec![Line {
                start: 0,
                end: 3,
                width: 2
            }]
        );
        let lines = wrap("中文，", &opts(1, 0, Narrow));
        assert_eq!(texts("中文，", &lines), vec!["中", "文", "，"]);
        assert!(lines.iter().all(|l| l.width == 2));
    }

    #[test]
    fn width_2_holds_one_chinese_char_per_line() {
        assert_eq!(wrapped("株洲日报", 2), vec!["株", "洲", "日", "报"]);
        assert_eq!(wrapped("abc", 1), vec!["a", "b", "c"]);
    }

    #[test]
    fn an_indent_wider_than_the_width_leaves_one_char_on_the_first_line() {
        let text = "株洲日报";
        let lines = wrap(text, &opts(3, 6, Narrow));
        assert_eq!(texts(text, &lines), vec!["株", "洲", "日", "报"]);
        assert_eq!(lines[0].width, 8);
        assert_eq!(lines[1].width, 2);
        // An indent of exactly the width: same.
        let lines = wrap(text, &opts(4, 4, Narrow));
        assert_eq!(texts(text, &lines), vec!["株", "洲日", "报"]);
        assert_eq!(lines[0].width, 6);
    }

    #[test]
    fn the_indent_narrows_only_the_first_line() {
        let text = "株洲日报讯近日省教育厅公布";
        let lines = wrap(text, &opts(10, 4, Narrow));
        assert_eq!(
            texts(text, &lines),
            vec!["株洲日", "报讯近日省", "教育厅公布"]
        );
        assert_eq!(lines[0].width, 10);
    }

    #[test]
    fn no_start_punctuation_pushes_the_previous_char_down() {
        for c in NO_START.chars() {
            for amb in [Narrow, Wide] {
                let text = format!("一二三{c}四五");
                let lines = wrap(&text, &opts(6, 0, amb));
                let got = texts(&text, &lines);
                assert_eq!(got[0], "一二", "{c} {amb:?}: {got:?}");
                assert!(got[1].starts_with('三'), "{c} {amb:?}: {got:?}");
                assert_kinsoku(&text, &lines);
            }
        }
    }

    #[test]
    fn no_end_punctuation_moves_to_the_next_line() {
        for c in NO_END.chars() {
            for amb in [Narrow, Wide] {
                let text = format!("一二{c}三四五");
                let lines = wrap(&text, &opts(6, 0, amb));
                let got = texts(&text, &lines);
                assert_eq!(got[0], "一二", "{c} {amb:?}: {got:?}");
                assert!(got[1].starts_with(c), "{c} {amb:?}: {got:?}");
                assert_kinsoku(&text, &lines);
            }
        }
    }

    #[test]
    fn double_dash_is_never_split() {
        let text = "一二三——四五六";
        assert_eq!(wrapped(text, 7), vec!["一二三", "——四五", "六"]);
        for amb in [Narrow, Wide] {
            for width in 4..=20 {
                let lines = wrap(text, &opts(width, 0, amb));
                assert!(
                    !splits(text, &lines, "——"),
                    "{width}: {:?}",
                    texts(text, &lines)
                );
            }
        }
    }

    #[test]
    fn double_ellipsis_is_never_split_nor_starts_a_line() {
        let text = "他说好……吧我们走";
        for amb in [Narrow, Wide] {
            for width in 6..=20 {
                let lines = wrap(text, &opts(width, 0, amb));
                assert!(
                    !splits(text, &lines, "好……"),
                    "{width}: {:?}",
                    texts(text, &lines)
                );
            }
        }
    }

    #[test]
    fn numbers_stay_with_their_units_and_words_stay_whole() {
        let tokens = [
            "2050户",
            "60%",
            "1.16亿元",
            "28.8万",
            "100余家",
            "8:00—21:00",
            "SYB",
            "App",
            "5G",
            "QDR280",
            "ＳＹＢ",
        ];
        for token in tokens {
            let text = format!("今年全市一共{token}，共同推进医保");
            for amb in [Narrow, Wide] {
                // Room for the token, a glued char after it and the comma.
                for width in str_width(token, amb) + 4..=40 {
                    let lines = wrap(&text, &opts(width, 0, amb));
                    assert!(
                        !splits(&text, &lines, token),
                        "{token} split at width {width}: {:?}",
                        texts(&text, &lines)
                    );
                }
            }
        }
    }

    #[test]
    fn a_break_before_a_number_is_still_taken() {
        assert_eq!(wrapped("一二三2050户", 10), vec!["一二三", "2050户"]);
        assert_eq!(wrapped("一二三四60%", 10), vec!["一二三四", "60%"]);
        assert_eq!(wrapped("一二三1.16亿元", 12), vec!["一二三", "1.16亿元"]);
    }

    #[test]
    fn ascii_comma_after_chinese_is_a_break_like_a_chinese_comma() {
        assert_eq!(
            wrapped("共有2050户,8:00开放", 11),
            vec!["共有2050户,", "8:00开放"]
        );
    }

    #[test]
    fn a_line_may_break_before_an_opening_quote_between_chinese_chars() {
        let text = "实现了“掌上办”和“一站式结算”。";
        assert_eq!(wrapped(text, 17)[0], "实现了“掌上办”和");
        // …and after a closing quote.
        assert_eq!(wrapped(text, 15)[0], "实现了“掌上办”");
    }

    #[test]
    fn a_long_latin_word_falls_back_to_cluster_breaks() {
        assert_eq!(
            wrapped("abcdefghijklmnopqrstuvwxyz", 5),
            vec!["abcde", "fghij", "klmno", "pqrst", "uvwxy", "z"]
        );
        let text = "网址www.zhuzhou.gov.cn欢迎访问";
        let o = opts(10, 0, Narrow);
        let lines = wrap(text, &o);
        assert_layout_invariants(text, &o, &lines);
        assert!(lines.iter().all(|l| l.width <= 10));
    }

    #[test]
    fn the_fallback_still_keeps_punctuation_off_the_line_start() {
        assert_eq!(wrapped("abcdefghij，", 10), vec!["abcdefghi", "j，"]);
    }

    #[test]
    fn zero_width_chars_stay_with_the_char_before() {
        let text = "e\u{301}e\u{301}e\u{301}";
        assert_eq!(wrapped(text, 1), vec!["e\u{301}"; 3]);
        assert_eq!(wrapped("中\u{200b}文", 2), vec!["中\u{200b}", "文"]);
        assert_eq!(wrapped("中\u{301}文", 1), vec!["中\u{301}", "文"]);
        // Even when the only break left puts ， at a line start, the word joiner is not
        // split from 中 to make a "better" break.
        assert_eq!(wrapped("中\u{2060}，", 2), vec!["中\u{2060}", "，"]);
    }

    #[test]
    fn emoji_sequences_are_never_cut() {
        let text = "👨\u{200d}👩\u{200d}👧👍🏽🇨🇳";
        let lines = wrap(text, &opts(2, 0, Narrow));
        assert_eq!(
            texts(text, &lines),
            vec!["👨\u{200d}👩\u{200d}👧", "👍🏽", "🇨🇳"]
        );
        assert!(lines.iter().all(|l| l.width == 2));
    }

    #[test]
    fn spaces_end_the_line_they_follow() {
        assert_eq!(wrapped("abc def", 4), vec!["abc ", "def"]);
        assert_eq!(wrapped("abc def", 7), vec!["abc def"]);
        let headline = "我市在全省率先开通 线上医保支付";
        assert_eq!(wrapped(headline, 19)[0], "我市在全省率先开通 ");
        for width in 4..=40 {
            let lines = wrapped(headline, width);
            assert!(
                lines.iter().skip(1).all(|l| !l.starts_with(' ')),
                "{width}: {lines:?}"
            );
        }
    }

    #[test]
    fn headlines_break_at_their_printed_spaces() {
        let headline =
            "石峰区着力打造高品质医保公共服务品牌 搭建三级网络服务体系 打造15分钟医保服务圈";
        let o = WrapOptions {
            break_at_spaces: true,
            ..opts(44, 0, Narrow)
        };
        let lines = wrap(headline, &o);
        assert_eq!(
            texts(headline, &lines),
            vec![
                "石峰区着力打造高品质医保公共服务品牌 ",
                "搭建三级网络服务体系 打造15分钟医保服务圈"
            ]
        );
        // Without the option the same width splits a segment (搭建三级网|络).
        let plain = wrap(headline, &opts(44, 0, Narrow));
        assert!(splits(headline, &plain, "搭建三级网络服务体系"));
        // A segment wider than the line still breaks inside, by the usual rules.
        let narrow = WrapOptions {
            break_at_spaces: true,
            ..opts(20, 0, Narrow)
        };
        let lines = wrap(headline, &narrow);
        assert_layout_invariants(headline, &narrow, &lines);
        assert_kinsoku(headline, &lines);
        assert!(!splits(headline, &lines, "搭建三级网络服务体系"));
    }

    #[test]
    fn a_seed_paragraph_keeps_punctuation_off_line_starts_at_every_width() {
        let text = "株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日,湖南省医保移动支付首家医院上线仪式在省直中医院举行。该院成为全省首家开通线上医保支付的医院,实现了医保电子凭证在医院的“掌上办”和“一站式结算”。";
        let mut hazards = 0;
        for amb in [Narrow, Wide] {
            for width in 10..=80 {
                let o = opts(width, 4, amb);
                let lines = wrap(text, &o);
                assert_layout_invariants(text, &o, &lines);
                assert_kinsoku(text, &lines);
                hazards += naive_hazards(text, &o);
            }
        }
        // The test means something only if cutting at the last char that fits would
        // have gone wrong somewhere.
        assert!(hazards > 20, "only {hazards} hazards");
    }

    /// How many lines of a char-by-char wrap would break a kinsoku rule.
    fn naive_hazards(text: &str, o: &WrapOptions) -> usize {
        let mut hazards = 0;
        let mut used = o.indent;
        let mut prev = None;
        for c in text.chars() {
            let w = char_width(c, o.amb);
            if used + w > o.width {
                let bad_start = NO_START.contains(c);
                let bad_end = prev.is_some_and(|p| NO_END.contains(p));
                hazards += usize::from(bad_start || bad_end);
                used = 0;
            }
            used += w;
            prev = Some(c);
        }
        hazards
    }

    #[test]
    fn every_seed_paragraph_wraps_cleanly_and_fills_its_lines() {
        for seed in SEEDS {
            for paragraph in seed.lines().filter(|p| !p.trim().is_empty()) {
                for amb in [Narrow, Wide] {
                    for width in (10..=80).step_by(7) {
                        let o = opts(width, 4, amb);
                        let lines = wrap(paragraph, &o);
                        assert_layout_invariants(paragraph, &o, &lines);
                        assert_kinsoku(paragraph, &lines);
                        assert_lines_are_full(paragraph, &o, &lines);
                    }
                }
            }
        }
    }

    /// Greedy: a line that ends at a legal break could not have taken the text up to the
    /// next legal break (or the end) as well.
    fn assert_lines_are_full(text: &str, o: &WrapOptions, lines: &[Line]) {
        let legal: Vec<usize> = clusters_for(text, o)
            .filter(|c| c.before == Opportunity::Legal)
            .map(|c| c.start)
            .chain([text.len()])
            .collect();
        for (i, line) in lines[..lines.len() - 1].iter().enumerate() {
            if !legal.contains(&line.end) {
                continue;
            }
            let next = legal
                .iter()
                .find(|&&p| p > line.end)
                .copied()
                .unwrap_or(text.len());
            let longer = text.get(line.start..next).unwrap_or_default();
            let indent = if i == 0 { o.indent } else { 0 };
            assert!(
                indent + str_width(longer, o.amb) > o.width,
                "line {:?} at width {} could also hold {:?}",
                line.text(text),
                o.width,
                text.get(line.end..next)
            );
        }
    }

    /// The filling policy written the slow, obvious way: for each line, among the
    /// boundaries that fit, take the latest of the best quality; if none fits, end the
    /// line at the first boundary after its first visible cluster.
    fn reference_wrap(text: &str, o: &WrapOptions) -> Vec<Line> {
        let clusters: Vec<Cluster> = clusters_for(text, o).collect();
        let width_of =
            |from: usize, to: usize| -> usize { clusters[from..to].iter().map(|c| c.width).sum() };
        let pos_of = |i: usize| clusters.get(i).map_or(text.len(), |c| c.start);
        let mut lines = Vec::new();
        let mut first = 0;
        loop {
            let indent = if lines.is_empty() { o.indent } else { 0 };
            let room = o.width.saturating_sub(indent);
            let rest = width_of(first, clusters.len());
            if rest <= room {
                lines.push(Line {
                    start: pos_of(first),
                    end: text.len(),
                    width: indent + rest,
                });
                return lines;
            }
            let breakable = |i: &usize| clusters[*i].before > Opportunity::Never;
            let best = (first + 1..clusters.len())
                .filter(breakable)
                .filter(|&i| width_of(first, i) <= room)
                .max_by_key(|&i| (clusters[i].before, i));
            let end = best.or_else(|| (first + 1..clusters.len()).find(breakable));
            let Some(end) = end else {
                lines.push(Line {
                    start: pos_of(first),
                    end: text.len(),
                    width: indent + rest,
                });
                return lines;
            };
            lines.push(Line {
                start: pos_of(first),
                end: pos_of(end),
                width: indent + width_of(first, end),
            });
            first = end;
        }
    }

    fn amb_strategy() -> impl Strategy<Value = AmbiguousWidth> {
        prop_oneof![Just(Narrow), Just(Wide)]
    }

    /// Text like the archive's, and the things that trip wrappers: CJK, CJK and ASCII
    /// punctuation, Latin words, numbers with units, spaces, emoji, combining marks.
    fn mixed_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[株洲日报医保移动支付首家医院上线仪式在省直中举行该成为全]{1,6}",
            2 => "[，。、：；！？（）「」『』《》〈〉【】〔〕〖〗“”‘’…·—％]",
            2 => "[,.;:!?()/%\\-]",
            1 => "[A-Za-z]{1,12}",
            1 => "[0-9]{1,6}[户万亿元%.:]?",
            1 => " {1,3}",
            1 => "[😀👍🏽❤️🇨🇳●①▲]|👨\u{200d}👩\u{200d}👧",
            1 => "[a-z\u{4e00}-\u{4e10}][\u{300}-\u{36f}]{1,2}",
            1 => "[ＡＢＣ０１２３\u{200b}\u{3000}]",
            1 => Just("——".to_string()),
            1 => Just("……".to_string()),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    /// Chinese text where a legal break always exists within 8 columns: words of 1–3
    /// chars, each maybe opened and closed by punctuation, and —— between them.
    fn chinese_text() -> impl Strategy<Value = String> {
        let opener = prop::option::of("[（「『《〈【〔〖“‘(]");
        let closer = prop::option::of("[，。、：；！？）」』》〉】〕〗”’…·,.;:!?)/％%]|……");
        let word = (opener, "[株洲日报医保移动支付首家医院上线]{1,3}", closer);
        let unit = prop_oneof![
            6 => word.prop_map(|(o, body, c)| (o, body, c)),
            1 => Just((None, "——".to_string(), None)),
        ];
        prop::collection::vec(unit, 0..40).prop_map(|units| {
            let mut out = String::new();
            let mut after_closer_or_dash = false;
            for (opener, body, closer) in units {
                let is_dash = body == "——";
                // A closer followed by an opener, or two dashes, can form a chunk too
                // wide for 8 columns; keep them apart.
                if is_dash && out.ends_with('—') {
                    continue;
                }
                if !after_closer_or_dash {
                    out.extend(opener);
                }
                out.push_str(&body);
                after_closer_or_dash = closer.is_some() || is_dash;
                out.extend(closer);
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn mixed_text_lays_out_within_bounds(
            text in mixed_text(),
            width in 1usize..=120,
            indent in prop_oneof![Just(0usize), Just(4), 0usize..=8],
            amb in amb_strategy(),
        ) {
            let o = opts(width, indent, amb);
            assert_layout_invariants(&text, &o, &wrap(&text, &o));
        }

        #[test]
        fn arbitrary_text_lays_out_within_bounds(
            text in any::<String>(),
            width in 1usize..=120,
            indent in 0usize..=8,
            amb in amb_strategy(),
        ) {
            let o = opts(width, indent, amb);
            assert_layout_invariants(&text, &o, &wrap(&text, &o));
        }

        #[test]
        fn the_one_pass_filler_matches_the_reference(
            text in prop_oneof![mixed_text(), chinese_text(), any::<String>()],
            width in 1usize..=40,
            indent in 0usize..=8,
            amb in amb_strategy(),
        ) {
            let o = opts(width, indent, amb);
            prop_assert_eq!(wrap(&text, &o), reference_wrap(&text, &o));
        }

        /// The same rules hold for text as the reader shows it with full-width display
        /// punctuation, and for headlines breaking at spaces.
        #[test]
        fn display_punctuation_and_headline_breaks_keep_every_rule(
            text in prop_oneof![mixed_text(), chinese_text()],
            width in 1usize..=80,
            indent in prop_oneof![Just(0usize), Just(4)],
            amb in amb_strategy(),
            at_spaces in any::<bool>(),
        ) {
            let shown = crate::text::full_width(&text).text;
            let o = WrapOptions { break_at_spaces: at_spaces, ..opts(width, indent, amb) };
            let lines = wrap(&shown, &o);
            assert_layout_invariants(&shown, &o, &lines);
            prop_assert_eq!(&lines, &reference_wrap(&shown, &o));
        }

        #[test]
        fn kinsoku_holds_with_display_punctuation(
            text in chinese_text(),
            room in 8usize..=80,
            indent in prop_oneof![Just(0usize), Just(4)],
            amb in amb_strategy(),
        ) {
            let shown = crate::text::full_width(&text).text;
            let o = opts(room + indent, indent, amb);
            let lines = wrap(&shown, &o);
            assert_layout_invariants(&shown, &o, &lines);
            assert_kinsoku(&shown, &lines);
        }

        #[test]
        fn kinsoku_holds_whenever_a_legal_break_exists(
            text in chinese_text(),
            room in 8usize..=80,
            indent in prop_oneof![Just(0usize), Just(4)],
            amb in amb_strategy(),
        ) {
            let o = opts(room + indent, indent, amb);
            let lines = wrap(&text, &o);
            assert_layout_invariants(&text, &o, &lines);
            assert_kinsoku(&text, &lines);
        }
    }
}
