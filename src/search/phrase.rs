//! Where a term of three chars or more lies, read from the cache's pair positions
//! ([`POSITIONS`]) rather than from the articles.
//!
//! A term ABCDE lies at p exactly when pair AB lies at p, CD at p + |AB| and DE at
//! p + |ABC|: the pairs of a cover (every other pair, and the last) pin it down. So
//! the lists of those pairs, walked in step over the articles holding them all, count
//! the term and say where it is without reading a byte of text. Confirming 株洲市 by
//! reading instead meant memmem over every candidate (68 MB at 10,000 issues, strewn
//! over the whole store, so bound by memory at some 15 ms a keystroke); its pairs'
//! lists are a few MB read front to back.

use super::candidates::{PARTS_A_THREAD, in_chunks};
use super::index::{Index, List, Lookup, POSITIONS, Part, gram2, initials_key, varint_at};

/// The articles holding a term, and where it starts in each: byte offsets into the
/// folded text, in order, counted as memmem counts (no two overlap).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Spots {
    pub docs: Vec<u32>,
    /// Article `docs[k]`'s starts are `starts[ends[k - 1]..ends[k]]` (from 0 for k = 0).
    pub ends: Vec<u32>,
    pub starts: Vec<u32>,
}

impl Spots {
    /// Where the term starts in the `k`th article.
    pub fn of(&self, k: usize) -> &[u32] {
        let from = k.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        let to = self.ends.get(k).map_or(from, |&e| e as usize);
        self.starts.get(from..to).unwrap_or_default()
    }

    /// No articles (the arrays kept, to be filled again).
    pub fn clear(&mut self) {
        self.docs.clear();
        self.ends.clear();
        self.starts.clear();
    }

    /// Adds `later`'s articles (which follow these) after these.
    fn append(&mut self, later: Spots) {
        let shift = u32::try_from(self.starts.len()).unwrap_or(u32::MAX);
        self.docs.extend(later.docs);
        self.ends.extend(later.ends.iter().map(|e| e + shift));
        self.starts.extend(later.starts);
    }

    /// How often the term occurs in each article.
    pub fn counts(&self) -> Vec<u32> {
        (0..self.docs.len())
            .map(|k| u32::try_from(self.of(k).len()).unwrap_or(u32::MAX))
            .collect()
    }
}

/// How a term is placed by its pairs: the pairs of a cover (every other pair, and
/// the last) and where each sits in the term.
pub(super) struct Cover {
    /// (pair, its byte offset in the term).
    pairs: Vec<(u64, u32)>,
    /// The term's length in bytes.
    pub(super) len: u32,
    /// Bytes from where a match starts before another may: the length, as memmem
    /// counts a term; 0 for pinyin, whose matches may overlap (在株洲 holds `zz`
    /// twice).
    apart: u32,
}

impl Cover {
    /// `None` for a term shorter than three chars or holding whitespace (its pairs
    /// do not pin it down, or are not indexed).
    pub(super) fn of(term: &str) -> Option<Cover> {
        let chars: Vec<char> = term.chars().collect();
        if chars.len() < 3 || chars.iter().any(|c| c.is_whitespace()) {
            return None;
        }
        let mut offsets = Vec::with_capacity(chars.len());
        let mut len = 0u32;
        for c in &chars {
            offsets.push(len);
            len += c.len_utf8() as u32;
        }
        let mut cover: Vec<usize> = (0..chars.len() - 1).step_by(2).collect();
        if cover.last() != Some(&(chars.len() - 2)) {
            cover.push(chars.len() - 2);
        }
        let pairs = cover
            .into_iter()
            .map(|i| (gram2(chars[i], chars[i + 1]), offsets[i]))
            .collect();
        Some(Cover {
            pairs,
            len,
            apart: len,
        })
    }

    /// A pinyin term spelled one letter a char (see
    /// [`super::pinyin::Pattern::letter_per_char`]) placed by its initials lists
    /// ([`super::index::INITIALS`]): a char per letter, every one three bytes long.
    /// `None` for a term of fewer than three letters (the lists of its pairs of chars
    /// count it without reading a position: `zz` took three times as long placed) or
    /// any but a to z.
    pub(super) fn of_initials(letters: &[u8]) -> Option<Cover> {
        let k = letters.len();
        if k < 3 || !letters.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        let mut cover: Vec<usize> = (0..k - 1).step_by(2).collect();
        if cover.last() != Some(&(k - 2)) {
            cover.push(k - 2);
        }
        let letter = |i: usize| u32::from(letters[i] - b'a');
        let pairs = cover
            .into_iter()
            .map(|i| (initials_key(letter(i), letter(i + 1)), 3 * i as u32))
            .collect();
        Some(Cover {
            pairs,
            len: 3 * k as u32,
            apart: 0,
        })
    }
}

impl Index {
    /// Where `term` (folded) lies in every article, from the positions lists alone;
    /// `None` when they cannot say — a term shorter than three chars or holding
    /// whitespace, documents with no positions (lists built in memory, or none at
    /// all), a damaged list — and the articles must be read.
    pub fn spots(&self, term: &str) -> Option<Spots> {
        self.placed(&Cover::of(term)?)
    }

    /// Where the term of `cover` lies in every article; `None` when the positions
    /// lists cannot say.
    pub(super) fn placed(&self, cover: &Cover) -> Option<Spots> {
        if self.scan_only && self.listed_end() < self.docs {
            return None;
        }
        let read = |parts: std::ops::Range<usize>| -> Option<Spots> {
            let mut out = Spots::default();
            for k in parts {
                self.spots_in(k, cover, self.bases[k], &mut out)?;
            }
            Some(out)
        };
        let mut out = Spots::default();
        for spots in in_chunks(self.parts.len(), PARTS_A_THREAD, read) {
            out.append(spots?);
        }
        Some(out)
    }

    /// Where the term of `cover` lies in part `k`'s articles, added to `out` with ids
    /// from `base`; `None` when the part cannot say.
    pub(super) fn spots_in(
        &self,
        k: usize,
        cover: &Cover,
        base: u32,
        out: &mut Spots,
    ) -> Option<()> {
        let part = &self.parts[k];
        let mut walks = Vec::with_capacity(cover.pairs.len());
        for &(pair, offset) in &cover.pairs {
            match walk_of(part, pair, offset)? {
                Some(w) => walks.push(w),
                // A pair no article of this part holds: nor does any hold the term.
                None => return Some(()),
            }
        }
        walk(&mut walks, base, cover.apart, out);
        Some(())
    }
}

/// Where pair `gram` starts in each article of `part` that holds it and `want`s it:
/// `f(doc, offsets)` with the part's doc numbers and byte offsets in order (the
/// offsets of other articles are skipped unread). `None` when the part has no
/// positions for it or a list is damaged (the articles must be read).
pub(super) fn each_placed(
    part: &Part,
    gram: u64,
    want: impl Fn(u32) -> bool,
    mut f: impl FnMut(u32, &[u32]),
) -> Option<()> {
    if let Some(mut walk) = walk_of(part, gram, 0)? {
        let mut starts = Vec::new();
        while walk.next() {
            if want(walk.doc) {
                walk.starts(&mut starts);
                f(walk.doc, &starts);
            }
        }
    }
    Some(())
}

/// Pair `gram`'s list and positions in `part`, read in step, for a pair `offset`
/// bytes into a term; `Some(None)` when no article of the part holds it, `None` when
/// the part has no positions for it or a list is damaged.
fn walk_of(part: &Part, gram: u64, offset: u32) -> Option<Option<Walk<'_>>> {
    if !matches!(part, Part::Shared(_)) {
        return None;
    }
    match (part.lookup(gram), part.lookup(gram | POSITIONS)) {
        (
            Lookup::Found(List::Shared { bytes, count }),
            Lookup::Found(List::Shared { bytes: at, .. }),
        ) => Some(Some(Walk::new(bytes, at, offset, count))),
        (Lookup::Absent, _) => Some(None),
        _ => None,
    }
}

/// One pair's list and positions list, read in step.
struct Walk<'a> {
    /// (doc gap, occurrences) varints.
    list: &'a [u8],
    at: usize,
    /// Each article's offsets, as many as its occurrences.
    positions: &'a [u8],
    positions_at: usize,
    /// Where the pair sits in the term.
    offset: u32,
    /// Articles listed.
    count: u32,
    doc: u32,
    occurrences: u32,
    started: bool,
    /// Whether the current article's offsets are still ahead in `positions`.
    unread: bool,
}

impl<'a> Walk<'a> {
    fn new(list: &'a [u8], positions: &'a [u8], offset: u32, count: u32) -> Walk<'a> {
        Walk {
            list,
            at: 0,
            positions,
            positions_at: 0,
            offset,
            count,
            doc: 0,
            occurrences: 0,
            started: false,
            unread: false,
        }
    }

    /// On to the next article; `false` past the last.
    fn next(&mut self) -> bool {
        if self.unread {
            self.skip();
        }
        if self.at >= self.list.len() {
            return false;
        }
        let gap = varint_at(self.list, &mut self.at);
        let occurrences = varint_at(self.list, &mut self.at);
        self.doc = if self.started {
            self.doc.saturating_add(gap)
        } else {
            gap
        };
        self.started = true;
        self.occurrences = occurrences;
        self.unread = true;
        true
    }

    /// On to the first article not before `doc`; `false` when there is none.
    fn seek(&mut self, doc: u32) -> bool {
        while !self.started || self.doc < doc {
            if !self.next() {
                return false;
            }
        }
        true
    }

    /// Past the current article's offsets, unread (a varint ends on a byte below 0x80).
    fn skip(&mut self) {
        let mut left = self.occurrences;
        while left > 0 && self.positions_at < self.positions.len() {
            if self.positions[self.positions_at] & 0x80 == 0 {
                left -= 1;
            }
            self.positions_at += 1;
        }
        self.unread = false;
    }

    /// Where the term would start, going by this pair, in the current article.
    fn starts(&mut self, out: &mut Vec<u32>) {
        out.clear();
        let mut at = 0u32;
        let mut from = self.positions_at;
        for k in 0..self.occurrences {
            if from >= self.positions.len() {
                break;
            }
            let v = offset_at(self.positions, &mut from);
            at = if k == 0 { v } else { at.saturating_add(v) };
            if let Some(start) = at.checked_sub(self.offset) {
                out.push(start);
            }
        }
        self.positions_at = from;
        self.unread = false;
    }
}

/// The varint at `at`, `at` moved past it, as [`varint_at`] reads it; one of two
/// bytes is taken without a call as well: the gaps between an initials pair's places
/// in an article are mostly one byte, between a pair of chars' mostly two.
#[inline(always)]
fn offset_at(bytes: &[u8], at: &mut usize) -> u32 {
    if let Some(&[a, b]) = bytes.get(*at..*at + 2) {
        if a < 0x80 {
            *at += 1;
            return u32::from(a);
        }
        if b < 0x80 {
            *at += 2;
            return u32::from(a & 0x7f) | (u32::from(b) << 7);
        }
    }
    varint_at(bytes, at)
}

/// Walks one part's cover lists (ids from `base`) in step, adding every article where
/// they all agree on a start of the term, each start at least `apart` bytes after
/// the one before.
fn walk(walks: &mut [Walk<'_>], base: u32, apart: u32, out: &mut Spots) {
    let Some(lead) = (0..walks.len()).min_by_key(|&j| walks[j].count) else {
        return;
    };
    let mut starts: Vec<Vec<u32>> = vec![Vec::new(); walks.len()];
    let mut at = vec![0usize; walks.len() - 1];
    'articles: while walks[lead].next() {
        let doc = walks[lead].doc;
        for (j, w) in walks.iter_mut().enumerate() {
            if j != lead {
                if !w.seek(doc) {
                    break 'articles;
                }
                if w.doc != doc {
                    continue 'articles;
                }
            }
        }
        for (w, s) in walks.iter_mut().zip(starts.iter_mut()) {
            w.starts(s);
        }
        let (first, rest) = starts.split_at(1);
        at.fill(0);
        let mut free = 0u32;
        let before = out.starts.len();
        'starts: for &s in &first[0] {
            if s < free {
                continue;
            }
            for (others, i) in rest.iter().zip(at.iter_mut()) {
                while others.get(*i).is_some_and(|&o| o < s) {
                    *i += 1;
                }
                if others.get(*i) != Some(&s) {
                    continue 'starts;
                }
            }
            out.starts.push(s);
            free = s.saturating_add(apart);
        }
        if out.starts.len() > before {
            out.docs.push(base + doc);
            out.ends
                .push(u32::try_from(out.starts.len()).unwrap_or(u32::MAX));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocId;
    use crate::search::installed::{corpus_of, installed};
    use crate::store::Corpus;
    use memchr::memmem;

    /// Articles of text drawn from a few chars (so that terms recur, overlap, and
    /// cross block and whitespace boundaries), headlines and bylines included.
    fn corpus() -> Corpus {
        corpus_of("哈株洲市 a哈")
    }

    /// What memmem finds, article by article: the truth the positions must tell.
    fn scanned(corpus: &Corpus, term: &str) -> Spots {
        let mut out = Spots::default();
        for k in 0..corpus.len() {
            let doc = corpus.doc(DocId::new(k)).expect("doc");
            let before = out.starts.len();
            out.starts.extend(
                memmem::find_iter(doc.text, term.as_bytes())
                    .map(|s| u32::try_from(s).expect("short")),
            );
            if out.starts.len() > before {
                out.docs.push(doc.id.0);
                out.ends.push(u32::try_from(out.starts.len()).expect("few"));
            }
        }
        out
    }

    /// A pinyin term spelled one letter a char lies, by its initials lists, wherever
    /// reading each article finds it, overlapping matches and heteronyms included (行
    /// reads xing and hang); a term a reading spells more than one letter of is not
    /// placed so.
    #[test]
    fn initials_place_pinyin_where_reading_finds_it() {
        use crate::search::pinyin::Pattern;
        let corpus = corpus_of("哈株洲市行 a哈");
        let index = installed(&corpus);
        let letters = b"hzsxa";
        let mut found = 0;
        for len in 3..=5u32 {
            for n in 0..letters.len().pow(len) {
                let term: String = (0..len)
                    .map(|i| char::from(letters[n / letters.len().pow(i) % letters.len()]))
                    .collect();
                let pat = Pattern::new(&term).expect("letters");
                let Some(cover) = pat.letter_per_char().and_then(Cover::of_initials) else {
                    continue;
                };
                let mut want = Spots::default();
                for k in 0..corpus.len() {
                    let doc = corpus.doc(DocId::new(k)).expect("doc");
                    let starts = crate::search::pinyin::find_iter(&pat, doc.text_str());
                    if !starts.is_empty() {
                        want.starts.extend(starts.iter().map(|r| r.start as u32));
                        want.docs.push(doc.id.0);
                        want.ends.push(want.starts.len() as u32);
                    }
                }
                found += want.starts.len();
                assert_eq!(index.placed(&cover), Some(want), "{term}");
            }
        }
        assert!(found > 1_000, "the terms occur: {found}");
        for spelled in ["zhu", "hah", "zhuz", "xing", "hangz"] {
            let pat = Pattern::new(spelled).expect("letters");
            assert!(pat.letter_per_char().is_none(), "{spelled}");
        }
    }

    #[test]
    fn every_term_lies_where_a_scan_finds_it() {
        let corpus = corpus();
        let index = installed(&corpus);
        let chars: Vec<char> = "哈株洲市a".chars().collect();
        let mut found = 0;
        for len in 3..=5 {
            // Every term of `len` chars over the alphabet (哈哈哈… overlaps itself).
            for n in 0..chars.len().pow(len) {
                let term: String = (0..len)
                    .map(|i| chars[n / chars.len().pow(i) % chars.len()])
                    .collect();
                let want = scanned(&corpus, &term);
                found += want.docs.len();
                assert_eq!(index.spots(&term), Some(want), "{term}");
            }
        }
        assert!(found > 1_000, "the terms occur: {found}");
    }

    /// A search answered from the positions ranks as one that reads every article:
    /// same results, hit counts, headline hits and byline-only hits (a term at the
    /// very end of a headline or a byline included).
    #[test]
    fn searches_placed_by_positions_rank_as_scans_do() {
        let corpus = corpus();
        let placed = installed(&corpus);
        let mut scan = Index::scan_only();
        scan.add_docs(&corpus);
        let newness = [0];
        let hay = |index| crate::search::Haystack {
            corpus: &corpus,
            index,
            newness: &newness,
        };
        let chars: Vec<char> = "哈株洲市a".chars().collect();
        let (mut titled, mut bylined) = (0, 0);
        for n in 0..chars.len().pow(3) {
            let term: String = (0..3)
                .map(|i| chars[n / chars.len().pow(i) % chars.len()])
                .collect();
            let ranked = |index| -> Vec<(DocId, u32, bool, bool)> {
                crate::search::search(&hay(index), &term, None)
                    .results
                    .iter()
                    .map(|r| (r.doc, r.hits, r.title_hit, r.byline_only))
                    .collect()
            };
            let want = ranked(&scan);
            titled += want.iter().filter(|r| r.2).count();
            bylined += want.iter().filter(|r| r.3).count();
            assert_eq!(ranked(&placed), want, "{term}");
        }
        assert!(titled > 0 && bylined > 0, "{titled} {bylined}");
    }

    #[test]
    fn the_positions_cannot_say_for_short_or_spaced_terms_or_lists_in_memory() {
        let corpus = corpus();
        let index = installed(&corpus);
        assert_eq!(index.spots("株洲"), None);
        assert_eq!(index.spots("株 洲市"), None);
        assert_eq!(Index::build(&corpus).spots("株洲市"), None);
        assert!(index.spots("株洲市").is_some());
    }
}
