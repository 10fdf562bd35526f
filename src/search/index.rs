//! The search index: for every character and every pair of adjacent characters, the
//! articles that contain it.
//!
//! Substring search needs no word list (jieba never yields 京清 from 北京清华, and a
//! half-typed 产业项 is no word at all). An article holding the term holds every bigram
//! of it, so intersecting the bigram lists gives a small candidate set that a memmem
//! pass over the folded article text confirms: results are exactly a scan's, at a
//! fraction of the cost (DESIGN.md §5). Posting lists are delta-varint bytes, built
//! incrementally as issues are added, so the index grows with the archive at about one
//! byte per (article, distinct bigram). A cache segment also holds where each pair
//! lies in each article ([`POSITIONS`]), so that a longer term is counted from the
//! lists rather than confirmed by reading (`phrase`).

use super::headed::Trigrams;
use super::pinyin::first_letters;
use crate::ids::DocId;
use crate::store::Corpus;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The articles holding one gram, and how often each holds it: pairs of varints
/// (doc id delta, occurrences) in one byte vector. The occurrence count of the doc
/// being added is kept aside until the next doc arrives.
#[derive(Debug, Default, Clone)]
pub(super) struct Postings {
    last: u32,
    count: u32,
    /// Occurrences in doc `last`, not yet written.
    tf: u32,
    bytes: Vec<u8>,
}

pub(super) fn put_varint(bytes: &mut Vec<u8>, mut v: u32) {
    // Grow by half rather than double: millions of lists, most of them short,
    // would otherwise hold a quarter of their bytes as slack.
    if bytes.len() + 5 > bytes.capacity() {
        bytes.reserve_exact((bytes.len() / 2).max(8));
    }
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            bytes.push(byte);
            return;
        }
        bytes.push(byte | 0x80);
    }
}

/// The varint at the start of `bytes` and its length in bytes. Bits past the 32nd
/// of an overlong one (damaged bytes) are dropped, never shifted out of range.
pub(super) fn read_varint(bytes: &[u8]) -> (u32, usize) {
    let (mut value, mut shift) = (0u32, 0u32);
    for (i, &b) in bytes.iter().enumerate() {
        value |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
        shift = shift.saturating_add(7);
    }
    (value, bytes.len())
}

/// The varint at `at` in `bytes` (0 past the end), `at` moved past it. A one-byte
/// varint — nearly every gap and count in a common gram's list, what a keystroke
/// reads most — is taken without a call or a slice.
#[inline(always)]
pub(super) fn varint_at(bytes: &[u8], at: &mut usize) -> u32 {
    match bytes.get(*at) {
        Some(&b) if b < 0x80 => {
            *at += 1;
            u32::from(b)
        }
        _ => {
            let (v, n) = read_varint(bytes.get(*at..).unwrap_or_default());
            *at += n;
            v
        }
    }
}

impl Postings {
    fn push(&mut self, doc: u32) {
        if self.count > 0 && self.last == doc {
            self.tf = self.tf.saturating_add(1);
            return;
        }
        if self.count > 0 {
            put_varint(&mut self.bytes, self.tf);
        }
        let delta = if self.count == 0 {
            doc
        } else {
            doc - self.last
        };
        put_varint(&mut self.bytes, delta);
        self.last = doc;
        self.tf = 1;
        self.count += 1;
    }

    /// The list as a segment stores it under `key`: the last document's count
    /// written out.
    fn written(mut self, key: u64) -> (u64, Vec<u8>, u32, u32) {
        if self.count > 0 {
            put_varint(&mut self.bytes, self.tf);
        }
        (key, self.bytes, self.count, self.last)
    }

    /// Appends `other`, whose doc ids are relative to `base` and all follow this
    /// list's: its first delta is re-encoded against this list's last doc, the rest of
    /// its bytes are copied as they are.
    fn extend(&mut self, other: &Postings, base: u32) {
        if other.count == 0 {
            return;
        }
        let (first, len) = read_varint(&other.bytes);
        if self.count > 0 {
            put_varint(&mut self.bytes, self.tf);
        }
        let doc = base + first;
        let delta = if self.count == 0 {
            doc
        } else {
            doc - self.last
        };
        put_varint(&mut self.bytes, delta);
        self.bytes
            .extend_from_slice(other.bytes.get(len..).unwrap_or_default());
        self.last = base + other.last;
        self.tf = other.tf;
        self.count += other.count;
    }

    /// (doc, occurrences) in doc order.
    #[cfg(test)]
    fn decode(&self) -> Vec<(u32, u32)> {
        let mut out = Vec::with_capacity(self.count as usize);
        self.each(|d, n| out.push((d, n)));
        out
    }

    /// Calls `f` with (doc, occurrences) in doc order.
    fn each(&self, mut f: impl FnMut(u32, u32)) {
        let (mut doc, mut value, mut shift) = (0u32, 0u32, 0u32);
        let mut pending: Option<u32> = None;
        let mut first = true;
        for &b in &self.bytes {
            value |= u32::from(b & 0x7f) << shift;
            if b & 0x80 != 0 {
                shift += 7;
                continue;
            }
            match pending.take() {
                None => {
                    doc = if first { value } else { doc + value };
                    first = false;
                    pending = Some(doc);
                }
                Some(d) => f(d, value),
            }
            value = 0;
            shift = 0;
        }
        if let Some(d) = pending {
            f(d, self.tf);
        }
    }
}

/// The gram index over a corpus's documents, in parts that match the corpus's: lists
/// read from the on-disk cache, then lists growing in memory. It holds no text:
/// candidates are confirmed against the corpus ([`crate::store::Corpus`]).
#[derive(Debug, Default, Clone)]
pub struct Index {
    pub(super) parts: Vec<Part>,
    /// The first document id of each part.
    pub(super) bases: Vec<u32>,
    /// Documents indexed (ids `0..docs`).
    pub(super) docs: u32,
    /// Where the documents of the lists installed from the cache end.
    shared_end: u32,
    /// Build no posting lists for documents added: every query scans them (lists
    /// installed from the cache are still used). For one query from the command line,
    /// building the lists would cost more than the scan they save.
    pub(super) scan_only: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Part {
    /// Shared with whoever built it (a loader batch, which the cache writer also
    /// holds): adopted parts are not copied.
    Owned(Arc<FxHashMap<u64, Postings>>),
    Shared(SharedLists),
}

/// A gram's list in one part, ready to decode.
pub(super) enum List<'a> {
    Owned(&'a Postings),
    Shared { bytes: &'a [u8], count: u32 },
}

impl List<'_> {
    pub(super) fn count(&self) -> u32 {
        match self {
            List::Owned(p) => p.count,
            List::Shared { count, .. } => *count,
        }
    }

    /// Calls `f` with (doc, occurrences) in doc order, without building the list (a
    /// short gram's lists hold most of the archive, read on every keystroke).
    pub(super) fn each(&self, f: impl FnMut(u32, u32)) {
        match self {
            List::Owned(p) => p.each(f),
            List::Shared { bytes, .. } => each_complete(bytes, f),
        }
    }
}

/// What looking a gram up in one part found.
pub(super) enum Lookup<'a> {
    Found(List<'a>),
    Absent,
    /// The part's list is damaged (its checksum fails): the part must be scanned.
    Damaged,
}

/// A part of the article indexed apart as well as with the rest of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Column heading, kicker, title and subtitles.
    Heading,
    /// The byline as printed.
    Byline,
}

impl Field {
    /// The bit that marks the field's keys (above every whole-article key).
    pub(super) fn tag(self) -> u64 {
        match self {
            Field::Heading => 1 << 43,
            Field::Byline => 1 << 44,
        }
    }
}

/// Keys at or above this are a field's, not the whole article's.
pub(super) const FIELD_KEYS: u64 = 1 << 43;

/// The tag of a pair's positions list: for each article of the pair's list, in the
/// same order, the byte offsets in its text where the pair starts (the first one as
/// it is, the rest as gaps). Only cache segments hold them, written beside the lists
/// they follow ([`segment_lists`]): a term of three chars or more is then counted
/// from where its pairs lie, not by reading every article that holds them all.
pub(super) const POSITIONS: u64 = 1 << 45;

/// The tag of an initials list: for each pair of letters, the articles holding two
/// adjacent chars whose readings begin with them (株洲: z-z; 重要, read zhong or
/// chong: z-y and c-y), and with [`POSITIONS`] where each such pair starts. Only
/// cache segments hold them ([`segment_lists`]). A pinyin term spelled one letter a
/// char (`zzr`) is then placed by two or three lists, as a term of chars is by its
/// pairs, instead of by following every pair of chars each letter can stand for.
pub(super) const INITIALS: u64 = 1 << 46;

/// The key of letters `a`-`b`'s initials list (`a`, `b`: 0 for a, up to 25).
pub(super) fn initials_key(a: u32, b: u32) -> u64 {
    INITIALS | u64::from(a * 26 + b)
}

/// The 21 bits of one char in a pair's key.
pub(super) const CHAR_BITS: u64 = 0x1f_ffff;

/// The chars of a pair's key; `None` for any other key.
pub(super) fn pair_chars(gram: u64) -> Option<(char, char)> {
    if gram >> 42 != 1 {
        return None;
    }
    let a = char::from_u32(((gram >> 21) & CHAR_BITS) as u32)?;
    let b = char::from_u32((gram & CHAR_BITS) as u32)?;
    Some((a, b))
}

/// A bigram key: two 21-bit code points and a tag bit that keeps them apart from
/// single chars.
pub(super) fn gram2(a: char, b: char) -> u64 {
    (1 << 42) | (u64::from(a) << 21) | u64::from(b)
}

pub(super) fn gram1(a: char) -> u64 {
    u64::from(a)
}

/// The grams of a term, sorted and deduplicated, and whether one list answers it
/// exactly with counts (one char, or two different chars: occurrences cannot overlap).
/// Whitespace is never indexed (a quoted phrase may hold some): pairs across it are
/// left out, and a term with no pair left is looked up by its chars. No grams at all
/// (a term of spaces): every article is a candidate.
pub(super) fn grams(term: &str) -> (Vec<u64>, bool) {
    let chars: Vec<char> = term.chars().collect();
    let spaced = chars.iter().any(|c| c.is_whitespace());
    let mut keys: Vec<u64> = if chars.len() == 1 {
        vec![gram1(chars[0])]
    } else {
        chars
            .windows(2)
            .filter(|w| !w[0].is_whitespace() && !w[1].is_whitespace())
            .map(|w| gram2(w[0], w[1]))
            .collect()
    };
    if keys.is_empty() || chars.len() == 1 && spaced {
        keys = chars
            .iter()
            .filter(|c| !c.is_whitespace())
            .map(|&c| gram1(c))
            .collect();
    }
    keys.sort_unstable();
    keys.dedup();
    let exact = !spaced && (chars.len() == 1 || (chars.len() == 2 && chars[0] != chars[1]));
    (keys, exact)
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// An index for a single query: no lists, every query a scan (same results).
    pub fn scan_only() -> Index {
        Index {
            scan_only: true,
            ..Index::default()
        }
    }

    /// An index of every document of `corpus`.
    pub fn build(corpus: &Corpus) -> Index {
        let mut index = Index::new();
        index.add_docs(corpus);
        index
    }

    /// Documents indexed so far.
    pub fn len(&self) -> usize {
        self.docs as usize
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// The growing part, made when missing (an adopted part is never grown: it is
    /// shared).
    fn owned(&mut self) -> &mut FxHashMap<u64, Postings> {
        let growing = match self.parts.last_mut() {
            Some(Part::Owned(map)) => Arc::get_mut(map).is_some(),
            _ => false,
        };
        if !growing {
            self.bases.push(self.docs);
            self.parts.push(Part::Owned(Arc::default()));
        }
        match self.parts.last_mut() {
            // Not shared (checked, or just made): no copy.
            Some(Part::Owned(map)) => Arc::make_mut(map),
            _ => unreachable!("the last part is owned"),
        }
    }

    /// Indexes the documents of `corpus` not indexed yet (a dead document keeps its
    /// id and indexes as nothing).
    pub fn add_docs(&mut self, corpus: &Corpus) {
        for k in self.len()..corpus.len() {
            if !self.scan_only
                && let Some(doc) = corpus.doc(DocId::new(k))
            {
                let local = doc.id.0 - self.base_of_owned();
                let lists = self.owned();
                index_text(lists, local, doc.text_str(), 0);
                // The headline and the byline again, apart: a short term's headline
                // hits and byline hits are then known without reading the article.
                let heading = doc.text.get(..doc.heading_end()).unwrap_or_default();
                index_text(
                    lists,
                    local,
                    std::str::from_utf8(heading).unwrap_or(""),
                    Field::Heading.tag(),
                );
                index_text(
                    lists,
                    local,
                    doc.block_of(crate::store::Role::Byline),
                    Field::Byline.tag(),
                );
            }
            self.docs = u32::try_from(k + 1).unwrap_or(u32::MAX);
        }
    }

    /// The first id of the growing part (made now if missing).
    fn base_of_owned(&mut self) -> u32 {
        self.owned();
        self.bases.last().copied().unwrap_or(0)
    }

    /// Appends an index built elsewhere over the documents that follow this one's (a
    /// background thread's segment, its doc ids counted from 0): its lists are
    /// re-based and copied, not rebuilt.
    pub fn append(&mut self, other: &Index) {
        let base = self.docs;
        if !self.scan_only {
            for (part, &part_base) in other.parts.iter().zip(&other.bases) {
                match part {
                    Part::Owned(lists) => {
                        let rebase = base + part_base - self.base_of_owned();
                        let owned = self.owned();
                        for (&gram, list) in lists.iter() {
                            owned.entry(gram).or_default().extend(list, rebase);
                        }
                    }
                    Part::Shared(shared) => {
                        let docs = other.shared_end.saturating_sub(part_base);
                        self.install_at(shared.clone(), base + part_base, docs)
                    }
                }
            }
        }
        self.docs = base + other.docs;
    }

    /// Takes in an index built elsewhere over the documents that follow this one's (a
    /// loader batch's) as parts of its own, shared rather than copied; see
    /// [`Index::replace`].
    pub fn adopt(&mut self, other: &Index) {
        let base = self.docs;
        for (part, &b) in other.parts.iter().zip(&other.bases) {
            self.bases.push(base + b);
            self.parts.push(part.clone());
        }
        self.shared_end = self.shared_end.max(base + other.shared_end);
        self.docs = base + other.docs;
    }

    /// Puts `lists`, read from the cache, in place of the adopted parts over exactly
    /// documents `docs` (the cache writer saved them; see [`Corpus::replace`], which
    /// checks they are the same documents). `false`, and nothing changed, unless a
    /// run of adopted parts covers exactly those documents.
    pub fn replace(&mut self, docs: std::ops::Range<u32>, lists: SharedLists) -> bool {
        let end = |k: usize| self.part_docs(k).end;
        let owned = |k: usize| matches!(self.parts[k], Part::Owned(_));
        let Some(parts) = crate::store::tiling(&self.bases, end, owned, &docs) else {
            return false;
        };
        self.parts.splice(parts.clone(), [Part::Shared(lists)]);
        self.bases.splice(parts, [docs.start]);
        self.shared_end = self.shared_end.max(docs.end);
        true
    }

    /// Adds lists read from the cache for the documents that follow this index's.
    pub fn install(&mut self, lists: SharedLists, docs: u32) {
        let base = self.docs;
        self.install_at(lists, base, docs);
        self.docs = base + docs;
    }

    fn install_at(&mut self, lists: SharedLists, base: u32, docs: u32) {
        self.bases.push(base);
        self.parts.push(Part::Shared(lists));
        self.shared_end = self.shared_end.max(base + docs);
    }

    /// The first document past the installed lists (the rest, with `scan_only`, are
    /// scanned).
    pub(super) fn listed_end(&self) -> u32 {
        self.parts
            .len()
            .checked_sub(1)
            .map_or(0, |k| self.part_docs(k).end)
    }

    /// The documents of part `k`: ids from its base to the next part's (a last part
    /// from the cache ends where its documents do; documents added after it have no
    /// lists of their own when nothing is built for them).
    pub(super) fn part_docs(&self, k: usize) -> std::ops::Range<u32> {
        let start = self.bases.get(k).copied().unwrap_or(self.docs);
        let end = match (self.bases.get(k + 1), self.parts.get(k)) {
            (Some(&next), _) => next,
            (None, Some(Part::Shared(_))) => self.shared_end.max(start),
            (None, _) => self.docs,
        };
        start..end
    }

    /// The growing part's lists, complete and sorted by gram, taken out of the index
    /// for the cache writer (which starts a new one): moved, not copied.
    fn into_lists(self) -> Vec<(u64, Vec<u8>, u32, u32)> {
        let Some(Part::Owned(map)) = self.parts.into_iter().last() else {
            return Vec::new();
        };
        let map = Arc::try_unwrap(map).unwrap_or_else(|shared| (*shared).clone());
        let mut out: Vec<(u64, Vec<u8>, u32, u32)> =
            map.into_iter().map(|(gram, p)| p.written(gram)).collect();
        out.sort_unstable_by_key(|x| x.0);
        out
    }

    /// Heap bytes of the posting lists (mapped lists are not on the heap).
    pub fn heap_bytes(&self) -> usize {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Owned(map) => {
                    let lists: usize = map.values().map(|p| p.bytes.capacity() + 16).sum();
                    lists + map.capacity() * (8 + std::mem::size_of::<Postings>())
                }
                Part::Shared(_) => 0,
            })
            .sum()
    }
}

impl Part {
    /// Calls `f` with the key of every pair of chars the part holds — only those
    /// starting with one of `firsts` when given; `false` when its table cannot be read.
    pub(super) fn pairs(&self, firsts: Option<&[u64]>, mut f: impl FnMut(u64)) -> bool {
        let pair = |g: u64| g >> 42 == 1;
        match (self, firsts) {
            (Part::Owned(map), None) => map.keys().filter(|&&g| pair(g)).for_each(|&g| f(g)),
            (Part::Owned(map), Some(firsts)) => {
                let firsts: rustc_hash::FxHashSet<u64> = firsts.iter().copied().collect();
                map.keys()
                    .filter(|&&g| pair(g) && firsts.contains(&((g >> 21) & CHAR_BITS)))
                    .for_each(|&g| f(g));
            }
            (Part::Shared(shared), firsts) => {
                let Some(table) = shared.table() else {
                    return false;
                };
                let mut scan = |rows: std::ops::Range<usize>| {
                    for row in rows {
                        f(table[row * GRAM_WORDS]);
                    }
                };
                let directory = shared.firsts(table);
                let row_of = |k: usize| directory.get(k).map_or(0, |&(_, row)| row as usize);
                match firsts {
                    None => scan(row_of(0)..row_of(directory.len() - 1)),
                    Some(firsts) => {
                        // In key order, each pair once.
                        let mut firsts = firsts.to_vec();
                        firsts.sort_unstable();
                        firsts.dedup();
                        // The directory ends with an entry past every char.
                        let chars = &directory[..directory.len() - 1];
                        for a in firsts {
                            if let Ok(k) = chars.binary_search_by_key(&a, |&(c, _)| u64::from(c)) {
                                scan(row_of(k)..row_of(k + 1));
                            }
                        }
                    }
                }
            }
        }
        true
    }

    pub(super) fn lookup(&self, gram: u64) -> Lookup<'_> {
        match self {
            Part::Owned(map) => map
                .get(&gram)
                .map_or(Lookup::Absent, |p| Lookup::Found(List::Owned(p))),
            Part::Shared(shared) => shared.lookup(gram),
        }
    }
}

/// Indexes `text` of `doc`: its chars and pairs of chars, as keys marked with `tag`
/// (0: the whole article; see [`Field`]).
fn index_text(lists: &mut FxHashMap<u64, Postings>, doc: u32, text: &str, tag: u64) {
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        lists.entry(gram1(c) | tag).or_default().push(doc);
    }
    each_pair(text, |pair, _| {
        lists.entry(pair | tag).or_default().push(doc)
    });
}

/// Calls `f` with the key of every pair of adjacent chars in `text` that whitespace
/// does not part, and the byte offset where the pair starts: the pairs the index
/// lists, and where they lie.
fn each_pair(text: &str, mut f: impl FnMut(u64, u32)) {
    let mut prev: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            prev = None;
            continue;
        }
        if let Some((p_at, p)) = prev {
            f(gram2(p, c), u32::try_from(p_at).unwrap_or(u32::MAX));
        }
        prev = Some((at, c));
    }
}

/// One pair's positions list as it is written.
#[derive(Default)]
struct Spots {
    /// The article the last offset belongs to, and that offset.
    doc: u32,
    last: u32,
    /// Articles listed.
    count: u32,
    bytes: Vec<u8>,
    /// The pair is frequent (see [`Trigrams`]).
    frequent: bool,
}

/// The lists a cache segment holds for `corpus` (doc ids from 0) and its `index`
/// (whose lists are taken, not copied: a segment's are tens of MB):
/// the index's lists, then every article pair's positions list
/// ([`POSITIONS`]), the initials lists ([`INITIALS`]) and the headline-first lists
/// of its frequent terms ([`super::headed::HEADED`]), all sorted by key.
pub fn segment_lists(index: Index, corpus: &Corpus) -> Vec<(u64, Vec<u8>, u32, u32)> {
    let mut lists = index.into_lists();
    let mut spots: FxHashMap<u64, Spots> = FxHashMap::default();
    // By letter pair (26 × 26), the initials lists: the whole article's, the
    // headline's, and their positions.
    let mut initials: Vec<Initials> = (0..26 * 26).map(|_| Initials::default()).collect();
    let mut trigrams = Trigrams::new(&lists, corpus.len());
    for pair in trigrams.frequent_pairs() {
        spots.entry(pair).or_default().frequent = true;
    }
    // The documents the index lists, in the order it lists them.
    for doc in (0..corpus.len()).filter_map(|k| corpus.doc(DocId::new(k))) {
        let id = doc.id.0;
        let heading_end = u32::try_from(doc.heading_end()).unwrap_or(u32::MAX);
        trigrams.start_doc(id, heading_end);
        each_pair(doc.text_str(), |pair, at| {
            let s = spots.entry(pair).or_default();
            s.place(id, at);
            trigrams.see(pair, at, s.frequent);
            let a = first_letters(((pair >> 21) & CHAR_BITS) as u32);
            if a == 0 {
                return;
            }
            let b = first_letters((pair & CHAR_BITS) as u32);
            // Chars of the reading table are three bytes long.
            let in_heading = at + 6 <= heading_end;
            let mut place = |slot: u32| {
                if let Some(i) = initials.get_mut(slot as usize) {
                    i.docs.push(id);
                    if in_heading {
                        i.heading.push(id);
                    }
                    i.at.place(id, at);
                }
            };
            // Most chars have one reading, or readings of one first letter.
            if a.is_power_of_two() && b.is_power_of_two() {
                place(a.trailing_zeros() * 26 + b.trailing_zeros());
            } else {
                for la in letters(a) {
                    for lb in letters(b) {
                        place(la * 26 + lb);
                    }
                }
            }
        });
    }
    let mut positions: Vec<(u64, Vec<u8>, u32, u32)> = spots
        .into_iter()
        .map(|(pair, s)| s.written(pair | POSITIONS))
        .collect();
    positions.sort_unstable_by_key(|x| x.0);
    lists.extend(positions);
    // Keyed above every other list, in key order: the whole articles' initials
    // lists, the headlines', then the positions.
    let (mut headings, mut placed) = (Vec::new(), Vec::new());
    for (slot, i) in (0u64..).zip(initials) {
        if i.docs.count > 0 {
            lists.push(i.docs.written(INITIALS | slot));
        }
        if i.heading.count > 0 {
            headings.push(i.heading.written(INITIALS | Field::Heading.tag() | slot));
        }
        if i.at.count > 0 {
            placed.push(i.at.written(INITIALS | POSITIONS | slot));
        }
    }
    lists.extend(headings);
    lists.extend(placed);
    // Keyed above all of those.
    let headed = trigrams.headed(&lists);
    lists.extend(headed);
    lists
}

/// One letter pair's initials lists as they are written (see [`INITIALS`]).
#[derive(Default)]
struct Initials {
    docs: Postings,
    heading: Postings,
    at: Spots,
}

/// The letters of a set (bit 0: a), as 0 for a up to 25.
fn letters(mut set: u32) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        let l = set.trailing_zeros();
        set &= set.wrapping_sub(1);
        (l < 26).then_some(l)
    })
}

impl Spots {
    /// The list as a segment stores it under `key`.
    fn written(self, key: u64) -> (u64, Vec<u8>, u32, u32) {
        (key, self.bytes, self.count, self.doc)
    }

    /// Notes that the pair starts at byte `at` of document `doc` (documents in
    /// increasing order, offsets in increasing order within one).
    fn place(&mut self, doc: u32, at: u32) {
        if self.count == 0 || self.doc != doc {
            self.doc = doc;
            self.count += 1;
            put_varint(&mut self.bytes, at);
        } else {
            put_varint(&mut self.bytes, at - self.last);
        }
        self.last = at;
    }
}

/// Calls `f` with the (doc, occurrences) pairs of a complete list (its last count
/// written out).
pub(super) fn each_complete(bytes: &[u8], mut f: impl FnMut(u32, u32)) {
    let (mut doc, mut at, mut first) = (0u32, 0usize, true);
    while at < bytes.len() {
        let delta = varint_at(bytes, &mut at);
        let tf = varint_at(bytes, &mut at);
        doc = if first {
            delta
        } else {
            doc.saturating_add(delta)
        };
        first = false;
        f(doc, tf);
    }
}

/// u64 words per gram in a shared gram table: gram, offset, length, count, checksum.
pub const GRAM_WORDS: usize = 5;

/// Posting lists read from bytes owned elsewhere (a mapped cache file): a gram table
/// sorted by gram, and the lists' bytes. Each list is checked against its checksum
/// when it is read.
#[derive(Clone)]
pub struct SharedLists {
    bytes: crate::store::part::Bytes,
    grams: std::ops::Range<usize>,
    lists: std::ops::Range<usize>,
    /// Told when a list fails its checksum (shared with the documents' part).
    checked: std::sync::Arc<crate::store::part::Checked>,
    /// By row, whether the list's checksum held when it was first read: the mapped
    /// file is never rewritten in place (a new cache is renamed over it), so a list
    /// once good stays good. A pinyin keystroke reads some thousand lists, and the
    /// commonest pairs' positions run to megabytes at 100,000 issues: each was
    /// hashed again on every keystroke.
    held: std::sync::Arc<crate::store::part::Checked>,
    /// Where each first char's pairs begin in the table (see [`SharedLists::firsts`]).
    firsts: std::sync::Arc<std::sync::OnceLock<Vec<(u32, u32)>>>,
    /// Every [`SAMPLE`]th row's gram (see [`SharedLists::lower_bound`]).
    sampled: std::sync::Arc<std::sync::OnceLock<Vec<u64>>>,
}

/// Rows of a gram table per sampled gram: a sample's rows fit in a page, and the
/// samples (a quarter of a byte a row, beside the table's forty) are few enough to
/// stay in the cache.
const SAMPLE: usize = 32;

impl std::fmt::Debug for SharedLists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedLists")
            .field("grams", &(self.grams.len() / 8 / GRAM_WORDS))
            .finish()
    }
}

impl SharedLists {
    /// Lists over `bytes`; `None` unless the table is inside them, aligned and whole.
    pub fn new(
        bytes: crate::store::part::Bytes,
        grams: std::ops::Range<usize>,
        lists: std::ops::Range<usize>,
        checked: std::sync::Arc<crate::store::part::Checked>,
    ) -> Option<SharedLists> {
        let shared = SharedLists {
            bytes,
            grams,
            lists,
            checked,
            held: std::sync::Arc::default(),
            firsts: std::sync::Arc::default(),
            sampled: std::sync::Arc::default(),
        };
        let table = shared.table()?;
        let rows = table.len() / GRAM_WORDS;
        table.len().is_multiple_of(GRAM_WORDS).then(|| SharedLists {
            held: std::sync::Arc::new(crate::store::part::Checked::new(rows)),
            ..shared
        })
    }

    fn table(&self) -> Option<&[u64]> {
        let all: &[u8] = (*self.bytes).as_ref();
        bytemuck::try_cast_slice(all.get(self.grams.clone())?).ok()
    }

    /// Whether every list's checksum holds.
    pub fn intact(&self) -> bool {
        let Some(table) = self.table() else {
            return false;
        };
        table
            .chunks_exact(GRAM_WORDS)
            .all(|row| matches!(self.lookup(row[0]), Lookup::Found(_)))
    }

    /// Every char that starts a pair in the table, with the row where its pairs
    /// begin, in order, then an entry past them all (the row where pairs end). Made
    /// once, by galloping from one char's pairs to the next: a pinyin term starts
    /// with one of hundreds of chars, and finding each in the whole table on every
    /// keystroke cost more than reading their pairs.
    fn firsts(&self, table: &[u64]) -> &[(u32, u32)] {
        self.firsts.get_or_init(|| {
            let rows = table.len() / GRAM_WORDS;
            let row_u32 = |row: usize| u32::try_from(row).unwrap_or(u32::MAX);
            let mut out = Vec::new();
            let mut at = self.lower_bound(table, 1 << 42);
            while at < rows && table[at * GRAM_WORDS] < FIELD_KEYS {
                let a = (table[at * GRAM_WORDS] >> 21) & CHAR_BITS;
                out.push((u32::try_from(a).unwrap_or(u32::MAX), row_u32(at)));
                at = self.lower_bound_from(table, (1 << 42) | ((a + 1) << 21), at);
            }
            out.push((u32::MAX, row_u32(at.min(rows))));
            out
        })
    }

    /// Every [`SAMPLE`]th row's gram, made once on first use: see
    /// [`SharedLists::lower_bound`].
    fn sampled(&self, table: &[u64]) -> &[u64] {
        self.sampled.get_or_init(|| {
            table
                .chunks(GRAM_WORDS)
                .step_by(SAMPLE)
                .map(|row| row[0])
                .collect()
        })
    }

    /// The first row of `table` whose gram is not below `gram`: found among the
    /// sampled rows, then among the few rows after the sample below it. Bisecting
    /// the whole table touched a cache line and a page apiece at fifteen places
    /// strewn over it; a person types with pauses long enough for the machine to
    /// forget them all, and a pinyin keystroke looks up thousands of lists.
    fn lower_bound(&self, table: &[u64], gram: u64) -> usize {
        let rows = table.len() / GRAM_WORDS;
        let below = self.sampled(table).partition_point(|&k| k < gram);
        if below == 0 {
            return 0;
        }
        // Sample `below - 1` is below `gram`, sample `below` (if any) is not.
        let (mut lo, mut hi) = ((below - 1) * SAMPLE + 1, (below * SAMPLE).min(rows));
        while lo < hi {
            let mid = (lo + hi) / 2;
            if table[mid * GRAM_WORDS] < gram {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The first row not below `gram`, known to be at `from` or after: found by
    /// galloping on from `from`, then bisecting.
    fn lower_bound_from(&self, table: &[u64], gram: u64, from: usize) -> usize {
        let rows = table.len() / GRAM_WORDS;
        let key = |row: usize| table[row * GRAM_WORDS];
        let mut lo = from.min(rows);
        let mut step = 1;
        let mut hi = lo;
        while hi < rows && key(hi) < gram {
            lo = hi + 1;
            hi = hi.saturating_add(step);
            step *= 2;
        }
        let mut hi = hi.min(rows);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if key(mid) < gram {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn lookup(&self, gram: u64) -> Lookup<'_> {
        let Some(table) = self.table() else {
            return Lookup::Damaged;
        };
        let k = self.lower_bound(table, gram);
        let row = match table.get(k * GRAM_WORDS..(k + 1) * GRAM_WORDS) {
            Some(row) if row[0] == gram => row,
            _ => return Lookup::Absent,
        };
        let all: &[u8] = (*self.bytes).as_ref();
        let (Ok(offset), Ok(len)) = (usize::try_from(row[1]), usize::try_from(row[2])) else {
            return Lookup::Damaged;
        };
        let start = self.lists.start.saturating_add(offset);
        let end = start.saturating_add(len);
        let holds = |bytes: &[u8]| {
            self.held
                .check(k, || xxhash_rust::xxh3::xxh3_64(bytes) == row[4])
        };
        match all.get(start..end) {
            Some(bytes) if end <= self.lists.end && holds(bytes) => Lookup::Found(List::Shared {
                bytes,
                count: u32::try_from(row[3] >> 32).unwrap_or(u32::MAX),
            }),
            _ => {
                self.checked.found_damage();
                Lookup::Damaged
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::candidates::{intersect, union};

    /// A list read pair by pair the plain way: each varint sliced off and read.
    fn read_plainly(bytes: &[u8]) -> Vec<(u32, u32)> {
        let (mut out, mut doc, mut at) = (Vec::new(), 0u32, 0usize);
        while at < bytes.len() {
            let (delta, n) = read_varint(&bytes[at..]);
            at += n;
            let (tf, n) = read_varint(bytes.get(at..).unwrap_or_default());
            at += n;
            doc = if out.is_empty() {
                delta
            } else {
                doc.saturating_add(delta)
            };
            out.push((doc, tf));
        }
        out
    }

    proptest::proptest! {
        /// The list reader, taking one-byte varints inline, reads any bytes — lists
        /// as written, and damaged ones — as reading each varint plainly does.
        #[test]
        fn the_list_reader_reads_any_bytes_as_plain_reading_does(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![0u8..0x80, 0x80u8..=0xff],
                0..200,
            ),
        ) {
            let mut read = Vec::new();
            each_complete(&bytes, |d, n| read.push((d, n)));
            proptest::prop_assert_eq!(read, read_plainly(&bytes));
        }
    }

    /// An overlong varint (six bytes: only damaged bytes hold one) is read, not a
    /// shift past 32 bits.
    #[test]
    fn an_overlong_varint_is_read_without_overflowing() {
        let bytes = [128, 128, 128, 128, 128, 0];
        let mut read = Vec::new();
        each_complete(&bytes, |d, n| read.push((d, n)));
        assert_eq!(read, read_plainly(&bytes));
        assert_eq!(read_varint(&bytes), (0, 6));
    }

    #[test]
    fn union_and_intersect_agree_with_sets() {
        let a = [1u32, 3, 5, 9];
        let b = [2u32, 3, 9, 10];
        assert_eq!(union(&a, &b), [1, 2, 3, 5, 9, 10]);
        assert_eq!(intersect(&a, &b), [3, 9]);
        assert_eq!(union(&a, &[]), a);
    }

    #[test]
    fn postings_round_trip_through_varints() {
        let mut p = Postings::default();
        let docs = [0u32, 1, 1, 5, 127, 128, 300, 70_000, 2_000_000];
        for d in docs {
            p.push(d);
        }
        let got = p.decode();
        assert_eq!(
            got,
            [
                (0, 1),
                (1, 2),
                (5, 1),
                (127, 1),
                (128, 1),
                (300, 1),
                (70_000, 1),
                (2_000_000, 1)
            ]
        );
    }

    #[test]
    fn appended_lists_equal_lists_built_whole() {
        let docs = [0u32, 0, 3, 3, 3, 4, 200, 201, 5_000, 5_000, 70_000];
        for split in 0..docs.len() {
            let base = docs.get(split).copied().unwrap_or(70_001);
            let (mut whole, mut head, mut tail) = (
                Postings::default(),
                Postings::default(),
                Postings::default(),
            );
            for &d in &docs {
                whole.push(d);
            }
            for &d in &docs[..split] {
                head.push(d);
            }
            for &d in &docs[split..] {
                tail.push(d - base);
            }
            // Lists never share a doc across a segment boundary.
            if split > 0 && docs[split - 1] == base {
                continue;
            }
            head.extend(&tail, base);
            assert_eq!(head.decode(), whole.decode(), "split at {split}");
        }
    }

    #[test]
    fn an_index_built_in_segments_answers_like_one_built_whole() {
        use crate::ids::IssueIx;
        use crate::model::{Article, Issue};
        let issue = |titles: &[&str]| {
            Issue::of_articles(
                titles
                    .iter()
                    .map(|t| Article {
                        title: (*t).into(),
                        ..Article::default()
                    })
                    .collect(),
            )
        };
        let issues = [
            issue(&["医保支付", "株洲医保"]),
            issue(&["产业项目", "医保局"]),
            issue(&["株洲"]),
        ];
        let mut corpus = Corpus::new();
        for (k, i) in issues.iter().enumerate() {
            corpus.add_issue(IssueIx::new(k), i);
        }
        let whole = Index::build(&corpus);
        let mut grown = Index::new();
        for (k, i) in issues.iter().enumerate() {
            let mut part = Corpus::new();
            part.add_issue(IssueIx::new(k), i);
            grown.append(&Index::build(&part));
        }
        assert_eq!(grown.len(), whole.len());
        for term in ["医", "医保", "株洲", "产业项", "局", "无"] {
            assert_eq!(
                grown.candidates_counted(term),
                whole.candidates_counted(term),
                "{term}"
            );
        }
    }

    #[test]
    fn intersection_of_sorted_lists() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 5, 8]), [3, 5]);
        assert!(intersect(&[], &[1]).is_empty());
    }

    /// The pairs starting with some chars, found range by range in the gram table,
    /// are exactly those a walk over every pair picks (first chars absent, repeated,
    /// out of order, before and past the table's included).
    #[test]
    fn pairs_by_first_char_are_the_ones_a_full_walk_picks() {
        let corpus = crate::search::installed::corpus_of("哈株洲市 a哈日报");
        let index = crate::search::installed::installed(&corpus);
        let part = &index.parts[0];
        let mut all = Vec::new();
        assert!(part.pairs(None, |g| all.push(g)));
        let firsts_of =
            |grams: &[u64]| -> Vec<u64> { grams.iter().map(|g| (g >> 21) & CHAR_BITS).collect() };
        let mut chars = firsts_of(&all);
        chars.sort_unstable();
        chars.dedup();
        assert!(chars.len() > 4, "{chars:?}");
        let picks = [
            chars.clone(),
            vec![chars[3], chars[1], chars[3]],
            vec![u64::from('\0'), *chars.last().expect("chars") + 1],
            vec![chars[0], u64::from('龥'), chars[2]],
            vec![],
        ];
        for firsts in picks {
            let mut got = Vec::new();
            assert!(part.pairs(Some(&firsts), |g| got.push(g)));
            let want: Vec<u64> = all
                .iter()
                .copied()
                .filter(|g| firsts.contains(&((g >> 21) & CHAR_BITS)))
                .collect();
            assert_eq!(got, want, "{firsts:?}");
        }
    }

    /// Galloping on from a row, and going by the sampled rows, find the row a count
    /// of the smaller keys says, for every key in the table, between its keys and
    /// past them (the gallop from every row not after it).
    #[test]
    fn a_gallop_and_the_samples_find_what_counting_finds() {
        let corpus = crate::search::installed::corpus_of("哈株洲市 a哈日报");
        let index = crate::search::installed::installed(&corpus);
        let Part::Shared(shared) = &index.parts[0] else {
            panic!("an installed part");
        };
        let table = shared.table().expect("a table");
        let rows = table.len() / GRAM_WORDS;
        assert!(rows > 4 * SAMPLE, "{rows}");
        for row in 0..=rows {
            let key = table.get(row * GRAM_WORDS).copied().unwrap_or(u64::MAX);
            for gram in [key.saturating_sub(1), key, key.saturating_add(1)] {
                let want = table.chunks(GRAM_WORDS).filter(|r| r[0] < gram).count();
                assert_eq!(shared.lower_bound(table, gram), want, "{gram}");
                for from in 0..=want {
                    assert_eq!(
                        shared.lower_bound_from(table, gram, from),
                        want,
                        "{gram} {from}"
                    );
                }
            }
        }
    }
}
