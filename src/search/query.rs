//! Running a query: candidates from the index, exact confirmation, ranking, and the
//! jieba fallback for long phrases with no exact hit.

use super::fold::{terms, unfold_offset};
use super::index::{Doc, Index, intersect};
use crate::blocks::Role;
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

/// An article that matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub doc: u32,
    pub issue: usize,
    pub article: usize,
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
    pub fn positions(&self, index: &Index, k: usize) -> Vec<Range<usize>> {
        let Some(doc) = self
            .results
            .get(k)
            .and_then(|r| index.docs.get(r.doc as usize))
        else {
            return Vec::new();
        };
        positions(doc, &self.terms)
    }
}

/// Searches the index (newer issues rank first among equals); `words` enables word-boundary ranking and the fallback (pass `None` while the
/// dictionary is still loading).
pub fn search(index: &Index, query: &str, words: Option<&Jieba>) -> Outcome {
    let terms = terms(query);
    if terms.is_empty() {
        return Outcome::default();
    }
    let results = run(index, &terms, words);
    if results.is_empty() {
        if let Some(jieba) = words {
            if let Some(split) = fallback_terms(jieba, &terms) {
                let results = run(index, &split, words);
                return Outcome {
                    terms: split.clone(),
                    fallback: Some(split),
                    results,
                };
            }
        }
    }
    Outcome {
        terms,
        fallback: None,
        results,
    }
}

fn run(index: &Index, terms: &[String], words: Option<&Jieba>) -> Vec<Found> {
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
                let id = candidates[k];
                let doc = index.docs.get(id as usize)?;
                let counts = known.iter().map(|c| c.as_ref().map(|c| c[k]));
                confirm(doc, id, &finders, counts)
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
    let newness = index.date_ranks();
    let newer = |f: &Found| newness.get(f.issue).copied().unwrap_or(0);
    let order = |a: &Found, b: &Found| {
        (b.title_hit, b.word_hits, b.hits, newer(b))
            .cmp(&(a.title_hit, a.word_hits, a.hits, newer(a)))
            .then_with(|| (a.issue, a.article).cmp(&(b.issue, b.article)))
    };
    if found.len() > RANKED {
        found.select_nth_unstable_by(RANKED, order);
        found[RANKED..].sort_unstable_by_key(|f| (f.issue, f.article));
    }
    let head = found.len().min(RANKED);
    found[..head].sort_unstable_by(order);
    if let Some(jieba) = words {
        let n = head.min(WORD_RANKED);
        for f in &mut found[..n] {
            if let Some(doc) = index.docs.get(f.doc as usize) {
                f.word_hits = positions(doc, terms)
                    .iter()
                    .take(WORD_HITS_PER_DOC)
                    .filter(|h| on_word_boundaries(jieba, &doc.text, h))
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
    doc: &Doc,
    id: u32,
    finders: &[memmem::Finder<'_>],
    known: impl Iterator<Item = Option<u32>>,
) -> Option<Found> {
    let text = doc.text.as_bytes();
    let heading = text.get(..doc.heading_end as usize).unwrap_or(text);
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
        doc: id,
        issue: doc.issue as usize,
        article: doc.article as usize,
        hits,
        title_hit,
        word_hits: 0,
    })
}

/// All occurrences of all terms in a doc, sorted.
fn positions(doc: &Doc, terms: &[String]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for t in terms {
        let n = t.len();
        out.extend(memmem::find_iter(doc.text.as_bytes(), t.as_bytes()).map(|s| s..s + n));
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

/// A hit in display coordinates: block index and byte range in that block's text (as
/// `blocks::blocks` returns it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHit {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// Maps folded doc hits onto the article's display blocks.
pub fn block_hits(doc: &Doc, blocks: &[(Role, String)], hits: &[Range<usize>]) -> Vec<BlockHit> {
    hits.iter()
        .filter_map(|h| {
            let b = doc.block_at(h.start);
            let base = *doc.starts.get(b)? as usize;
            let end_of_block = doc
                .starts
                .get(b + 1)
                .map_or(doc.text.len(), |&s| (s as usize).saturating_sub(1));
            let folded = doc.text.get(base..end_of_block)?;
            let original = &blocks.get(b)?.1;
            Some(BlockHit {
                block: b,
                start: unfold_offset(original, folded, h.start - base),
                end: unfold_offset(original, folded, h.end.min(end_of_block) - base),
            })
        })
        .collect()
}
