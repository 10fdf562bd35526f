//! What the index's pair lists say of a pinyin term: which articles may hold a match,
//! and for most of them how many, without reading them.
//!
//! Kept apart from `index`: this is query-time work over the lists, and the cache's
//! version (build.rs) hashes the code that decides what the lists hold, not how they
//! are read.

use super::candidates::in_chunks;
use super::index::{Field, Index, Lookup, Part, pair_chars};
use super::pinyin::Pattern;
use super::pinyin_chains::{LongIn, long_chains, long_matches};
use std::cell::Cell;

impl Index {
    /// Articles that may hold a pinyin match of `pat` (see [`super::pinyin`]), from
    /// the bigrams the index holds: every pair of adjacent chars that can start a
    /// match. `sure` lists, with occurrence counts, the articles whose every match is
    /// one such pair by itself (counted without reading them); `placed` those with
    /// longer matches that the parts' positions lists place; `maybe` the others
    /// (confirm by reading). All sorted, disjoint.
    ///
    /// A pair count equals the count a scan finds (a match at every char that starts
    /// one) unless a match could be longer than a pair: an article holding a pair
    /// that only starts one and, in the same article, a pair that goes on from it,
    /// and so on, pair by pair, to one that ends the match. Where the part has
    /// positions, such chains are followed offset by offset ([`long_matches`]); where
    /// it has not (batches parsed this run), those articles are read.
    pub fn pinyin_candidates(&self, pat: &Pattern) -> PinyinCandidates {
        let read = |parts: std::ops::Range<usize>| self.pinyin_in_parts(pat, parts);
        let mut all = PinyinCandidates::default();
        // Following chains is heavier than reading a short term's lists: a thread
        // for as few as two parts. Parts follow each other in id order, so every
        // list stays sorted.
        for part in in_chunks(self.parts.len(), 2, read) {
            all.sure.extend(part.sure);
            all.placed.extend(part.placed);
            all.maybe.extend(part.maybe);
            all.titled.extend(part.titled);
        }
        if self.scan_only {
            all.maybe.extend(self.listed_end()..self.docs);
        }
        all
    }

    /// [`Index::pinyin_candidates`] in parts `parts` (those of the listed documents
    /// only).
    pub(super) fn pinyin_in_parts(
        &self,
        pat: &Pattern,
        parts: std::ops::Range<usize>,
    ) -> PinyinCandidates {
        let fits = Fits::new(pat);
        let mut out = PinyinCandidates::default();
        for k in parts {
            self.pinyin_in_part(k, &fits, &mut out);
        }
        out
    }

    /// [`Index::pinyin_candidates`] for part `k`, appended to `out`.
    fn pinyin_in_part(&self, k: usize, fits: &Fits<'_>, out: &mut PinyinCandidates) {
        let part = &self.parts[k];
        let pat = fits.pat;
        let range = self.part_docs(k);
        let len = range.len();
        let mut whole: Vec<u64> = Vec::new();
        // Pairs that only start a match, with the states after them.
        let mut started: Vec<(u64, u64)> = Vec::new();
        let readable = part.pairs(Some(&fits.firsts), |gram| match fits.of(gram) {
            Some((true, _)) => whole.push(gram),
            Some((false, states)) => started.push((gram, states)),
            None => {}
        });
        if !readable {
            out.maybe.extend(range);
            return;
        }
        let damaged = Cell::new(false);
        // Each (document, occurrences) of `gram`'s list in this part; a damaged list
        // is noted (the part is then read).
        let each = |gram: u64, f: &mut dyn FnMut(u32, u32)| match part.lookup(gram) {
            Lookup::Found(list) => list.each(f),
            Lookup::Absent => {}
            Lookup::Damaged => damaged.set(true),
        };
        let long = match part {
            _ if started.is_empty() => Long::Flagged(Vec::new()),
            Part::Shared(_) => match long_matches(part, pat, &started, len) {
                Some(placed) => Long::Placed(placed),
                // A damaged positions list: the part is read.
                None => {
                    out.maybe.extend(range);
                    return;
                }
            },
            Part::Owned(_) => Long::Flagged(long_chains(part, pat, &started, len, &each)),
        };
        let mut pairs = vec![0u32; len];
        let mut in_heading = vec![false; len];
        for &gram in &whole {
            each(gram, &mut |d, n| match pairs.get_mut(d as usize) {
                Some(p) => *p = p.saturating_add(n),
                None => damaged.set(true),
            });
            each(gram | Field::Heading.tag(), &mut |d, _| {
                if let Some(h) = in_heading.get_mut(d as usize) {
                    *h = true;
                }
            });
        }
        if damaged.get() {
            out.maybe.extend(range);
            return;
        }
        let mut placed = match &long {
            Long::Placed(p) => p.iter().peekable(),
            Long::Flagged(_) => [].iter().peekable(),
        };
        for (d, id) in range.enumerate() {
            let longer = placed.next_if(|p| p.doc as usize == d);
            if let Some(p) = longer {
                // Every match is a pair counted or a chain placed, never both from
                // one start (a pair that ends a match is not followed on).
                out.placed.push(Placed {
                    id,
                    hits: pairs[d].saturating_add(p.starts),
                    titled: in_heading[d],
                    first_end: p.first_end,
                });
            } else if matches!(&long, Long::Flagged(f) if f.get(d) == Some(&true)) {
                out.maybe.push(id);
            } else if pairs[d] > 0 {
                out.sure.push((id, pairs[d]));
                if in_heading[d] {
                    out.titled.push(id);
                }
            }
        }
    }
}

/// Whether a pair fits a pinyin term from its start: the pattern's tables, and the
/// chars that can start a match (the only pairs worth looking at).
struct Fits<'p> {
    pat: &'p Pattern,
    firsts: Vec<u64>,
}

impl<'p> Fits<'p> {
    fn new(pat: &'p Pattern) -> Fits<'p> {
        Fits {
            pat,
            firsts: pat.first_chars().iter().copied().map(u64::from).collect(),
        }
    }

    /// (whether the pair is a whole match, the states a longer one goes on from).
    fn of(&self, gram: u64) -> Option<(bool, u64)> {
        let (a, b) = pair_chars(gram)?;
        let s1 = self.pat.start(u32::from(a));
        if s1 == 0 {
            return None;
        }
        let s2 = self.pat.second(s1, u32::from(b));
        let end_bit = self.pat.done_bit();
        (s2 != 0).then_some((s2 & end_bit != 0, s2 & !end_bit))
    }
}

/// What a part says of matches longer than a pair.
enum Long {
    /// Placed by the positions lists, by document (sorted).
    Placed(Vec<LongIn>),
    /// By document: whether it may hold one (read it).
    Flagged(Vec<bool>),
}

/// Candidates for a pinyin term: see [`Index::pinyin_candidates`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinyinCandidates {
    /// Articles whose matches are all single pairs of chars, with how many.
    pub sure: Vec<(u32, u32)>,
    /// Articles with matches longer than a pair, all placed by the positions lists.
    pub placed: Vec<Placed>,
    /// Articles that may hold a match longer than a pair: read them.
    pub maybe: Vec<u32>,
    /// Those of `sure` with a match in the headline.
    pub titled: Vec<u32>,
}

/// An article whose pinyin matches the positions lists placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub id: u32,
    /// How many chars start a match.
    pub hits: u32,
    /// Whether a match of a single pair is in the headline.
    pub titled: bool,
    /// Where the first longer match to end ends (byte offset): in the headline when
    /// the headline reaches that far.
    pub first_end: u32,
}

impl Placed {
    /// Whether a match is in the headline, which ends at byte `heading_end`.
    pub fn title_hit(&self, heading_end: usize) -> bool {
        self.titled || self.first_end as usize <= heading_end
    }
}

/// What the pair lists say of one article's pinyin matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByPairs {
    /// Every match is a pair the lists counted: how many, and whether one is in the
    /// headline.
    Counted { hits: usize, in_heading: bool },
    /// Counted from the positions lists: see [`Placed`].
    Placed(Placed),
    /// It may hold a longer match: read it.
    Read,
    /// No match.
    None,
}

impl PinyinCandidates {
    /// A walk through increasing articles from `from` (see [`PairsWalk`]).
    pub fn walk_from(&self, from: u32) -> PairsWalk<'_> {
        PairsWalk {
            of: self,
            at: [
                self.sure.partition_point(|s| s.0 < from),
                self.placed.partition_point(|p| p.id < from),
                self.maybe.partition_point(|&m| m < from),
                self.titled.partition_point(|&t| t < from),
            ],
        }
    }

    /// Every article that may hold a match, sorted.
    pub fn docs(&self) -> Vec<u32> {
        let mut all: Vec<u32> = self.sure.iter().map(|s| s.0).collect();
        all.extend(self.placed.iter().map(|p| p.id));
        all.extend(&self.maybe);
        all.sort_unstable();
        all
    }
}

/// What the pairs say of articles asked about in increasing order (the candidates a
/// thread confirms), each list read in step rather than searched.
pub struct PairsWalk<'c> {
    of: &'c PinyinCandidates,
    /// In `sure`, `placed`, `maybe`, `titled`: the first entry not below the last
    /// article asked about.
    at: [usize; 4],
}

impl PairsWalk<'_> {
    /// What the pairs say of article `id`, never below the one asked before.
    pub fn at(&mut self, id: u32) -> ByPairs {
        fn seek<T>(list: &[T], at: &mut usize, id: u32, key: impl Fn(&T) -> u32) -> Option<usize> {
            while list.get(*at).is_some_and(|x| key(x) < id) {
                *at += 1;
            }
            list.get(*at).filter(|x| key(x) == id).map(|_| *at)
        }
        let of = self.of;
        let [sure, placed, maybe, titled] = &mut self.at;
        if let Some(j) = seek(&of.sure, sure, id, |s| s.0) {
            return ByPairs::Counted {
                hits: of.sure[j].1 as usize,
                in_heading: seek(&of.titled, titled, id, |&t| t).is_some(),
            };
        }
        if let Some(j) = seek(&of.placed, placed, id, |p| p.id) {
            return ByPairs::Placed(of.placed[j]);
        }
        if seek(&of.maybe, maybe, id, |&m| m).is_some() {
            ByPairs::Read
        } else {
            ByPairs::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocId;
    use crate::search::installed::{corpus_of, installed};
    use crate::search::pinyin_chains::Ways;
    use crate::search::{Haystack, search};
    use crate::store::Corpus;

    /// Chars whose readings chain into one another (株洲日报 zzrb, 中国移动 zgy…),
    /// heteronyms (重 zhong/chong, 行 xing/hang), a letter and a space.
    const ALPHABET: &str = "株洲日报中国移银行重在 z";

    /// Pinyin terms: every spelling of two and three initials over the alphabet's,
    /// four over fewer, and full readings and their prefixes as they are typed.
    fn terms() -> Vec<String> {
        let mut out = Vec::new();
        let spell = |letters: &[u8], len: u32, out: &mut Vec<String>| {
            for n in 0..letters.len().pow(len) {
                out.push(
                    (0..len)
                        .map(|i| letters[n / letters.len().pow(i) % letters.len()] as char)
                        .collect(),
                );
            }
        };
        for len in 2..=3 {
            spell(b"zgyrbhx", len, &mut out);
        }
        spell(b"zgyr", 4, &mut out);
        for full in [
            "zhuzhouribao",
            "zhongguoyinhang",
            "chongzai",
            "zhzh",
            "zzrbz",
        ] {
            out.extend((2..=full.len()).filter_map(|n| full.get(..n).map(str::to_string)));
        }
        out
    }

    /// (article, hits, headline hit, byline only, by pinyin) of every result.
    fn ranked(corpus: &Corpus, index: &Index, term: &str) -> Vec<(DocId, u32, bool, bool, bool)> {
        let hay = Haystack {
            corpus,
            index,
            newness: &[0],
        };
        search(&hay, term, None)
            .results
            .iter()
            .map(|r| (r.doc, r.hits, r.title_hit, r.byline_only, r.pinyin))
            .collect()
    }

    /// Matches longer than a pair, placed from the positions (or flagged from lists
    /// built in memory and read), rank exactly as a scan of every article finds them:
    /// counts, headline hits, and the order.
    #[test]
    fn long_pinyin_matches_rank_as_a_scan_finds_them() {
        let corpus = corpus_of(ALPHABET);
        let placed = installed(&corpus);
        let in_memory = Index::build(&corpus);
        let mut scan = Index::scan_only();
        scan.add_docs(&corpus);
        let (mut long, mut titled) = (0, 0);
        for term in terms() {
            let want = ranked(&corpus, &scan, &term);
            titled += want.iter().filter(|r| r.2 && r.4).count();
            assert_eq!(ranked(&corpus, &placed, &term), want, "placed: {term}");
            assert_eq!(
                ranked(&corpus, &in_memory, &term),
                want,
                "in memory: {term}"
            );
            let pat = Pattern::new(&term).expect("a pinyin term");
            let found = placed.pinyin_candidates(&pat);
            assert!(found.maybe.is_empty(), "{term}: nothing left to read");
            long += found.placed.len();
        }
        assert!(long > 500 && titled > 50, "{long} {titled}");
    }

    /// A chain that no pair of the part can finish is never placed, and one that can
    /// is (typing `zhuz`, a z-h pair waits for a `u` no reading starts with).
    #[test]
    fn only_chains_that_can_end_are_followed() {
        let corpus = corpus_of(ALPHABET);
        let index = installed(&corpus);
        let part = &index.parts[0];
        let fits = |term: &str| {
            let pat = Pattern::new(term).expect("a pinyin term");
            let fits = Fits::new(&pat);
            let mut started = Vec::new();
            part.pairs(Some(&fits.firsts), |gram| {
                if let Some((false, states)) = fits.of(gram) {
                    started.push((gram, states));
                }
            });
            let ways = Ways::of(part, &pat, &started, corpus.len());
            let live = ways.on.iter().filter(|on| !on.is_empty()).count();
            (started.len(), live)
        };
        let (started, live) = fits("zhuz");
        assert!(started > 0 && live == 0, "{started} {live}");
        let (started, live) = fits("zzrb");
        assert!(started > 0 && live > 0, "{started} {live}");
    }
}
