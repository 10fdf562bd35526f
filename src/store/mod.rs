//! The text store: every article's display text, once, as typed blocks.
//!
//! The reader draws from it, search confirms candidates against it and maps hits back
//! onto it, and `y`/`s` export from it. It holds each block *folded* for search
//! (`search::fold`: one char for one char) together with the few chars folding changed,
//! so the text as printed comes back exactly ([`Doc::block_text`]) without a second
//! copy of the archive in memory.
//!
//! The layout is flat — one byte buffer and a few arrays of offsets — so a whole store
//! can be written to disk and read back as it is (the on-disk cache), and segments built
//! on a background thread are appended with a copy ([`Corpus::append`]).

mod blocks;
pub mod part;

pub use blocks::{Role, blocks};

use crate::ids::{ArticleIx, DocId, IssueIx};
use crate::model::Issue;
use part::{FieldSpans, IssueRuns, Owned, Shared, View};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

/// One part of the store and the id of its first document.
#[derive(Debug, Clone)]
enum Part {
    /// Shared with whoever built it (a loader batch, which the cache writer also
    /// holds): adopted parts are not copied.
    Owned(Arc<Owned>),
    Shared(Shared),
}

impl Part {
    fn view(&self) -> View<'_> {
        match self {
            Part::Owned(o) => o.view(),
            Part::Shared(s) => s.view(),
        }
    }
}

/// Every stored article's blocks, folded: parts read from the on-disk cache, then the
/// part growing as issues are parsed. Document ids run on across the parts.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    parts: Vec<Part>,
    /// The first document id of each part.
    bases: Vec<u32>,
    /// The first document of each issue, by issue index (`u32::MAX`: not stored).
    first_doc: Vec<u32>,
}

impl PartialEq for Corpus {
    /// The same articles with the same text, wherever and in whatever order they are
    /// stored (cache segments may be listed in any order).
    fn eq(&self, other: &Corpus) -> bool {
        self.docs().count() == other.docs().count()
            && self.docs().all(|a| {
                other
                    .doc_of(a.at)
                    .is_some_and(|b| a.text == b.text && a.blocks() == b.blocks())
            })
    }
}

/// One stored article, borrowed from the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'c> {
    pub id: DocId,
    pub at: ArticleIx,
    /// The folded text of every block, joined by '\n' (a char no block holds, so a
    /// search hit never spans two blocks). UTF-8, checked when a block is read.
    pub text: &'c [u8],
    starts: &'c [u32],
    roles: &'c [u8],
    /// Pairs: (byte offset in `text`, the char as printed).
    unfolded: &'c [u32],
}

impl Corpus {
    pub fn new() -> Corpus {
        Corpus::default()
    }

    /// Documents stored (dead ones included: ids are never reused).
    pub fn len(&self) -> usize {
        self.bases.last().map_or(0, |&b| b as usize)
            + self.parts.last().map_or(0, |p| p.view().len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of folded text stored.
    pub fn text_bytes(&self) -> usize {
        self.parts.iter().map(|p| p.view().text.len()).sum()
    }

    /// The growing part, made when missing (an adopted part is never grown: it is
    /// shared).
    fn owned(&mut self) -> &mut Owned {
        let growing = match self.parts.last_mut() {
            Some(Part::Owned(o)) => Arc::get_mut(o).is_some(),
            _ => false,
        };
        if !growing {
            let base = u32::try_from(self.len()).unwrap_or(u32::MAX);
            self.bases.push(base);
            self.parts.push(Part::Owned(Arc::new(Owned::default())));
        }
        match self.parts.last_mut() {
            // Not shared (checked, or just made): no copy.
            Some(Part::Owned(o)) => Arc::make_mut(o),
            // Just pushed.
            _ => unreachable!("the last part is owned"),
        }
    }

    /// The id of an issue's first document, once it is stored.
    pub fn first_doc(&self, ix: IssueIx) -> Option<u32> {
        self.first_doc
            .get(ix.get())
            .copied()
            .filter(|&d| d != u32::MAX)
    }

    fn note_first_doc(&mut self, ix: IssueIx, doc: usize) {
        if self.first_doc.len() <= ix.get() {
            self.first_doc.resize(ix.get() + 1, u32::MAX);
        }
        self.first_doc[ix.get()] = u32::try_from(doc).unwrap_or(u32::MAX);
    }

    /// Stores every article of an issue; returns the documents it became.
    pub fn add_issue(&mut self, ix: IssueIx, issue: &Issue) -> Range<usize> {
        let first = self.len();
        self.note_first_doc(ix, first);
        let owned = self.owned();
        for (n, article) in issue.articles.iter().enumerate() {
            owned.add_doc(ix.article(n), &blocks(article));
        }
        first..self.len()
    }

    /// Appends a corpus built elsewhere (a background thread's segment, its documents
    /// in one growing part): its documents get the next ids, in their order.
    pub fn append(&mut self, other: &Corpus) {
        let base = self.len();
        for (issue, &first) in other.first_doc.iter().enumerate() {
            if first != u32::MAX {
                self.note_first_doc(IssueIx::new(issue), base + first as usize);
            }
        }
        for part in &other.parts {
            match part {
                Part::Owned(o) => self.owned().append(o),
                Part::Shared(s) => self.install(s.clone(), &[]),
            }
        }
    }

    /// Takes in a corpus built elsewhere (a loader batch) as parts of its own, shared
    /// rather than copied: its documents get the next ids, in their order. Once the
    /// cache writer has saved them, [`Corpus::replace`] swaps them for the saved copy.
    pub fn adopt(&mut self, other: &Corpus) {
        let base = self.len();
        for (issue, &first) in other.first_doc.iter().enumerate() {
            if first != u32::MAX {
                self.note_first_doc(IssueIx::new(issue), base + first as usize);
            }
        }
        for (part, &b) in other.parts.iter().zip(&other.bases) {
            if !part.view().is_empty() {
                self.bases
                    .push(u32::try_from(base + b as usize).unwrap_or(u32::MAX));
                self.parts.push(part.clone());
            }
        }
    }

    /// Puts `part`, read from the cache, in place of the adopted parts holding exactly
    /// documents `docs` — the same documents in the same order, which the cache writer
    /// has just saved — so they are read from the mapped file and the memory they held
    /// is given back. Ids stay as they are (a search shown keeps its results). `false`,
    /// and nothing changed, unless every document of `part` is the same article as the
    /// one it replaces.
    pub fn replace(&mut self, docs: Range<u32>, part: Shared) -> bool {
        let len = u32::try_from(self.len()).unwrap_or(u32::MAX);
        let end = |k: usize| self.bases.get(k + 1).copied().unwrap_or(len);
        let owned = |k: usize| matches!(self.parts[k], Part::Owned(_));
        let Some(parts) = tiling(&self.bases, end, owned, &docs) else {
            return false;
        };
        let view = part.view();
        let mut cursor = self.cursor();
        let same = view.len() == docs.len()
            && (0..view.len()).all(|k| {
                let id = DocId(docs.start + k as u32);
                view.article_from_table(k) == cursor.article(id)
            });
        if !same {
            return false;
        }
        self.parts.splice(parts.clone(), [Part::Shared(part)]);
        self.bases.splice(parts, [docs.start]);
        true
    }

    /// Adds a part read from the cache. `firsts` gives, per issue it maps to, the
    /// part-local id of that issue's first document.
    pub fn install(&mut self, part: Shared, firsts: &[(IssueIx, u32)]) {
        let base = self.len();
        for &(ix, first) in firsts {
            self.note_first_doc(ix, base + first as usize);
        }
        self.bases.push(u32::try_from(base).unwrap_or(u32::MAX));
        self.parts.push(Part::Shared(part));
    }

    /// The copy of an issue the cache provided is no longer shown or found (it was
    /// damaged): a freshly parsed copy appended after takes its place.
    pub fn retire_cached(&mut self, ix: IssueIx) {
        let mut retired = false;
        for part in &mut self.parts {
            if let Part::Shared(s) = part {
                retired |= s.hide(ix.0);
            }
        }
        if retired && let Some(first) = self.first_doc.get_mut(ix.get()) {
            *first = u32::MAX;
        }
    }

    /// Whether some document with an id in `ids` is dead (its issue retired): a count
    /// kept for those documents takes the dead ones in.
    pub fn retired_in(&self, ids: Range<u32>) -> bool {
        let ends = self.bases.iter().skip(1).copied().chain([u32::MAX]);
        self.parts
            .iter()
            .zip(self.bases.iter().copied().zip(ends))
            .filter(|(_, (start, end))| *start < ids.end && ids.start < *end)
            .any(|(part, _)| matches!(part, Part::Shared(s) if !s.all_shown()))
    }

    pub fn doc(&self, id: DocId) -> Option<Doc<'_>> {
        let k = self.bases.partition_point(|&b| b <= id.0).checked_sub(1)?;
        let local = (id.0 - self.bases[k]) as usize;
        let p = self.parts.get(k)?.view().doc(local)?;
        Some(Doc::of(id, p))
    }

    /// A reader of many documents in id order: it keeps the part it last read, so
    /// walking a sorted candidate list costs one part look-up per part, not one per
    /// document (what search confirms candidates with).
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            corpus: self,
            part: None,
        }
    }

    /// A reader of what ranking asks of documents in id order (which issue each is
    /// in, where its headline ends and its byline lies), from per-part arrays.
    pub fn doc_walk(&self) -> DocWalk<'_> {
        DocWalk {
            corpus: self,
            part: None,
        }
    }

    /// The document of an article, once its issue is stored.
    pub fn doc_of(&self, at: ArticleIx) -> Option<Doc<'_>> {
        let first = *self.first_doc.get(at.issue.get())?;
        if first == u32::MAX {
            return None;
        }
        let doc = self.doc(DocId(first.checked_add(at.n)?))?;
        (doc.at == at).then_some(doc)
    }

    /// Every live document, in store order.
    pub fn docs(&self) -> impl Iterator<Item = Doc<'_>> + '_ {
        (0..self.len()).filter_map(|k| self.doc(DocId::new(k)))
    }

    /// The growing part's documents (what the cache writer saves), if any.
    pub fn owned_part(&self) -> Option<&Owned> {
        self.parts.iter().find_map(|p| match p {
            Part::Owned(o) => Some(o.as_ref()),
            Part::Shared(_) => None,
        })
    }

    /// Heap bytes held (for memory figures; mapped parts are not on the heap).
    pub fn heap_bytes(&self) -> usize {
        let parts: usize = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Owned(o) => o.heap_bytes(),
                Part::Shared(s) => s.map_bytes(),
            })
            .sum();
        parts + self.first_doc.capacity() * 4
    }
}

/// The run of parts, by position, that holds exactly documents `docs`, every one of
/// them `owned` (adopted, not read from the cache): parts starting at `bases`, part
/// `k` ending at `end(k)`. `None` when no such run does. What [`Corpus::replace`] and
/// [`crate::search::Index::replace`] put a saved segment in place of.
pub fn tiling(
    bases: &[u32],
    end: impl Fn(usize) -> u32,
    owned: impl Fn(usize) -> bool,
    docs: &Range<u32>,
) -> Option<Range<usize>> {
    let first = bases.iter().position(|&b| b == docs.start)?;
    let last = (first..bases.len()).find(|&k| end(k) >= docs.end)?;
    ((first..=last).all(owned) && end(last) == docs.end).then_some(first..last + 1)
}

/// Reads documents of a corpus, remembering the part it is in; see [`Corpus::cursor`].
pub struct Cursor<'c> {
    corpus: &'c Corpus,
    /// The part last read: its id range and view.
    part: Option<(Range<u32>, View<'c>)>,
}

impl<'c> Cursor<'c> {
    /// The article document `id` holds, from the doc table alone: the document is
    /// not read (nor, from a cache file, its checksum worked out: at 100,000 issues
    /// a term in nearly every article would hash the whole archive on the first
    /// keystroke after start). See [`View::article_from_table`].
    pub fn article(&mut self, id: DocId) -> Option<ArticleIx> {
        self.seek(id)?;
        let (range, view) = self.part.as_ref()?;
        view.article_from_table((id.0 - range.start) as usize)
    }

    /// Makes the part holding `id` the current one.
    fn seek(&mut self, id: DocId) -> Option<()> {
        let fresh = match &self.part {
            Some((range, _)) => !range.contains(&id.0),
            None => true,
        };
        if fresh {
            let c = self.corpus;
            let k = c.bases.partition_point(|&b| b <= id.0).checked_sub(1)?;
            let view = c.parts.get(k)?.view();
            let start = c.bases[k];
            let end = start.saturating_add(u32::try_from(view.len()).unwrap_or(u32::MAX));
            self.part = Some((start..end, view));
        }
        Some(())
    }

    /// Document `id` (as [`Corpus::doc`]).
    pub fn doc(&mut self, id: DocId) -> Option<Doc<'c>> {
        self.seek(id)?;
        let (range, view) = self.part.as_ref()?;
        let p = view.doc((id.0 - range.start) as usize)?;
        Some(Doc::of(id, p))
    }
}

impl<'c> Doc<'c> {
    /// Document `id`, from its pieces as its part gives them (checked).
    fn of(id: DocId, p: part::DocParts<'c>) -> Doc<'c> {
        Doc {
            id,
            at: p.at,
            text: p.text,
            starts: p.starts,
            roles: p.roles,
            unfolded: p.unfolded,
        }
    }

    /// The folded text of the first block with this role (empty when none).
    pub fn block_of(&self, role: Role) -> &'c str {
        std::str::from_utf8(self.block_bytes(role)).unwrap_or("")
    }

    /// [`Doc::block_of`] as bytes, not checked to be UTF-8 (for byte searches on the
    /// hot path: checking costs more than searching a short block).
    pub fn block_bytes(&self, role: Role) -> &'c [u8] {
        self.roles
            .iter()
            .position(|&r| r == role as u8)
            .and_then(|b| self.text.get(self.block_range(b)))
            .unwrap_or_default()
    }

    /// The folded text of every block with one of these roles.
    pub fn blocks_of<'r>(&self, roles: &'r [Role]) -> impl Iterator<Item = &'c str> + 'r
    where
        'c: 'r,
    {
        let doc = *self;
        (0..doc.roles.len())
            .filter(move |&b| roles.contains(&Role::from_u8(doc.roles[b])))
            .map(move |b| doc.folded_block(b))
    }

    pub fn block_count(&self) -> usize {
        self.starts.len()
    }

    pub fn role(&self, b: usize) -> Role {
        self.roles.get(b).map_or(Role::Text, |&r| Role::from_u8(r))
    }

    /// Byte range of block `b` in the folded `text`.
    pub fn block_range(&self, b: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(b) else {
            return self.text.len()..self.text.len();
        };
        let end = self
            .starts
            .get(b + 1)
            .map_or(self.text.len(), |&s| (s as usize).saturating_sub(1));
        start as usize..end.max(start as usize)
    }

    /// The folded text as a string (it was stored from one, and its checksum held).
    pub fn text_str(&self) -> &'c str {
        std::str::from_utf8(self.text).unwrap_or("")
    }

    /// Block `b` folded, as search sees it.
    pub fn folded_block(&self, b: usize) -> &'c str {
        self.text
            .get(self.block_range(b))
            .and_then(|t| std::str::from_utf8(t).ok())
            .unwrap_or("")
    }

    /// Block `b` as printed (sanitised, not folded). A note block comes back empty.
    pub fn block_text(&self, b: usize) -> String {
        let range = self.block_range(b);
        let folded = self.folded_block(b);
        let pairs: Vec<(u32, u32)> = self
            .unfolded
            .chunks_exact(2)
            .map(|p| (p[0], p[1]))
            .collect();
        let first = pairs.partition_point(|&(at, _)| (at as usize) < range.start);
        let mut changes = pairs[first..]
            .iter()
            .take_while(|&&(at, _)| (at as usize) < range.end)
            .peekable();
        if changes.peek().is_none() {
            return folded.to_owned();
        }
        let mut out = String::with_capacity(folded.len() + 8);
        for (i, c) in folded.char_indices() {
            match changes.peek() {
                Some(&&(at, original)) if at as usize == range.start + i => {
                    out.push(char::from_u32(original).unwrap_or(c));
                    changes.next();
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// Every block as printed, with its role.
    pub fn blocks(&self) -> Vec<(Role, String)> {
        (0..self.starts.len())
            .map(|b| (self.role(b), self.block_text(b)))
            .collect()
    }

    /// The block holding folded byte offset `at`.
    pub fn block_at(&self, at: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1)
    }

    /// Where the headline blocks (kicker, title, subtitles) end in `text`: hits before
    /// it are headline hits.
    pub fn heading_end(&self) -> usize {
        self.roles
            .iter()
            .position(|&r| !Role::from_u8(r).is_heading())
            .and_then(|b| self.starts.get(b))
            .map_or(self.text.len(), |&s| s as usize)
    }
}

/// Says what ranking asks of documents, asked in increasing id order; see
/// [`Corpus::doc_walk`]. Reads each part's issue runs and field spans, not every
/// document's row and blocks.
pub struct DocWalk<'c> {
    corpus: &'c Corpus,
    part: Option<PartAt<'c>>,
}

/// The part a [`DocWalk`] is in and how far through its runs.
struct PartAt<'c> {
    ids: Range<u32>,
    part: &'c Part,
    view: View<'c>,
    /// A part read from the cache keeps these; a part in memory, still growing
    /// perhaps, has them made for the walk.
    runs: Cow<'c, IssueRuns>,
    spans: Option<Cow<'c, FieldSpans>>,
    run: usize,
}

impl<'c> DocWalk<'c> {
    /// The part holding `id`, made the current one; `None` when no part does.
    fn enter(&mut self, id: DocId) -> Option<&mut PartAt<'c>> {
        if !self.part.as_ref().is_some_and(|p| p.ids.contains(&id.0)) {
            let c = self.corpus;
            let k = c.bases.partition_point(|&b| b <= id.0).checked_sub(1)?;
            let part = c.parts.get(k)?;
            let view = part.view();
            let start = c.bases[k];
            let end = start.saturating_add(u32::try_from(view.len()).unwrap_or(u32::MAX));
            let runs = match part {
                Part::Shared(s) => Cow::Borrowed(s.issue_runs()),
                Part::Owned(_) => Cow::Owned(view.issue_runs()),
            };
            self.part = Some(PartAt {
                ids: start..end,
                part,
                view,
                runs,
                spans: None,
                run: 0,
            });
        }
        self.part.as_mut().filter(|p| p.ids.contains(&id.0))
    }

    /// The issue document `id` is in (`None` when it is dead — its issue gone — or
    /// not stored), and the id where its run ends: every document up to there is in
    /// the same issue (or as dead). `id` is never below the one asked before.
    pub fn run_of(&mut self, id: DocId) -> (Option<IssueIx>, u32) {
        let Some(p) = self.enter(id) else {
            return (None, id.0.saturating_add(1));
        };
        let local = id.0 - p.ids.start;
        let starts = &p.runs.starts;
        while starts.get(p.run + 1).is_some_and(|&s| s <= local) {
            p.run += 1;
        }
        let end = starts
            .get(p.run + 1)
            .map_or(p.ids.end, |&s| p.ids.start + s);
        let issue = p
            .runs
            .issues
            .get(p.run)
            .and_then(|&stored| p.view.archive_issue(stored));
        (issue, end)
    }

    /// Where document `id`'s headline ends and its byline lies (`(0, 0)`: none) in
    /// its folded text; nothing for a document not stored or damaged. From the part's
    /// field spans once the background check has made them; before, from the
    /// document alone: making them here would check every document of the part, and a
    /// keystroke in the first seconds after a start waited tens of milliseconds a part
    /// for the few of its articles it asked about.
    pub fn fields(&mut self, id: DocId) -> (u32, (u32, u32)) {
        let Some(p) = self.enter(id) else {
            return (0, (0, 0));
        };
        let local = (id.0 - p.ids.start) as usize;
        if p.spans.is_none() {
            p.spans = match p.part {
                Part::Shared(s) => s.field_spans_made().map(Cow::Borrowed),
                Part::Owned(_) => Some(Cow::Owned(field_spans(p.view))),
            };
        }
        match &p.spans {
            Some(spans) => (
                spans.heading_end.get(local).copied().unwrap_or(0),
                spans.byline.get(local).copied().unwrap_or((0, 0)),
            ),
            None => doc_fields(p.view, local),
        }
    }
}

/// The field spans of every document of a part, read in order (each document
/// checked against its checksum, as any read of it is).
fn field_spans(view: View<'_>) -> FieldSpans {
    let mut spans = FieldSpans {
        heading_end: Vec::with_capacity(view.len()),
        byline: Vec::with_capacity(view.len()),
    };
    for k in 0..view.len() {
        let (heading_end, byline) = doc_fields(view, k);
        spans.heading_end.push(heading_end);
        spans.byline.push(byline);
    }
    spans
}

/// Where the `k`th document of a part has its headline end and its byline (`(0, 0)`:
/// none; nothing for a damaged document).
fn doc_fields(view: View<'_>, k: usize) -> (u32, (u32, u32)) {
    let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let Some(p) = view.doc(k) else {
        return (0, (0, 0));
    };
    let doc = Doc::of(DocId::new(k), p);
    let byline = (0..doc.block_count())
        .find(|&b| doc.role(b) == Role::Byline)
        .map_or((0, 0), |b| {
            let r = doc.block_range(b);
            (as_u32(r.start), as_u32(r.end))
        });
    (as_u32(doc.heading_end()), byline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Paragraph, ParagraphKind};

    fn issue(titles: &[&str]) -> Issue {
        Issue::of_articles(
            titles
                .iter()
                .map(|t| Article {
                    title: (*t).into(),
                    continued_from: Some("01版".into()),
                    paragraphs: vec![Paragraph {
                        kind: ParagraphKind::Text,
                        text: format!("参加ＳＹＢ创业课堂 {t}"),
                        lines: vec![],
                    }],
                    ..Article::default()
                })
                .collect(),
        )
    }

    #[test]
    fn blocks_come_back_exactly_as_printed() {
        let mut c = Corpus::new();
        let i = issue(&["Ａ标题", "第二篇"]);
        c.add_issue(IssueIx(0), &i);
        for (n, a) in i.articles.iter().enumerate() {
            let doc = c.doc_of(IssueIx(0).article(n)).expect("stored");
            let mut want = blocks(a);
            for b in &mut want {
                if b.0 == Role::Note {
                    b.1.clear();
                }
            }
            assert_eq!(doc.blocks(), want);
        }
        let doc = c.doc(DocId(0)).expect("doc");
        assert!(
            doc.text_str().contains("syb创业"),
            "stored folded: {}",
            doc.text_str()
        );
    }

    #[test]
    fn appended_segments_keep_their_articles_and_text() {
        let (a, b) = (issue(&["一", "二"]), issue(&["三"]));
        let mut whole = Corpus::new();
        whole.add_issue(IssueIx(0), &a);
        whole.add_issue(IssueIx(1), &b);
        let mut first = Corpus::new();
        first.add_issue(IssueIx(0), &a);
        let mut second = Corpus::new();
        second.add_issue(IssueIx(1), &b);
        first.append(&second);
        assert_eq!(first, whole);
        let third = first.doc_of(IssueIx(1).article(0)).expect("stored");
        assert_eq!(third.id, DocId(2));
        assert_eq!(
            third.block_text(third.block_count() - 1),
            "参加ＳＹＢ创业课堂 三"
        );
        assert!(first.doc_of(IssueIx(2).article(0)).is_none());
    }

    #[test]
    fn heading_hits_end_where_the_body_starts() {
        let mut c = Corpus::new();
        c.add_issue(IssueIx(0), &issue(&["标题"]));
        let doc = c.doc(DocId(0)).expect("doc");
        assert_eq!(doc.text_str().get(..doc.heading_end()), Some("标题\n"));
    }
}
