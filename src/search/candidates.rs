//! Candidates from the index: the articles that may hold a term, read from the
//! posting lists, for confirmation against the text.
//!
//! Kept apart from `index`, which decides what the lists hold: the cache's version
//! (build.rs) hashes that code, and how a query reads the lists is not part of it.

use super::index::{Field, Index, List, Lookup, grams};
use rayon::prelude::*;
use std::ops::Range;

impl Index {
    /// Articles that may contain `term` (folded, no whitespace): every one that does,
    /// and few that do not. Sorted doc ids.
    pub fn candidates(&self, term: &str) -> Vec<u32> {
        self.candidates_counted(term).0
    }

    /// Like `candidates`; when the term is one gram whose occurrences cannot overlap
    /// (one char, or two different chars), the candidates are exactly the articles
    /// holding it and the second list gives each one's occurrence count.
    pub fn candidates_counted(&self, term: &str) -> (Vec<u32>, Option<Vec<u32>>) {
        self.tagged_candidates(term, 0)
    }

    /// The articles holding `term` as typed and, when the index knows them, its
    /// counts in each: exactly, from where its pairs lie, when the positions say
    /// ([`Index::spots`]); else its candidates ([`Index::candidates_counted`]).
    pub(super) fn holding(&self, term: &str) -> (Vec<u32>, Option<Vec<u32>>) {
        match self.spots(term) {
            Some(spots) => {
                let counts = spots.counts();
                (spots.docs, Some(counts))
            }
            None => self.candidates_counted(term),
        }
    }

    /// Articles whose `field` may hold `term`: every one that does, and few others.
    pub fn field_candidates(&self, term: &str, field: Field) -> Vec<u32> {
        self.tagged_candidates(term, field.tag()).0
    }

    fn tagged_candidates(&self, term: &str, tag: u64) -> (Vec<u32>, Option<Vec<u32>>) {
        if self.scan_only && self.parts.is_empty() {
            return ((0..self.docs).collect(), None);
        }
        let (mut keys, exact) = grams(term);
        if keys.is_empty() {
            return ((0..self.docs).collect(), None);
        }
        for k in &mut keys {
            *k |= tag;
        }
        let read = |parts: Range<usize>| {
            let mut docs = Vec::new();
            let mut counts = Some(Vec::new());
            for k in parts {
                self.candidates_in_part(k, &keys, exact, &mut docs, &mut counts);
            }
            (docs, counts)
        };
        let mut docs = Vec::new();
        let mut counts = Some(Vec::new());
        for (d, c) in in_chunks(self.parts.len(), PARTS_A_THREAD, read) {
            docs.extend(d);
            counts = counts.zip(c).map(|(mut all, c)| {
                all.extend(c);
                all
            });
        }
        if self.scan_only {
            // Documents added after the installed lists have none: scan them.
            docs.extend(self.listed_end()..self.docs);
            counts = None;
        }
        let counts = counts.filter(|c| exact && c.len() == docs.len());
        (docs, counts)
    }

    /// Part `k`'s candidates for the grams `keys`, appended (with their counts while
    /// every list says them).
    fn candidates_in_part(
        &self,
        k: usize,
        keys: &[u64],
        exact: bool,
        docs: &mut Vec<u32>,
        counts: &mut Option<Vec<u32>>,
    ) {
        let mut lists = Vec::with_capacity(keys.len());
        for &key in keys {
            match self.parts[k].lookup(key) {
                Lookup::Found(list) => lists.push(list),
                // No document of the part holds this gram.
                Lookup::Absent => return,
                Lookup::Damaged => {
                    // Never a wrong answer from a damaged list: every document of the
                    // part is a candidate, and confirmation decides.
                    docs.extend(self.part_docs(k));
                    *counts = None;
                    return;
                }
            }
        }
        part_candidates(lists, exact, self.bases[k], docs, counts);
    }
}

/// Parts a thread reads at least: at 10,000 issues (a dozen parts) one thread reads
/// a short term's lists in half a millisecond, less than starting another costs; at
/// 100,000 (over a hundred) they are tens of MB.
pub(super) const PARTS_A_THREAD: usize = 16;

/// `work` over `0..n` in order, split into ranges of at least `least`, shared among
/// the cores (one range, on this thread, when `n` is small); the results in the
/// ranges' order. The ranges run on rayon's threads, which wait between keystrokes
/// and wake in some 20 µs: a thread started for each search began 1.5–3 ms late on
/// this project's machine (the scheduler put it beside the busy thread that started
/// it), which the search waited for. Each takes the next range left (a few per
/// thread, so that the last to be taken are short). A panic in any range is raised
/// here: a range left out would be a wrong answer.
pub(super) fn in_chunks<T: Send>(
    n: usize,
    least: usize,
    work: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let threads = (n / least.max(1)).clamp(1, cores());
    if threads == 1 {
        return vec![work(0..n)];
    }
    let ranges = (n / least.max(1)).clamp(1, threads * RANGES_A_THREAD);
    let size = n.div_ceil(ranges);
    (0..n.div_ceil(size))
        .into_par_iter()
        .with_max_len(1)
        .map(|k| work(k * size..((k + 1) * size).min(n)))
        .collect()
}

/// Ranges [`in_chunks`] makes per thread, at most.
const RANGES_A_THREAD: usize = 4;

/// The cores to share work among, asked once: the answer reads cgroup files, and
/// every keystroke asked again (several times).
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |c| c.get()))
}

/// A further list is decoded to narrow the candidates only while it is at most this
/// many times longer than they are.
const DECODE_RATIO: usize = 16;

/// One part's candidates from its lists for every gram of the term.
/// Appends the documents (plus `base`) of one part that hold the grams of the lists
/// worth decoding (see [`DECODE_RATIO`]) to `docs`, with their occurrence counts to
/// `counts` when one exact list says them (else `counts` becomes `None`).
fn part_candidates(
    mut lists: Vec<List<'_>>,
    exact: bool,
    base: u32,
    docs: &mut Vec<u32>,
    counts: &mut Option<Vec<u32>>,
) {
    lists.sort_by_key(List::count);
    let Some((first, rest)) = lists.split_first() else {
        return;
    };
    if exact && rest.is_empty() {
        // Grown once, not by doubling: a short gram's list is most of the archive.
        docs.reserve(first.count() as usize);
        match counts {
            Some(counts) => {
                counts.reserve(first.count() as usize);
                first.each(|d, n| {
                    docs.push(d + base);
                    counts.push(n);
                });
            }
            None => first.each(|d, _| docs.push(d + base)),
        }
        return;
    }
    *counts = None;
    let mut out: Vec<u32> = Vec::with_capacity(first.count() as usize);
    first.each(|d, _| out.push(d));
    for p in rest {
        // Candidates need not hold every gram: confirmation reads them anyway. A list
        // far longer than the candidates left (株洲's, under 医保's) would cost more
        // to decode than the few candidates it could still rule out.
        if out.is_empty() || out.len().saturating_mul(DECODE_RATIO) < p.count() as usize {
            break;
        }
        let mut other = Vec::with_capacity(p.count() as usize);
        p.each(|d, _| other.push(d));
        out = intersect(&out, &other);
    }
    docs.extend(out.into_iter().map(|d| d + base));
}

/// Sorted-list intersection.
pub fn intersect(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The ids in either of two sorted lists, sorted, once each.
pub fn union(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever the split and whichever thread takes which range, the ranges cover
    /// `0..n` once each and come back in order.
    #[test]
    fn ranges_cover_everything_once_in_order() {
        for n in [0, 1, 2, 3, 7, 16, 17, 100, 1001] {
            for least in [1, 2, 3, 16, 200] {
                let ranges = in_chunks(n, least, |r| {
                    // Uneven work, so threads finish out of turn.
                    if r.start % 3 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    r
                });
                let flat: Vec<usize> = ranges.iter().flat_map(|r| r.clone()).collect();
                assert_eq!(flat, (0..n).collect::<Vec<_>>(), "n {n} least {least}");
                let (_, but_last) = ranges.split_last().expect("one range at least");
                assert!(
                    but_last.iter().all(|r| r.len() >= least),
                    "n {n} least {least}: {ranges:?}"
                );
            }
        }
    }

    /// A range whose work panics (on whichever thread takes it) is not left out
    /// quietly.
    #[test]
    fn a_panic_on_another_thread_is_raised_here() {
        let caught = std::panic::catch_unwind(|| {
            in_chunks(64, 1, |r| {
                assert!(r.end < 64, "the last range fails");
                r.len()
            })
        });
        assert!(caught.is_err());
    }
}
