//! Running a query: candidates from the index, exact confirmation, ranking, and the
//! jieba fallback for long phrases with no exact hit.

use super::candidates::{in_chunks, intersect, union};
use super::fold::unfold_offset;
use super::headlines_first::{Unwalked, headlines_first};
use super::index::{Field, Index};
use super::lang::{Query, QueryError, Sort, Term};
use super::order::{Collected, Pending, archive_key, settle, take_best};
use super::pinyin::{Pattern, find_in_bytes as find_pinyin, is_pinyin_term, pattern};
use super::pinyin_pairs::{ByPairs, PairsWalk, PinyinCandidates};
use super::tally::tally;
use crate::ids::{ArticleIx, DocId, IssueIx};
use crate::store::{Corpus, Doc, DocWalk, Role};
use jieba_rs::Jieba;
use memchr::memmem;
use std::ops::Range;
use std::sync::Arc;

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

/// Results a keystroke puts in order ([`find_first`]): more than the first screens
/// and the first `n` steps. The rest are put in order as the reader reaches them
/// ([`Outcome::rank_through`]): a full sort of every article that holds 株洲 was the
/// largest part of a keystroke.
pub const RANKED: usize = 2_000;
/// From this many candidates on, confirmation runs on every core (half as many each
/// at least).
const PARALLEL_FROM: usize = 4_096;

/// What a query runs over: the stored text, its index, and how new each issue is.
#[derive(Debug, Clone, Copy)]
pub struct Haystack<'a> {
    pub corpus: &'a Corpus,
    pub index: &'a Index,
    /// Per issue index, its date as `yyyymmdd` (undated: 0): newer issues rank first
    /// among equals, and date filters read it; see [`newness`].
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

/// Per issue, its date as the number `yyyymmdd` (undated: 0): larger is newer, and
/// date filters compare against it.
pub fn newness<'d>(dates: impl IntoIterator<Item = Option<&'d str>>) -> Vec<u32> {
    dates
        .into_iter()
        .map(|d| d.map_or(0, super::lang::day_number))
        .collect()
}

/// An article that matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub doc: DocId,
    pub at: ArticleIx,
    /// Occurrences of all terms (non-overlapping per term, pinyin matches included
    /// for a term found only by its pinyin).
    pub hits: u32,
    pub title_hit: bool,
    /// Of the first hits, how many jieba puts on word boundaries (ranking only).
    pub word_hits: u8,
    /// Some term is found here only by its pinyin (ranked below exact matches; the
    /// reader marks these).
    pub pinyin: bool,
    /// Every hit is in the byline (株洲日报讯 …): ranked below hits in the text.
    pub byline_only: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The folded terms searched for (after a fallback: its words).
    pub terms: Vec<String>,
    /// The terms also matched by pinyin (a subset of `terms`).
    pub pinyin: Vec<String>,
    /// Set when no article held the phrase and its jieba words were searched instead.
    pub fallback: Option<Vec<String>>,
    /// The results put in order so far, best first ([`Outcome::len`] counts them
    /// all).
    pub results: Vec<Found>,
    /// The other results, in no order until [`Outcome::rank_through`] reaches them;
    /// every one ranks below every one of `results`. In chunks, as the threads that
    /// found them left them.
    pub(super) rest: Vec<Collected>,
    /// Results only counted: they rank below every one of `results`, and are found
    /// when the reader goes past those.
    pub(super) unwalked: Option<Unwalked>,
    /// The order of `results`.
    pub sort: Sort,
    /// Pieces of the query that could not be read (not searched).
    pub errors: Vec<QueryError>,
}

/// One hit in an article: a byte range of its folded text, and whether pinyin found
/// it (the chars whose reading the term spells).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<usize>,
    pub pinyin: bool,
}

impl Outcome {
    /// Every hit of result `k`, sorted: byte ranges of the folded doc text.
    pub fn positions(&self, corpus: &Corpus, k: usize) -> Vec<Range<usize>> {
        self.hits(corpus, k).into_iter().map(|h| h.range).collect()
    }

    /// Every hit of result `k` (one in order), sorted, each saying whether pinyin
    /// found it.
    pub fn hits(&self, corpus: &Corpus, k: usize) -> Vec<Hit> {
        let Some(doc) = self.results.get(k).and_then(|r| corpus.doc(r.doc)) else {
            return Vec::new();
        };
        hits_in(&doc, &self.terms, &self.pinyin)
    }
}

/// The first `n` exact hits of `terms` in a doc, in text order (without finding all
/// of them: an article can be long).
fn first_hits(doc: &Doc<'_>, terms: &[String], n: usize) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for t in terms {
        let len = t.len();
        out.extend(
            memmem::find_iter(doc.text, t.as_bytes())
                .take(n)
                .map(|s| s..s + len),
        );
    }
    out.sort_by_key(|h| (h.start, h.end));
    out.truncate(n);
    out
}

/// Every hit of `terms` in a doc (the ones in `pinyin` also by their pinyin), sorted.
fn hits_in(doc: &Doc<'_>, terms: &[String], pinyin: &[String]) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    for t in terms {
        let n = t.len();
        out.extend(memmem::find_iter(doc.text, t.as_bytes()).map(|s| Hit {
            range: s..s + n,
            pinyin: false,
        }));
    }
    for t in pinyin {
        if let Some(pat) = pattern(t) {
            out.extend(find_pinyin(&pat, doc.text).into_iter().map(|range| Hit {
                range,
                pinyin: true,
            }));
        }
    }
    out.sort_by_key(|h| (h.range.start, h.range.end));
    out
}

/// Searches with the query language ([`Query::parse`]), every result in order.
/// Newer issues rank first among equals; `words` enables word-boundary ranking and the
/// fallback (pass `None` while the dictionary is still loading).
pub fn search(hay: &Haystack<'_>, query: &str, words: Option<&Jieba>) -> Outcome {
    find(hay, &Query::parse(query), words)
}

/// Runs a parsed query: its terms, filters, order and scope; every result in order.
pub fn find(hay: &Haystack<'_>, q: &Query, words: Option<&Jieba>) -> Outcome {
    find_first(hay, q, words, usize::MAX)
}

/// [`find`] with only the best `n` results in order (ties with the last of them
/// too; `ranked` says how many): what a keystroke runs, with [`RANKED`].
/// [`Outcome::rank_through`] puts more in order.
pub fn find_first(hay: &Haystack<'_>, q: &Query, words: Option<&Jieba>, n: usize) -> Outcome {
    let mut outcome = Outcome {
        sort: q.sort,
        errors: q.errors.clone(),
        ..Outcome::default()
    };
    if q.is_empty() {
        return outcome;
    }
    let terms: Vec<Term> = q.terms.clone();
    (outcome.results, outcome.rest, outcome.unwalked) = run(hay, q, &terms, words, n);
    if outcome.is_empty()
        && let Some(jieba) = words
        && let Some(split) = fallback_terms(jieba, &terms)
    {
        (outcome.results, outcome.rest, outcome.unwalked) = run(hay, q, &split, words, n);
        outcome.fallback = Some(split.iter().map(|t| t.text.clone()).collect());
        set_terms(&mut outcome, &split);
        return outcome;
    }
    set_terms(&mut outcome, &terms);
    outcome
}

fn set_terms(outcome: &mut Outcome, terms: &[Term]) {
    outcome.terms = terms.iter().map(|t| t.text.clone()).collect();
    outcome.pinyin = terms
        .iter()
        .filter(|t| !t.phrase && is_pinyin_term(&t.text))
        .map(|t| t.text.clone())
        .collect();
}

/// How one term is looked for in the candidates.
struct TermPlan<'t> {
    finder: memmem::Finder<'t>,
    /// Occurrence counts known from the index, aligned with the candidates.
    known: Option<Vec<u32>>,
    /// A pinyin term's matches by reading, and the articles that may hold its letters
    /// as typed (sorted).
    pinyin: Option<(Arc<Pattern>, PinyinCandidates, Vec<u32>)>,
}

impl TermPlan<'_> {
    /// Whether article `id` may hold the term as typed (a pinyin term's letters are
    /// looked for only where the index says they may be).
    fn may_hold_typed(&self, id: u32) -> bool {
        self.pinyin
            .as_ref()
            .is_none_or(|(_, _, literal)| literal.binary_search(&id).is_ok())
    }
}

/// The best `ranked` results (at least) in order, and the rest not yet.
fn run(
    hay: &Haystack<'_>,
    q: &Query,
    terms: &[Term],
    words: Option<&Jieba>,
    ranked: usize,
) -> (Vec<Found>, Vec<Collected>, Option<Unwalked>) {
    let word_ranked = words.is_some() && q.sort == Sort::Relevance && !terms.is_empty();
    // The word-boundary pass below re-orders the first results: all of them are put
    // in order first, however few were asked for.
    let ranked = if word_ranked {
        ranked.max(WORD_RANKED)
    } else {
        ranked
    };
    let (mut rest, unwalked) = match headlines_first(hay, q, terms, ranked) {
        Some((chunks, unwalked)) => (chunks, Some(unwalked)),
        None => (every_result(hay, q, terms, ranked), None),
    };
    let head = take_best(&mut rest, ranked, q.sort);
    let mut found = settle(hay.corpus, head, q.sort);
    rest.retain(|c| !c.items.is_empty());
    if let Some(jieba) = words
        && word_ranked
    {
        let n = found.len().min(WORD_RANKED);
        let texts: Vec<String> = terms.iter().map(|t| t.text.clone()).collect();
        for f in &mut found[..n] {
            if let Some(doc) = hay.corpus.doc(f.doc) {
                let on_words = first_hits(&doc, &texts, WORD_HITS_PER_DOC)
                    .iter()
                    .filter(|h| on_word_boundaries(jieba, doc.text, h))
                    .count();
                f.word_hits = u8::try_from(on_words).unwrap_or(u8::MAX);
            }
        }
        let order = order(Sort::Relevance, hay.newness);
        found[..n].sort_by(order);
    }
    (found, rest, unwalked)
}

/// Every result of `terms` under `q`, counted from the lists where they say it all,
/// else found by reading; in no order, in chunks, the best `ranked` noted.
pub(super) fn every_result(
    hay: &Haystack<'_>,
    q: &Query,
    terms: &[Term],
    ranked: usize,
) -> Vec<Collected> {
    tally(hay, q, terms, ranked).unwrap_or_else(|| gather(hay, q, terms, ranked))
}

/// Every result, found by reading the index's lists and, where they do not say
/// enough, the articles; in no order, in chunks, the best `ranked` noted as they are
/// found. What [`tally`] cannot count: pinyin, filters, a scope, lists missing or
/// damaged.
pub(super) fn gather(
    hay: &Haystack<'_>,
    q: &Query,
    terms: &[Term],
    ranked: usize,
) -> Vec<Collected> {
    let index = hay.index;
    let mut candidates: Option<Vec<u32>> = q.scope.map(|at| {
        hay.corpus
            .doc_of(at)
            .map(|d| vec![d.id.0])
            .unwrap_or_default()
    });
    if let Some(allowed) = filter_candidates(index, q) {
        candidates = Some(match candidates {
            Some(scope) => intersect(&scope, &allowed),
            None => allowed,
        });
    }
    // Per term: the articles holding it as typed, the index's counts in them (when
    // it knows them), and its pinyin pattern and candidates.
    type TermLists = (
        Vec<u32>,
        Option<Vec<u32>>,
        Option<(Arc<Pattern>, PinyinCandidates)>,
    );
    let mut per_term: Vec<TermLists> = Vec::with_capacity(terms.len());
    // A long term is placed by the index's positions when they say (then it is
    // counted, and its headline and byline hits found, without reading any article).
    for t in terms {
        let (literal, counts) = index.holding(&t.text);
        let pinyin = (!t.phrase).then(|| pattern(&t.text)).flatten().map(|pat| {
            let found = index.pinyin_candidates(&pat);
            (pat, found)
        });
        per_term.push((literal, counts, pinyin));
    }
    // One term as typed, nothing else: its list is the candidates and its counts
    // line up with them, taken as they are (a short term's list is most of the
    // archive, and this runs on every keystroke).
    let alone = candidates.is_none() && per_term.len() == 1 && per_term[0].2.is_none();
    let mut known: Vec<Option<Vec<u32>>> = Vec::with_capacity(terms.len());
    type ByPinyin = Option<(Arc<Pattern>, PinyinCandidates, Vec<u32>)>;
    let mut pinyins: Vec<ByPinyin> = Vec::with_capacity(terms.len());
    if alone && let Some((literal, counts, _)) = per_term.pop() {
        candidates = Some(literal);
        known.push(counts);
        pinyins.push(None);
    } else {
        for (literal, _, pinyin) in &per_term {
            let docs = match pinyin {
                Some((_, p)) => union(literal, &p.docs()),
                None => literal.clone(),
            };
            candidates = Some(match candidates {
                None => docs,
                Some(prev) => intersect(&prev, &docs),
            });
            if candidates.as_ref().is_some_and(Vec::is_empty) {
                return Vec::new();
            }
        }
        let want = candidates.as_deref().unwrap_or_default();
        for (literal, counts, pinyin) in per_term {
            // The known counts line up with the candidates.
            known.push(counts.map(|c| aligned(want, &literal, &c)));
            // Only the articles holding the letters as typed are read for them.
            pinyins.push(pinyin.map(|(pat, found)| (pat, found, literal)));
        }
    }
    // Filters alone: every article is a candidate.
    let candidates: Vec<u32> = candidates
        .unwrap_or_else(|| (0..u32::try_from(hay.corpus.len()).unwrap_or(u32::MAX)).collect());
    if candidates.is_empty() {
        return Vec::new();
    }
    let plans: Vec<TermPlan<'_>> = terms
        .iter()
        .zip(known.into_iter().zip(pinyins))
        .map(|(t, (known, pinyin))| TermPlan {
            finder: memmem::Finder::new(t.text.as_bytes()),
            known,
            pinyin,
        })
        .collect();

    let confirm_range = |range: Range<usize>| -> Collected {
        let mut cursor = hay.corpus.cursor();
        let mut walk = hay.corpus.doc_walk();
        let first = candidates.get(range.start).copied().unwrap_or(0);
        // Per term, what its pinyin pairs say of each candidate in turn.
        let mut pair_walks: Vec<Option<PairsWalk<'_>>> = plans
            .iter()
            .map(|p| {
                p.pinyin
                    .as_ref()
                    .map(|(_, found, _)| found.walk_from(first))
            })
            .collect();
        let mut by: Vec<Option<ByPairs>> = Vec::with_capacity(plans.len());
        // Sized for all: most candidates of a short term are results.
        let mut out = Collected::new(q.sort, ranked, range.len());
        for k in range {
            let id = DocId(candidates[k]);
            by.clear();
            by.extend(
                pair_walks
                    .iter_mut()
                    .map(|w| w.as_mut().map(|w| w.at(id.0))),
            );
            let (found, issue) = match by_pinyin_pairs(q, &plans, &by, id, &mut walk) {
                // The day from the issue runs: no document row read.
                Some(known) => (known, walk.run_of(id).0),
                None => match cursor.doc(id) {
                    Some(doc) => (confirm(hay, q, &doc, &plans, &by, k), Some(doc.at.issue)),
                    None => (None, None),
                },
            };
            if let (Some(f), Some(issue)) = (found, issue) {
                out.push(Pending::of(&f, day_of(hay.newness, issue)));
            }
        }
        out
    };
    in_chunks(candidates.len(), PARALLEL_FROM / 2, confirm_range)
}

/// A count as [`Found`] keeps it (an article with four billion hits is not one).
pub(super) fn saturated(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The day of an issue (`yyyymmdd`, 0: undated) in `newness`.
pub(super) fn day_of(newness: &[u32], issue: IssueIx) -> u32 {
    newness.get(issue.get()).copied().unwrap_or(0)
}

/// The comparison that puts results in `sort` order.
fn order(sort: Sort, newness: &[u32]) -> impl Fn(&Found, &Found) -> std::cmp::Ordering + '_ {
    let place = move |f: &Found| Pending::of(f, day_of(newness, f.at.issue)).place(sort);
    move |a: &Found, b: &Found| {
        place(a)
            .cmp(&place(b))
            .then_with(|| archive_key(a.at).cmp(&archive_key(b.at)))
    }
}

/// The counts of `docs` (sorted, with `counts` alongside) for each of `want` (sorted;
/// 0 for one not in `docs` — a pinyin term's candidates include articles that do not
/// hold its letters as typed).
fn aligned(want: &[u32], docs: &[u32], counts: &[u32]) -> Vec<u32> {
    if want == docs {
        return counts.to_vec();
    }
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

/// A result known from the index alone when every term is a pinyin term whose
/// letters the article cannot hold as typed and whose pinyin matches there the index
/// counted or placed (`at` left for the caller; a placed match's headline hit is
/// told by where `walk` says the headline ends); `Some(None)`: known not to be a
/// result; `None`: read the article.
fn by_pinyin_pairs(
    q: &Query,
    plans: &[TermPlan<'_>],
    by: &[Option<ByPairs>],
    id: DocId,
    walk: &mut DocWalk<'_>,
) -> Option<Option<Found>> {
    if q.has_filters() || plans.is_empty() {
        return None;
    }
    let mut hits = 0usize;
    let mut title_hit = false;
    for (plan, by) in plans.iter().zip(by) {
        if plan.may_hold_typed(id.0) {
            return None;
        }
        let (n, titled) = match (*by)? {
            ByPairs::Counted { hits, in_heading } => (hits, in_heading),
            ByPairs::Placed(p) => (p.hits as usize, p.title_hit(walk.fields(id).0 as usize)),
            ByPairs::Read => return None,
            ByPairs::None => return Some(None),
        };
        hits += n;
        title_hit = title_hit || titled;
    }
    Some(Some(Found {
        doc: id,
        at: ArticleIx::default(),
        hits: saturated(hits),
        title_hit,
        word_hits: 0,
        pinyin: true,
        byline_only: false,
    }))
}

/// Whether the article passes the query's filters.
/// The articles that may pass the column and byline filters, from the index's
/// headline and byline keys (the column and kicker head the headline; the filtered
/// byline is the one indexed): every one that does and few others, so that only
/// they are read by [`passes`]. `None` when there are no such filters.
fn filter_candidates(index: &Index, q: &Query) -> Option<Vec<u32>> {
    let fields = q
        .sections
        .iter()
        .map(|s| (s, Field::Heading))
        .chain(q.bylines.iter().map(|b| (b, Field::Byline)));
    let mut allowed: Option<Vec<u32>> = None;
    for (value, field) in fields {
        let docs = index.field_candidates(value, field);
        allowed = Some(match allowed {
            Some(a) => intersect(&a, &docs),
            None => docs,
        });
    }
    allowed
}

fn passes(hay: &Haystack<'_>, q: &Query, doc: &Doc<'_>) -> bool {
    if let Some(dates) = q.dates {
        let day = hay.newness.get(doc.at.issue.get()).copied().unwrap_or(0);
        if !dates.contains(day) {
            return false;
        }
    }
    let holds = |roles: &[Role], want: &String| {
        roles
            .iter()
            .any(|&r| memmem::find(doc.block_bytes(r), want.as_bytes()).is_some())
    };
    q.sections
        .iter()
        .all(|s| holds(&[Role::Section, Role::Kicker], s))
        && q.bylines.iter().all(|b| holds(&[Role::Byline], b))
}

/// Every term must occur (exactly, or by its pinyin), and the filters hold. Counts
/// come from the index where it knows them, else from one pass over the text; a
/// headline hit is looked for in the headline only.
fn confirm(
    hay: &Haystack<'_>,
    q: &Query,
    doc: &Doc<'_>,
    plans: &[TermPlan<'_>],
    by: &[Option<ByPairs>],
    k: usize,
) -> Option<Found> {
    if q.has_filters() && !passes(hay, q, doc) {
        return None;
    }
    let text = doc.text;
    let heading = text.get(..doc.heading_end()).unwrap_or(text);
    let byline = doc.block_bytes(Role::Byline);
    let mut hits = 0usize;
    let mut title_hit = false;
    let mut pinyin_only = false;
    let mut byline_only = !plans.is_empty();
    for (plan, by) in plans.iter().zip(by) {
        let n = match plan.known.as_ref().map(|c| c[k]) {
            Some(n) => n as usize,
            None if plan.may_hold_typed(doc.id.0) => plan.finder.find_iter(text).count(),
            None => 0,
        };
        if n > 0 {
            hits += n;
            title_hit = title_hit || plan.finder.find(heading).is_some();
            // All of them in the byline only if the byline can hold that many.
            byline_only = byline_only
                && n * plan.finder.needle().len().max(1) <= byline.len()
                && plan.finder.find_iter(byline).count() == n;
            continue;
        }
        // Not in the text as typed: by its pinyin, or not at all.
        let (pat, _, _) = plan.pinyin.as_ref()?;
        let (n, titled) = match (*by)? {
            ByPairs::Counted { hits, in_heading } => (hits, in_heading),
            ByPairs::Placed(p) => (p.hits as usize, p.title_hit(doc.heading_end())),
            ByPairs::Read => (
                find_pinyin(pat, doc.text).len(),
                !find_pinyin(pat, heading).is_empty(),
            ),
            ByPairs::None => (0, false),
        };
        if n == 0 {
            return None;
        }
        hits += n;
        pinyin_only = true;
        byline_only = false;
        title_hit = title_hit || titled;
    }
    Some(Found {
        doc: doc.id,
        at: doc.at,
        hits: saturated(hits),
        title_hit,
        word_hits: 0,
        pinyin: pinyin_only,
        byline_only,
    })
}

/// Whether jieba puts word boundaries at both ends of the hit (医保 in 医保局 does not).
fn on_word_boundaries(jieba: &Jieba, text: &[u8], hit: &Range<usize>) -> bool {
    // Only the hit's neighbourhood is read as UTF-8 (an article can be long, and the
    // best-ranked ones are): enough bytes for the window's chars either side, cut at
    // char boundaries.
    let reach = WORD_WINDOW_CHARS * 4;
    let continues = |i: usize| text.get(i).is_some_and(|b| b & 0xC0 == 0x80);
    let mut from = hit.start.saturating_sub(reach);
    while from < hit.start && continues(from) {
        from += 1;
    }
    let mut to = hit.end.saturating_add(reach).min(text.len());
    while to > hit.end && continues(to) {
        to -= 1;
    }
    let Some(text) = text.get(from..to).and_then(|t| std::str::from_utf8(t).ok()) else {
        return false;
    };
    let hit = hit.start - from..hit.end - from;
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

/// A long Chinese term with no exact hit, split into its dictionary words (a quoted
/// phrase never is).
fn fallback_terms(jieba: &Jieba, terms: &[Term]) -> Option<Vec<Term>> {
    let mut out: Vec<Term> = Vec::new();
    let mut split_any = false;
    for t in terms {
        let long_cjk = !t.phrase
            && t.text.chars().count() >= FALLBACK_MIN_CHARS
            && t.text.chars().any(crate::parse::is_cjk);
        if !long_cjk {
            out.push(t.clone());
            continue;
        }
        let words: Vec<Term> = jieba
            .cut(&t.text, true)
            .iter()
            .map(|w| w.word)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .map(|w| Term {
                text: w.to_owned(),
                phrase: false,
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether each hit of `term` in `text` is on word boundaries.
    fn bounded(text: &str, term: &str) -> Vec<bool> {
        let jieba = crate::words::jieba();
        memmem::find_iter(text.as_bytes(), term.as_bytes())
            .map(|s| on_word_boundaries(jieba, text.as_bytes(), &(s..s + term.len())))
            .collect()
    }

    #[test]
    fn word_boundaries_read_only_the_hits_paragraph_and_neighbourhood() {
        let para = "市医保局推出线上医保支付，全市中小学生看病更方便。";
        let alone = (bounded(para, "医保"), bounded(para, "中小"));
        // A word inside a longer one is not on its boundaries; a word is.
        assert_eq!(alone, (vec![true, true], vec![false]));
        // Whatever comes before and after, in other paragraphs, long or short, with
        // chars of every UTF-8 length, the answer is the same.
        for filler in ["", "x", "株洲", "𠀋𠀋𠀋", &"长篇报道内容".repeat(500)] {
            let text = format!("{filler}\n{para}\n{filler}");
            let got = (bounded(&text, "医保"), bounded(&text, "中小"));
            assert_eq!(got, alone, "after {} bytes", filler.len());
        }
        // A hit at the very start and end of the text.
        assert_eq!(bounded("医保", "医保"), vec![true]);
    }
}
