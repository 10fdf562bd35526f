//! Pinyin search, for readers on a terminal without a Chinese input method: a query
//! term of Latin letters also finds Chinese whose reading it spells.
//!
//! A term matches a run of two or more Chinese characters when it splits into one
//! piece per character, each piece being the character's full reading (`yibao` →
//! 医保) or its first letter (`yb` → 医保), the two mixed freely (`yib`); the last
//! piece may be any beginning of a reading, so a word being typed matches as it grows
//! (`yiba`). Every reading of a heteronym counts (重: zhong and chong). Readings come
//! from the `pinyin` crate without tones, ü written `v` (绿: lv).
//!
//! Matching works on the store's folded text; candidates come from the bigram index
//! ([`super::index::Index::pinyin_candidates`]), confirmation from [`find_iter`].

use pinyin::ToPinyinMulti;
use std::ops::Range;
use std::sync::OnceLock;

/// Longest term (in letters) matched by pinyin: the match state is a 64-bit set.
pub const MAX_LETTERS: usize = 63;

/// Whether `term` (folded) is matched by pinyin too: ASCII letters only, at least two
/// of them.
pub fn is_pinyin_term(term: &str) -> bool {
    (2..=MAX_LETTERS).contains(&term.len()) && term.bytes().all(|b| b.is_ascii_lowercase())
}

/// First code point covered by the reading table, and how many.
const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

/// Readings of every char in `FIRST..=LAST`: per char a range into one list.
struct Table {
    spans: Vec<(u32, u8)>,
    readings: Vec<&'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut spans = Vec::with_capacity((LAST - FIRST + 1) as usize);
        let mut readings: Vec<&'static str> = Vec::new();
        for cp in FIRST..=LAST {
            let start = u32::try_from(readings.len()).unwrap_or(u32::MAX);
            if let Some(multi) = char::from_u32(cp).and_then(|c| c.to_pinyin_multi()) {
                for p in multi {
                    let r = plain(p.plain());
                    if !r.is_empty() && !readings[start as usize..].contains(&r) {
                        readings.push(r);
                    }
                }
            }
            let n = u8::try_from(readings.len() - start as usize).unwrap_or(u8::MAX);
            spans.push((start, n));
        }
        Table { spans, readings }
    })
}

/// A toneless reading with ü as v (the letter every pinyin keyboard uses for it).
fn plain(r: &'static str) -> &'static str {
    match r {
        "lü" => "lv",
        "nü" => "nv",
        "lüe" => "lve",
        "nüe" => "nve",
        r if r.is_ascii() => r,
        // Nothing else in the data carries ü; never match what cannot be typed.
        _ => "",
    }
}

/// Every toneless reading of `c` (empty for a char with none).
pub fn readings(c: char) -> &'static [&'static str] {
    let cp = u32::from(c);
    if !(FIRST..=LAST).contains(&cp) {
        return &[];
    }
    let t = table();
    let Some(&(start, n)) = t.spans.get((cp - FIRST) as usize) else {
        return &[];
    };
    t.readings
        .get(start as usize..start as usize + usize::from(n))
        .unwrap_or(&[])
}

/// A pinyin term ready to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    letters: Vec<u8>,
}

impl Pattern {
    /// The pattern of a term; `None` unless [`is_pinyin_term`].
    pub fn new(term: &str) -> Option<Pattern> {
        is_pinyin_term(term).then(|| Pattern {
            letters: term.as_bytes().to_vec(),
        })
    }

    fn end(&self) -> u32 {
        self.letters.len() as u32
    }

    /// The set of offsets into the term reachable after reading `c` from any offset
    /// in `from` (bit `p` = offset `p`).
    pub fn step(&self, c: char, from: u64) -> u64 {
        let mut to = 0u64;
        if from == 0 {
            return 0;
        }
        let end = self.letters.len();
        for r in readings(c) {
            let r = r.as_bytes();
            let mut states = from;
            while states != 0 {
                let p = states.trailing_zeros() as usize;
                states &= states - 1;
                let rest = self.letters.get(p..).unwrap_or_default();
                let common = r.iter().zip(rest).take_while(|(a, b)| a == b).count();
                if common == 0 {
                    continue;
                }
                // The first letter; the whole reading; or, ending the term, any start.
                to |= 1 << (p + 1);
                if common == r.len() {
                    to |= 1 << (p + r.len());
                }
                if p + common == end {
                    to |= 1 << end;
                }
            }
        }
        to
    }

    /// The state bit of the whole term read.
    pub fn done_bit(&self) -> u64 {
        1 << self.end()
    }

    /// Whether offset set `states` includes the whole term.
    pub fn done(&self, states: u64) -> bool {
        states & (1 << self.end()) != 0
    }
}

/// Every match of `pat` in `text` (folded), leftmost and shortest, not overlapping:
/// byte ranges.
pub fn find_iter(pat: &Pattern, text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0usize;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if start < from {
            i += 1;
            continue;
        }
        let mut states = pat.step(c, 1);
        let mut k = i + 1;
        let mut found = None;
        while states != 0 && k < chars.len() {
            let (at, c) = chars[k];
            states = pat.step(c, states & !(1 << pat.end()));
            k += 1;
            if pat.done(states) {
                found = Some(at + c.len_utf8());
                break;
            }
        }
        match found {
            Some(end) => {
                out.push(start..end);
                from = end;
                i = k;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'t>(term: &str, text: &'t str) -> Vec<&'t str> {
        let pat = Pattern::new(term).expect("a pinyin term");
        find_iter(&pat, text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect()
    }

    #[test]
    fn full_readings_initials_and_mixes() {
        let text = "全市医保支付改革";
        assert_eq!(found("yibao", text), ["医保"]);
        assert_eq!(found("yb", text), ["医保"]);
        assert_eq!(found("yib", text), ["医保"]);
        assert_eq!(found("ybzf", text), ["医保支付"]);
        assert_eq!(found("yiba", text), ["医保"], "a word being typed");
        assert!(found("yibaoz", "医保").is_empty());
    }

    #[test]
    fn heteronyms_count_every_reading() {
        assert_eq!(found("zhongyao", "重要"), ["重要"]);
        assert_eq!(found("chongxin", "重新"), ["重新"]);
        assert_eq!(found("cx", "重新"), ["重新"]);
    }

    #[test]
    fn one_char_is_not_a_match_and_latin_is_not_read() {
        assert!(found("yi", "医").is_empty());
        assert!(found("yi", "yi").is_empty());
        assert_eq!(found("zz", "株洲，株洲"), ["株洲", "株洲"]);
    }

    #[test]
    fn u_umlaut_is_typed_v() {
        assert_eq!(found("lvse", "绿色"), ["绿色"]);
    }

    #[test]
    fn only_letter_terms_are_pinyin() {
        assert!(is_pinyin_term("yb"));
        assert!(!is_pinyin_term("y"));
        assert!(!is_pinyin_term("syb12"));
        assert!(!is_pinyin_term("医保"));
        assert!(!is_pinyin_term(&"a".repeat(64)));
    }
}
