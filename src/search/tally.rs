//! Results counted from the index's lists alone, in one pass per part.
//!
//! A term of one char, or of two different chars, is answered exactly by one list:
//! the articles holding it and how often. Its headline and byline lists say whether
//! a headline holds it and whether the byline holds every occurrence. A longer term
//! is placed by its pairs' positions (`phrase`); where its headline ends and its
//! byline lies in each article then say the same of it. With only such terms and no
//! filters, each result and its rank come from the lists and the day of its issue, no
//! article read.
//!
//! That is what typing a short term costs, and such a term is in most of the archive
//! (株 in nearly every article, 株洲市 in a third). So no list of the whole archive is
//! built on the way: each part's lists are decoded into small buffers that stay in
//! the cache, walked together once, and each result is packed as it is met
//! ([`Pending`]); parts are shared among the cores.
//!
//! A lone pinyin term is counted the same way, from what its pairs' lists say of
//! each part ([`super::pinyin_pairs`]), when no article holds its letters as typed.

#[cfg(doc)]
use super::candidates::PARTS_A_THREAD;
use super::candidates::in_chunks;
use super::index::{Field, Index, List, Lookup, Part, grams, initials_key};
use super::lang::{Query, Term};
use super::order::{Collected, Pending};
use super::phrase::{Cover, Spots};
use super::pinyin::{is_pinyin_term, pattern};
use super::pinyin_pairs::PinyinCandidates;
use super::query::{Haystack, day_of, saturated};
use crate::ids::DocId;
use crate::store::DocWalk;
use std::ops::Range;

/// Parts a thread tallies at least: walking a part's results costs several times
/// what decoding its lists does (see [`PARTS_A_THREAD`]), so at 10,000 issues (a
/// dozen parts) both cores share them.
pub(super) const PARTS_A_TALLY: usize = 4;

/// How a term is counted from the index.
pub(super) enum Counted {
    /// By its one list (a gram key).
    Listed(u64),
    /// By its pairs' positions.
    Placed(Cover),
}

impl Counted {
    /// How `term` (not pinyin) is counted: by its one list when one answers it
    /// exactly, else by its pairs' positions; `None` when neither can.
    pub(super) fn of(term: &str) -> Option<Counted> {
        match grams(term) {
            (keys, true) if keys.len() == 1 => Some(Counted::Listed(keys[0])),
            _ => Cover::of(term).map(Counted::Placed),
        }
    }
}

/// Every result of `terms` under `q`, in no order, in chunks, the best `ranked`
/// noted as they are found; `None` when the lists cannot say it all (a pinyin term,
/// one with whitespace, filters, a scope, documents with no lists or no positions, a
/// damaged list): the caller reads articles then.
pub(super) fn tally(
    hay: &Haystack<'_>,
    q: &Query,
    terms: &[Term],
    ranked: usize,
) -> Option<Vec<Collected>> {
    let index = hay.index;
    if q.scope.is_some() || q.has_filters() || terms.is_empty() {
        return None;
    }
    if index.scan_only && index.listed_end() < index.docs {
        return None;
    }
    if let [term] = terms
        && !term.phrase
        && is_pinyin_term(&term.text)
    {
        return tally_pinyin(hay, q, term, ranked);
    }
    let counted: Vec<Counted> = terms
        .iter()
        .map(|t| {
            if !t.phrase && is_pinyin_term(&t.text) {
                return None;
            }
            Counted::of(&t.text)
        })
        .collect::<Option<_>>()?;
    tally_all(hay, q, &counted, ranked, false)
}

/// The results of `counted` in every part, the parts shared among the cores
/// (matches by pinyin when `pinyin`).
fn tally_all(
    hay: &Haystack<'_>,
    q: &Query,
    counted: &[Counted],
    ranked: usize,
    pinyin: bool,
) -> Option<Vec<Collected>> {
    let read = |parts: Range<usize>| {
        let out = Collected::new(q.sort, ranked, 0);
        tally_parts(hay, counted, parts, out, pinyin)
    };
    in_chunks(hay.index.parts.len(), PARTS_A_TALLY, read)
        .into_iter()
        .collect()
}

/// The results of a lone pinyin term, from its pairs' lists part by part; `None`
/// when an article holds its letters as typed (exact hits are counted by reading) or
/// a part's lists cannot place every match (no positions, a damaged list).
fn tally_pinyin(
    hay: &Haystack<'_>,
    q: &Query,
    term: &Term,
    ranked: usize,
) -> Option<Vec<Collected>> {
    let index = hay.index;
    let pat = pattern(&term.text)?;
    if !index.holding(&term.text).0.is_empty() {
        return None;
    }
    // Spelled one letter a char (`yb`, `zzr`): counted from its initials lists as a
    // term of chars is from its pairs', where every part has them (cache segments:
    // not issues parsed in this run and not yet saved).
    if let Some(by_initials) = pat.letter_per_char().and_then(by_initials)
        && index.parts.iter().all(|p| matches!(p, Part::Shared(_)))
    {
        return tally_all(hay, q, &[by_initials], ranked, true);
    }
    let read = |parts: Range<usize>| {
        let found = index.pinyin_in_parts(&pat, parts);
        found.maybe.is_empty().then(|| {
            let mut out = Collected::new(q.sort, ranked, found.sure.len() + found.placed.len());
            pinyin_results(hay, &found, &mut out);
            out
        })
    };
    // Following chains is heavier than reading a short term's lists: a thread for
    // as few as two parts (as `pinyin_candidates` shares them).
    in_chunks(index.parts.len(), 2, read).into_iter().collect()
}

/// How a pinyin term spelled one letter a char is counted from the initials lists
/// ([`super::index::INITIALS`]): two letters by their one list, more by placing the
/// lists of a cover of them.
fn by_initials(letters: &[u8]) -> Option<Counted> {
    match *letters {
        [a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Some(Counted::Listed(
            initials_key(u32::from(a - b'a'), u32::from(b - b'a')),
        )),
        _ => Cover::of_initials(letters).map(Counted::Placed),
    }
}

/// Each article of `found` (none left to read) as a pinyin result, into `out`.
fn pinyin_results(hay: &Haystack<'_>, found: &PinyinCandidates, out: &mut Collected) {
    // Each list is walked in id order, as the walks through the parts' runs and
    // field spans must be.
    let mut days = Days::new(hay);
    let mut titled = found.titled.iter().peekable();
    for &(id, hits) in &found.sure {
        while titled.next_if(|&&t| t < id).is_some() {}
        let title_hit = titled.next_if_eq(&&id).is_some();
        if let Some(day) = days.of(DocId(id)) {
            out.push(Pending::by_pinyin(DocId(id), hits, title_hit, day));
        }
    }
    let mut days = Days::new(hay);
    for p in &found.placed {
        let id = DocId(p.id);
        let title_hit = p.title_hit(days.docs.fields(id).0 as usize);
        if let Some(day) = days.of(id) {
            out.push(Pending::by_pinyin(id, p.hits, title_hit, day));
        }
    }
}

/// The days documents were printed, asked in increasing id order: the issue of the
/// run of documents last met (an issue's articles are side by side), its day, and
/// where the run ends, so that a run costs one look-up.
pub(super) struct Days<'h> {
    hay: &'h Haystack<'h>,
    docs: DocWalk<'h>,
    issue: Option<crate::ids::IssueIx>,
    day: u32,
    run_end: u32,
}

impl<'h> Days<'h> {
    pub(super) fn new(hay: &'h Haystack<'h>) -> Days<'h> {
        Days {
            hay,
            docs: hay.corpus.doc_walk(),
            issue: None,
            day: 0,
            run_end: 0,
        }
    }

    /// The day document `id`'s issue was printed (0: undated); `None` for a dead
    /// document (its issue gone), which is no result.
    pub(super) fn of(&mut self, id: DocId) -> Option<u32> {
        if id.0 >= self.run_end {
            (self.issue, self.run_end) = self.docs.run_of(id);
            self.day = self.issue.map_or(0, |i| day_of(self.hay.newness, i));
        }
        self.issue.map(|_| self.day)
    }
}

/// One term's lists in one part.
struct TermLists<'a> {
    whole: List<'a>,
    heading: Option<List<'a>>,
    byline: Option<List<'a>>,
}

/// Part `k`'s lists for gram `key`: `Some(None)` when no article of it holds the
/// gram, `None` when a list is damaged.
fn lists_of(index: &Index, k: usize, key: u64) -> Option<Option<TermLists<'_>>> {
    let part = &index.parts[k];
    let field = |f: Field| match part.lookup(key | f.tag()) {
        Lookup::Found(list) => Some(Some(list)),
        Lookup::Absent => Some(None),
        Lookup::Damaged => None,
    };
    let whole = match part.lookup(key) {
        Lookup::Found(list) => list,
        Lookup::Absent => return Some(None),
        Lookup::Damaged => return None,
    };
    Some(Some(TermLists {
        whole,
        heading: field(Field::Heading)?,
        byline: field(Field::Byline)?,
    }))
}

/// A list decoded: (part-local document, occurrences), and how far a walk has got.
#[derive(Default)]
struct Decoded {
    entries: Vec<(u32, u32)>,
    at: usize,
}

impl Decoded {
    fn fill(&mut self, list: Option<&List<'_>>) {
        self.entries.clear();
        self.at = 0;
        if let Some(list) = list {
            self.entries.reserve(list.count() as usize);
            list.each(|d, n| self.entries.push((d, n)));
        }
    }

    /// Occurrences in document `d` (0: none); `d` never below the one asked before.
    fn count(&mut self, d: u32) -> u32 {
        while self.entries.get(self.at).is_some_and(|&(e, _)| e < d) {
            self.at += 1;
        }
        match self.entries.get(self.at) {
            Some(&(e, n)) if e == d => n,
            _ => 0,
        }
    }
}

/// One term in one part, ready to walk: its gram, its lists and the decoded ones (the
/// headline's, the byline's and, unless the walk reads it as it goes, the whole
/// article's), or its cover, where it lies (ids local to the part) and how far the
/// walk has got.
enum InPart<'t, 'a> {
    Listed(u64, Option<TermLists<'a>>, [Decoded; 3]),
    Placed(&'t Cover, Spots, usize),
}

impl InPart<'_, '_> {
    /// How many articles of the part hold the term.
    fn docs(&self) -> usize {
        match self {
            InPart::Listed(_, lists, _) => lists.as_ref().map_or(0, |l| l.whole.count() as usize),
            InPart::Placed(_, spots, _) => spots.docs.len(),
        }
    }
}

/// The results in index parts `parts` of `terms` (matches by pinyin when `pinyin`).
pub(super) fn tally_parts(
    hay: &Haystack<'_>,
    terms: &[Counted],
    parts: Range<usize>,
    mut out: Collected,
    pinyin: bool,
) -> Option<Collected> {
    let index = hay.index;
    // Per term, reused part after part.
    let mut walks: Vec<InPart<'_, '_>> = terms
        .iter()
        .map(|t| match t {
            Counted::Listed(key) => InPart::Listed(*key, None, Default::default()),
            Counted::Placed(cover) => InPart::Placed(cover, Spots::default(), 0),
        })
        .collect();
    let mut driver: Vec<u32> = Vec::new();
    let mut days = Days::new(hay);
    'parts: for k in parts {
        let base = index.bases[k];
        for walk in walks.iter_mut() {
            match walk {
                InPart::Listed(key, lists, _) => {
                    *lists = lists_of(index, k, *key)?;
                    // No article of the part holds this term: nor all of them.
                    if lists.is_none() {
                        continue 'parts;
                    }
                }
                InPart::Placed(cover, spots, at) => {
                    spots.clear();
                    *at = 0;
                    index.spots_in(k, cover, 0, spots)?;
                }
            }
        }
        // The rarest term's articles are the only ones that can hold them all.
        let Some(rarest) = (0..walks.len()).min_by_key(|&t| walks[t].docs()) else {
            continue;
        };
        for (t, walk) in walks.iter_mut().enumerate() {
            if let InPart::Listed(_, Some(lists), [whole, heading, byline]) = walk {
                // The rarest list is read as it is walked, never decoded: a short
                // term's is most of the part.
                whole.fill((t != rarest).then_some(&lists.whole));
                heading.fill(lists.heading.as_ref());
                byline.fill(lists.byline.as_ref());
            }
        }
        // Room for every article the part's rarest term is in, at most its results.
        out.items.reserve(walks[rarest].docs());
        // The rarest term's articles, taken out of `walks` (the walk changes them).
        let lead = match &mut walks[rarest] {
            InPart::Listed(_, lists, _) => lists.take().map(|l| l.whole),
            InPart::Placed(_, spots, _) => {
                driver.clear();
                driver.extend(&spots.docs);
                None
            }
        };
        let mut each = |d: u32, driven: u32| {
            let id = DocId(base + d);
            if let Some((hits, title_hit, byline_only)) =
                counts_in(&mut walks, rarest, d, driven, id, &mut days)
                && let Some(day) = days.of(id)
            {
                out.push(if pinyin {
                    Pending::by_pinyin(id, saturated(hits), title_hit, day)
                } else {
                    Pending::exact(id, saturated(hits), title_hit, byline_only, day)
                });
            }
        };
        match lead {
            Some(list) => list.each(&mut each),
            None => driver.iter().for_each(|&d| each(d, 0)),
        }
    }
    Some(out)
}

/// Document `d`'s (`id`'s) hits of every term, whether one is in its headline and
/// whether the byline holds every hit; `None` when a term is not in it. The `rarest`
/// term's `driven` hits come from walking its list, when it is listed.
fn counts_in(
    walks: &mut [InPart<'_, '_>],
    rarest: usize,
    d: u32,
    driven: u32,
    id: DocId,
    days: &mut Days<'_>,
) -> Option<(usize, bool, bool)> {
    let (mut hits, mut title_hit, mut byline_only) = (0usize, false, true);
    // Where the headline ends and the byline lies, once a placed term asks.
    let mut fields: Option<(u32, (u32, u32))> = None;
    for (t, walk) in walks.iter_mut().enumerate() {
        let (n, titled, in_byline) = match walk {
            InPart::Listed(_, _, [whole, heading, byline]) => {
                let n = if t == rarest { driven } else { whole.count(d) };
                (n, heading.count(d) > 0, byline.count(d))
            }
            InPart::Placed(cover, spots, at) => {
                while spots.docs.get(*at).is_some_and(|&e| e < d) {
                    *at += 1;
                }
                if spots.docs.get(*at) != Some(&d) {
                    return None;
                }
                let len = cover.len;
                let (heading_end, byline) = *fields.get_or_insert_with(|| days.docs.fields(id));
                let starts = spots.of(*at);
                let within = |from: u32, to: u32| {
                    starts
                        .iter()
                        .filter(|&&s| from <= s && s.saturating_add(len) <= to)
                        .count() as u32
                };
                (
                    u32::try_from(starts.len()).unwrap_or(u32::MAX),
                    within(0, heading_end) > 0,
                    within(byline.0, byline.1),
                )
            }
        };
        if n == 0 {
            return None;
        }
        hits += n as usize;
        title_hit = title_hit || titled;
        byline_only = byline_only && in_byline == n;
    }
    Some((hits, title_hit, byline_only))
}

#[cfg(test)]
mod tests {
    use super::super::installed::{articles_of, installed};
    use super::super::query::gather;
    use super::*;
    use crate::ids::IssueIx;
    use crate::model::Issue;
    use crate::store::Corpus;

    /// Every result, in one order, to compare.
    fn sorted(mut chunks: Vec<Collected>) -> Vec<Pending> {
        let mut all: Vec<Pending> = chunks
            .iter_mut()
            .flat_map(|c| std::mem::take(&mut c.items))
            .collect();
        all.sort_unstable_by_key(|p| (p.place(crate::search::Sort::Relevance), p.doc()));
        all
    }

    /// For every term of one to three chars over a small alphabet (and some of
    /// four), alone and two at a time, counted from the lists alone the results are
    /// exactly those found by confirming each candidate: the same articles, hits,
    /// headline and byline flags, and issue days (across issues, one undated), with
    /// lists built in memory (short terms) and lists read from a cache segment
    /// (longer ones placed by their pairs' positions). Pinyin terms too, counted from
    /// their pairs' lists.
    #[test]
    fn counted_from_the_lists_is_what_confirming_finds() {
        let alphabet = "株洲市日报 a";
        let articles = articles_of(alphabet);
        let mut corpus = Corpus::new();
        for (k, chunk) in articles.chunks(7).enumerate() {
            corpus.add_issue(IssueIx::new(k), &Issue::of_articles(chunk.to_vec()));
        }
        let newness = [20230105, 0, 20230101, 20230103, 20230102, 20230104];
        let chars: Vec<char> = alphabet.chars().filter(|c| !c.is_whitespace()).collect();
        let mut terms: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
        for a in &chars {
            terms.extend(chars.iter().filter(|b| *b != a).map(|b| format!("{a}{b}")));
            terms.extend(
                chars
                    .iter()
                    .flat_map(|b| chars.iter().map(move |c| format!("{a}{b}{c}"))),
            );
        }
        terms.extend(["株洲市日", "日报日报", "aa株a"].map(String::from));
        // Pinyin, by initials and in full, across chars and syllables.
        terms.extend(
            [
                "z",
                "zz",
                "zzs",
                "zh",
                "zhuz",
                "zhuzhou",
                "zhouzh",
                "zzsrb",
                "rb",
                "ribao",
                "shir",
                "sr",
                "zhuzhoushiribao",
                "bz",
            ]
            .map(String::from),
        );
        let queries: Vec<String> = terms
            .iter()
            .cloned()
            .chain(
                terms
                    .iter()
                    .step_by(5)
                    .zip(terms.iter().skip(2).step_by(3))
                    .map(|(a, b)| format!("{a} {b}")),
            )
            .chain(["\"a\"".to_string()])
            .collect();
        for (index, placed) in [
            (crate::search::Index::build(&corpus), false),
            (installed(&corpus), true),
        ] {
            let hay = Haystack {
                corpus: &corpus,
                index: &index,
                newness: &newness,
            };
            let (mut tallied, mut by_pinyin) = (0, 0);
            for text in &queries {
                let q = Query::parse(text);
                let Some(counted) = tally(&hay, &q, &q.terms, 5) else {
                    continue;
                };
                tallied += 1;
                let counted = sorted(counted);
                by_pinyin += usize::from(counted.iter().any(|p| p.pinyin()));
                let confirmed = gather(&hay, &q, &q.terms, 5);
                assert_eq!(counted, sorted(confirmed), "{text}");
            }
            assert!(
                tallied > chars.len() * chars.len(),
                "{tallied} counted from the lists"
            );
            // Each pinyin term above that spans two chars or more, once positions
            // place its longer matches; those of two chars when they do not.
            let want = if placed { 12 } else { 9 };
            assert!(by_pinyin >= want, "{by_pinyin} pinyin terms counted");
        }
    }

    /// A term the lists cannot answer alone goes to the articles (a longer one, or a
    /// pinyin term whose matches can be longer than a pair, when the lists were built
    /// in memory: they hold no positions; a pinyin term whose letters an article holds
    /// as typed).
    #[test]
    fn longer_pinyin_and_filtered_terms_are_not_counted_from_the_lists() {
        let mut corpus = Corpus::new();
        corpus.add_issue(IssueIx(0), &Issue::of_articles(articles_of("株洲市日报")));
        let index = crate::search::Index::build(&corpus);
        let hay = Haystack {
            corpus: &corpus,
            index: &index,
            newness: &[20230101],
        };
        for text in [
            "株洲市",
            "洲洲",
            "zzs",
            "株 2023-01",
            "株 记者:洲",
            "株 栏目:日",
        ] {
            let q = Query::parse(text);
            assert!(tally(&hay, &q, &q.terms, 5).is_none(), "{text}");
        }
    }
}
