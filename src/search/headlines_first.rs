//! A lone term in much of the archive, answered from its headline hits: every
//! result with a headline hit ranks above every result without one, so when the
//! headlines hold enough of them, the first screens of results come from the
//! headline-first lists ([`super::headed`]), read only as far as a hit may still be
//! among the best, and the others are only counted, from the same lists' totals.
//! They are walked (as [`super::tally`] walks every result) only when the reader
//! goes past the first results, asks for another order, or asks where an article is.
//!
//! What a keystroke on 株 costs at 100,000 issues is then the 87,000 of its 270,000
//! headline hits that may be among the best 2,000, not its million articles.

use super::candidates::in_chunks;
use super::headed::{Headed, headed_key};
use super::index::Lookup;
use super::lang::{Query, Sort, Term};
use super::order::{Collected, Pending};
use super::pinyin::is_pinyin_term;
use super::query::Haystack;
use super::tally::{Counted, Days, PARTS_A_TALLY, tally_parts};
use crate::ids::DocId;
use std::ops::Range;

/// The results of a query answered from its headline hits that were only counted:
/// all of them rank below the best it was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwalked {
    /// The query and its one term, to walk them when they are wanted.
    pub(super) query: Query,
    pub(super) term: Term,
    /// How many there are, and their hits.
    pub(super) docs: usize,
    pub(super) hits: u64,
}

/// The results of `terms` under `q` with a headline hit that may be among the best
/// `ranked` (and every result in parts where the term is not frequent), the best
/// noted; the others counted in [`Unwalked`]. `None` when that cannot give the best `ranked`: not one term of
/// one to three chars, another order than relevance, filters, fewer headline hits
/// than `ranked`, a damaged list, or every result wanted.
pub(super) fn headlines_first(
    hay: &Haystack<'_>,
    q: &Query,
    terms: &[Term],
    ranked: usize,
) -> Option<(Vec<Collected>, Unwalked)> {
    let index = hay.index;
    let [term] = terms else { return None };
    if q.sort != Sort::Relevance
        || ranked == 0
        || ranked == usize::MAX
        || q.scope.is_some()
        || q.has_filters()
        || (!term.phrase && is_pinyin_term(&term.text))
        || (index.scan_only && index.listed_end() < index.docs)
    {
        return None;
    }
    let key = headed_key(&term.text)?;
    let counted = Counted::of(&term.text)?;
    let read = |parts: Range<usize>| {
        let mut out = Collected::new(q.sort, ranked, 0);
        let mut unwalked = Tally::default();
        // Results with a headline hit: read or counted.
        let mut headlines = 0usize;
        for k in parts {
            let headed = match index.parts[k].lookup(key) {
                Lookup::Found(list) => Headed::of(&list),
                Lookup::Absent => None,
                Lookup::Damaged => return None,
            };
            // Counted documents must all be live ones: a part with a retired issue
            // is walked, as is one where the term is not frequent.
            match headed {
                Some(h) if !hay.corpus.retired_in(index.part_docs(k)) => {
                    let read = headline_hits(hay, index.bases[k], &h, &mut out);
                    unwalked.docs += (h.docs as usize).saturating_sub(read.docs);
                    unwalked.hits += u64::from(h.hits).saturating_sub(read.hits);
                    headlines += h.headlines as usize;
                }
                _ => {
                    let from = out.items.len();
                    out = tally_parts(hay, std::slice::from_ref(&counted), k..k + 1, out, false)?;
                    headlines += out.items[from..].iter().filter(|p| p.title_hit()).count();
                }
            }
        }
        Some((out, unwalked, headlines))
    };
    let mut chunks = Vec::new();
    let (mut unwalked, mut headlines) = (Tally::default(), 0);
    for (c, u, h) in in_chunks(index.parts.len(), PARTS_A_TALLY, read)
        .into_iter()
        .collect::<Option<Vec<_>>>()?
    {
        chunks.push(c);
        unwalked.docs += u.docs;
        unwalked.hits += u.hits;
        headlines += h;
    }
    // Only headline hits are sure to rank above what was counted.
    (headlines >= ranked).then(|| {
        let unwalked = Unwalked {
            query: q.clone(),
            term: term.clone(),
            docs: unwalked.docs,
            hits: unwalked.hits,
        };
        (chunks, unwalked)
    })
}

/// Results and their hits.
#[derive(Default)]
struct Tally {
    docs: usize,
    hits: u64,
}

/// The headline hits of a term in the part whose ids start at `base`, from its
/// headline-first list `h`, into `out`, for as long as one may be among the best
/// `out` keeps (the list has the most hits first): how many were read.
fn headline_hits(hay: &Haystack<'_>, base: u32, h: &Headed<'_>, out: &mut Collected) -> Tally {
    // Articles of as many hits come in id order: the days of each run of them are
    // asked in order, as `Days` wants.
    let (mut days, mut run) = (Days::new(hay), None);
    let mut read = Tally::default();
    h.each(|d, hits| {
        let id = DocId(base + d);
        // None after this has more hits, nor can one be newer than any day.
        let best_yet = Pending::exact(id, hits, true, false, u32::MAX);
        if !out.may_take(best_yet.place(out.sort())) {
            return false;
        }
        if run != Some(hits) {
            (days, run) = (Days::new(hay), Some(hits));
        }
        if let Some(day) = days.of(id) {
            // A headline hit is never in the byline: that block follows the headline.
            out.push(Pending::exact(id, hits, true, false, day));
        }
        read.docs += 1;
        read.hits += u64::from(hits);
        true
    });
    read
}

#[cfg(test)]
mod tests {
    use super::super::installed::{articles, installed_in_parts, terms_of};
    use super::super::query::{Outcome, find, find_first};
    use super::*;

    /// Whatever is asked of the results of a query answered from its headline hits
    /// (the first few, more of them step by step, all, where one article is, another
    /// order), the answer is the one every result found and put in order gives: with
    /// issues of few articles or of many, in parts of a few issues, on days in no
    /// order and some undated.
    #[test]
    fn answered_from_headline_hits_is_the_full_order() {
        let mut answered = 0;
        // Enough headline hits in the last for a search to stop reading a list before
        // its end (it notes dozens of results before it knows which are the best).
        for (n, per_issue, per_part) in [(40, 5, 2), (40, 2, 3), (480, 12, 10)] {
            let articles = articles("株洲市日报 a", n);
            let (corpus, index) = installed_in_parts(&articles, per_issue, per_part);
            let newness: Vec<u32> = (0..40u32)
                .map(|k| {
                    if k % 7 == 1 {
                        0
                    } else {
                        20230101 + k * 37 % 29
                    }
                })
                .collect();
            let hay = Haystack {
                corpus: &corpus,
                index: &index,
                newness: &newness,
            };
            for term in terms_of("株洲市日报a") {
                answered += agrees(&hay, &term);
            }
        }
        assert!(answered > 300, "{answered} answered from headline hits");
    }

    /// Checks `term`'s answers in `hay`; how many were from headline hits.
    fn agrees(hay: &Haystack<'_>, term: &str) -> usize {
        let first = |q: &Query, n: usize| find_first(hay, q, None, n);
        let mut answered = 0;
        let q = Query::parse(term);
        let full = find(hay, &q, None);
        let head = |lazy: &Outcome| lazy.results[..] == full.results[..lazy.ranked()];
        for n in [1, 2, 3, 5, 8] {
            let mut lazy = first(&q, n);
            answered += usize::from(lazy.unwalked.is_some());
            assert_eq!(lazy.len(), full.len(), "{term}");
            assert_eq!(lazy.total_hits(), full.total_hits(), "{term}");
            assert!(head(&lazy), "{term}, first {n}");
            while lazy.ranked() < full.len() {
                let k = lazy.ranked() + n;
                lazy.rank_through(k, hay);
                assert!(
                    head(&lazy) && lazy.ranked() > k.min(full.len() - 1),
                    "{term}"
                );
            }
            assert_eq!(lazy.len(), full.len(), "{term}");
        }
        let Some(last) = full.results.last() else {
            return answered;
        };
        let mut lazy = first(&q, 1);
        assert_eq!(lazy.place_of(last.at, hay), Some(full.len() - 1), "{term}");
        let mut lazy = first(&q, 1);
        lazy.set_sort(Sort::Newest, hay);
        let mut newest = q.clone();
        newest.sort = Sort::Newest;
        let want = find(hay, &newest, None).results;
        assert_eq!(
            lazy.results[..],
            want[..lazy.ranked()],
            "{term} newest first"
        );
        answered
    }
}
