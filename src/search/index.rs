//! The search index: for every character and every pair of adjacent characters, the
//! articles that contain it.
//!
//! Substring search needs no word list (jieba never yields 京清 from 北京清华, and a
//! half-typed 产业项 is no word at all). An article holding the term holds every bigram
//! of it, so intersecting the bigram lists gives a small candidate set that a memmem
//! pass over the folded article text confirms: results are exactly a scan's, at a
//! fraction of the cost (DESIGN.md §5). Posting lists are delta-varint bytes, built
//! incrementally as issues are added, so the index grows with the archive at about one
//! byte per (article, distinct bigram).

use crate::ids::DocId;
use crate::store::Corpus;
use rustc_hash::FxHashMap;

/// The articles holding one gram, and how often each holds it: pairs of varints
/// (doc id delta, occurrences) in one byte vector. The occurrence count of the doc
/// being added is kept aside until the next doc arrives.
#[derive(Debug, Default)]
struct Postings {
    last: u32,
    count: u32,
    /// Occurrences in doc `last`, not yet written.
    tf: u32,
    bytes: Vec<u8>,
}

fn put_varint(bytes: &mut Vec<u8>, mut v: u32) {
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

/// The varint at the start of `bytes` and its length in bytes.
fn read_varint(bytes: &[u8]) -> (u32, usize) {
    let (mut value, mut shift) = (0u32, 0u32);
    for (i, &b) in bytes.iter().enumerate() {
        value |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
        shift += 7;
    }
    (value, bytes.len())
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

    /// Appends `other`, whose doc ids are relative to `base` and all follow this
    /// list's: its first delta is re-encoded against this list's last doc, the rest of
    /// its bytes are copied as they are.
    fn extend(&mut self, other: Postings, base: u32) {
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
    fn decode(&self) -> Vec<(u32, u32)> {
        let mut out = Vec::with_capacity(self.count as usize);
        let (mut doc, mut value, mut shift) = (0u32, 0u32, 0u32);
        let mut pending: Option<u32> = None;
        for &b in &self.bytes {
            value |= u32::from(b & 0x7f) << shift;
            if b & 0x80 != 0 {
                shift += 7;
                continue;
            }
            match pending.take() {
                None => {
                    doc = if out.is_empty() { value } else { doc + value };
                    pending = Some(doc);
                }
                Some(d) => out.push((d, value)),
            }
            value = 0;
            shift = 0;
        }
        if let Some(d) = pending {
            out.push((d, self.tf));
        }
        out
    }
}

/// The gram index over a corpus's documents. It holds no text: candidates are
/// confirmed against the corpus ([`crate::store::Corpus`]).
#[derive(Debug, Default)]
pub struct Index {
    postings: FxHashMap<u64, Postings>,
    /// Documents indexed (ids `0..docs`).
    docs: u32,
    /// Keep no posting lists: every query scans every doc. For one query from the
    /// command line, building the lists would cost more than the scan they save.
    scan_only: bool,
}

/// A bigram key: two 21-bit code points and a tag bit that keeps them apart from
/// single chars.
fn gram2(a: char, b: char) -> u64 {
    (1 << 42) | (u64::from(a) << 21) | u64::from(b)
}

fn gram1(a: char) -> u64 {
    u64::from(a)
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

    /// Indexes the documents of `corpus` not indexed yet.
    pub fn add_docs(&mut self, corpus: &Corpus) {
        for k in self.len()..corpus.len() {
            let Some(doc) = corpus.doc(DocId::new(k)) else {
                break;
            };
            if !self.scan_only {
                self.index_text(doc.id.0, doc.text);
            }
            self.docs = doc.id.0 + 1;
        }
    }

    fn index_text(&mut self, doc: u32, text: &str) {
        let mut prev: Option<char> = None;
        for c in text.chars() {
            if c.is_whitespace() {
                prev = None;
                continue;
            }
            self.postings.entry(gram1(c)).or_default().push(doc);
            if let Some(p) = prev {
                self.postings.entry(gram2(p, c)).or_default().push(doc);
            }
            prev = Some(c);
        }
    }

    /// Appends an index built elsewhere over the documents that follow this one's (a
    /// background thread's segment, its doc ids counted from 0): its lists are
    /// re-based and copied, not rebuilt.
    pub fn append(&mut self, other: Index) {
        let base = self.docs;
        self.docs += other.docs;
        if self.scan_only {
            return;
        }
        for (gram, list) in other.postings {
            self.postings.entry(gram).or_default().extend(list, base);
        }
    }

    /// Articles that may contain `term` (folded, no whitespace): every one that does,
    /// and few that do not. Sorted doc ids.
    pub fn candidates(&self, term: &str) -> Vec<u32> {
        self.candidates_counted(term).0
    }

    /// Like `candidates`; when the term is one gram whose occurrences cannot overlap
    /// (one char, or two different chars), the candidates are exactly the articles
    /// holding it and the second list gives each one's occurrence count.
    pub fn candidates_counted(&self, term: &str) -> (Vec<u32>, Option<Vec<u32>>) {
        if self.scan_only {
            return ((0..self.docs).collect(), None);
        }
        let chars: Vec<char> = term.chars().collect();
        let mut keys: Vec<u64> = if chars.len() == 1 {
            vec![gram1(chars[0])]
        } else {
            chars.windows(2).map(|w| gram2(w[0], w[1])).collect()
        };
        keys.sort_unstable();
        keys.dedup();
        let exact = chars.len() == 1 || (chars.len() == 2 && chars[0] != chars[1]);
        let mut lists: Vec<&Postings> = Vec::with_capacity(keys.len());
        for k in keys {
            match self.postings.get(&k) {
                Some(p) => lists.push(p),
                None => return (Vec::new(), None),
            }
        }
        lists.sort_by_key(|p| p.count);
        let Some((first, rest)) = lists.split_first() else {
            return (Vec::new(), None);
        };
        let decoded = first.decode();
        if exact && rest.is_empty() {
            let (docs, tfs) = decoded.into_iter().unzip();
            return (docs, Some(tfs));
        }
        let mut out: Vec<u32> = decoded.into_iter().map(|(d, _)| d).collect();
        for p in rest {
            if out.is_empty() {
                break;
            }
            let other: Vec<u32> = p.decode().into_iter().map(|(d, _)| d).collect();
            out = intersect(&out, &other);
        }
        (out, None)
    }

    /// Heap bytes of the posting lists.
    pub fn heap_bytes(&self) -> usize {
        let postings: usize = self
            .postings
            .values()
            .map(|p| p.bytes.capacity() + 16)
            .sum();
        let table = self.postings.capacity() * (8 + std::mem::size_of::<Postings>());
        postings + table
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
            head.extend(tail, base);
            assert_eq!(head.decode(), whole.decode(), "split at {split}");
        }
    }

    #[test]
    fn an_index_built_in_segments_answers_like_one_built_whole() {
        use crate::ids::IssueIx;
        use crate::model::{Article, Issue};
        let issue = |titles: &[&str]| Issue {
            id: "x".into(),
            source: "x".into(),
            date: None,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
            articles: titles
                .iter()
                .map(|t| Article {
                    title: (*t).into(),
                    ..Article::default()
                })
                .collect(),
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
            grown.append(Index::build(&part));
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
}
