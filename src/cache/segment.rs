//! One cache file ("segment"): a run of parsed issues — each with the file it came
//! from (path, size, mtime), its outline, its `dump` output — their text store part and
//! their posting lists, laid out so that the file can be used where it lies (mapped).
//!
//! Layout (little-endian, every section 8-aligned):
//!
//! ```text
//! magic "ZZSEG\0\0\x01" | format u32 | sections u32 | code version u64 | table checksum u64
//! section table: per section [offset, length, checksum] (u64 each)
//! ISSUES   per issue ISSUE_WORDS u64: path, size, mtime, id, date (offset+length into
//!          STRINGS; date length u64::MAX when there is none), first doc, docs,
//!          record offset, length, checksum, the issue number its documents carry in
//!          DOCS, dump offset, the lengths of its three pieces, dump checksum, and the
//!          number of decoder warnings
//! STRINGS  bytes
//! RECORDS  per issue, postcard: outline, encoding, warnings
//! DUMP     per issue, `dump`'s JSON before and after its source, and its text outline
//!          (written out from the mapping as they are)
//! TEXT, DOCS, BLOCK_START, BLOCK_ROLE, UNFOLDED   the store part (see store::part)
//! GRAMS    per gram GRAM_WORDS u64, sorted; LISTS  the posting lists' bytes
//! ```
//!
//! What the first frame reads (the table, ISSUES, STRINGS) is checked against its
//! checksum when the file is opened; DOCS and GRAMS before the segment's text or lists
//! are first used (at once by [`Segment::open`], on first use after
//! [`Segment::open_listing`]); the big sections are checked piece by piece as they are
//! used (each record, document and list has its own checksum). A file that fails any
//! of these is never believed.

use crate::app::IssueMeta;
use crate::search::index::{GRAM_WORDS, SharedLists};
use crate::store::part::{Bytes, Checked, DOC_WORDS, Owned, Shared};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

const MAGIC: &[u8; 8] = b"ZZSEG\0\0\x01";
/// The layout's version; the code version (build.rs) covers what is in it. 2: the
/// documents hold the section heading and the byline as printed.
pub const FORMAT: u32 = 2;
const SECTIONS: usize = 11;
const ISSUE_WORDS: usize = 20;
const HEADER: usize = 8 + 4 + 4 + 8 + 8;

#[derive(Clone, Copy)]
#[repr(usize)]
enum Section {
    Issues,
    Strings,
    Records,
    Text,
    Docs,
    BlockStart,
    BlockRole,
    Unfolded,
    Grams,
    Lists,
    Dump,
}

/// The sections' names, in file order (for `cache info` and for tests that damage
/// each one).
pub const SECTION_NAMES: [&str; SECTIONS] = [
    "issues",
    "strings",
    "records",
    "text",
    "docs",
    "block starts",
    "block roles",
    "unfolded",
    "grams",
    "lists",
    "dump",
];

/// Checked when the file is opened: what the first frame reads.
const CHECKED_AT_OPEN: [Section; 2] = [Section::Issues, Section::Strings];
/// Checked before the segment's text or lists are used: the document table, and the
/// gram table (a damaged key could hide a list, which no per-list checksum would
/// notice). At 100,000 issues these are hundreds of MB: a warm start checks them on the
/// loader thread, not before the first frame.
const CHECKED_BEFORE_USE: [Section; 2] = [Section::Docs, Section::Grams];

/// What identifies the file an issue was parsed from: when any of it differs, the
/// cached issue is stale.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey {
    /// The canonical path, or `bundled:NAME`.
    pub path: String,
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: u64,
}

/// Everything cached about one issue besides its text, lists and `dump` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub meta: IssueMeta,
    pub encoding: String,
    /// The decoder's warnings (reported again by every command that reads the issue).
    pub warnings: Vec<String>,
    pub articles: u32,
}

/// `dump`'s output for one issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DumpParts<B> {
    /// `dump --format json` for this issue, around its `source` (which depends on how
    /// the path was written on the command line).
    pub json_before_source: B,
    pub json_after_source: B,
    /// `dump --format text` for this issue, after its first line.
    pub outline_body: B,
}

/// One issue going into a segment.
pub struct Entry {
    /// The issue number its documents carry in the part written with it.
    pub stored: u32,
    pub key: FileKey,
    pub id: String,
    pub date: Option<String>,
    pub record: Record,
    pub dump: DumpParts<String>,
}

/// Why a cache file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// Not a segment, or of another format or code version.
    Foreign,
    /// Cut short, or its checksums fail.
    Damaged,
}

/// Writes a segment: `entries` in order, `part` their documents (carrying each entry's
/// `stored` issue number), `lists` their posting lists (complete, sorted by gram, doc
/// ids local to `part`). Each section is written once, straight into the file's bytes
/// (a segment is tens of MB, and the writer runs beside a cold start's parsing).
pub fn encode(
    entries: &[Entry],
    part: &Owned,
    lists: &[(u64, Vec<u8>, u32, u32)],
    code_version: u64,
) -> Vec<u8> {
    let mut strings = Vec::new();
    let mut records = Vec::new();
    let mut issues: Vec<u64> = Vec::with_capacity(entries.len() * ISSUE_WORDS);
    let doc_starts = first_docs(part);
    let mut dump_at = 0u64;
    for e in entries {
        let mut put = |s: &str| {
            let at = strings.len() as u64;
            strings.extend_from_slice(s.as_bytes());
            [at, s.len() as u64]
        };
        let path = put(&e.key.path);
        let id = put(&e.id);
        let date = match &e.date {
            Some(d) => put(d),
            None => [0, u64::MAX],
        };
        let record = postcard::to_stdvec(&e.record).unwrap_or_default();
        let (first, count) = doc_starts.get(&e.stored).copied().unwrap_or((0, 0));
        let pieces = dump_pieces(e);
        let mut dump_sum = xxhash_rust::xxh3::Xxh3::new();
        for p in pieces {
            dump_sum.update(p);
        }
        issues.extend([
            path[0],
            path[1],
            e.key.size,
            e.key.mtime,
            id[0],
            id[1],
            date[0],
            date[1],
            first,
            count,
            records.len() as u64,
            record.len() as u64,
            xxh3_64(&record),
            u64::from(e.stored),
            dump_at,
            pieces[0].len() as u64,
            pieces[1].len() as u64,
            pieces[2].len() as u64,
            dump_sum.digest(),
            e.record.warnings.len() as u64,
        ]);
        dump_at += pieces.iter().map(|p| p.len() as u64).sum::<u64>();
        records.extend_from_slice(&record);
    }
    let mut grams: Vec<u64> = Vec::with_capacity(lists.len() * GRAM_WORDS);
    let mut list_at = 0u64;
    for (gram, bytes, count, last) in lists {
        grams.extend([
            *gram,
            list_at,
            bytes.len() as u64,
            (u64::from(*count) << 32) | u64::from(*last),
            xxh3_64(bytes),
        ]);
        list_at += bytes.len() as u64;
    }
    // Each section in its pieces.
    let sections: [Vec<&[u8]>; SECTIONS] = [
        vec![bytemuck::cast_slice(&issues)],
        vec![&strings],
        vec![&records],
        vec![&part.text],
        vec![bytemuck::cast_slice(&part.docs)],
        vec![bytemuck::cast_slice(&part.block_start)],
        vec![&part.block_role],
        vec![bytemuck::cast_slice(&part.unfolded)],
        vec![bytemuck::cast_slice(&grams)],
        lists.iter().map(|l| l.1.as_slice()).collect(),
        entries.iter().flat_map(dump_pieces).collect(),
    ];
    let start = align(HEADER + SECTIONS * 24);
    let size: usize = sections
        .iter()
        .map(|s| align(s.iter().map(|p| p.len()).sum()))
        .sum();
    let mut out = Vec::with_capacity(start + size);
    out.resize(start, 0);
    let mut table: Vec<u64> = Vec::with_capacity(SECTIONS * 3);
    for s in &sections {
        out.resize(align(out.len()), 0);
        let at = out.len();
        let mut sum = xxhash_rust::xxh3::Xxh3::new();
        for piece in s {
            out.extend_from_slice(piece);
            sum.update(piece);
        }
        table.extend([at as u64, (out.len() - at) as u64, sum.digest()]);
    }
    let table_bytes: &[u8] = bytemuck::cast_slice(&table);
    let mut head = Vec::with_capacity(HEADER + table_bytes.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&FORMAT.to_le_bytes());
    head.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
    head.extend_from_slice(&code_version.to_le_bytes());
    head.extend_from_slice(&xxh3_64(table_bytes).to_le_bytes());
    head.extend_from_slice(table_bytes);
    out[..head.len()].copy_from_slice(&head);
    out
}

/// An entry's `dump` pieces, in the order they are stored.
fn dump_pieces(e: &Entry) -> [&[u8]; 3] {
    [
        e.dump.json_before_source.as_bytes(),
        e.dump.json_after_source.as_bytes(),
        e.dump.outline_body.as_bytes(),
    ]
}

fn align(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// (first doc, doc count) per stored issue number in `part`, whose documents come
/// issue by issue.
fn first_docs(part: &Owned) -> std::collections::HashMap<u32, (u64, u64)> {
    let mut out = std::collections::HashMap::new();
    for (k, row) in part.docs.chunks_exact(DOC_WORDS).enumerate() {
        let slot = out.entry((row[3] >> 32) as u32).or_insert((k as u64, 0));
        slot.1 += 1;
    }
    out
}

/// A segment as read from bytes, its start-up sections checked.
#[derive(Clone)]
pub struct Segment {
    bytes: Bytes,
    sections: [Range<usize>; SECTIONS],
    /// Which of its documents have passed their checksum, shared by every part made
    /// from it (the reader's and the loader's, which checks them all in the background).
    checked: Arc<Checked>,
    /// Whether [`CHECKED_BEFORE_USE`] hold, worked out once (shared by clones).
    tables: Arc<std::sync::OnceLock<bool>>,
    /// What searches derive from its documents, made once for every part.
    derived: Arc<crate::store::part::Derived>,
}

impl std::fmt::Debug for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segment")
            .field("issues", &self.len())
            .finish()
    }
}

/// One cached issue's identity, as the start-up reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed<'a> {
    /// The issue number its documents carry in the segment's part.
    pub stored: u32,
    pub key: KeyRef<'a>,
    pub id: &'a str,
    pub date: Option<&'a str>,
    pub first_doc: u32,
    pub docs: u32,
    /// Decoder warnings the issue's record holds.
    pub warnings: u32,
}

/// A [`FileKey`] as it lies in the segment. The first frame lists every cached issue:
/// at 100,000 issues, owned copies of its strings were a third of that frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRef<'a> {
    pub path: &'a str,
    pub size: u64,
    pub mtime: u64,
}

impl KeyRef<'_> {
    pub fn to_owned(self) -> FileKey {
        FileKey {
            path: self.path.to_owned(),
            size: self.size,
            mtime: self.mtime,
        }
    }
}

impl Segment {
    /// Reads `bytes` as a segment written by this code version, every section that is
    /// read whole checked.
    pub fn open(bytes: Bytes, code_version: u64) -> Result<Segment, Unusable> {
        let segment = Segment::open_listing(bytes, code_version)?;
        if segment.tables_hold() {
            Ok(segment)
        } else {
            Err(Unusable::Damaged)
        }
    }

    /// Reads `bytes` as a segment, checking only what listing its issues reads; its
    /// document and gram tables are checked when its text or lists are first asked for
    /// ([`Segment::part`], [`Segment::lists`] give `None` when they fail).
    pub fn open_listing(bytes: Bytes, code_version: u64) -> Result<Segment, Unusable> {
        let all: &[u8] = (*bytes).as_ref();
        if all.get(..8).is_some_and(|m| m != MAGIC) {
            return Err(Unusable::Foreign);
        }
        let header = all.get(..HEADER).ok_or(Unusable::Damaged)?;
        let word32 =
            |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().unwrap_or([0; 4]));
        let word64 =
            |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap_or([0; 8]));
        if word32(8) != FORMAT || word32(12) as usize != SECTIONS || word64(16) != code_version {
            return Err(Unusable::Foreign);
        }
        let table_bytes = all
            .get(HEADER..HEADER + SECTIONS * 24)
            .ok_or(Unusable::Damaged)?;
        if xxh3_64(table_bytes) != word64(24) {
            return Err(Unusable::Damaged);
        }
        let table: Vec<u64> = table_bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let mut sections: [Range<usize>; SECTIONS] = Default::default();
        for (k, section) in sections.iter_mut().enumerate() {
            let start = usize::try_from(table[k * 3]).map_err(|_| Unusable::Damaged)?;
            let len = usize::try_from(table[k * 3 + 1]).map_err(|_| Unusable::Damaged)?;
            let end = start.checked_add(len).ok_or(Unusable::Damaged)?;
            if end > all.len() || start % 8 != 0 {
                return Err(Unusable::Damaged);
            }
            *section = start..end;
        }
        for s in CHECKED_AT_OPEN {
            let k = s as usize;
            if xxh3_64(&all[sections[k].clone()]) != table[k * 3 + 2] {
                return Err(Unusable::Damaged);
            }
        }
        let docs = sections[Section::Docs as usize].len() / 8 / DOC_WORDS;
        let issues = sections[Section::Issues as usize].len() / 8 / ISSUE_WORDS;
        // Pieces checked once: the documents, then each issue's record, then its dump.
        let checked = Arc::new(Checked::new(docs + 2 * issues));
        let segment = Segment {
            bytes,
            sections,
            checked,
            tables: Arc::new(std::sync::OnceLock::new()),
            derived: Arc::default(),
        };
        if !segment.issues().len().is_multiple_of(ISSUE_WORDS) {
            return Err(Unusable::Damaged);
        }
        Ok(segment)
    }

    /// Where each section lies in the file (named as in [`SECTION_NAMES`]).
    pub fn layout(&self) -> &[Range<usize>; SECTIONS] {
        &self.sections
    }

    fn section(&self, s: Section) -> &[u8] {
        let all: &[u8] = (*self.bytes).as_ref();
        all.get(self.sections[s as usize].clone())
            .unwrap_or_default()
    }

    fn issues(&self) -> &[u64] {
        bytemuck::try_cast_slice(self.section(Section::Issues)).unwrap_or_default()
    }

    /// Issues in the segment.
    pub fn len(&self) -> usize {
        self.issues().len() / ISSUE_WORDS
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Documents in the segment.
    pub fn docs(&self) -> u32 {
        u32::try_from(self.section(Section::Docs).len() / 8 / DOC_WORDS).unwrap_or(u32::MAX)
    }

    /// Bytes of the file.
    pub fn size(&self) -> usize {
        (*self.bytes).as_ref().len()
    }

    fn string(&self, at: u64, len: u64) -> Option<&str> {
        let strings = self.section(Section::Strings);
        let start = usize::try_from(at).ok()?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        std::str::from_utf8(strings.get(start..end)?).ok()
    }

    /// Issue `k`'s identity; `None` if the table is inconsistent.
    pub fn listed(&self, k: usize) -> Option<Listed<'_>> {
        let row = self.issues().get(k * ISSUE_WORDS..(k + 1) * ISSUE_WORDS)?;
        Some(Listed {
            stored: u32::try_from(row[13]).ok()?,
            key: KeyRef {
                path: self.string(row[0], row[1])?,
                size: row[2],
                mtime: row[3],
            },
            id: self.string(row[4], row[5])?,
            date: if row[7] == u64::MAX {
                None
            } else {
                Some(self.string(row[6], row[7])?)
            },
            first_doc: u32::try_from(row[8]).ok()?,
            docs: u32::try_from(row[9]).ok()?,
            warnings: u32::try_from(row[19]).ok()?,
        })
    }

    /// Issue `k`'s `dump` output, as it lies in the file; `None` when it is damaged.
    pub fn dump(&self, k: usize) -> Option<DumpParts<&[u8]>> {
        let row = self.issues().get(k * ISSUE_WORDS..(k + 1) * ISSUE_WORDS)?;
        let start = usize::try_from(row[14]).ok()?;
        let lens = [row[15], row[16], row[17]].map(|l| usize::try_from(l).unwrap_or(usize::MAX));
        let end = start.checked_add(lens.iter().try_fold(0usize, |a, &l| a.checked_add(l))?)?;
        let bytes = self.section(Section::Dump).get(start..end);
        let piece = self.docs() as usize + self.len() + k;
        if !self
            .checked
            .check(piece, || bytes.is_some_and(|b| xxh3_64(b) == row[18]))
        {
            return None;
        }
        let bytes = bytes?;
        let (a, rest) = bytes.split_at(lens[0]);
        let (b, c) = rest.split_at(lens[1]);
        // Bytes, not text: they go to stdout as they are (written from strings, and
        // the checksum held), so nothing need be decoded.
        Some(DumpParts {
            json_before_source: a,
            json_after_source: b,
            outline_body: c,
        })
    }

    /// Issue `k`'s record; `None` when it is damaged.
    pub fn record(&self, k: usize) -> Option<Record> {
        postcard::from_bytes(self.record_bytes(k)?).ok()
    }

    /// Issue `k`'s record as stored, once its checksum holds.
    fn record_bytes(&self, k: usize) -> Option<&[u8]> {
        let row = self.issues().get(k * ISSUE_WORDS..(k + 1) * ISSUE_WORDS)?;
        let start = usize::try_from(row[10]).ok()?;
        let end = start.checked_add(usize::try_from(row[11]).ok()?)?;
        let bytes = self.section(Section::Records).get(start..end);
        let piece = self.docs() as usize + k;
        self.checked
            .check(piece, || bytes.is_some_and(|b| xxh3_64(b) == row[12]))
            .then_some(bytes)
            .flatten()
    }

    /// Whether anything read from the segment so far failed its checksum.
    pub fn damaged(&self) -> bool {
        self.checked.damaged()
    }

    /// Checks everything in the segment not checked when it was opened — each record,
    /// dump, document and posting list — and says whether all of it holds. The loader
    /// runs this in the background once the reader is up; what the reader read first
    /// was checked as it was read.
    pub fn intact(&self) -> bool {
        (0..self.len()).all(|k| self.record_bytes(k).is_some() && self.dump(k).is_some())
            && self.check_docs()
            && self.lists().is_some_and(|l| l.intact())
    }

    /// Whether the document and gram tables match their checksums (worked out on the
    /// first call).
    pub fn tables_hold(&self) -> bool {
        *self.tables.get_or_init(|| {
            let all: &[u8] = (*self.bytes).as_ref();
            let table = &all[HEADER..HEADER + SECTIONS * 24];
            CHECKED_BEFORE_USE.iter().all(|&s| {
                let k = s as usize;
                let sum = table
                    .get(k * 24 + 16..k * 24 + 24)
                    .and_then(|b| b.try_into().ok())
                    .map(u64::from_le_bytes);
                all.get(self.sections[k].clone())
                    .is_some_and(|bytes| Some(xxh3_64(bytes)) == sum)
            })
        })
    }

    /// The segment's store part, its documents of stored issue number `s` shown as
    /// archive issue `issues[s]` (`u32::MAX`, or past the end: not shown); `None` when
    /// its tables are damaged.
    pub fn part(&self, issues: Vec<u32>) -> Option<Shared> {
        if !self.tables_hold() {
            return None;
        }
        let r = |s: Section| self.sections[s as usize].clone();
        Shared::new(
            self.bytes.clone(),
            [
                r(Section::Text),
                r(Section::Docs),
                r(Section::BlockStart),
                r(Section::BlockRole),
                r(Section::Unfolded),
            ],
            issues,
            self.checked.clone(),
            self.derived.clone(),
        )
        .ok()
    }

    /// Checks every document not yet checked; whether all hold.
    fn check_docs(&self) -> bool {
        self.part(Vec::new()).is_some_and(|p| p.check_all())
    }

    /// The segment's posting lists; `None` when its tables are damaged.
    pub fn lists(&self) -> Option<SharedLists> {
        if !self.tables_hold() {
            return None;
        }
        SharedLists::new(
            self.bytes.clone(),
            self.sections[Section::Grams as usize].clone(),
            self.sections[Section::Lists as usize].clone(),
            self.checked.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::IssueIx;
    use crate::search::Index;
    use crate::search::index::segment_lists;
    use crate::store::Corpus;
    use std::sync::Arc;

    fn sample() -> (Vec<Entry>, Corpus, Index) {
        let archive = crate::archive::load_archive(&[], None);
        let mut corpus = Corpus::new();
        let mut entries = Vec::new();
        for (k, issue) in archive.issues.iter().enumerate().take(2) {
            corpus.add_issue(IssueIx::new(k), issue);
            entries.push(Entry {
                stored: u32::try_from(k).unwrap_or(0),
                key: FileKey {
                    path: issue.source.clone(),
                    size: 1,
                    mtime: 2,
                },
                id: issue.id.clone(),
                date: issue.date.clone(),
                record: Record {
                    meta: crate::app::IssueMeta::of(issue),
                    encoding: issue.encoding.clone(),
                    warnings: vec![],
                    articles: u32::try_from(issue.articles.len()).unwrap_or(0),
                },
                dump: DumpParts {
                    json_before_source: "{".into(),
                    json_after_source: format!("}}{k}"),
                    outline_body: "  1. 标题\n".into(),
                },
            });
        }
        let index = Index::build(&corpus);
        (entries, corpus, index)
    }

    fn bytes(v: Vec<u8>) -> Bytes {
        Arc::new(v)
    }

    /// Two windows may each have cached a file: the listing names it once, from the
    /// first segment, and puts everything in reading order (dated by date, then id,
    /// then path; undated last).
    #[test]
    fn the_listing_holds_each_file_once_from_its_first_segment_in_reading_order() {
        let (_, corpus, index) = sample();
        let owned = corpus.owned_part().expect("owned");
        let lists = segment_lists(index.clone(), &corpus);
        let named = |k: usize, path: &str, id: &str, date: Option<&str>| {
            let mut e = sample().0.swap_remove(k);
            e.key.path = path.into();
            e.id = id.into();
            e.date = date.map(str::to_owned);
            e
        };
        let first = vec![
            named(0, "/a/2023-05-02.txt", "2023-05-02", Some("2023-05-02")),
            named(1, "/a/2023-05-01.txt", "2023-05-01", Some("2023-05-01")),
        ];
        let second = vec![
            named(0, "/0/extra.txt", "extra", None),
            named(1, "/a/2023-05-02.txt", "2023-05-02", Some("2023-05-02")),
            named(0, "/0/2023-05-01.txt", "2023-05-01", Some("2023-05-01")),
        ];
        let segments: Vec<(String, Segment)> = [first, second]
            .iter()
            .enumerate()
            .map(|(n, e)| {
                let file = encode(e, owned, &lists, 7);
                (n.to_string(), Segment::open(bytes(file), 7).expect("opens"))
            })
            .collect();
        let listing = crate::cache::listed(&segments);
        let got: Vec<(&str, usize, usize)> = listing
            .iter()
            .map(|(l, slot)| (l.key.path, slot.segment, slot.issue))
            .collect();
        assert_eq!(
            got,
            [
                ("/0/2023-05-01.txt", 1, 2),
                ("/a/2023-05-01.txt", 0, 1),
                ("/a/2023-05-02.txt", 0, 0),
                ("/0/extra.txt", 1, 0),
            ]
        );
        assert_eq!(listing.len(), 4);
    }

    #[test]
    fn a_segment_reads_back_what_was_written() {
        let (entries, corpus, index) = sample();
        let owned = corpus.owned_part().expect("owned");
        let file = encode(&entries, owned, &segment_lists(index.clone(), &corpus), 7);
        let seg = Segment::open(bytes(file), 7).expect("opens");
        assert_eq!(seg.len(), 2);
        for (k, e) in entries.iter().enumerate() {
            let listed = seg.listed(k).expect("listed");
            assert_eq!(listed.key.to_owned(), e.key);
            assert_eq!(listed.id, e.id);
            assert_eq!(listed.date, e.date.as_deref());
            assert_eq!(seg.record(k).as_ref(), Some(&e.record));
            let dump = seg.dump(k).expect("dump");
            assert_eq!(dump.json_after_source, e.dump.json_after_source.as_bytes());
            assert_eq!(dump.outline_body, e.dump.outline_body.as_bytes());
        }
        // Its store part and lists answer as the originals do.
        let mut read = Corpus::new();
        read.install(
            seg.part(vec![0, 1]).expect("part"),
            &[
                (IssueIx(0), 0),
                (IssueIx(1), seg.listed(1).expect("1").first_doc),
            ],
        );
        assert_eq!(read, corpus);
        let mut lists = Index::new();
        lists.install(seg.lists().expect("lists"), seg.docs());
        for term in ["医保", "株", "株洲日报", "ＳＹＢ"] {
            let term = crate::search::fold::fold(term);
            assert_eq!(
                lists.candidates_counted(&term),
                index.candidates_counted(&term),
                "{term}"
            );
        }
    }

    /// Where each document's headline ends and its byline lies is the same read from
    /// the document alone (before the background check made the part's field spans)
    /// and from the spans (after), and is what the parsed document says.
    #[test]
    fn field_spans_say_what_the_documents_say_before_and_after_the_check() {
        let (entries, corpus, index) = sample();
        let owned = corpus.owned_part().expect("owned");
        let file = encode(&entries, owned, &segment_lists(index, &corpus), 7);
        let seg = Segment::open(bytes(file), 7).expect("opens");
        let part = seg.part(vec![0, 1]).expect("part");
        let mut read = Corpus::new();
        read.install(
            part.clone(),
            &[
                (IssueIx(0), 0),
                (IssueIx(1), seg.listed(1).expect("1").first_doc),
            ],
        );
        let fields = |c: &Corpus| {
            let mut walk = c.doc_walk();
            (0..u32::try_from(c.len()).expect("few"))
                .map(|id| walk.fields(crate::ids::DocId(id)))
                .collect::<Vec<_>>()
        };
        assert!(part.field_spans_made().is_none());
        let before = fields(&read);
        assert!(part.field_spans_made().is_none(), "not made by a search");
        assert!(part.check_all());
        assert!(part.field_spans_made().is_some());
        assert_eq!(fields(&read), before);
        assert_eq!(fields(&corpus), before);
        assert!(before.iter().any(|f| f.0 > 0) && before.iter().any(|f| f.1 != (0, 0)));
    }

    #[test]
    fn another_code_version_or_a_foreign_file_is_not_read() {
        let (entries, corpus, index) = sample();
        let file = encode(
            &entries,
            corpus.owned_part().expect("owned"),
            &segment_lists(index.clone(), &corpus),
            7,
        );
        assert_eq!(
            Segment::open(bytes(file.clone()), 8).err(),
            Some(Unusable::Foreign)
        );
        assert_eq!(
            Segment::open(bytes(b"not a segment at all, no".to_vec()), 7).err(),
            Some(Unusable::Foreign)
        );
        assert_eq!(
            Segment::open(bytes(file[..20].to_vec()), 7).err(),
            Some(Unusable::Damaged)
        );
    }

    /// Corruption never panics and never gives wrong text or wrong answers: a flipped
    /// bit anywhere is refused at open, or its document / list / record is refused
    /// when read (a list then falls back to scanning).
    #[test]
    fn flipped_bits_and_truncations_are_refused_not_believed() {
        let (entries, corpus, index) = sample();
        let file = encode(
            &entries,
            corpus.owned_part().expect("owned"),
            &segment_lists(index.clone(), &corpus),
            7,
        );
        let truth: Vec<String> = corpus.docs().map(|d| d.text_str().to_owned()).collect();
        let step = (file.len() / 400).max(1);
        for at in (0..file.len()).step_by(step) {
            for bit in [0u8, 3, 7] {
                let mut bad = file.clone();
                bad[at] ^= 1 << bit;
                check_never_wrong(bad, &truth, &index);
            }
        }
        for len in (0..file.len()).step_by(step * 7) {
            check_never_wrong(file[..len].to_vec(), &truth, &index);
        }
    }

    fn check_never_wrong(bad: Vec<u8>, truth: &[String], index: &Index) {
        let Ok(seg) = Segment::open(bytes(bad), 7) else {
            return;
        };
        let issues: Vec<u32> = (0..u32::try_from(seg.len()).unwrap_or(0)).collect();
        let Some(part) = seg.part(issues) else {
            return;
        };
        let mut read = Corpus::new();
        read.install(part, &[]);
        for doc in read.docs() {
            let k = doc.id.get();
            assert_eq!(
                Some(doc.text_str()),
                truth.get(k).map(String::as_str),
                "doc {k}"
            );
            for b in 0..doc.block_count() {
                let _ = doc.block_text(b);
            }
        }
        if let Some(lists) = seg.lists() {
            let mut got = Index::new();
            got.install(lists, seg.docs());
            for term in ["医保", "株洲"] {
                let want = index.candidates(term);
                let have = got.candidates(term);
                // A damaged list may only widen the candidates (to a scan), never lose one.
                assert!(want.iter().all(|d| have.contains(d)), "{term}");
            }
        }
        for k in 0..seg.len() {
            let _ = seg.record(k);
            let _ = seg.listed(k);
            if let Some(d) = seg.dump(k) {
                assert!(
                    d.json_after_source.starts_with(b"}"),
                    "a believed dump is the written one"
                );
            }
        }
    }
}
