//! What the index's pair lists say of a pinyin term: which articles may hold a match,
//! and for most of them how many, without reading them.
//!
//! Kept apart from `index`: this is query-time work over the lists, and the cache's
//! version (build.rs) hashes the code that decides what the lists hold, not how they
//! are read.

use super::index::{CHAR_BITS, Field, Index, Lookup, pair_chars};
use super::pinyin::Pattern;
use rustc_hash::FxHashMap;

impl Index {
    /// Articles that may hold a pinyin match of `pat` (see [`super::pinyin`]), from
    /// the bigrams the index holds: every pair of adjacent chars that can start a
    /// match. `sure` lists, with occurrence counts, the articles whose every match is
    /// one such pair by itself (counted without reading them); `maybe` the others
    /// (confirm by reading). Both sorted, disjoint.
    ///
    /// A pair count equals the count a scan finds (a match at every char that starts
    /// one) unless a match could be longer than a pair: an article holding a pair
    /// that only starts one and, in the same article, a pair that goes on from it,
    /// and so on, pair by pair, to one that ends the match. Only those are read.
    pub fn pinyin_candidates(&self, pat: &Pattern) -> PinyinCandidates {
        let mut sure: Vec<(u32, u32)> = Vec::new();
        let mut maybe: Vec<u32> = Vec::new();
        let mut titled: Vec<u32> = Vec::new();
        let mut first: FxHashMap<u32, u64> = FxHashMap::default();
        let end_bit = pat.done_bit();
        // Whether a pair fits the term from its start: (whole match, the states after).
        let mut fits = |gram: u64| -> Option<(bool, u64)> {
            let (a, b) = pair_chars(gram)?;
            let s1 = *first
                .entry(u32::from(a))
                .or_insert_with(|| pat.step(a, 1) & !end_bit);
            if s1 == 0 {
                return None;
            }
            let s2 = pat.step(b, s1);
            (s2 != 0).then_some((s2 & end_bit != 0, s2 & !end_bit))
        };
        for (k, part) in self.parts.iter().enumerate() {
            let mut whole: Vec<u64> = Vec::new();
            // By the pair's second char: the pairs that only start a match there, and
            // the states a longer match may go on from.
            let mut goes_on: FxHashMap<u64, (u64, Vec<u64>)> = FxHashMap::default();
            let readable = part.pairs(None, |gram| match fits(gram) {
                Some((true, _)) => whole.push(gram),
                Some((false, states)) => {
                    let (from, pairs) = goes_on.entry(gram & CHAR_BITS).or_default();
                    *from |= states;
                    pairs.push(gram);
                }
                None => {}
            });
            if !readable {
                maybe.extend(self.part_docs(k));
                continue;
            }
            let damaged = std::cell::Cell::new(false);
            // Each (document, occurrences) of `gram`'s list in this part; a damaged
            // list is noted (the part is then read).
            let each = |gram: u64, f: &mut dyn FnMut(u32, u32)| match part.lookup(gram) {
                Lookup::Found(list) => list.each(f),
                Lookup::Absent => {}
                Lookup::Damaged => damaged.set(true),
            };
            // Longer than a pair: a chain of pairs in the same article, each going on
            // from where the last left off, until one ends the match. Followed a pair
            // at a time: by the chain's last char, the states a match may be in there
            // and the articles (of this part) that hold every pair of such a chain.
            let range = self.part_docs(k);
            let len = range.len();
            let mut long = vec![false; len];
            let mut level: FxHashMap<u64, (u64, Vec<bool>)> = FxHashMap::default();
            for (b, (from, started)) in &goes_on {
                let mut holds = vec![false; len];
                for &gram in started {
                    each(gram, &mut |d, _| match holds.get_mut(d as usize) {
                        Some(h) => *h = true,
                        None => damaged.set(true),
                    });
                }
                level.insert(*b, (*from, holds));
            }
            // Each pair takes a letter at least, and a term has fewer letters than a
            // state set has bits: no chain is longer.
            for _ in 0..u64::BITS {
                if level.is_empty() {
                    break;
                }
                let lasts: Vec<u64> = level.keys().copied().collect();
                let mut then: Vec<(u64, u64, u64)> = Vec::new();
                part.pairs(Some(&lasts), |gram| {
                    let Some((b, c)) = pair_chars(gram) else {
                        return;
                    };
                    let from = level.get(&u64::from(b)).map_or(0, |(from, _)| *from);
                    let states = pat.step(c, from);
                    if states != 0 {
                        then.push((u64::from(b), gram, states));
                    }
                });
                let mut next: FxHashMap<u64, (u64, Vec<bool>)> = FxHashMap::default();
                for (b, gram, states) in then {
                    let Some((_, before)) = level.get(&b) else {
                        continue;
                    };
                    let goes_further = states & !end_bit;
                    let mut further = (goes_further != 0).then(|| {
                        next.entry(gram & CHAR_BITS)
                            .or_insert_with(|| (0, vec![false; len]))
                    });
                    if let Some((from, _)) = further.as_mut() {
                        *from |= goes_further;
                    }
                    each(gram, &mut |d, _| {
                        match before.get(d as usize) {
                            Some(true) => {}
                            Some(false) => return,
                            None => return damaged.set(true),
                        }
                        if states & end_bit != 0
                            && let Some(l) = long.get_mut(d as usize)
                        {
                            *l = true;
                        }
                        if let Some(h) = further.as_mut().and_then(|(_, h)| h.get_mut(d as usize)) {
                            *h = true;
                        }
                    });
                }
                level = next;
            }
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
                maybe.extend(range);
                continue;
            }
            for (d, id) in range.enumerate() {
                // An article that may hold a longer match is read, whatever else it
                // holds.
                if long[d] {
                    maybe.push(id);
                } else if pairs[d] > 0 {
                    sure.push((id, pairs[d]));
                    if in_heading[d] {
                        titled.push(id);
                    }
                }
            }
        }
        if self.scan_only {
            maybe.extend(self.listed_end()..self.docs);
        }
        // Parts follow each other in id order: every list is sorted already.
        PinyinCandidates {
            sure,
            maybe,
            titled,
        }
    }
}

/// Candidates for a pinyin term: see [`Index::pinyin_candidates`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PinyinCandidates {
    /// Articles whose matches are all single pairs of chars, with how many.
    pub sure: Vec<(u32, u32)>,
    /// Articles that may hold a match longer than a pair: read them.
    pub maybe: Vec<u32>,
    /// Those of `sure` with a match in the headline.
    pub titled: Vec<u32>,
}

/// What the pair lists say of one article's pinyin matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByPairs {
    /// Every match is a pair the lists counted: how many, and whether one is in the
    /// headline.
    Counted { hits: usize, in_heading: bool },
    /// It may hold a longer match: read it.
    Read,
    /// No match.
    None,
}

impl PinyinCandidates {
    /// What the pairs say of article `id`.
    pub fn by_pairs(&self, id: u32) -> ByPairs {
        match self.sure.binary_search_by_key(&id, |x| x.0) {
            Ok(j) => ByPairs::Counted {
                hits: self.sure[j].1 as usize,
                in_heading: self.titled.binary_search(&id).is_ok(),
            },
            Err(_) if self.maybe.binary_search(&id).is_ok() => ByPairs::Read,
            Err(_) => ByPairs::None,
        }
    }
}
