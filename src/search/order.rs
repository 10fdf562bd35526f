//! Putting results in order: each result's rank packed into one number, and the best
//! of hundreds of thousands taken without sorting the rest.
//!
//! A short term finds most of the archive (株 is in nearly every article). Only the
//! first screens of results are looked at after a keystroke, so only they are put in
//! order and made [`Found`]s; the others wait as [`Pending`] — twelve bytes: what
//! ranks them and which document — until the reader scrolls to them
//! ([`Outcome::rank_through`]).

use super::lang::Sort;
use super::query::{Found, Haystack, Outcome, every_result};
use crate::ids::{ArticleIx, DocId};
use crate::store::Corpus;
use rustc_hash::FxHashSet;
use std::sync::Mutex;

/// A result not yet in order: everything [`Found`] says but where the article is,
/// packed into a number that sorts as relevance does, and its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    /// The packed rank's high and low halves (two words, not one: twelve bytes a
    /// result instead of sixteen, across every article of the archive).
    high: u32,
    low: u32,
    doc: u32,
}

/// Where each part of a result's relevance sits in [`Pending`]'s rank, from the most
/// telling down: an exact match (not by pinyin) first, then hits outside the byline,
/// a headline hit, hits on word boundaries, the hit count, the issue's day.
const NOT_PINYIN: u32 = 63;
const NOT_BYLINE_ONLY: u32 = 62;
const TITLE_HIT: u32 = 61;
const WORD_HITS: u32 = 59;
const HITS: u32 = 27;
/// A day is `yyyymmdd`: below 2²⁷ for any year up to 9999.
const DAY_MASK: u64 = (1 << HITS) - 1;

impl Pending {
    /// `f`, from an issue of day `day` (`yyyymmdd`, 0: undated).
    pub fn of(f: &Found, day: u32) -> Pending {
        let rank = (u64::from(!f.pinyin) << NOT_PINYIN)
            | (u64::from(!f.byline_only) << NOT_BYLINE_ONLY)
            | (u64::from(f.title_hit) << TITLE_HIT)
            | (u64::from(f.word_hits.min(3)) << WORD_HITS)
            | (u64::from(f.hits) << HITS)
            | (u64::from(day) & DAY_MASK);
        Pending {
            high: (rank >> 32) as u32,
            low: rank as u32,
            doc: f.doc.0,
        }
    }

    /// An exact match (not by pinyin) in document `doc`, before word boundaries are
    /// looked at.
    pub fn exact(doc: DocId, hits: u32, title_hit: bool, byline_only: bool, day: u32) -> Pending {
        Pending::listed(doc, hits, title_hit, byline_only, false, day)
    }

    /// A match by pinyin alone in document `doc`.
    pub fn by_pinyin(doc: DocId, hits: u32, title_hit: bool, day: u32) -> Pending {
        Pending::listed(doc, hits, title_hit, false, true, day)
    }

    /// A result counted from the lists.
    fn listed(
        doc: DocId,
        hits: u32,
        title_hit: bool,
        byline_only: bool,
        pinyin: bool,
        day: u32,
    ) -> Pending {
        let f = Found {
            doc,
            // Not packed: where the article is comes from the document when it is
            // put in order.
            at: ArticleIx::default(),
            hits,
            title_hit,
            word_hits: 0,
            pinyin,
            byline_only,
        };
        Pending::of(&f, day)
    }

    #[cfg(test)]
    pub fn pinyin(self) -> bool {
        self.rank() >> NOT_PINYIN & 1 == 0
    }

    #[cfg(test)]
    pub fn doc(self) -> u32 {
        self.doc
    }

    fn rank(self) -> u64 {
        (u64::from(self.high) << 32) | u64::from(self.low)
    }

    pub(super) fn title_hit(self) -> bool {
        self.rank() >> TITLE_HIT & 1 == 1
    }

    fn hits(self) -> u32 {
        (self.rank() >> HITS) as u32
    }

    fn day(self) -> u32 {
        (self.rank() & DAY_MASK) as u32
    }

    /// The result again, as article `at`.
    fn found(self, at: ArticleIx) -> Found {
        let rank = self.rank();
        let bit = |b: u32| rank >> b & 1 == 1;
        Found {
            doc: DocId(self.doc),
            at,
            hits: self.hits(),
            title_hit: bit(TITLE_HIT),
            word_hits: (rank >> WORD_HITS & 3) as u8,
            pinyin: !bit(NOT_PINYIN),
            byline_only: !bit(NOT_BYLINE_ONLY),
        }
    }

    /// Its place in `sort` order: smaller first (ties then go in archive order).
    /// Undated issues come last in either date order.
    pub fn place(self, sort: Sort) -> u64 {
        let day = u64::from(self.day());
        let dated = u64::from(day != 0) << 32;
        !match sort {
            Sort::Relevance => self.rank(),
            Sort::Newest => dated | day,
            Sort::Oldest => dated | (u64::from(u32::MAX) - day),
        }
    }
}

/// An article's place in archive order, which settles ties.
pub fn archive_key(at: ArticleIx) -> u64 {
    ((at.issue.get() as u64) << 32) | u64::from(at.n)
}

/// Results as they are found, with the best of them noted on the way: each one is
/// compared with the worst of the best so far as it arrives, so putting the best in
/// order later needs no pass over the hundreds of thousands that are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    sort: Sort,
    /// How many of the best are wanted.
    n: usize,
    pub items: Vec<Pending>,
    /// (place, index in `items`) of every item that may be among the best `n`: every
    /// one placed at or above `cut`.
    best: Vec<(u64, u32)>,
    /// Nothing placed below this is among the best `n` (`u64::MAX`: not known yet).
    cut: u64,
    /// `best` is cut back to `n` (and ties) when it reaches this many.
    room: usize,
    /// The hits of every item, summed as they come: a frame says how many there are,
    /// and at 100,000 issues 株's results are twelve megabytes to add up.
    hits: u64,
}

/// Result buffers kept from searches gone by, for the next to fill: a short term's
/// results are tens of megabytes at 100,000 issues, and memory given back between
/// keystrokes had to be faulted in (and zeroed) page by page the next time, on a
/// machine that had gone cold meanwhile.
static SPARE: Mutex<Vec<Vec<Pending>>> = Mutex::new(Vec::new());

/// Buffers kept at most: a search's chunks (a few per core), for the search before
/// the last as well (the last search's are still on screen while the next runs).
const SPARE_BUFFERS: usize = 16;

impl Drop for Collected {
    fn drop(&mut self) {
        let mut items = std::mem::take(&mut self.items);
        if items.capacity() == 0 {
            return;
        }
        items.clear();
        if let Ok(mut spare) = SPARE.lock()
            && spare.len() < SPARE_BUFFERS
        {
            spare.push(items);
        }
    }
}

/// An empty buffer with room for `size` results, kept from an earlier search when
/// there is one.
fn buffer(size: usize) -> Vec<Pending> {
    let kept = SPARE.lock().ok().and_then(|mut spare| spare.pop());
    let mut items = kept.unwrap_or_default();
    items.reserve(size);
    items
}

impl Collected {
    /// Room for `size` results, of which the best `n` in `sort` order are wanted.
    pub fn new(sort: Sort, n: usize, size: usize) -> Collected {
        Collected {
            sort,
            n,
            items: buffer(size),
            best: Vec::new(),
            cut: u64::MAX,
            room: n.saturating_mul(2).max(64),
            hits: 0,
        }
    }

    /// `items` found before, to take the best `n` of.
    pub(super) fn again(items: Vec<Pending>, sort: Sort, n: usize) -> Collected {
        let mut c = Collected::new(sort, n, 0);
        for (k, p) in items.iter().enumerate() {
            c.note(p.place(sort), k);
            c.hits += u64::from(p.hits());
        }
        c.items = items;
        c
    }

    /// Whether a result placed `place` may be among the best (it is noted if so).
    pub fn may_take(&self, place: u64) -> bool {
        place <= self.cut
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    pub fn push(&mut self, p: Pending) {
        self.note(p.place(self.sort), self.items.len());
        self.hits += u64::from(p.hits());
        self.items.push(p);
    }

    /// Notes item `k`, placed `place`, if it may be among the best.
    fn note(&mut self, place: u64, k: usize) {
        // Wanting every result (or none), there is no best to keep apart.
        if place > self.cut || self.n == 0 || self.n == usize::MAX {
            return;
        }
        self.best.push((place, k as u32));
        if self.best.len() >= self.room {
            let n = self.n;
            self.cut = self.best.select_nth_unstable(n - 1).1.0;
            let cut = self.cut;
            self.best.retain(|b| b.0 <= cut);
            // A long tie at the cut keeps many: grow rather than select again at
            // every result.
            self.room = self.room.max(self.best.len() * 2);
        }
    }
}

/// Takes the best `n` results out of `chunks` (at least `n`: every one tied with the
/// `n`-th as well, so whatever is left ranks below all of them), best first; ties in
/// no particular order. What is left stays in the chunks' items, in any order.
pub fn take_best(chunks: &mut [Collected], n: usize, sort: Sort) -> Vec<Pending> {
    let place = |p: &Pending| p.place(sort);
    let total: usize = chunks.iter().map(|c| c.items.len()).sum();
    let mut out: Vec<Pending> = Vec::new();
    if n >= total {
        out.reserve_exact(total);
        for c in chunks.iter_mut() {
            out.append(&mut c.items);
            c.hits = 0;
        }
    } else if n > 0 {
        // A chunk that noted its best in another order, or fewer of them than are
        // wanted now (none, once taken from), is looked through again.
        for c in chunks.iter_mut() {
            if c.sort != sort || c.n < n || c.n == usize::MAX {
                *c = Collected::again(std::mem::take(&mut c.items), sort, n);
            }
        }
        // The n-th best of every chunk's best is the n-th best of all.
        let mut best: Vec<u64> = chunks
            .iter()
            .flat_map(|c| c.best.iter().map(|b| b.0))
            .collect();
        let cut = *best.select_nth_unstable(n - 1).1;
        for c in chunks.iter_mut() {
            let mut taken: Vec<u32> = c.best.iter().filter(|b| b.0 <= cut).map(|b| b.1).collect();
            // Highest first: each removal fills its gap from the end, past every
            // index still to be removed.
            taken.sort_unstable_by(|a, b| b.cmp(a));
            for k in taken {
                let p = c.items.swap_remove(k as usize);
                c.hits -= u64::from(p.hits());
                out.push(p);
            }
            c.best.clear();
            c.cut = u64::MAX;
            c.n = 0;
        }
    }
    out.sort_unstable_by_key(place);
    out
}

/// `head` (in `sort` order) as results, ties put in archive order; a document no
/// longer stored (its issue gone) is left out.
pub fn settle(corpus: &Corpus, head: Vec<Pending>, sort: Sort) -> Vec<Found> {
    let mut cursor = corpus.cursor();
    let mut out: Vec<(u64, u64, Found)> = head
        .into_iter()
        .filter_map(|p| {
            let at = cursor.article(DocId(p.doc))?;
            Some((p.place(sort), archive_key(at), p.found(at)))
        })
        .collect();
    // Already in place order: only runs of ties move.
    out.sort_by_key(|&(place, at, _)| (place, at));
    out.into_iter().map(|(_, _, f)| f).collect()
}

impl Outcome {
    /// Results found, in order or not yet (or only counted).
    pub fn len(&self) -> usize {
        let unwalked = self.unwalked.as_ref().map_or(0, |u| u.docs);
        let rest: usize = self.rest.iter().map(|c| c.items.len()).sum();
        self.results.len() + rest + unwalked
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many results are in order (`results`); the rest follow once the reader
    /// reaches them.
    pub fn ranked(&self) -> usize {
        self.results.len()
    }

    /// Occurrences of the terms in every result.
    pub fn total_hits(&self) -> usize {
        let ranked: usize = self.results.iter().map(|r| r.hits as usize).sum();
        let rest: u64 = self.rest.iter().map(|c| c.hits).sum();
        let unwalked = self.unwalked.as_ref().map_or(0, |u| u.hits);
        ranked.saturating_add(usize::try_from(rest + unwalked).unwrap_or(usize::MAX))
    }

    /// Puts results in order up to and including result `k` (all of them for
    /// `usize::MAX`), a block at a time.
    pub fn rank_through(&mut self, k: usize, hay: &Haystack<'_>) {
        let want = k.saturating_add(1).min(self.len());
        if self.results.len() >= want {
            return;
        }
        // Past the first results, those only counted may come next.
        self.walk_rest(hay);
        let head = take_best(&mut self.rest, want - self.results.len(), self.sort);
        self.results.extend(settle(hay.corpus, head, self.sort));
        self.rest.retain(|c| !c.items.is_empty());
    }

    /// The results only counted (see [`Unwalked`]) found, with every other result
    /// not yet in order.
    fn walk_rest(&mut self, hay: &Haystack<'_>) {
        let Some(u) = self.unwalked.take() else {
            return;
        };
        let shown: FxHashSet<u32> = self.results.iter().map(|r| r.doc.0).collect();
        let every = every_result(hay, &u.query, std::slice::from_ref(&u.term), 0);
        self.rest = every
            .into_iter()
            .map(|mut c| {
                let mut items = std::mem::take(&mut c.items);
                items.retain(|p| !shown.contains(&p.doc));
                Collected::again(items, self.sort, 0)
            })
            .collect();
    }

    fn unranked(&self) -> impl Iterator<Item = &Pending> {
        self.rest.iter().flat_map(|c| &c.items)
    }

    /// Puts the results in another order without searching again (the results only
    /// counted are found now), the first [`super::query::RANKED`] of them now.
    pub fn set_sort(&mut self, sort: Sort, hay: &Haystack<'_>) {
        self.walk_rest(hay);
        let day = |f: &Found| hay.newness.get(f.at.issue.get()).copied().unwrap_or(0);
        let ranked: Vec<Pending> = self
            .results
            .iter()
            .map(|f| Pending::of(f, day(f)))
            .collect();
        self.results.clear();
        self.rest.push(Collected::again(ranked, sort, 0));
        self.sort = sort;
        self.rank_through(super::query::RANKED - 1, hay);
    }

    /// Where the result for article `at` is, once it is in order (the results
    /// before it are put in order first).
    pub fn place_of(&mut self, at: ArticleIx, hay: &Haystack<'_>) -> Option<usize> {
        if let Some(k) = self.results.iter().position(|r| r.at == at) {
            return Some(k);
        }
        self.walk_rest(hay);
        let doc = hay.corpus.doc_of(at)?.id.0;
        let mine = self.unranked().find(|p| p.doc == doc)?.place(self.sort);
        // Every result ranking above it, and every one tied with it, comes in order.
        let before = self
            .unranked()
            .filter(|p| p.place(self.sort) <= mine)
            .count();
        self.rank_through(self.results.len() + before - 1, hay);
        self.results.iter().position(|r| r.at == at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::IssueIx;

    fn found(doc: u32, hits: u32, flags: u8) -> Found {
        Found {
            doc: DocId(doc),
            at: IssueIx(doc / 3).article(doc as usize % 3),
            hits,
            title_hit: flags & 1 != 0,
            word_hits: flags >> 1 & 3,
            pinyin: flags & 8 != 0,
            byline_only: flags & 16 != 0,
        }
    }

    /// What a result says survives packing, whatever its counts and flags.
    #[test]
    fn a_result_packed_and_unpacked_is_the_same_result() {
        for hits in [0, 1, 2, 1 << 20, u32::MAX - 1, u32::MAX] {
            for flags in 0..32 {
                for day in [0, 1, 20230401, 99991231] {
                    let f = found(7, hits, flags);
                    let p = Pending::of(&f, day);
                    assert_eq!(p.found(f.at), f, "{hits} {flags}");
                    assert_eq!(p.day(), day);
                }
            }
        }
    }

    /// Packed places sort as the rules say, checked against the rules written out.
    #[test]
    fn places_sort_as_relevance_and_dates_do() {
        let days = [0u32, 19991231, 20230401, 20230402];
        let all: Vec<(Found, u32)> = (0..40u32)
            .flat_map(|k| {
                days.iter().map(move |&d| {
                    (
                        found(k, [1, 2, 9, 1 << 21][k as usize % 4], k as u8 % 32),
                        d,
                    )
                })
            })
            .collect();
        let relevance = |(f, d): &(Found, u32)| {
            (
                !f.pinyin,
                !f.byline_only,
                f.title_hit,
                f.word_hits,
                f.hits,
                *d,
            )
        };
        for (a, b) in all.iter().flat_map(|a| all.iter().map(move |b| (a, b))) {
            let (pa, pb) = (Pending::of(&a.0, a.1), Pending::of(&b.0, b.1));
            let cmp = |s| pa.place(s).cmp(&pb.place(s));
            assert_eq!(cmp(Sort::Relevance), relevance(b).cmp(&relevance(a)));
            let dated = |d: u32| (d != 0, d);
            assert_eq!(cmp(Sort::Newest), dated(b.1).cmp(&dated(a.1)));
            let older = |d: u32| (d != 0, std::cmp::Reverse(d));
            assert_eq!(cmp(Sort::Oldest), older(b.1).cmp(&older(a.1)));
        }
    }

    /// However the results are split into chunks and however many are asked for, the
    /// best taken are a full sort's head with every tie, and nothing is lost.
    #[test]
    fn the_best_taken_from_chunks_are_a_full_sorts_head() {
        let all: Vec<Pending> = (0..300u32)
            .map(|k| Pending::of(&found(k, (k * 7919) % 13, (k % 5) as u8), 20230000 + k % 4))
            .collect();
        for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
            let mut sorted: Vec<u64> = all.iter().map(|p| p.place(sort)).collect();
            sorted.sort_unstable();
            for chunks in [1, 2, 3, 7] {
                for n in [0, 1, 2, 5, 17, 64, 299, 300, 301] {
                    // Collected wanting as many, or some other number, or in
                    // another order (then looked through again).
                    let (wanted, order) = match chunks {
                        1 | 2 => (n, sort),
                        3 => (n / 2, sort),
                        _ => (n, Sort::Oldest),
                    };
                    let mut split: Vec<Collected> = (0..chunks)
                        .map(|_| Collected::new(order, wanted, 0))
                        .collect();
                    for (k, p) in all.iter().enumerate() {
                        split[(k * 31) % chunks].push(*p);
                    }
                    let best = take_best(&mut split, n, sort);
                    let places: Vec<u64> = best.iter().map(|p| p.place(sort)).collect();
                    let want = match n {
                        0 => 0,
                        n if n >= all.len() => all.len(),
                        n => sorted.iter().filter(|&&p| p <= sorted[n - 1]).count(),
                    };
                    assert_eq!(places, sorted[..want], "{sort:?} {chunks} {n}");
                    let left: usize = split.iter().map(|c| c.items.len()).sum();
                    assert_eq!(best.len() + left, all.len());
                    // The hits still to rank are summed as they are taken.
                    let hits =
                        |ps: &[Pending]| -> u64 { ps.iter().map(|p| u64::from(p.hits())).sum() };
                    let left_hits: u64 = split.iter().map(|c| c.hits).sum();
                    assert_eq!(hits(&best) + left_hits, hits(&all));
                }
            }
        }
    }
}
