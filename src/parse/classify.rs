//! What each line of a dump is, judged from the line alone (and its blank-line gaps).
//! Which headline-like lines really start an article is decided later, in `segment`,
//! from the lines around them.

use super::byline;
use super::lines::RawLine;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Page credit (责任编辑:… 美术编辑:… 校对:…): not part of any article.
    Credit,
    /// Photo caption.
    Caption,
    /// A news lead with its byline in front: `株洲日报讯(记者/…) 正文…`;
    /// `split` is the byte offset where the byline ends.
    InlineByline { split: usize },
    /// A line that is only a byline: `株洲日报全媒体记者/王娜`, `通讯员/…`, `(…整理)`.
    BylineLine,
    /// A jump marker `◀上接01版`, with the page it names; `split` ends the marker.
    Jump { from: String, split: usize },
    /// A structural label alone on its line: 【理】, (事).
    Label,
    /// A line opening with a dash: a dek under a headline, or an attribution.
    Dash,
    /// A sub-head marked as such (●…).
    Bullet,
    /// Short and unpunctuated: a headline, kicker, column name, sub-head or author line.
    Short,
    /// Body text.
    Text,
}

#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub line: RawLine<'a>,
    pub kind: Kind,
}

impl<'a> Block<'a> {
    pub fn text(&self) -> &'a str {
        self.line.text
    }
}

/// Headlines in these dumps run to ~45 characters when three layout parts share a line.
pub const MAX_HEADLINE_CHARS: usize = 50;

pub fn classify<'a>(lines: &[RawLine<'a>]) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block<'a>> = lines
        .iter()
        .map(|l| Block {
            line: l.clone(),
            kind: classify_line(l.text),
        })
        .collect();
    mark_isolated_captions(&mut blocks);
    blocks
}

pub fn classify_line(s: &str) -> Kind {
    if is_credit(s) {
        return Kind::Credit;
    }
    if let Some((from, split)) = jump(s) {
        return Kind::Jump { from, split };
    }
    if is_caption(s) {
        return Kind::Caption;
    }
    if let Some(split) = byline::inline_byline_end(s) {
        return Kind::InlineByline { split };
    }
    if byline::is_byline_line(s) {
        return Kind::BylineLine;
    }
    if is_label(s) {
        return Kind::Label;
    }
    if s.starts_with("——") || s.starts_with("--") {
        return Kind::Dash;
    }
    if s.starts_with(['●', '■', '◆', '★', '▶']) && s.chars().count() <= MAX_HEADLINE_CHARS
    {
        return Kind::Bullet;
    }
    if is_headline_like(s) {
        return Kind::Short;
    }
    Kind::Text
}

/// A caption the dump printed without a credit: an unpunctuated line standing alone
/// between two wide gaps, as a picture's caption does. A headline never stands so:
/// its byline or text follows within one blank line.
fn mark_isolated_captions(blocks: &mut [Block<'_>]) {
    for i in 0..blocks.len() {
        let b = &blocks[i];
        let isolated = b.line.blank_before >= 2 && b.line.blank_after >= 2;
        let candidate = matches!(b.kind, Kind::Short | Kind::Text) && !ends_sentence(b.text());
        let next_is_byline = blocks
            .get(i + 1)
            .is_some_and(|n| matches!(n.kind, Kind::InlineByline { .. } | Kind::BylineLine));
        if isolated && candidate && !next_is_byline && i > 0 {
            blocks[i].kind = Kind::Caption;
        }
    }
}

/// Closing quotes and brackets that may follow the punctuation ending a sentence.
const CLOSERS: &[char] = &['”', '’', '」', '』', '》', '）', ')', '】', '"', '\''];

/// Whether a paragraph ends a sentence (so is not cut by a column break).
pub fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(CLOSERS);
    t.ends_with([
        '。', '！', '？', '!', '?', '…', '.', '；', ';', '：', ':', '．',
    ])
}

/// Punctuation that closes a sentence or clause inside a line; a headline has none.
fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '！', '？', '!', '?', '；', ';'])
}

pub fn is_headline_like(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=MAX_HEADLINE_CHARS).contains(&n) || !s.chars().any(is_cjk) {
        return false;
    }
    if s.ends_with([',', '，', '、', ':', '：', '—', '(', '（', '“']) {
        return false;
    }
    // A headline may end in ! or ? (“你准备好了吗?”), but holds no full sentence
    // before that, and a quoted line is dialogue, not a headline.
    let body = s
        .trim_end_matches(CLOSERS)
        .trim_end_matches(['！', '？', '!', '?']);
    let exclaims = body.len() < s.trim_end_matches(CLOSERS).len();
    if exclaims {
        return n <= SHORT_QUESTION_MAX_CHARS
            && !s.starts_with(['“', '"', '「'])
            && !has_sentence_punct(body);
    }
    !has_sentence_punct(s) && !ends_sentence(s)
}

/// A headline that asks or exclaims is short; a longer such line is a sentence.
const SHORT_QUESTION_MAX_CHARS: usize = 24;

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

fn is_credit(s: &str) -> bool {
    s.chars().count() <= 80
        && (s.starts_with("责任编辑") || s.contains("美术编辑") || s.starts_with("校对"))
}

fn is_caption(s: &str) -> bool {
    if s.chars().count() > 200 {
        return false;
    }
    if s.starts_with(['▲', '△', '▼', '◀', '◁']) && jump(s).is_none() {
        return true;
    }
    let t = s.trim_end_matches(CLOSERS).trim_end();
    let credit_tail = t.ends_with("供图")
        || t.ends_with("摄影")
        || t.ends_with("/摄")
        || t.ends_with("／摄")
        || (t.ends_with('摄')
            && t.trim_end_matches('摄')
                .ends_with(|c: char| c.is_whitespace() || c == '/'));
    credit_tail || s.contains("(资料图)") || s.contains("（资料图）")
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
        .is_some_and(|r| r.chars().count() <= 4 && r.chars().all(is_cjk))
}

/// `◀上接01版`, `上接01版①`, `(上接第2版)`: the page named and where the marker ends.
pub fn jump(s: &str) -> Option<(String, usize)> {
    let start = s.len()
        - s.trim_start_matches(['◀', '◁', '<', '(', '（', '[', '【'])
            .len();
    let rest = s.get(start..)?.strip_prefix("上接")?;
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let page = rest.get(..digits)?;
    let rest = rest.get(digits..)?.strip_prefix('版')?;
    let rest = rest.trim_start_matches(|c| ('①'..='⑳').contains(&c));
    let rest = rest.trim_start_matches([')', '）', ']', '】', '▶']);
    let split = s.len() - rest.len();
    Some((format!("{page}版"), split))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jump_markers_in_their_printed_shapes() {
        assert_eq!(
            jump("◀上接01版“微建议”"),
            Some(("01版".into(), "◀上接01版".len()))
        );
        assert_eq!(
            jump("上接01版① 闲置土地"),
            Some(("01版".into(), "上接01版①".len()))
        );
        assert_eq!(
            jump("(上接第2版)"),
            Some(("2版".into(), "(上接第2版)".len()))
        );
        assert_eq!(jump("上接下文"), None);
        assert_eq!(jump("他说上接01版"), None);
    }

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
        assert!(!is_headline_like("不多多,但求精。中南高科将围绕株洲"));
        assert!(!is_headline_like("市中心医院副院长李文灿介绍,"));
        assert!(is_headline_like("你准备好了吗?"));
        assert!(!is_headline_like("“你好吗?”"));
        assert!(!is_headline_like("他问道:这是谁的车?我们都不知道。你呢?"));
        assert!(!is_headline_like("2023"));
    }
}
