//! Evidence that two pieces of text are one sentence cut apart by a column break.
//!
//! The left piece must stop mid-sentence; what says the right piece continues it:
//! - a dictionary word across the cut that each side's own segmentation leaves broken
//!   (…都跟群 | 众生活… → 群众; 直属各 | 单位参与 → 各单位), where a word that cuts into
//!   the right side's first word does not count (各 | 市政协 is not 各市);
//! - a number running on into its unit (开展主题活动1300 | 余场);
//! - a right side opening with punctuation no sentence opens with (，、）”);
//! - a right side whose first word is a lone character no sentence opens with (行问题);
//! - the second half of a correlative pair (不仅… | …也…), a bracket or quote closed;
//! - a phrase across the cut that the article prints elsewhere (数字医联体 | 平台).

use super::charset::CharSet;
use super::names::is_surname;
use jieba_rs::Jieba;
use rustc_hash::FxHashSet;

/// The weight a seam needs when the pieces are not printed one after the other.
pub const FAR_SEAM_MIN: f32 = 2.0;

/// Characters that never open a sentence.
const NO_OPEN: &[char] = &[
    '，', '。', '、', '；', '：', '！', '？', '）', '》', '」', '』', '”', '’', '…', '%', '％',
    '‰', ',', '.', ';', ':', '!', '?', ')',
];

/// Units and measure words a number runs on into.
static UNITS: CharSet = CharSet::new(
    "余多万亿千百元年月日号个名家人户项次件场套台张条所座辆吨米岁天倍份位起批期届篇部种类块亩斤克度分秒时%％公平小周栋层间例株只头",
);

/// Single characters that commonly open a sentence as a word of their own (pronouns,
/// prepositions, conjunctions, adverbs, administrative levels, numerals), so tell
/// nothing when a piece starts with one.
static OPENERS: CharSet = CharSet::new(
    "我你他她它咱您谁这那此该其每各某本在对从据但而为以将把被让使由与和及或如若因虽即就又也还再更最向往到自于至当凡且并则却乃才都均皆仅只已曾正刚按凭靠随趁沿经给跟同替比除离用通依照是有无没不未要会能可应需须请看听说叫近今昨明去前后上下中省市县区镇乡村国全总共另第一二三四五六七八九十百千万两几多半",
);

/// First halves of correlative pairs and the words that complete them.
const CORRELATIVES: &[(&str, &[&str])] = &[
    ("不仅", &["也", "还", "而且", "更"]),
    ("不但", &["而且", "也", "还"]),
    ("虽然", &["但", "却"]),
    ("尽管", &["但", "却", "仍"]),
    ("因为", &["所以"]),
    ("不是", &["而是"]),
    ("一方面", &["另一方面"]),
    ("无论", &["都", "也"]),
    ("不管", &["都", "也"]),
    ("只要", &["就"]),
    ("只有", &["才"]),
    ("如果", &["就", "则"]),
    ("即使", &["也"]),
];

fn tail(s: &str, n: usize) -> Vec<char> {
    let mut v: Vec<char> = s.chars().rev().take(n).collect();
    v.reverse();
    v
}

fn head(s: &str, n: usize) -> Vec<char> {
    s.chars().take(n).collect()
}

fn is_han(c: char) -> bool {
    crate::text::is_han(c)
}

/// What the text says about a possible seam.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Evidence {
    /// How strongly the two sides read as one sentence.
    pub score: f32,
    /// The right side cannot start a paragraph of its own: punctuation, a unit, or a
    /// lone character no sentence opens with. A seam to a piece printed far away needs
    /// this: a piece that could begin a paragraph most likely does.
    pub headless: bool,
}

/// Evidence from the text itself (no context). `jieba` adds word evidence.
pub fn lexical(jieba: Option<&Jieba>, left: &str, right: &str) -> Evidence {
    lexical_from(jieba, left, &left_end(left), right)
}

/// `lexical` with the left piece's end already worked out (`left_end(left)`).
pub fn lexical_from(jieba: Option<&Jieba>, left: &str, end: &LeftEnd, right: &str) -> Evidence {
    let lone = jieba.map(|j| is_headless(j, right));
    lexical_known(jieba, left, end, right, lone)
}

/// `lexical_from` with `is_headless(right)` already known (`lone`; `None` without
/// jieba).
pub fn lexical_known(
    jieba: Option<&Jieba>,
    left: &str,
    end: &LeftEnd,
    right: &str,
    lone: Option<bool>,
) -> Evidence {
    let mut e = Evidence::default();
    let start = right_start(right, end);
    if start.no_open {
        e.score += 2.0;
        e.headless = true;
    }
    if end.digit && start.unit {
        e.score += 2.0;
        e.headless = true;
    }
    if end.pairs & start.pairs != 0 {
        e.score += 1.0;
    }
    if end.opened & start.closes != 0 {
        e.score += 1.5;
    }
    if let Some(j) = jieba {
        e.score += word_across(j, left, right);
        if e.score > 0.0 && lone == Some(true) {
            e.score += 1.0;
            e.headless = true;
        }
    }
    e
}

/// Whether a piece can open with a lone character no sentence opens with, or with
/// punctuation or a unit: what a piece taken from far away must do. Cheap: no
/// segmentation (`lexical` asks jieba when this says yes).
pub fn may_be_headless(right: &str) -> bool {
    right.chars().next().is_some_and(|c| {
        if is_han(c) {
            UNITS.contains(c) || (!OPENERS.contains(c) && !is_surname(c))
        } else {
            NO_OPEN.contains(&c) || UNITS.contains(c)
        }
    })
}

/// Whether the evidence carries a seam to a piece printed far away.
pub fn carries_far(e: Evidence) -> bool {
    e.headless && e.score >= FAR_SEAM_MIN
}

/// What the end of a piece offers a seam, worked out once per piece so that a search
/// over every pair of an issue costs a few comparisons per pair.
#[derive(Debug, Clone, Copy, Default)]
pub struct LeftEnd {
    digit: bool,
    /// Bit i: the first half of correlative pair i stands open in the last clause.
    pairs: u16,
    /// Bit i: bracket or quote pair i is left open.
    opened: u8,
}

/// What the start of a piece offers a seam.
#[derive(Debug, Clone, Copy, Default)]
pub struct RightStart {
    no_open: bool,
    unit: bool,
    /// Bit i: a second half of correlative pair i opens the piece.
    pairs: u16,
    /// Bit i: the piece closes bracket or quote pair i before opening it.
    closes: u8,
}

const BRACKETS: [(char, char); 4] = [('“', '”'), ('《', '》'), ('（', '）'), ('(', ')')];

pub fn left_end(s: &str) -> LeftEnd {
    let l = last_clause(s);
    LeftEnd {
        digit: s.ends_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)),
        pairs: open_pairs(l),
        opened: open_brackets(l),
    }
}

/// Bit i: the first half of correlative pair i stands in `clause` (all of them open
/// with one of these characters, which most clauses lack).
fn open_pairs(clause: &str) -> u16 {
    if !clause.chars().any(|c| {
        matches!(
            c,
            '不' | '虽' | '尽' | '因' | '一' | '无' | '只' | '如' | '即'
        )
    }) {
        return 0;
    }
    let mut pairs = 0;
    for (i, (first, _)) in CORRELATIVES.iter().enumerate() {
        if clause.contains(first) {
            pairs |= 1 << i;
        }
    }
    pairs
}

/// Bit i: bracket or quote pair i is opened more often than closed in `clause`.
fn open_brackets(clause: &str) -> u8 {
    let mut depth = [0i32; BRACKETS.len()];
    for c in clause.chars() {
        for (i, &(open, close)) in BRACKETS.iter().enumerate() {
            if c == open {
                depth[i] += 1;
            } else if c == close {
                depth[i] -= 1;
            }
        }
    }
    let mut opened = 0;
    for (i, d) in depth.iter().enumerate() {
        if *d > 0 {
            opened |= 1 << i;
        }
    }
    opened
}

/// How far into a piece a closing bracket is looked for.
const CLOSER_REACH_CHARS: usize = 40;

/// The first `n` chars of `s` (all of it if shorter), without allocating.
fn first_chars(s: &str, n: usize) -> &str {
    s.char_indices()
        .nth(n)
        .map_or(s, |(i, _)| s.get(..i).unwrap_or(s))
}

/// What a piece's start offers. Correlatives and brackets are looked at only when
/// asked (`wanted`: some left piece of the issue opened one), so that an issue with
/// none pays for a look at the first character.
pub fn right_start(s: &str, wanted: &LeftEnd) -> RightStart {
    let mut start = RightStart {
        no_open: s.starts_with(NO_OPEN),
        unit: s.starts_with(|c: char| UNITS.contains(c)),
        pairs: 0,
        closes: 0,
    };
    if wanted.pairs != 0 {
        let reach = first_sentence(first_chars(s, CORRELATIVE_REACH_CHARS));
        for (i, (_, seconds)) in CORRELATIVES.iter().enumerate() {
            if wanted.pairs & (1 << i) != 0 && seconds.iter().any(|x| reach.contains(x)) {
                start.pairs |= 1 << i;
            }
        }
    }
    if wanted.opened != 0 {
        let head = first_sentence(first_chars(s, CLOSER_REACH_CHARS));
        for (i, &(open, close)) in BRACKETS.iter().enumerate() {
            if head
                .find(close)
                .is_some_and(|c| head.find(open).is_none_or(|o| c < o))
            {
                start.closes |= 1 << i;
            }
        }
    }
    start
}

/// Whether a piece opens with punctuation no sentence opens with, or with a unit.
pub fn opens_a_tail(c: char) -> bool {
    NO_OPEN.contains(&c) || UNITS.contains(c)
}

impl LeftEnd {
    /// The piece ends in a figure (…1300): a unit may follow far away.
    pub fn ends_in_figure(&self) -> bool {
        self.digit
    }

    /// What any of several left ends opened.
    pub fn union(self, other: LeftEnd) -> LeftEnd {
        LeftEnd {
            digit: self.digit || other.digit,
            pairs: self.pairs | other.pairs,
            opened: self.opened | other.opened,
        }
    }
}

/// Whether the text can carry a seam between pieces printed apart without asking the
/// dictionary (what `lexical` would then find).
pub fn may_continue(l: &LeftEnd, r: &RightStart) -> bool {
    r.no_open || (l.digit && r.unit) || l.pairs & r.pairs != 0 || l.opened & r.closes != 0
}

/// The last clause of a piece and the first sentence of the next.
/// The last clause of a piece (how far back a clause is looked for is bounded: a
/// correlative's two halves stand close together).
fn last_clause(s: &str) -> &str {
    let tail = last_chars(s, CLAUSE_REACH_CHARS);
    tail.rfind(ends_clause)
        .map_or(tail, |i| tail.get(i..).unwrap_or(""))
}

const CLAUSE_REACH_CHARS: usize = 60;

/// The last `n` chars of `s`, without allocating.
fn last_chars(s: &str, n: usize) -> &str {
    s.char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(s, |(i, _)| s.get(i..).unwrap_or(s))
}

fn first_sentence(s: &str) -> &str {
    s.find(ends_clause).map_or(s, |i| s.get(..i).unwrap_or(""))
}

fn ends_clause(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// How far into the right piece the second half of a correlative pair may stand.
const CORRELATIVE_REACH_CHARS: usize = 10;

/// Whether some dictionary word of two or three characters runs across the cut
/// (a few look-ups, no segmentation): what a seam resting on words needs at least.
pub fn word_may_cross(jieba: &Jieba, left: &str, right: &str) -> bool {
    let mut l = left.chars().rev();
    let (Some(l1), l2) = (l.next(), l.next()) else {
        return false;
    };
    let mut r = right.chars();
    let (Some(r1), r2) = (r.next(), r.next()) else {
        return false;
    };
    if !is_han(l1) || !is_han(r1) {
        return false;
    }
    let mut buf = [0u8; 12];
    let mut word = |cs: &[char]| {
        let mut at = 0;
        for c in cs {
            at += c.encode_utf8(&mut buf[at..]).len();
        }
        std::str::from_utf8(&buf[..at]).is_ok_and(|w| jieba.has_word(w))
    };
    word(&[l1, r1])
        || l2.is_some_and(|l2| is_han(l2) && word(&[l2, l1, r1]))
        || r2.is_some_and(|r2| is_han(r2) && word(&[l1, r1, r2]))
}

/// Dictionary words made of the end of `left` and the start of `right`: (chars from
/// the left, chars from the right).
fn dictionary_words(jieba: &Jieba, left: &str, right: &str) -> Vec<(usize, usize)> {
    let t = tail(left, 3);
    let h = head(right, 3);
    let mut found = Vec::new();
    if !t.last().is_some_and(|&c| is_han(c)) || !h.first().is_some_and(|&c| is_han(c)) {
        return found;
    }
    let mut w = String::with_capacity(16);
    for k in 1..=t.len() {
        for m in 1..=h.len() {
            if k + m > 4 {
                continue;
            }
            w.clear();
            w.extend(t.iter().skip(t.len() - k).chain(h.iter().take(m)));
            if w.chars().all(is_han) && jieba.has_word(&w) {
                found.push((k, m));
            }
        }
    }
    found
}

/// Char offsets where jieba puts word boundaries in `s`.
fn boundaries(jieba: &Jieba, s: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut at = 0;
    for t in jieba.cut(s, false) {
        at += t.word.chars().count();
        out.push(at);
    }
    out
}

/// A dictionary word across the cut that agrees with how each side segments on its
/// own: it starts at a word boundary of the left side and ends at one of the right.
/// Its weight grows with how common the word is (群众 and 教育 are strong evidence;
/// a rare word like 群育 is two characters meeting by chance), and halves when one
/// half is a function character, which pairs with anything (各|省, 食|用).
fn word_across(jieba: &Jieba, left: &str, right: &str) -> f32 {
    let words = dictionary_words(jieba, left, right);
    if words.is_empty() {
        return 0.0;
    }
    const WINDOW: usize = 6;
    let l: String = tail(left, WINDOW).into_iter().collect();
    let r: String = head(right, WINDOW).into_iter().collect();
    let lb = boundaries(jieba, &l);
    let rb = boundaries(jieba, &r);
    let n = l.chars().count();
    let lc: Vec<char> = l.chars().collect();
    let rc: Vec<char> = r.chars().collect();
    words
        .iter()
        .filter(|&&(k, m)| lb.contains(&(n - k)) && rb.contains(&m))
        .map(|&(k, m)| {
            let word: String = lc[n - k..].iter().chain(&rc[..m]).collect();
            // jieba reports a dictionary word's own frequency here.
            let freq = jieba.suggest_freq(&word) as f32;
            let weight = (freq.max(1.0).log10() / 2.0).min(2.0);
            // A left half that ends clauses on its own (的, 上, 各) or a right half that
            // opens them (在, 用, 省) pairs with anything.
            let loose = k + m == 2
                && (lc
                    .get(n - k)
                    .is_some_and(|&c| LOOSE_ENDS.contains(c) || NO_END.contains(c))
                    || rc.get(m - 1).is_some_and(|&c| OPENERS.contains(c)));
            if loose { weight / 2.0 } else { weight }
        })
        .fold(0.0, f32::max)
}

/// The right side opens with a lone character no sentence opens with (行问题, 众生活,
/// 求。如今). A surname may stand alone because jieba does not know the name (易波介绍):
/// callers ask `may_be_headless` first, which rules those out.
pub fn is_headless(jieba: &Jieba, right: &str) -> bool {
    may_be_headless(right) && headless(jieba, right)
}

fn headless(jieba: &Jieba, right: &str) -> bool {
    let r: String = head(right, 6).into_iter().collect();
    let cut = jieba.cut(&r, false);
    cut.first().is_some_and(|t| {
        let mut cs = t.word.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if is_han(c) && !OPENERS.contains(c))
    })
}

/// Characters that end a clause as words of their own (上, 中, 等, 了): a left half
/// of a cut that is one of these pairs with anything that follows.
static LOOSE_ENDS: CharSet = CharSet::new("了着过等中上下里外内后前时者们也都就还又才省市县区");

/// Characters a sentence does not end with: particles and prepositions that want what
/// follows (的, 和, 把), determiners (各), and opening brackets.
static NO_END: CharSet =
    CharSet::new("的地得和与及或在对把被将从向以为之各每该这那其诸某、，,：:“《（(");

/// A line without final punctuation that still shows it is a cut sentence: it ends
/// in a character no sentence ends with, opens a correlative pair it does not close
/// (不仅…), or leaves a bracket or quote open.
pub fn looks_unfinished(s: &str) -> bool {
    // A sentence ends in a word or a unit, not in a bare figure or a function word.
    if s.chars()
        .next_back()
        .is_some_and(|c| NO_END.contains(c) || c.is_ascii_digit())
    {
        return true;
    }
    let l = last_clause(s);
    let unfinished_pair = open_pairs(l) != 0
        && CORRELATIVES.iter().any(|(first, seconds)| {
            l.find(first).is_some_and(|at| {
                !seconds
                    .iter()
                    .any(|x| l.get(at + first.len()..).unwrap_or("").contains(x))
            })
        });
    unfinished_pair || open_brackets(l) != 0
}

/// Characters that must be followed by the noun they determine (各单位, 每户).
static DETERMINERS: CharSet = CharSet::new("各每该本这那其诸某此");

/// A left piece ending in a determiner, a right piece opening with a word for it to
/// determine: `直属各 | 单位参与的工作专班`.
pub fn determiner_before_word(jieba: Option<&Jieba>, left: &str, right: &str) -> bool {
    let ends_in_determiner = left
        .chars()
        .next_back()
        .is_some_and(|c| DETERMINERS.contains(c))
        && left.chars().rev().nth(1).is_some_and(|c| {
            !is_han(c) || {
                // 各 alone, not the end of a word like 其 in 尤其
                let two: String = tail(left, 2).into_iter().collect();
                jieba.is_none_or(|j| !j.has_word(&two))
            }
        });
    if !ends_in_determiner {
        return false;
    }
    let r: String = head(right, 6).into_iter().collect();
    match jieba {
        Some(j) => j
            .cut(&r, false)
            .first()
            .is_some_and(|t| t.word.chars().count() >= 2 && t.word.chars().all(is_han)),
        None => head(right, 2).iter().all(|&c| is_han(c)),
    }
}

/// The Han character pairs of a text, each once: what `fit` looks for.
pub fn han_pairs(s: &str) -> FxHashSet<(char, char)> {
    let mut out = FxHashSet::default();
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev.filter(|&p| is_han(p) && is_han(c)) {
            out.insert((p, c));
        }
        prev = Some(c);
    }
    out
}

/// How well a paragraph (its `han_pairs`) fits a stretch of text: the share of its
/// pairs the text uses too. The text is scanned once; a bitmap of the pairs' hashes
/// turns away almost every pair of it before the exact look-up.
pub fn fit<'a>(pairs: &FxHashSet<(char, char)>, text: impl IntoIterator<Item = &'a str>) -> f32 {
    if pairs.is_empty() {
        return 0.0;
    }
    const BITS: usize = 1 << 14;
    let slot = |p: char, c: char| ((u32::from(p).wrapping_mul(31)) ^ u32::from(c)) as usize % BITS;
    let mut seen = vec![0u64; BITS / 64];
    for &(p, c) in pairs {
        let k = slot(p, c);
        seen[k / 64] |= 1 << (k % 64);
    }
    let mut found: FxHashSet<(char, char)> = FxHashSet::default();
    for t in text {
        let mut prev: Option<char> = None;
        for c in t.chars() {
            if let Some(p) = prev {
                let k = slot(p, c);
                if seen[k / 64] & (1 << (k % 64)) != 0 && pairs.contains(&(p, c)) {
                    found.insert((p, c));
                }
            }
            prev = Some(c);
        }
        if found.len() == pairs.len() {
            break;
        }
    }
    found.len() as f32 / pairs.len() as f32
}

/// A phrase across the cut, of at least five characters with two or more on each
/// side, that `context` prints elsewhere (数字医联体 | 平台 where the article says
/// 数字医联体平台 later on).
pub fn repeated_across<'a>(
    left: &str,
    right: &str,
    context: impl IntoIterator<Item = &'a str>,
) -> bool {
    // Any longer such phrase contains one of these two.
    let t = tail(left, 3);
    let h = head(right, 3);
    let needle = |k: usize, m: usize| -> Option<String> {
        (t.len() >= k && h.len() >= m)
            .then(|| t.iter().skip(t.len() - k).chain(h.iter().take(m)).collect())
    };
    let needles: Vec<String> = [needle(3, 2), needle(2, 3)].into_iter().flatten().collect();
    let finders: Vec<memchr::memmem::Finder<'_>> = needles
        .iter()
        .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
        .collect();
    context
        .into_iter()
        .any(|text| finders.iter().any(|f| f.find(text.as_bytes()).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jieba() -> &'static Jieba {
        crate::words::jieba()
    }

    fn far(left: &str, right: &str) -> bool {
        carries_far(lexical(Some(jieba()), left, right))
    }

    #[test]
    fn words_broken_across_the_cut() {
        assert!(far("大多数微建议都跟群", "众生活息息相关。"));
        assert!(far(
            "选调生教育帮扶联合会成立,株洲市选调生教",
            "育帮扶联合会成立"
        ));
        let e = lexical(Some(jieba()), "钉钉数字医联体平台上", "线以后,医生下沉服务");
        assert!(
            e.score > 0.0 && e.headless,
            "上线, though 上 may stand alone: {e:?}"
        );
        // jieba's dictionary lacks 各单位: that seam rests on the determiner and on
        // where the interrupted article resumes (see `seams`).
        let e = lexical(
            Some(jieba()),
            "局办公室牵头、机关各科室、直属各",
            "单位参与的工作专班",
        );
        assert!(!carries_far(e), "单位参与 could open a sentence: {e:?}");
    }

    #[test]
    fn a_word_that_cuts_into_the_next_word_is_no_evidence() {
        let j = Some(jieba());
        assert_eq!(
            lexical(
                j,
                "编写了《教育帮扶手册》,里面包括各",
                "市政协委员邓志军建议"
            )
            .score,
            0.0
        );
        assert_eq!(
            lexical(j, "这些微建议发挥了作用", "记者梳理发现,大多数").score,
            0.0
        );
    }

    #[test]
    fn function_characters_meeting_at_a_cut_are_chance() {
        assert!(!far(
            "编写了《教育帮扶手册》,里面包括各",
            "行问题,也涉及产业发展。"
        ));
    }

    #[test]
    fn a_piece_that_could_open_a_paragraph_is_not_taken_from_afar() {
        assert!(!far(
            "里面包括各",
            "省医保局副局长孙兆泉、副市长杨胜跃出席活动。"
        ));
        assert!(!far(
            "反映的不仅有农食",
            "用5年时间。亦德科技的快速发展不是个例。"
        ));
    }

    #[test]
    fn numbers_run_into_their_units() {
        assert!(carries_far(lexical(
            None,
            "开展主题活动1300",
            "余场,投入资金3000余万元"
        )));
        assert_eq!(lexical(None, "直属各", "余场,投入资金").score, 0.0);
    }

    #[test]
    fn a_correlative_pair_and_a_headless_start_together() {
        assert!(far(
            "委员们通过教育帮扶反映的不仅有农食",
            "行问题,也涉及产业发展。"
        ));
        assert!(!far(
            "委员们通过教育帮扶反映的不仅有农食",
            "陪我们说话,教我们知识"
        ));
    }

    #[test]
    fn punctuation_no_sentence_opens_with() {
        assert!(carries_far(lexical(None, "他说", "，这很好。")));
        let e = lexical(None, "他说:“我们", "都很好”,然后");
        assert_eq!(
            e.score, 1.5,
            "the quote opened on the left closes on the right"
        );
    }

    #[test]
    fn cut_sentences_show_themselves() {
        assert!(looks_unfinished("委员们通过教育帮扶反映的不仅有农食"));
        assert!(looks_unfinished("达媚医生操作的"));
        assert!(!looks_unfinished("41家医疗机构连接成网"));
        assert!(!looks_unfinished("不仅是中南高科,也是全区"));
        assert!(!far(
            "41家医疗机构连接成网",
            "易波介绍,他每月要下基层2至3次"
        ));
    }

    #[test]
    fn a_determiner_wants_its_noun() {
        let j = Some(jieba());
        assert!(determiner_before_word(
            j,
            "机关各科室、直属各",
            "单位参与的工作专班"
        ));
        assert!(!determiner_before_word(
            j,
            "里面包括各",
            "陪我们说话,教我们知识"
        ));
        assert!(!determiner_before_word(j, "这一点尤其", "重要的是"));
    }

    #[test]
    fn shared_pairs_measure_fit() {
        let p = han_pairs("安全生产、疫情防控");
        assert_eq!(p.len(), 6, "、 breaks the run of pairs");
        assert_eq!(fit(&p, ["做好安全生产和", "疫情防控工作"]), 1.0);
        assert_eq!(fit(&p, ["安全生产"]), 0.5);
        assert_eq!(fit(&p, ["养老服务"]), 0.0);
    }

    #[test]
    fn phrases_the_article_prints_elsewhere() {
        let context = ["在她看来,启用数字医联体平台后,医院之间实现了数据互通"];
        assert!(repeated_across(
            "达媚医生操作的数字医联体",
            "平台由市中心医院牵头打造",
            context
        ));
        assert!(!repeated_across("发力先进制造业", "投资38亿元的", context));
    }
}
