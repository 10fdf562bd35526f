//! Pinyin matches longer than a pair of chars: where they lie, followed pair by pair
//! through a part's positions lists, or (lists built in memory, no positions) which
//! articles may hold one and must be read.
//!
//! Kept apart from `pinyin_pairs`, which picks the pairs a term can start with and
//! counts the articles whose matches are all single pairs.

use super::index::{CHAR_BITS, Lookup, Part, pair_chars};
use super::phrase::each_placed;
use super::pinyin::Pattern;
use rustc_hash::FxHashMap;

/// The longer matches in one document of a part.
pub(super) struct LongIn {
    pub(super) doc: u32,
    /// How many chars start one.
    pub(super) starts: u32,
    /// Where the first to end ends.
    pub(super) first_end: u32,
}

/// A chain being followed: a match that started at `start`, of kind `kind` (see
/// [`Ways`]) after as many pairs as the level says.
#[derive(Clone, Copy)]
struct Chain {
    doc: u32,
    start: u32,
    kind: u32,
}

/// The chars of the reading table are all three bytes long (see [`super::pinyin`]).
const CHAR_LEN: u32 = 3;

/// Where chains can go in one part, worked out from the pairs it holds, before any
/// offset is read: a chain's *kind* is its last char and the states it is in; from
/// each kind, the pairs going on from it and where each leads. Only kinds from which
/// the part's pairs can lead on to the end of the match are kept: a chain of any
/// other kind ends nowhere, and placing it would be wasted (typing `zhuz`, every pair
/// read z-h in an article waits for a `u` no syllable starts with).
pub(super) struct Ways {
    /// Kind `k` is `kinds[k]`: (last char, states).
    kinds: Vec<(u32, u64)>,
    index: FxHashMap<(u32, u64), u32>,
    /// By kind: the pairs going on, each to the kind after it or, `None`, to the end.
    pub(super) on: Vec<Vec<(u64, Option<u32>)>>,
    /// By kind, a bit per document: whether it holds a pair going on (see
    /// [`Ways::goes_on_in`]).
    going_on_in: Vec<Vec<u64>>,
}

impl Ways {
    pub(super) fn of(part: &Part, pat: &Pattern, started: &[(u64, u64)], len: usize) -> Ways {
        let end_bit = pat.done_bit();
        let mut ways = Ways {
            kinds: Vec::new(),
            index: FxHashMap::default(),
            on: Vec::new(),
            going_on_in: Vec::new(),
        };
        let mut todo: Vec<u32> = Vec::new();
        for &(gram, states) in started {
            let (k, new) = ways.kind(gram, states);
            if new {
                todo.push(k);
            }
        }
        // Each pair takes a letter at least, so states only move on: this ends.
        while !todo.is_empty() {
            let mut by_char: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
            for &k in &todo {
                by_char
                    .entry(u64::from(ways.kinds[k as usize].0))
                    .or_default()
                    .push(k);
            }
            let lasts: Vec<u64> = by_char.keys().copied().collect();
            let mut edges: Vec<(u32, u64, u64)> = Vec::new();
            part.pairs(Some(&lasts), |gram| {
                let Some((b, c)) = pair_chars(gram) else {
                    return;
                };
                for &k in by_char.get(&u64::from(b)).into_iter().flatten() {
                    let to = pat.step(c, ways.kinds[k as usize].1);
                    if to != 0 {
                        edges.push((k, gram, to));
                    }
                }
            });
            todo.clear();
            for (k, gram, to) in edges {
                let to = if to & end_bit != 0 {
                    None
                } else {
                    let (next, new) = ways.kind(gram, to);
                    if new {
                        todo.push(next);
                    }
                    Some(next)
                };
                ways.on[k as usize].push((gram, to));
            }
        }
        // The kinds that lead on to an end, found back from the pairs that end it.
        let mut live = vec![false; ways.kinds.len()];
        loop {
            let mut more = false;
            for (k, edges) in ways.on.iter().enumerate() {
                if !live[k] && edges.iter().any(|e| e.1.is_none_or(|to| live[to as usize])) {
                    live[k] = true;
                    more = true;
                }
            }
            if !more {
                break;
            }
        }
        for (k, edges) in ways.on.iter_mut().enumerate() {
            if live[k] {
                edges.retain(|e| e.1.is_none_or(|to| live[to as usize]));
            } else {
                edges.clear();
            }
        }
        ways.going_on_in = ways.documents_going_on(part, len);
        ways
    }

    /// By kind, the documents holding one of its pairs going on, from the pairs'
    /// lists (documents only, no offsets): a chain of that kind anywhere else ends
    /// nowhere, so it is not placed. Most chains end there — of a part's 62,000
    /// places of a pair read z-z, some 8,000 go on to an r — and placing one costs
    /// more than reading which documents hold a pair. A damaged list says nothing:
    /// every document is kept (placing then finds the damage).
    fn documents_going_on(&self, part: &Part, len: usize) -> Vec<Vec<u64>> {
        let words = len.div_ceil(64);
        let mut of_gram: FxHashMap<u64, Vec<u64>> = FxHashMap::default();
        let mut out = Vec::with_capacity(self.on.len());
        for edges in &self.on {
            let mut docs = vec![0u64; if edges.is_empty() { 0 } else { words }];
            for &(gram, _) in edges {
                let bits = of_gram.entry(gram).or_insert_with(|| {
                    let mut bits = vec![0u64; words];
                    match part.lookup(gram) {
                        Lookup::Found(list) => list.each(|d, _| {
                            if let Some(w) = bits.get_mut(d as usize / 64) {
                                *w |= 1 << (d % 64);
                            }
                        }),
                        Lookup::Absent => {}
                        Lookup::Damaged => bits.fill(u64::MAX),
                    }
                    bits
                });
                for (w, b) in docs.iter_mut().zip(bits.iter()) {
                    *w |= b;
                }
            }
            out.push(docs);
        }
        out
    }

    /// Whether a chain of kind `kind` in document `doc` may go on: the document
    /// holds one of the kind's pairs going on.
    fn goes_on_in(&self, kind: u32, doc: u32) -> bool {
        self.going_on_in
            .get(kind as usize)
            .and_then(|docs| docs.get(doc as usize / 64))
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    /// The kind a chain is in after pair `gram` left it in `states`, and whether it
    /// is new.
    fn kind(&mut self, gram: u64, states: u64) -> (u32, bool) {
        let key = ((gram & CHAR_BITS) as u32, states);
        if let Some(&k) = self.index.get(&key) {
            return (k, false);
        }
        let k = u32::try_from(self.kinds.len()).unwrap_or(u32::MAX);
        self.kinds.push(key);
        self.index.insert(key, k);
        self.on.push(Vec::new());
        (k, true)
    }
}

/// Matches longer than a pair in one part, placed from its positions lists: every
/// chain of pairs, each starting where the last one's second char is, from a pair in
/// `started` to one that ends the match — the shortest from each start, as
/// [`super::pinyin::find_iter`] finds them. `None` when the part has no positions (or
/// a damaged list). Only chains that the part's pairs can take to an end are placed
/// ([`Ways`]); each level reads the pairs going on from them and meets their offsets
/// with the chains of the same document.
pub(super) fn long_matches(
    part: &Part,
    pat: &Pattern,
    started: &[(u64, u64)],
    len: usize,
) -> Option<Vec<LongIn>> {
    let ways = Ways::of(part, pat, started, len);
    let mut level: Vec<Chain> = Vec::new();
    for &(gram, states) in started {
        let Some(&kind) = ways.index.get(&((gram & CHAR_BITS) as u32, states)) else {
            continue;
        };
        if ways.on[kind as usize].is_empty() {
            continue;
        }
        each_placed(
            part,
            gram,
            |doc| ways.goes_on_in(kind, doc),
            |doc, offsets| {
                level.extend(offsets.iter().map(|&start| Chain { doc, start, kind }));
            },
        )?;
    }
    // By document: how many matches were found, and where the first to end ends. A
    // start is followed by one chain (the text has one pair at each place), which
    // ends at most once, so none is counted twice.
    let mut found: Vec<(u32, u32)> = vec![(0, u32::MAX); len];
    // Where a chain's last char is, from its start: one char on per pair.
    let mut reach = CHAR_LEN;
    while !level.is_empty() {
        let (chains, from) = by_doc(&level, len);
        // The pairs going on from the kinds of chain there are: per pair, the kind
        // it leads to from each.
        let mut present = vec![false; ways.kinds.len()];
        for c in &chains {
            present[c.kind as usize] = true;
        }
        let mut going_on: FxHashMap<u64, Vec<(u32, Option<u32>)>> = FxHashMap::default();
        for (k, edges) in ways.on.iter().enumerate() {
            if present[k] {
                for &(gram, to) in edges {
                    going_on.entry(gram).or_default().push((k as u32, to));
                }
            }
        }
        let mut next: Vec<Chain> = Vec::new();
        for (gram, steps) in going_on {
            let has_chains = |doc: u32| {
                let d = doc as usize;
                from.get(d).zip(from.get(d + 1)).is_some_and(|(a, b)| a < b)
            };
            each_placed(part, gram, has_chains, |doc, offsets| {
                let (Some(&a), Some(&b)) = (from.get(doc as usize), from.get(doc as usize + 1))
                else {
                    return;
                };
                let here = &chains[a as usize..b as usize];
                let mut meet = |h: &Chain, q: u32| match steps.iter().find(|s| s.0 == h.kind) {
                    Some((_, None)) => {
                        if let Some((n, end)) = found.get_mut(doc as usize) {
                            *n += 1;
                            *end = (*end).min(q.saturating_add(2 * CHAR_LEN));
                        }
                    }
                    Some(&(_, Some(kind))) if ways.goes_on_in(kind, doc) => {
                        next.push(Chain { kind, ..*h })
                    }
                    _ => {}
                };
                if here.len() <= FEW {
                    for &q in offsets {
                        for h in here.iter().filter(|h| h.start.saturating_add(reach) == q) {
                            meet(h, q);
                        }
                    }
                    return;
                }
                // Both in order of offset: met in one pass.
                let mut here = here.iter().peekable();
                for &q in offsets {
                    while here
                        .next_if(|h| h.start.saturating_add(reach) < q)
                        .is_some()
                    {}
                    while let Some(h) = here.next_if(|h| h.start.saturating_add(reach) == q) {
                        meet(h, q);
                    }
                }
            })?;
        }
        level = next;
        reach = reach.saturating_add(CHAR_LEN);
    }
    let out = found
        .into_iter()
        .zip(0u32..)
        .filter(|((n, _), _)| *n > 0)
        .map(|((starts, first_end), doc)| LongIn {
            doc,
            starts,
            first_end,
        })
        .collect();
    Some(out)
}

/// A document's chains up to this many are met with the offsets of a pair going on
/// by looking through them all, in any order: cheaper than sorting them (most
/// documents hold a few).
const FEW: usize = 16;

/// `chains` grouped by document (a counting sort: there are many, over few
/// documents), and where each document's begin (`len + 1` entries). A document's are
/// in order of start when there are more than [`FEW`].
fn by_doc(chains: &[Chain], len: usize) -> (Vec<Chain>, Vec<u32>) {
    let mut from = vec![0u32; len + 1];
    for c in chains {
        if let Some(n) = from.get_mut(c.doc as usize + 1) {
            *n += 1;
        }
    }
    for d in 0..len {
        from[d + 1] += from[d];
    }
    let Some(&any) = chains.first() else {
        return (Vec::new(), from);
    };
    let mut next = from.clone();
    let mut out = vec![any; from[len] as usize];
    for c in chains {
        // A document past the part's end is not one of its own: dropped.
        if let Some(n) = next.get_mut(c.doc as usize)
            && c.doc < len as u32
        {
            out[*n as usize] = *c;
            *n += 1;
        }
    }
    for d in 0..len {
        let here = &mut out[from[d] as usize..from[d + 1] as usize];
        if here.len() > FEW && !here.is_sorted_by_key(|c| c.start) {
            here.sort_unstable_by_key(|c| c.start);
        }
    }
    (out, from)
}

/// Calls back with each (document, occurrences) of a gram's list in a part.
pub(super) type EachListed<'a> = dyn Fn(u64, &mut dyn FnMut(u32, u32)) + 'a;

/// By document of a part without positions: whether it may hold a match longer than
/// a pair — a chain of pairs in the same article, each going on from where the last
/// left off, until one ends the match. Followed a pair at a time: by the chain's last
/// char, the states a match may be in there and the articles that hold every pair of
/// such a chain.
pub(super) fn long_chains(
    part: &Part,
    pat: &Pattern,
    started: &[(u64, u64)],
    len: usize,
    each: &EachListed<'_>,
) -> Vec<bool> {
    let end_bit = pat.done_bit();
    let mut long = vec![false; len];
    let mut level: FxHashMap<u64, (u64, Vec<bool>)> = FxHashMap::default();
    for &(gram, states) in started {
        let (from, holds) = level
            .entry(gram & CHAR_BITS)
            .or_insert_with(|| (0, vec![false; len]));
        *from |= states;
        each(gram, &mut |d, _| {
            if let Some(h) = holds.get_mut(d as usize) {
                *h = true;
            }
        });
    }
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
                if before.get(d as usize) != Some(&true) {
                    return;
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
    long
}
