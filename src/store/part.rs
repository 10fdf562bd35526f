//! One part of the text store: documents in flat arrays, either growing in memory
//! ([`Owned`]) or read from bytes someone else owns — a mapped cache file
//! ([`Shared`]). Both are read through the same [`View`], so a document looks the same
//! wherever it lives.

use super::Role;
use crate::ids::{ArticleIx, IssueIx};
use crate::search::fold::fold_char;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// u64 words per document in the doc table: text start, first block, first unfolded
/// entry, issue (high 32 bits) and article number (low 32), checksum.
pub const DOC_WORDS: usize = 5;

/// The arrays of a part, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub text: &'a [u8],
    pub docs: &'a [u64],
    pub block_start: &'a [u32],
    pub block_role: &'a [u8],
    /// Pairs: (byte offset relative to the document, the char as printed).
    pub unfolded: &'a [u32],
    /// Maps the issue numbers stored in `docs` to the archive's (`u32::MAX`: the issue
    /// is gone, its documents dead); `None`: they are the archive's already.
    pub issues: Option<&'a [u32]>,
    /// For bytes from a file: which documents have passed their checksum (the rest
    /// are checked when read). `None`: the part's own memory, nothing to check.
    pub checked: Option<&'a Checked>,
}

/// One document's raw pieces, before it is trusted.
pub struct DocParts<'a> {
    pub at: ArticleIx,
    pub text: &'a [u8],
    pub starts: &'a [u32],
    pub roles: &'a [u8],
    pub unfolded: &'a [u32],
}

impl<'a> View<'a> {
    pub fn len(&self) -> usize {
        self.docs.len() / DOC_WORDS
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn word(&self, k: usize, w: usize) -> Option<u64> {
        self.docs.get(k * DOC_WORDS + w).copied()
    }

    /// Document `k`'s pieces; `None` when it is dead (its issue gone), out of range, or
    /// its checksum does not match (a damaged file: nothing wrong is ever shown).
    pub fn doc(&self, k: usize) -> Option<DocParts<'a>> {
        let (key, parts) = self.parts(k)?;
        Some(DocParts {
            at: self.article_of(key)?,
            ..parts
        })
    }

    /// The article a doc-table key names (stored issue in the high half, article in
    /// the low), the issue shown as the archive's; `None` when its issue is gone.
    fn article_of(&self, key: u64) -> Option<ArticleIx> {
        let issue = self.archive_issue(u32::try_from(key >> 32).ok()?)?;
        Some(issue.article(usize::try_from(key & 0xffff_ffff).ok()?))
    }

    /// Document `k`'s article, read from the doc table alone (`None`: dead or out of
    /// range). The table passed its checksum before the part was made, so which
    /// article a document is can be trusted without hashing the document's text: a
    /// search answered from the posting lists alone names its results this way, and
    /// the text is checked when it is read.
    pub fn article_from_table(&self, k: usize) -> Option<ArticleIx> {
        self.article_of(self.word(k, 3)?)
    }

    /// Where each run of documents of one issue starts, from the doc table.
    pub fn issue_runs(&self) -> IssueRuns {
        let mut runs = IssueRuns::default();
        for k in 0..self.len() {
            let stored = self.word(k, 3).map_or(u32::MAX, |key| (key >> 32) as u32);
            if runs.issues.last() != Some(&stored) {
                runs.starts.push(k as u32);
                runs.issues.push(stored);
            }
        }
        runs
    }

    /// The archive's issue for an issue number as stored (`None`: gone).
    pub fn archive_issue(&self, stored: u32) -> Option<IssueIx> {
        let issue = match self.issues {
            Some(map) => *map.get(stored as usize)?,
            None => stored,
        };
        (issue != u32::MAX).then_some(IssueIx(issue))
    }

    /// Document `k`'s stored key (issue and article number as written) and its pieces
    /// (`at` not yet mapped), once they are in range and have passed their checksum.
    fn parts(&self, k: usize) -> Option<(u64, DocParts<'a>)> {
        let next = |w: usize, end: usize| -> usize {
            self.word(k + 1, w)
                .map_or(end, |v| usize::try_from(v).unwrap_or(usize::MAX))
        };
        let text_start = usize::try_from(self.word(k, 0)?).ok()?;
        let first_block = usize::try_from(self.word(k, 1)?).ok()?;
        let first_unfolded = usize::try_from(self.word(k, 2)?).ok()?;
        let key = self.word(k, 3)?;
        let text = self.text.get(text_start..next(0, self.text.len()))?;
        let blocks = first_block..next(1, self.block_start.len());
        let starts = self.block_start.get(blocks.clone())?;
        let roles = self.block_role.get(blocks)?;
        let unfolded = self
            .unfolded
            .get(first_unfolded * 2..next(2, self.unfolded.len() / 2) * 2)?;
        let sum = self.word(k, 4)?;
        if let Some(checked) = self.checked
            && !checked.check(k, || sum == checksum(text, starts, roles, unfolded))
        {
            return None;
        }
        let parts = DocParts {
            at: IssueIx(0).article(0),
            text,
            starts,
            roles,
            unfolded,
        };
        Some((key, parts))
    }
}

/// Which pieces of a file — its documents first, then whatever else its owner numbers
/// after them — have passed their checksum. A piece is hashed once: the first time any
/// thread reads it, or when the loader checks the whole file in the background; after
/// that it is read freely, so a search over a mapped archive costs what one over memory
/// does. The bytes never change under a mapping (the cache replaces files, never
/// rewrites them), so a piece once good stays good.
///
/// It also remembers whether anything failed its checksum, so a command that answered
/// from the file can tell it must parse those issues again.
#[derive(Debug, Default)]
pub struct Checked {
    bits: Box<[AtomicU64]>,
    damaged: AtomicBool,
}

impl Checked {
    /// A record for `pieces` pieces, none checked yet.
    pub fn new(pieces: usize) -> Checked {
        Checked {
            bits: (0..pieces.div_ceil(64))
                .map(|_| AtomicU64::new(0))
                .collect(),
            damaged: AtomicBool::new(false),
        }
    }

    /// Whether piece `k` is good: checked before, or `holds` says so now (remembered
    /// either way; a failure marks the file damaged).
    pub fn check(&self, k: usize, holds: impl FnOnce() -> bool) -> bool {
        let Some(word) = self.bits.get(k / 64) else {
            self.found_damage();
            return false;
        };
        let bit = 1u64 << (k % 64);
        // Relaxed is enough: a bit only says a hash held, and a thread that misses it
        // hashes the same bytes to the same answer.
        if word.load(Ordering::Relaxed) & bit != 0 {
            return true;
        }
        if holds() {
            word.fetch_or(bit, Ordering::Relaxed);
            true
        } else {
            self.found_damage();
            false
        }
    }

    /// Something read from the bytes failed its checksum.
    pub fn found_damage(&self) {
        self.damaged.store(true, Ordering::Relaxed);
    }

    pub fn damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }
}

/// The checksum of a document's pieces, as stored in its doc-table row.
pub fn checksum(text: &[u8], starts: &[u32], roles: &[u8], unfolded: &[u32]) -> u64 {
    use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};
    // One-shot hashes, the small arrays' folded into the text's seed: the streaming
    // hasher's set-up cost more than hashing a short article.
    let seed = xxh3_64(bytemuck::cast_slice(starts))
        ^ xxh3_64(roles).rotate_left(21)
        ^ xxh3_64(bytemuck::cast_slice(unfolded)).rotate_left(42);
    xxh3_64_with_seed(text, seed)
}

/// A part growing in memory as issues are parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owned {
    pub text: Vec<u8>,
    pub docs: Vec<u64>,
    pub block_start: Vec<u32>,
    pub block_role: Vec<u8>,
    pub unfolded: Vec<u32>,
}

impl Owned {
    pub fn view(&self) -> View<'_> {
        View {
            text: &self.text,
            docs: &self.docs,
            block_start: &self.block_start,
            block_role: &self.block_role,
            unfolded: &self.unfolded,
            issues: None,
            checked: None,
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len() / DOC_WORDS
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Stores one article's blocks, folded for search, with the chars folding changed.
    pub fn add_doc(&mut self, at: ArticleIx, blocks: &[(Role, String)]) {
        let base = self.text.len();
        let first_block = self.block_start.len();
        let first_unfolded = self.unfolded.len() / 2;
        for (b, (role, block)) in blocks.iter().enumerate() {
            if b > 0 {
                self.text.push(b'\n');
            }
            self.block_start.push(offset(self.text.len() - base));
            self.block_role.push(*role as u8);
            // A note (上接01版) is made by zzread from the model, not archive text: it is
            // neither searched nor stored (the reader rebuilds it).
            if *role == Role::Note {
                continue;
            }
            let mut buf = [0u8; 4];
            for c in block.chars() {
                let f = fold_char(c);
                if f != c {
                    self.unfolded.push(offset(self.text.len() - base));
                    self.unfolded.push(u32::from(c));
                }
                self.text
                    .extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
            }
        }
        let sum = checksum(
            &self.text[base..],
            &self.block_start[first_block..],
            &self.block_role[first_block..],
            &self.unfolded[first_unfolded * 2..],
        );
        self.docs.extend([
            base as u64,
            first_block as u64,
            first_unfolded as u64,
            (u64::from(at.issue.0) << 32) | u64::from(at.n),
            sum,
        ]);
    }

    /// Appends another part's documents after this one's, in their order.
    pub fn append(&mut self, other: &Owned) {
        let text_base = self.text.len() as u64;
        let block_base = self.block_start.len() as u64;
        let unfolded_base = (self.unfolded.len() / 2) as u64;
        self.text.extend_from_slice(&other.text);
        for row in other.docs.chunks_exact(DOC_WORDS) {
            self.docs.extend([
                row[0] + text_base,
                row[1] + block_base,
                row[2] + unfolded_base,
                row[3],
                row[4],
            ]);
        }
        self.block_start.extend_from_slice(&other.block_start);
        self.block_role.extend_from_slice(&other.block_role);
        self.unfolded.extend_from_slice(&other.unfolded);
    }

    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.docs.capacity() * 8
            + self.block_start.capacity() * 4
            + self.block_role.capacity()
            + self.unfolded.capacity() * 4
    }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Bytes owned elsewhere (a mapped file) and shared by the parts read from them.
pub type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The documents of a part in runs that share an issue (an issue's articles are
/// stored side by side): what a walk through most of the archive asks of each
/// document, read from a few thousand entries rather than every document's row of
/// the doc table.
#[derive(Debug, Clone, Default)]
pub struct IssueRuns {
    /// The first document of each run, ascending.
    pub starts: Vec<u32>,
    /// Each run's issue as stored (see [`View::archive_issue`]).
    pub issues: Vec<u32>,
}

/// Where each document's headline ends and where its byline lies, as byte offsets
/// in its folded text (what [`super::Doc::heading_end`] and the byline block's range
/// say): what ranking a term placed by its pairs' positions asks of every article
/// that holds it, read from two arrays in document order rather than from each
/// article's blocks, strewn over the store. A document that fails its checksum has
/// neither.
#[derive(Debug, Clone, Default)]
pub struct FieldSpans {
    pub heading_end: Vec<u32>,
    /// (start, end); `(0, 0)`: no byline.
    pub byline: Vec<(u32, u32)>,
}

/// What a search derives from a part's arrays, made once — by the loader's background
/// check as it reads every document, or else by the first search that needs it — and
/// shared by every part made from the same bytes (as [`Checked`] is).
#[derive(Debug, Default)]
pub struct Derived {
    runs: OnceLock<IssueRuns>,
    spans: OnceLock<FieldSpans>,
}

/// A part read from bytes: the arrays are ranges of those bytes, checked to be in
/// range and aligned when the part is made, and each document is checked against its
/// checksum when it is read.
#[derive(Clone)]
pub struct Shared {
    bytes: Bytes,
    text: Range<usize>,
    docs: Range<usize>,
    block_start: Range<usize>,
    block_role: Range<usize>,
    unfolded: Range<usize>,
    /// The part's issue numbers → the archive's (`u32::MAX`: gone).
    issues: Vec<u32>,
    /// Shared by every part made from the same bytes.
    checked: Arc<Checked>,
    /// Its issue runs and field spans, once made.
    derived: Arc<Derived>,
    /// Whether every issue its documents carry is shown, once asked: a keystroke
    /// answered from a segment's totals asks of every part (see
    /// [`Shared::all_shown`]), and the answer changes only when an issue is hidden.
    shown: OnceLock<bool>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("docs", &(self.docs.len() / 8 / DOC_WORDS))
            .field("text", &self.text.len())
            .finish()
    }
}

/// Why bytes could not be read as a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

impl Shared {
    /// A part over `bytes`, given where each array lies in them. Fails unless every
    /// range is inside the bytes and the typed arrays are aligned and whole.
    /// `checked` is the record of documents already checked from these bytes (document
    /// `k` is its piece `k`).
    pub fn new(
        bytes: Bytes,
        ranges: [Range<usize>; 5],
        issues: Vec<u32>,
        checked: Arc<Checked>,
        derived: Arc<Derived>,
    ) -> Result<Shared, Malformed> {
        let [text, docs, block_start, block_role, unfolded] = ranges;
        let part = Shared {
            bytes,
            text,
            docs,
            block_start,
            block_role,
            unfolded,
            issues,
            checked,
            derived,
            shown: OnceLock::new(),
        };
        part.try_view().ok_or(Malformed)?;
        Ok(part)
    }

    /// Checks every document not yet checked (the loader does this in the background
    /// once the reader is up); whether all hold. Their field spans are made on the
    /// way (and its issue runs), so a search need not read the documents again.
    pub fn check_all(&self) -> bool {
        let view = self.view();
        let whole = (0..view.len()).all(|k| view.parts(k).is_some());
        if whole {
            self.issue_runs();
            self.field_spans();
        }
        whole
    }

    /// Its documents' field spans, made once (each document checked as it is read,
    /// unless it was before).
    pub fn field_spans(&self) -> &FieldSpans {
        self.derived
            .spans
            .get_or_init(|| super::field_spans(self.view()))
    }

    /// Its documents' field spans if they are made.
    pub fn field_spans_made(&self) -> Option<&FieldSpans> {
        self.derived.spans.get()
    }

    /// Whether every document's issue is shown: no document of the part is dead.
    pub fn all_shown(&self) -> bool {
        *self.shown.get_or_init(|| {
            let view = self.view();
            // Only the issues its documents carry: the map of issue numbers may have
            // gaps.
            (self.issue_runs().issues.iter()).all(|&i| view.archive_issue(i).is_some())
        })
    }

    /// Hides archive issue `ix` (its documents dead from now); whether the part
    /// showed it.
    pub fn hide(&mut self, ix: u32) -> bool {
        let mut hidden = false;
        for m in self.issues.iter_mut().filter(|m| **m == ix) {
            *m = u32::MAX;
            hidden = true;
        }
        if hidden {
            self.shown.take();
        }
        hidden
    }

    /// Bytes of its map of issue numbers.
    pub fn map_bytes(&self) -> usize {
        self.issues.capacity() * 4
    }

    /// Its documents' issue runs, made once.
    pub fn issue_runs(&self) -> &IssueRuns {
        self.derived.runs.get_or_init(|| self.view().issue_runs())
    }

    fn try_view(&self) -> Option<View<'_>> {
        let all: &[u8] = (*self.bytes).as_ref();
        let docs: &[u64] = bytemuck::try_cast_slice(all.get(self.docs.clone())?).ok()?;
        if !docs.len().is_multiple_of(DOC_WORDS) {
            return None;
        }
        Some(View {
            text: all.get(self.text.clone())?,
            docs,
            block_start: bytemuck::try_cast_slice(all.get(self.block_start.clone())?).ok()?,
            block_role: all.get(self.block_role.clone())?,
            unfolded: bytemuck::try_cast_slice(all.get(self.unfolded.clone())?).ok()?,
            issues: Some(&self.issues),
            checked: Some(&self.checked),
        })
    }

    pub fn view(&self) -> View<'_> {
        // Checked in `new`, and the bytes never change.
        self.try_view().unwrap_or(View {
            text: &[],
            docs: &[],
            block_start: &[],
            block_role: &[],
            unfolded: &[],
            issues: None,
            checked: Some(&self.checked),
        })
    }
}
