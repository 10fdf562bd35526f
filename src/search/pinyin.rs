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
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

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

/// The table's chars by the first letter of each of their readings.
fn by_first_letter() -> &'static [Vec<u32>; 26] {
    static BY: OnceLock<[Vec<u32>; 26]> = OnceLock::new();
    BY.get_or_init(|| {
        let mut by: [Vec<u32>; 26] = Default::default();
        for cp in FIRST..=LAST {
            let letters = first_letters(cp);
            for (l, chars) in by.iter_mut().enumerate() {
                if letters & (1 << l) != 0 {
                    chars.push(cp);
                }
            }
        }
        by
    })
}

/// The first letters of the readings of the char at code point `cp`, a bit per
/// letter (bit 0: a), for every char of the table; 0 for any other. What the index's
/// initials lists are keyed by ([`super::index::initials_key`]), asked for each pair
/// of chars of a cache segment's text.
#[inline]
pub(super) fn first_letters(cp: u32) -> u32 {
    static MASKS: OnceLock<Box<[u32]>> = OnceLock::new();
    let masks = MASKS.get_or_init(|| {
        (FIRST..=LAST)
            .map(|cp| {
                char::from_u32(cp).map_or(0, |c| {
                    readings(c)
                        .iter()
                        .filter_map(|r| r.as_bytes().first())
                        .filter(|l| l.is_ascii_lowercase())
                        .fold(0, |m, l| m | 1 << (l - b'a'))
                })
            })
            .collect()
    });
    cp.checked_sub(FIRST)
        .and_then(|i| masks.get(i as usize))
        .copied()
        .unwrap_or(0)
}

/// Every reading of the table, once each, in order.
fn all_readings() -> &'static [&'static str] {
    static ALL: OnceLock<Vec<&'static str>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all = table().readings.clone();
        all.sort_unstable();
        all.dedup();
        all
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

/// Per table char, the states after it from one set of states; made on first use.
type StepTable = OnceLock<Box<[u64]>>;

/// A pinyin term ready to match.
#[derive(Debug, Clone)]
pub struct Pattern {
    letters: Vec<u8>,
    /// Per char of the reading table, the states after reading it first (the end
    /// left out: a match is two chars or more). Worked out once per term: a scan
    /// looks every char of an article up here, and most start nothing.
    starts: OnceLock<Box<[u64]>>,
    /// The same for the char after: per set of states the first char can leave (few
    /// for any term), the states after each table char, each table made when first
    /// asked for (a keystroke's term may need one or none). A longer match steps on
    /// char by char.
    seconds: OnceLock<Vec<(u64, StepTable)>>,
    /// The chars that can start a match (see [`Pattern::first_chars`]), once asked.
    firsts: OnceLock<Vec<u32>>,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.letters == other.letters
    }
}

impl Eq for Pattern {}

/// Patterns kept for the terms searched last.
const KEPT_PATTERNS: usize = 4;

/// The pattern of a term, shared with whoever asked for the same term lately: a
/// keystroke's search, the preview of its first result and every result row on
/// screen look for the same term, and each made its tables again (a table per step
/// of the match, twenty thousand entries zeroed and filled). `None` unless
/// [`is_pinyin_term`].
pub fn pattern(term: &str) -> Option<Arc<Pattern>> {
    static RECENT: Mutex<Recent> = Mutex::new(Recent(Vec::new()));
    RECENT
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(term, KEPT_PATTERNS)
}

/// The patterns asked for last, the latest at the end.
struct Recent(Vec<Arc<Pattern>>);

impl Recent {
    /// `term`'s pattern, kept among the last `kept` asked for.
    fn get(&mut self, term: &str, kept: usize) -> Option<Arc<Pattern>> {
        let p = match self.0.iter().position(|p| p.letters == term.as_bytes()) {
            Some(k) => self.0.remove(k),
            None => Arc::new(Pattern::new(term)?),
        };
        if self.0.len() >= kept {
            self.0.remove(0);
        }
        self.0.push(p.clone());
        Some(p)
    }
}

impl Pattern {
    /// The pattern of a term; `None` unless [`is_pinyin_term`].
    pub fn new(term: &str) -> Option<Pattern> {
        is_pinyin_term(term).then(|| Pattern {
            letters: term.as_bytes().to_vec(),
            starts: OnceLock::new(),
            seconds: OnceLock::new(),
            firsts: OnceLock::new(),
        })
    }

    /// Per table char, the states after reading it from `from`.
    fn table(&self, from: u64) -> Box<[u64]> {
        let mut t = vec![0u64; (LAST - FIRST + 1) as usize].into_boxed_slice();
        // Only chars with a reading that starts with a letter the states expect can
        // step: a few hundred of the table's twenty thousand per letter.
        let mut letters = 0u32;
        let mut states = from;
        while states != 0 {
            let p = states.trailing_zeros() as usize;
            states &= states - 1;
            if let Some(l) = self.letters.get(p).filter(|l| l.is_ascii_lowercase()) {
                letters |= 1 << (l - b'a');
            }
        }
        for (l, chars) in by_first_letter().iter().enumerate() {
            if letters & (1 << l) == 0 {
                continue;
            }
            for &cp in chars {
                if let Some(c) = char::from_u32(cp) {
                    t[(cp - FIRST) as usize] = self.step(c, from);
                }
            }
        }
        t
    }

    /// Per table char, the states after reading it first.
    fn starts(&self) -> &[u64] {
        self.starts.get_or_init(|| {
            let end = !self.done_bit();
            let mut t = self.table(1);
            t.iter_mut().for_each(|s| *s &= end);
            t
        })
    }

    /// The table chars that can start a match, in order (a few hundred: those with a
    /// reading that starts with the term's first letter, and fit on from there).
    /// Worked out once: every index part asks.
    pub fn first_chars(&self) -> &[u32] {
        self.firsts.get_or_init(|| {
            let Some(&l) = self.letters.first().filter(|l| l.is_ascii_lowercase()) else {
                return Vec::new();
            };
            by_first_letter()[usize::from(l - b'a')]
                .iter()
                .copied()
                .filter(|&cp| self.start(cp) != 0)
                .collect()
        })
    }

    /// The states after reading char `cp` first (none for one outside the table).
    pub(super) fn start(&self, cp: u32) -> u64 {
        cp.checked_sub(FIRST)
            .and_then(|i| self.starts().get(i as usize))
            .copied()
            .unwrap_or(0)
    }

    /// The states after reading char `cp` from `from`, the states the first char of
    /// a match left (none for one outside the table).
    pub(super) fn second(&self, from: u64, cp: u32) -> u64 {
        let seconds = self.seconds.get_or_init(|| {
            let mut sets: Vec<u64> = self
                .first_chars()
                .iter()
                .map(|&cp| self.start(cp))
                .collect();
            sets.sort_unstable();
            sets.dedup();
            // More than a few: the rest step char by char.
            sets.truncate(8);
            sets.into_iter().map(|s| (s, OnceLock::new())).collect()
        });
        match seconds.iter().find(|(s, _)| *s == from) {
            Some((s, t)) => cp
                .checked_sub(FIRST)
                .and_then(|i| t.get_or_init(|| self.table(*s)).get(i as usize))
                .copied()
                .unwrap_or(0),
            None => char::from_u32(cp).map_or(0, |c| self.step(c, from)),
        }
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

    /// The term's letters when every match of it is one char per letter, each the
    /// first letter of one of the char's readings (`zzr`, `zgy`): no reading of two
    /// letters or more is spelled from any letter on, nor does any reading begin with
    /// the last two letters or more (every term of two letters). `None` for any other
    /// term (`yibao`, `zhuz`).
    pub(super) fn letter_per_char(&self) -> Option<&[u8]> {
        let q = &self.letters[..];
        // A match is two chars or more: two letters are one each.
        if q.len() == 2 {
            return Some(q);
        }
        let longer = (0..q.len()).any(|p| {
            let rest = &q[p..];
            all_readings().iter().any(|r| {
                let r = r.as_bytes();
                (r.len() >= 2 && rest.starts_with(r)) || (rest.len() >= 2 && r.starts_with(rest))
            })
        });
        (!longer).then_some(q)
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

/// Every match of `pat` in `text` (folded): at each char where one starts, the
/// shortest; byte ranges. Matches may overlap, as vim's `n` finds them (在株洲 holds
/// `zz` twice): each is then a pair the index counted, so an article's count is known
/// without reading it unless a match may be longer than a pair.
pub fn find_iter(pat: &Pattern, text: &str) -> Vec<Range<usize>> {
    find_in_bytes(pat, text.as_bytes())
}

/// [`find_iter`] over UTF-8 bytes (the store's text, whose checksum has held: not
/// checked again as UTF-8, an article at a time). Only chars of the reading table
/// (all three bytes long) can be part of a match; anything else ends one.
pub fn find_in_bytes(pat: &Pattern, text: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&lead) = text.get(i) {
        let Some(cp) = table_char_at(text, i) else {
            i += utf8_len(lead);
            continue;
        };
        let mut states = pat.start(cp);
        if states == 0 {
            i += 3;
            continue;
        }
        let mut k = i + 3;
        let mut found = None;
        let mut second = true;
        while states != 0 {
            let Some(cp) = table_char_at(text, k) else {
                break;
            };
            states = if second {
                pat.second(states, cp)
            } else {
                char::from_u32(cp).map_or(0, |c| pat.step(c, states))
            };
            second = false;
            k += 3;
            if pat.done(states) {
                found = Some(k);
                break;
            }
        }
        if let Some(end) = found {
            out.push(i..end);
        }
        i += 3;
    }
    out
}

/// The code point at `i` when it is a char of the reading table.
fn table_char_at(text: &[u8], i: usize) -> Option<u32> {
    let [a, b, c] = *text.get(i..i + 3)? else {
        return None;
    };
    if !(0xE3..=0xE9).contains(&a) || b & 0xC0 != 0x80 || c & 0xC0 != 0x80 {
        return None;
    }
    let cp = (u32::from(a & 0x0F) << 12) | (u32::from(b & 0x3F) << 6) | u32::from(c & 0x3F);
    (FIRST..=LAST).contains(&cp).then_some(cp)
}

/// The length of the UTF-8 sequence `lead` starts (1 for a stray byte).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
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

    /// The same term asked again gets the same pattern (its tables made once) while
    /// it is among the last few asked; one asked longer ago gets a new one, which
    /// matches the same.
    #[test]
    fn a_term_asked_again_shares_its_pattern_until_others_push_it_out() {
        let mut recent = Recent(Vec::new());
        let first = recent.get("zz", 3).expect("a pinyin term");
        assert!(recent.get("株洲", 3).is_none());
        recent.get("yb", 3);
        recent.get("xy", 3);
        // Asked again, it is the latest: two more keep it.
        assert!(Arc::ptr_eq(&first, &recent.get("zz", 3).expect("kept")));
        recent.get("ab", 3);
        recent.get("cd", 3);
        assert!(Arc::ptr_eq(&first, &recent.get("zz", 3).expect("kept")));
        for other in ["ef", "gh", "ij"] {
            recent.get(other, 3);
        }
        let later = recent.get("zz", 3).expect("a pinyin term");
        assert!(!Arc::ptr_eq(&first, &later));
        assert_eq!(*later, *first);
        assert_eq!(recent.0.len(), 3);
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
    fn a_match_starts_at_every_char_that_starts_one() {
        assert_eq!(found("zz", "在株洲"), ["在株", "株洲"]);
        // Shortest from each start: 医保 (yb) ends the first; 保障 is the next.
        assert_eq!(found("bz", "医保障"), ["保障"]);
        assert_eq!(found("ybz", "医保障"), ["医保障"]);
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
