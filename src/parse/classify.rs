//! What each line of a dump is, judged from the line alone. Which headline-like lines
//! really start an article is decided later, in `segment`, from the lines around them;
//! spacing (blank lines) is never consulted, so re-spacing a dump changes nothing.

use super::byline;
use super::furniture::{Furniture, furniture};
use super::jumps::{leading_from, trailing_to};
use super::lines::{RawLine, longer_than};
use crate::text::is_han;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Page furniture: a page header, a date line, editor credits.
    Furniture(Furniture),
    /// Photo caption.
    Caption,
    /// A news lead with its byline in front: `株洲日报讯(记者/…) 正文…`;
    /// `split` is the byte offset where the byline ends.
    InlineByline { split: usize },
    /// A line that is only a byline: `株洲日报全媒体记者/王娜`, `文/图 张三`, `(…整理)`.
    BylineLine,
    /// A 上接 marker opening the line; `split` ends the marker.
    JumpFrom { page: String, split: usize },
    /// A line that is only a 下转 marker.
    JumpTo { page: String },
    /// A structural label alone on its line: 【理】, (事).
    Label,
    /// `——摘自…`: the source of a quotation.
    Attribution,
    /// A line opening with a dash: a dek under a headline, or an attribution.
    Dash,
    /// A sub-head marked as such (●…).
    Bullet,
    /// A numbered item: `1.`, `一、`, `(1)`, `①`.
    ListItem,
    /// Cells separated by tabs, wide gaps or bars.
    TableRow,
    /// Short and unpunctuated: a headline, kicker, column name, sub-head or author line.
    Short,
    /// Body text.
    Text,
}

#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub line: RawLine<'a>,
    pub kind: Kind,
    /// The line's text without a 下转 marker closing it.
    pub body: &'a str,
    /// The page a 下转 marker at the end of the line names.
    pub jump_to: Option<String>,
}

impl<'a> Block<'a> {
    pub fn text(&self) -> &'a str {
        self.body
    }
}

/// Headlines in these dumps run to ~45 characters when three layout parts share a line.
pub const MAX_HEADLINE_CHARS: usize = 50;

pub fn classify<'a>(lines: &[RawLine<'a>]) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block<'a>> = lines.iter().map(|l| block(l.clone())).collect();
    mark_caption_runs(&mut blocks);
    mark_spaced_tables(&mut blocks);
    blocks
}

/// Cells set apart by runs of spaces make a table only when the next or previous
/// line has as many: one such line is a headline whose layout parts were spaced.
fn mark_spaced_tables(blocks: &mut [Block<'_>]) {
    let spaced = |t: &str| {
        !t.contains('。')
            && !longer_than(t, TABLE_ROW_MAX_CHARS)
            && (t.contains("  ") || t.contains('\u{3000}') || t.contains('\t'))
    };
    let cells: Vec<usize> = blocks
        .iter()
        .map(|b| match b.kind {
            Kind::Short | Kind::Text | Kind::TableRow
                if spaced(b.text()) && !b.text().contains('；') =>
            {
                split_cells(b.text()).len()
            }
            _ => 0,
        })
        .collect();
    for i in 0..blocks.len() {
        let n = cells[i];
        let row_beside = |j: Option<usize>| j.and_then(|j| cells.get(j)).is_some_and(|&m| m == n);
        if n >= 3 && (row_beside(i.checked_sub(1)) || row_beside(Some(i + 1))) {
            blocks[i].kind = Kind::TableRow;
        }
    }
}

fn block(line: RawLine<'_>) -> Block<'_> {
    let s = line.text;
    let (kind, body, jump_to) = classify_with_jumps(s);
    Block {
        line,
        kind,
        body,
        jump_to,
    }
}

/// The kind of a line, the text left once a closing 下转 marker is taken off, and the
/// page that marker names.
/// Longer than any headline, byline line, label or bullet: most lines of a dump,
/// which only a few shapes need be looked for in.
const LONG_LINE_CHARS: usize = 80;

fn classify_with_jumps(s: &str) -> (Kind, &str, Option<String>) {
    // A full stop rules out furniture, bylines, headlines and table rows: most lines
    // of a dump are told apart by a few looks at their ends.
    let long = longer_than(s, LONG_LINE_CHARS);
    let prose = long || s.contains('。');
    if !prose && let Some(f) = furniture(s) {
        return (Kind::Furniture(f), s, None);
    }
    if let Some(j) = leading_from(s) {
        return (
            Kind::JumpFrom {
                page: j.page,
                split: j.end,
            },
            s,
            None,
        );
    }
    if let Some(j) = trailing_to(s) {
        let body = s.get(..j.start).unwrap_or("").trim_end();
        if body.is_empty() {
            return (Kind::JumpTo { page: j.page }, s, None);
        }
        // The sentence goes on on another page: text, whatever its shape.
        let kind = match classify_line(body) {
            Kind::Short => Kind::Text,
            kind => kind,
        };
        return (kind, body, Some(j.page));
    }
    let kind = if prose {
        // A caption runs to 200 characters: only a line that long is counted again.
        let captionable = !long || !longer_than(s, CAPTION_MAX_CHARS);
        classify_prose_line(s, captionable)
    } else {
        classify_short_line(s)
    };
    (kind, s, None)
}

/// What a line is on its own (jump markers and furniture aside).
pub fn classify_line(s: &str) -> Kind {
    if longer_than(s, LONG_LINE_CHARS) || s.contains('。') {
        classify_prose_line(s, !longer_than(s, CAPTION_MAX_CHARS))
    } else {
        classify_short_line(s)
    }
}

fn classify_short_line(s: &str) -> Kind {
    if byline::is_byline_line(s) {
        return Kind::BylineLine;
    }
    if is_caption(s) {
        return Kind::Caption;
    }
    if let Some(split) = byline::inline_byline_end(s) {
        return Kind::InlineByline { split };
    }
    if is_label(s) {
        return Kind::Label;
    }
    if is_attribution(s) {
        return Kind::Attribution;
    }
    if s.starts_with("——") || s.starts_with("--") {
        return Kind::Dash;
    }
    if is_list_item(s) {
        return Kind::ListItem;
    }
    if is_table_row(s) {
        return Kind::TableRow;
    }
    if is_bullet(s) {
        return Kind::Bullet;
    }
    if is_headline_like(s) {
        return Kind::Short;
    }
    Kind::Text
}

/// `classify_line` for a line too long to be a headline, a byline or a label, or
/// holding a full stop: a caption, a lead, a list item, an attribution or text.
fn classify_prose_line(s: &str, captionable: bool) -> Kind {
    if captionable && is_caption(s) {
        return Kind::Caption;
    }
    if let Some(split) = byline::inline_byline_end(s) {
        return Kind::InlineByline { split };
    }
    if is_attribution(s) {
        return Kind::Attribution;
    }
    if s.starts_with("——") || s.starts_with("--") {
        return Kind::Dash;
    }
    if is_list_item(s) {
        return Kind::ListItem;
    }
    if is_bullet(s) {
        return Kind::Bullet;
    }
    Kind::Text
}

/// `●横到边、纵到底`: a sub-head marked as one.
fn is_bullet(s: &str) -> bool {
    s.starts_with(['●', '■', '◆', '★', '▶', '◎', '□']) && !longer_than(s, MAX_HEADLINE_CHARS)
}

/// A photo group prints several captions together, and only some carry a credit:
/// a clause-like line right after a caption, too long to be a sub-head and not ending
/// a sentence, describes the next picture.
fn mark_caption_runs(blocks: &mut [Block<'_>]) {
    for i in 1..blocks.len() {
        let after_caption = blocks[i - 1].kind == Kind::Caption;
        let b = &blocks[i];
        let t = b.text();
        let describes = matches!(b.kind, Kind::Short | Kind::Text)
            && !ends_sentence(t)
            && t.contains([',', '，'])
            && t.chars().count() >= UNCREDITED_CAPTION_MIN_CHARS
            && t.chars().count() <= MAX_HEADLINE_CHARS;
        if after_caption && describes {
            blocks[i].kind = Kind::Caption;
        }
    }
}

/// Shorter clause-like lines after a caption are sub-heads (身体力行,筑梦基层教育).
const UNCREDITED_CAPTION_MIN_CHARS: usize = 20;

/// Closing quotes and brackets that may follow the punctuation ending a sentence.
pub const CLOSERS: &[char] = &['”', '’', '」', '』', '》', '）', ')', '】', '"', '\''];

/// Whether a paragraph ends a sentence (so is not cut by a column break).
pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(CLOSERS);
    t.ends_with([
        '。', '！', '？', '!', '?', '…', '.', '；', ';', '：', ':', '．',
    ])
}

/// Words a report's sentence opens with and a headline does not: a source (记者…,
/// 据…), a time (近日, 日前, 4月25日).
fn opens_like_a_report(s: &str) -> bool {
    const OPENERS: &[&str] = &["记者", "据", "近日", "日前", "昨日", "昨天"];
    if OPENERS.iter().any(|o| s.starts_with(o)) {
        return true;
    }
    let month = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=2).contains(&month)
        && s.get(month..)
            .and_then(|r| r.strip_prefix('月'))
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// The longest headline with a comma in it is about this long (上转下沉,让基层百姓看病不难).
const HEADLINE_WITH_COMMA_MAX_CHARS: usize = 24;

/// A headline that asks or exclaims is short; a longer such line is a sentence.
const SHORT_QUESTION_MAX_CHARS: usize = 30;

pub fn is_headline_like(s: &str) -> bool {
    if longer_than(s, MAX_HEADLINE_CHARS.max(ENGLISH_HEADLINE_MAX_CHARS)) {
        return false;
    }
    let n = s.chars().count();
    if !s.chars().any(is_han) {
        return is_english_headline(s);
    }
    if !(2..=MAX_HEADLINE_CHARS).contains(&n) {
        return false;
    }
    if s.ends_with([',', '，', '、', ':', '：', '—', '(', '（', '“', '《']) {
        return false;
    }
    if s.chars().any(|c| matches!(c, '。' | '；' | ';')) {
        return false;
    }
    if opens_like_a_report(s) && s.contains([',', '，']) {
        return false;
    }
    // Clauses after commas make a sentence: a headline has at most one comma, between
    // two short phrases.
    let commas = s.chars().filter(|&c| c == ',' || c == '，').count();
    if commas >= 2 || (commas == 1 && n > HEADLINE_WITH_COMMA_MAX_CHARS) {
        return false;
    }
    // A headline may ask or exclaim (“你准备好了吗?”, 为何停工?三峡公司回应), but
    // only briefly, and a line in quotes that does so is dialogue.
    if s.chars().any(|c| matches!(c, '！' | '？' | '!' | '?')) {
        return n <= SHORT_QUESTION_MAX_CHARS && !s.starts_with(['“', '"', '「']);
    }
    !ends_sentence(s)
}

/// English headlines run longer in characters than Chinese ones.
const ENGLISH_HEADLINE_MAX_CHARS: usize = 100;

/// `Zhuzhou Opens Its First Hydrogen Station`: a few capitalised words, no full stop.
fn is_english_headline(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let alphabetic = words
        .iter()
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .count();
    (2..=16).contains(&words.len())
        && alphabetic >= 2
        && s.chars().count() <= ENGLISH_HEADLINE_MAX_CHARS
        && s.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !s.ends_with(['.', ',', ';', ':'])
        && s.chars().all(|c| c.is_ascii() || "‘’“”—–".contains(c))
}

/// Captions run to a few sentences at most.
const CAPTION_MAX_CHARS: usize = 200;

/// A caption of at most `CAPTION_MAX_CHARS` (the caller checks the length).
fn is_caption(s: &str) -> bool {
    if s.starts_with(['▲', '△', '▼', '◀', '◁']) && leading_from(s).is_none() {
        return true;
    }
    let t = s.trim_end_matches(CLOSERS).trim_end();
    let archive_photo =
        s.contains("资料图") && (s.contains("(资料图)") || s.contains("（资料图）"));
    let credit_tail = t.ends_with("供图")
        || t.ends_with("摄影")
        || t.ends_with("/摄")
        || t.ends_with("／摄")
        || (t.ends_with('摄')
            && t.trim_end_matches('摄')
                .ends_with(|c: char| c.is_whitespace() || c == '/'));
    credit_tail || archive_photo
}

/// 【政策依据】 or (理): a short bracketed label alone on its line.
fn is_label(s: &str) -> bool {
    let inner = |open: char, close: char| {
        s.strip_prefix(open)
            .and_then(|r| r.strip_suffix(close))
            .filter(|r| !r.is_empty() && !r.contains([open, close]))
    };
    if let Some(r) = inner('【', '】').or_else(|| inner('〖', '〗')) {
        return r.chars().count() <= 10;
    }
    inner('(', ')')
        .or_else(|| inner('（', '）'))
        .is_some_and(|r| r.chars().count() <= 4 && r.chars().all(is_han))
}

/// `——摘自党的二十大报告`, `—— 选自《…》`: where a quotation comes from.
fn is_attribution(s: &str) -> bool {
    let rest = s.trim_start_matches(['—', '-', '─']).trim_start();
    rest.len() < s.len()
        && ["摘自", "选自", "引自", "节选自", "来源", "据"]
            .iter()
            .any(|w| rest.starts_with(w))
        && s.chars().count() <= 80
}

/// `1. …`, `2、…`, `一、…`, `(1) …`, `（二）…`, `①…`: an item of a numbered list.
pub fn is_list_item(s: &str) -> bool {
    let mut cs = s.chars();
    let Some(first) = cs.next() else {
        return false;
    };
    if ('①'..='⑳').contains(&first) {
        return cs.next().is_some();
    }
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=2).contains(&digits) {
        let rest = s.get(digits..).unwrap_or("");
        let Some(after) = rest.strip_prefix(['.', '．', '、']) else {
            return false;
        };
        // 1.16亿元 is a number, not an item.
        return !after.is_empty() && !after.starts_with(|c: char| c.is_ascii_digit());
    }
    let numerals = s
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    if (1..=3).contains(&numerals) {
        let rest: String = s.chars().skip(numerals).collect();
        return rest.starts_with('、') && rest.chars().count() > 1;
    }
    if let Some(rest) = s.strip_prefix(['(', '（']) {
        let n = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
            .count();
        let after: String = rest.chars().skip(n).collect();
        return (1..=3).contains(&n) && after.starts_with([')', '）']) && after.chars().count() > 1;
    }
    false
}

/// Table rows are short: cells of a few words.
const TABLE_ROW_MAX_CHARS: usize = 120;

/// A row of a table on its own evidence: cells split by tabs or bars. (Cells split by
/// runs of spaces need a neighbouring row too: see `mark_spaced_tables`.)
pub fn is_table_row(s: &str) -> bool {
    // Body text has a full stop early on; one fast scan per separator otherwise
    // (str::contains(char) searches bytes).
    !s.contains('。')
        && (s.contains('\t')
            || s.contains('|')
            || s.contains('│')
            || s.contains('｜')
            || s.contains('丨'))
        && !longer_than(s, TABLE_ROW_MAX_CHARS)
        && !s.chars().any(|c| matches!(c, '；' | '！' | '？'))
        && split_cells(s).len() >= 2
}

/// Cells: text between tabs, bars, or runs of two or more spaces.
fn split_cells(s: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut spaces = 0;
    let mut space_start = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '\t' | '|' | '│' | '｜' | '丨') {
            cells.push(s.get(start..i).unwrap_or(""));
            start = i + c.len_utf8();
            spaces = 0;
        } else if c == ' ' || c == '\u{3000}' {
            if spaces == 0 {
                space_start = i;
            }
            spaces += if c == '\u{3000}' { 2 } else { 1 };
        } else {
            if spaces >= 2 {
                cells.push(s.get(start..space_start).unwrap_or(""));
                start = i;
            }
            spaces = 0;
        }
    }
    cells.push(s.get(start..).unwrap_or(""));
    cells.retain(|c| !c.trim().is_empty());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_by_credit_marker_and_triangle() {
        assert!(is_caption("专家们在义诊。通讯员 供图"));
        assert!(is_caption("天元区项目建设现场。(资料图)记者 张媛/摄"));
        assert!(is_caption(
            "“智慧工地”现场吸引了各单位业务骨干的关注。全媒体记者/记者/张威 摄"
        ));
        assert!(is_caption("▲2022年6月1日,株洲市儿童社会福利院"));
        assert!(!is_caption(
            "记者近日在上述路段调查,得知上述多数工地目前处于停工状态。"
        ));
        assert!(!is_caption("◀上接01版正文"));
    }

    #[test]
    fn a_credit_alone_is_a_byline_not_a_caption() {
        assert_eq!(classify_line("记者 张威 摄"), Kind::BylineLine);
        assert_eq!(classify_line("现场。记者 张威 摄"), Kind::Caption);
    }

    #[test]
    fn labels_are_short_and_bracketed() {
        assert!(is_label("【政策依据】"));
        assert!(is_label("(理)"));
        assert!(is_label("（释）"));
        assert!(!is_label("(株洲日报全媒体记者/胡文洁 整理)"));
        assert!(!is_label("【理】深化教育领域综合改革。【事】"));
    }

    #[test]
    fn sentence_ends_see_through_closing_quotes() {
        assert!(ends_sentence("“我太幸运了。”"));
        assert!(ends_sentence("这样的日子何时能到头?"));
        assert!(!ends_sentence("订单式培养“现场工程师”"));
        assert!(!ends_sentence("从白手起家到年产值5000万元,仅"));
    }

    #[test]
    fn headline_like_lines() {
        assert!(is_headline_like("上转下沉,让基层百姓看病不难"));
        assert!(is_headline_like("建设单位:手续未办好 致大面积停工"));
        assert!(is_headline_like("为何“围而不建”?三峡公司回应"));
        assert!(is_headline_like("你准备好了吗?"));
        assert!(is_headline_like("Zhuzhou Opens Its First Hydrogen Station"));
        assert!(!is_headline_like("不多多,但求精。中南高科将围绕株洲"));
        assert!(!is_headline_like("市中心医院副院长李文灿介绍,"));
        assert!(!is_headline_like(
            "2022年,株洲民政部门不断加强困难群众救助帮扶,完成全市儿童福利领域特"
        ));
        assert!(is_headline_like("一季度GDP增长5.5%,高于全省平均"));
        assert!(is_headline_like("今年,我市卫监部门 将从七个方面发力"));
        assert!(is_headline_like("记者手记"));
        assert!(!is_headline_like("记者梳理发现,大多数微建议都跟群"));
        assert!(!is_headline_like("4月25日,荷塘区召开群众大会"));
        assert!(!is_headline_like("“你好吗?”"));
        assert!(!is_headline_like("他问道:这是谁的车?我们都不知道。你呢?"));
        assert!(!is_headline_like("2023"));
        assert!(!is_headline_like("The plant opened in March."));
    }

    #[test]
    fn lists_tables_and_attributions_have_shapes_of_their_own() {
        for item in [
            "1. 加强组织领导",
            "2、压实责任",
            "一、聚焦民生关切",
            "(1)建立台账",
            "（二）优化服务",
            "①闲置土地清零",
        ] {
            assert!(is_list_item(item), "{item}");
        }
        for not in ["1.16亿元的贷款", "2023年", "一是坚持", "(理)", "12345热线"] {
            assert!(!is_list_item(not), "{not}");
        }
        assert!(is_table_row("菲斯克\t38亿元"));
        assert!(is_table_row("区县 | 户数 | 金额"));
        assert!(!is_table_row("合同引资 147亿元 完成投资 25亿余元"));
        assert!(!is_table_row("天元区 开展防范非法集资宣传活动"));
        let kinds = |text: &str| -> Vec<Kind> {
            let lines = super::super::lines::raw_lines(text);
            classify(&lines).into_iter().map(|b| b.kind).collect()
        };
        assert_eq!(
            kinds("项目  金额  完成率\n菲斯克  38亿元  100%\n"),
            [Kind::TableRow, Kind::TableRow]
        );
        assert_eq!(
            kinds("株洲高新区  菁樟计划  首发季活动举办\n正文。\n")[0],
            Kind::Short
        );
        assert_eq!(classify_line("——摘自党的二十大报告"), Kind::Attribution);
        assert_eq!(classify_line("——2022年株洲市民政工作综述"), Kind::Dash);
    }
}
