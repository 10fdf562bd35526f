//! Running a query: candidates from the index, exact confirmation, ranking, and the
//! jieba fallback for long phrases with no exact hit.

use super::fold::{terms, unfold_offset};
use super::index::{Index, intersect};
use crate::ids::{ArticleIx, DocId};
use crate::store::{Corpus, Doc, Role};
use jieba_rs::Jieba;
use memchr::memmem;
use std::ops::Range;

/// Results for which word-boundary ranking is computed (it costs a jieba cut per hit):
/// the first screens of results; beyond these the order is by title hit, hit count and
/// date alone.
const WORD_RANKED: usize = 64;
/// Hits per article examined for word boundaries.
const WORD_HITS_PER_DOC: usize = 3;
/// Characters of context either side of a hit given to jieba.
const WORD_WINDOW_CHARS: usize = 8;
/// Terms at least this long (in chars, with a Chinese char) may fall back to their words.
const FALLBACK_MIN_CHARS: usize = 3;

/// Results ranked in full; a larger result set keeps the rest in archive order (a
/// full sort of every article that holds 株洲 would cost more than the frame).
const RANKED: usize = 2_000;
/// Above this many candidates, confirmation runs on every core.
const PARALLEL_FROM: usize = 4_096;

/// What a query runs over: the stored text, its index, and how new each issue is.
#[derive(Debug, Clone, Copy)]
pub struct Haystack<'a> {
    pub corpus: &'a Corpus,
    pub index: &'a Index,
    /// Per issue index, a number that grows with the issue's date (undated: 0), so
    /// newer issues rank first among equals; see [`newness`].
    pub newness: &'a [u32],
}

/// An archive made searchable, owning its text store, index and issue ranks: what a
/// command, a bench or a test that searches parsed issues needs.
#[derive(Debug, Default)]
pub struct Searchable {
    pub corpus: Corpus,
    pub index: Index,
    pub newness: Vec<u32>,
}

impl Searchable {
    /// Stores and indexes `issues` (issue `k` is `IssueIx(k)`).
    pub fn build(issues: &[crate::model::Issue]) -> Searchable {
        Searchable::with_index(issues, Index::new())
    }

    /// Stores `issues` without posting lists: every query a scan. For one query, the
    /// lists would cost more to build than they save.
    pub fn scan_only(issues: &[crate::model::Issue]) -> Searchable {
        Searchable::with_index(issues, Index::scan_only())
    }

    fn with_index(issues: &[crate::model::Issue], mut index: Index) -> Searchable {
        let mut corpus = Corpus::new();
        for (k, issue) in issues.iter().enumerate() {
            corpus.add_issue(crate::ids::IssueIx::new(k), issue);
        }
        index.add_docs(&corpus);
        Searchable {
            corpus,
            index,
            newness: newness(issues.iter().map(|i| i.date.as_deref())),
        }
    }

    pub fn hay(&self) -> Haystack<'_> {
        Haystack {
            corpus: &self.corpus,
            index: &self.index,
            newness: &self.newness,
        }
    }
}

/// Ranks of issue dates: larger is newer, undated issues 0.
pub fn newness<'d>(dates: impl IntoIterator<Item = Option<&'d str>>) -> Vec<u32> {
    let dates: Vec<Option<&str>> = dates.into_iter().collect();
    let mut order: Vec<usize> = (0..dates.len()).filter(|&i| dates[i].is_some()).collect();
    order.sort_by(|&a, &b| dates[a].cmp(&dates[b]));
    let mut rank = vec![0u32; dates.len()];
    for (k, i) in order.into_iter().enumerate() {
        rank[i] = u32::try_from(k + 1).unwrap_or(u32::MAX);
    }
    rank
}

/// An article that matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub doc: DocId,
    pub at: ArticleIx,
    /// Occurrences of all terms (non-overlapping per term).
    pub hits: usize,
    pub title_hit: bool,
    pub word_hits: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The folded terms searched for (after a fallback: its words).
    pub terms: Vec<String>,
    /// Set when no article held the phrase and its jieba words were searched instead.
    pub fallback: Option<Vec<String>>,
    pub results: Vec<Found>,
}

impl Outcome {
    pub fn total_hits(&self) -> usize {
        self.results.iter().map(|r| r.hits).sum()
    }

    /// Every hit of result `k`, sorted: byte ranges of the folded doc text.
    pub fn positions(&self, corpus: &Corpus, k: usize) -> Vec<Range<usize>> {
        let Some(doc) = self.results.get(k).and_then(|r| corpus.doc(r.doc)) else {
            return Vec::new();
        };
        positions(&doc, &self.terms)
    }
}

/// Searches the index (newer issues rank first among equals); `words` enables word-boundary ranking and the fallback (pass `None` while the
/// dictionary is still loading).
pub fn search(hay: &Haystack<'_>, query: &str, words: Option<&Jieba>) -> Outcome {
    let terms = terms(query);
    if terms.is_empty() {
        return Outcome::default();
    }
    let results = run(hay, &terms, words);
    if results.is_empty()
        && let Some(jieba) = words
        && let Some(split) = fallback_terms(jieba, &terms)
    {
        let results = run(hay, &split, words);
        return Outcome {
            terms: split.clone(),
            fallback: Some(split),
            results,
        };
    }
    Outcome {
        terms,
        fallback: None,
        results,
    }
}

fn run(hay: &Haystack<'_>, terms: &[String], words: Option<&Jieba>) -> Vec<Found> {
    let index = hay.index;
    // Candidates per term; for one-gram terms the index also knows the counts, so
    // the articles' text is only read for longer terms.
    let mut per_term: Vec<(Vec<u32>, Option<Vec<u32>>)> = Vec::with_capacity(terms.len());
    let mut candidates: Option<Vec<u32>> = None;
    for t in terms {
        let (docs, counts) = index.candidates_counted(t);
        candidates = Some(match candidates {
            None => docs.clone(),
            Some(prev) => intersect(&prev, &docs),
        });
        if candidates.as_ref().is_some_and(Vec::is_empty) {
            return Vec::new();
        }
        per_term.push((docs, counts));
    }
    let candidates = candidates.unwrap_or_default();
    // Known counts aligned with `candidates`, per term.
    let known: Vec<Option<Vec<u32>>> = per_term
        .iter()
        .map(|(docs, counts)| counts.as_ref().map(|c| aligned(&candidates, docs, c)))
        .collect();
    let finders: Vec<memmem::Finder<'_>> = terms
        .iter()
        .map(|t| memmem::Finder::new(t.as_bytes()))
        .collect();
    let confirm_range = |range: std::ops::Range<usize>| -> Vec<Found> {
        range
            .filter_map(|k| {
                let doc = hay.corpus.doc(DocId(candidates[k]))?;
                let counts = known.iter().map(|c| c.as_ref().map(|c| c[k]));
                confirm(&doc, &finders, counts)
            })
            .collect()
    };
    let mut found: Vec<Found> = if candidates.len() >= PARALLEL_FROM {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .max(1);
        let total = candidates.len();
        let chunk = total.div_ceil(threads);
        let confirm_range = &confirm_range;
        std::thread::scope(|scope| {
            let parts: Vec<_> = (0..total)
                .step_by(chunk)
                .map(|start| scope.spawn(move || confirm_range(start..(start + chunk).min(total))))
                .collect();
            parts
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    } else {
        confirm_range(0..candidates.len())
    };
    // Candidates come in archive order; rank the best `RANKED` ahead of the rest.
    let newer = |f: &Found| hay.newness.get(f.at.issue.get()).copied().unwrap_or(0);
    let order = |a: &Found, b: &Found| {
        (b.title_hit, b.word_hits, b.hits, newer(b))
            .cmp(&(a.title_hit, a.word_hits, a.hits, newer(a)))
            .then_with(|| a.at.cmp(&b.at))
    };
    if found.len() > RANKED {
        found.select_nth_unstable_by(RANKED, order);
        found[RANKED..].sort_unstable_by_key(|f| f.at);
    }
    let head = found.len().min(RANKED);
    found[..head].sort_unstable_by(order);
    if let Some(jieba) = words {
        let n = head.min(WORD_RANKED);
        for f in &mut found[..n] {
            if let Some(doc) = hay.corpus.doc(f.doc) {
                f.word_hits = positions(&doc, terms)
                    .iter()
                    .take(WORD_HITS_PER_DOC)
                    .filter(|h| on_word_boundaries(jieba, doc.text_str(), h))
                    .count();
            }
        }
        found[..n].sort_by(order);
    }
    found
}

/// The counts of `docs` (sorted, with `counts` alongside) for each of `want` (a sorted
/// subset of `docs`).
fn aligned(want: &[u32], docs: &[u32], counts: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(want.len());
    let mut j = 0;
    for &w in want {
        while docs.get(j).is_some_and(|&d| d < w) {
            j += 1;
        }
        out.push(if docs.get(j) == Some(&w) {
            counts.get(j).copied().unwrap_or(0)
        } else {
            0
        });
    }
    out
}

/// Every term must occur. Counts come from the index where it knows them, else from
/// one memmem pass; a headline hit is looked for in the headline only.
fn confirm(
    doc: &Doc<'_>,
    finders: &[memmem::Finder<'_>],
    known: impl Iterator<Item = Option<u32>>,
) -> Option<Found> {
    let text = doc.text;
    let heading = text.get(..doc.heading_end()).unwrap_or(text);
    let mut hits = 0usize;
    let mut title_hit = false;
    for (f, count) in finders.iter().zip(known) {
        let n = match count {
            Some(n) => n as usize,
            None => f.find_iter(text).count(),
        };
        if n == 0 {
            return None;
        }
        hits += n;
        title_hit = title_hit || f.find(heading).is_some();
    }
    Some(Found {
        doc: doc.id,
        at: doc.at,
        hits,
        title_hit,
        word_hits: 0,
    })
}

/// All occurrences of all terms in a doc, sorted.
fn positions(doc: &Doc<'_>, terms: &[String]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for t in terms {
        let n = t.len();
        out.extend(memmem::find_iter(doc.text, t.as_bytes()).map(|s| s..s + n));
    }
    out.sort_by_key(|h| (h.start, h.end));
    out
}

/// Whether jieba puts word boundaries at both ends of the hit (医保 in 医保局 does not).
fn on_word_boundaries(jieba: &Jieba, text: &str, hit: &Range<usize>) -> bool {
    let before = text.get(..hit.start).unwrap_or("");
    let after = text.get(hit.end..).unwrap_or("");
    // Context within the same block only.
    let before = before.rsplit('\n').next().unwrap_or("");
    let after = after.split('\n').next().unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .nth(WORD_WINDOW_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let end = after
        .char_indices()
        .nth(WORD_WINDOW_CHARS)
        .map_or(after.len(), |(i, _)| i);
    let lead = before.get(start..).unwrap_or("");
    let hit_text = text.get(hit.clone()).unwrap_or("");
    let window = format!("{lead}{hit_text}{}", after.get(..end).unwrap_or(""));
    let (a, b) = (lead.len(), lead.len() + hit_text.len());
    let mut cuts = vec![0];
    cuts.extend(jieba.cut(&window, false).iter().map(|t| t.byte_end));
    cuts.contains(&a) && cuts.contains(&b)
}

/// A long Chinese term with no exact hit, split into its dictionary words.
fn fallback_terms(jieba: &Jieba, terms: &[String]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut split_any = false;
    for t in terms {
        let long_cjk =
            t.chars().count() >= FALLBACK_MIN_CHARS && t.chars().any(crate::parse::is_cjk);
        if !long_cjk {
            out.push(t.clone());
            continue;
        }
        let words: Vec<String> = jieba
            .cut(t, true)
            .iter()
            .map(|w| w.word)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(str::to_owned)
            .collect();
        if words.len() >= 2 {
            split_any = true;
            out.extend(words);
        } else {
            out.push(t.clone());
        }
    }
    out.dedup();
    split_any.then_some(out)
}

/// A hit in display coordinates: block index and byte range in that block's text as
/// printed ([`Doc::block_text`], the reader's page blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHit {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// Maps folded doc hits onto the article's display blocks (`blocks[b]` is block `b` as
/// printed).
pub fn block_hits(
    doc: &Doc<'_>,
    blocks: &[(Role, String)],
    hits: &[Range<usize>],
) -> Vec<BlockHit> {
    hits.iter()
        .filter_map(|h| {
            let b = doc.block_at(h.start);
            block_hit(doc, b, &blocks.get(b)?.1, h)
        })
        .collect()
}

/// One folded hit in block `b`, whose printed text is `original`.
pub fn block_hit(doc: &Doc<'_>, b: usize, original: &str, hit: &Range<usize>) -> Option<BlockHit> {
    let range = doc.block_range(b);
    let folded = doc.folded_block(b);
    let start = hit.start.checked_sub(range.start)?;
    let end = hit.end.min(range.end).checked_sub(range.start)?;
    Some(BlockHit {
        block: b,
        start: unfold_offset(original, folded, start),
        end: unfold_offset(original, folded, end),
    })
}
