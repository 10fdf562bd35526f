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

use super::fold::fold_char;
use crate::blocks::{Role, blocks};
use crate::model::Issue;
use rustc_hash::FxHashMap;

/// One searchable article.
#[derive(Debug)]
pub struct Doc {
    pub issue: u32,
    pub article: u32,
    /// Folded text of the article's blocks, joined by '\n'.
    pub text: Box<str>,
    /// Byte offset in `text` where each block starts.
    pub starts: Box<[u32]>,
    pub roles: Box<[Role]>,
    /// Where the headline blocks (kicker, title, subtitles) end in `text`.
    pub heading_end: u32,
    /// Where folding changed a char: (byte offset in `text`, the char as printed).
    /// With these the doc is also the reader's copy of the article's text, so an
    /// archive's bodies are held once, not twice.
    pub unfolded: Box<[(u32, char)]>,
}

impl Doc {
    /// Block `b` as printed (sanitised, not folded); a note block (made by zzread, not
    /// indexed) comes back empty.
    pub fn block_text(&self, b: usize) -> String {
        let Some(&start) = self.starts.get(b) else {
            return String::new();
        };
        let start = start as usize;
        let end = self
            .starts
            .get(b + 1)
            .map_or(self.text.len(), |&s| (s as usize).saturating_sub(1));
        let folded = self.text.get(start..end).unwrap_or("");
        let first = self
            .unfolded
            .partition_point(|&(at, _)| (at as usize) < start);
        let mut changes = self.unfolded[first..]
            .iter()
            .take_while(|&&(at, _)| (at as usize) < end)
            .peekable();
        if changes.peek().is_none() {
            return folded.to_owned();
        }
        let mut out = String::with_capacity(folded.len() + 8);
        for (i, c) in folded.char_indices() {
            match changes.peek() {
                Some(&&(at, original)) if at as usize == start + i => {
                    out.push(original);
                    changes.next();
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// Every block as printed, with its role.
    pub fn blocks(&self) -> Vec<(Role, String)> {
        (0..self.roles.len())
            .map(|b| (self.roles[b], self.block_text(b)))
            .collect()
    }

    /// The block holding folded byte offset `at`.
    pub fn block_at(&self, at: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1)
    }
}

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

#[derive(Debug, Default)]
pub struct Index {
    pub docs: Vec<Doc>,
    postings: FxHashMap<u64, Postings>,
    /// Bytes of folded text indexed (for progress and memory figures).
    pub text_bytes: usize,
    /// Issue dates by issue index, and their ranks (newer is larger; undated 0),
    /// recomputed after issues are added.
    dates: Vec<Option<String>>,
    ranks: std::sync::OnceLock<Vec<u32>>,
    /// The doc id of each issue's first article (`u32::MAX`: not indexed).
    first_doc: Vec<u32>,
    /// Keep no posting lists: every query scans every doc. For one query from the
    /// command line, building the lists would cost more than the scan they save.
    scan_only: bool,
}

/// A bigram key: two 21-bit code points and a tag bit that keeps them apart from
/// single chars.
pub fn gram2(a: char, b: char) -> u64 {
    (1 << 42) | (u64::from(a) << 21) | u64::from(b)
}

pub fn gram1(a: char) -> u64 {
    u64::from(a)
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// An index for a single query: docs only, every query a scan (same results).
    pub fn scan_only() -> Index {
        Index {
            scan_only: true,
            ..Index::default()
        }
    }

    /// Adds every article of an issue (issue `index` in the app's order).
    pub fn add_issue(&mut self, index: usize, issue: &Issue) {
        if self.dates.len() <= index {
            self.dates.resize(index + 1, None);
        }
        self.dates[index] = issue.date.clone();
        self.ranks = std::sync::OnceLock::new();
        for (k, article) in issue.articles.iter().enumerate() {
            let blocks = blocks(article);
            let mut text = String::new();
            let mut starts = Vec::with_capacity(blocks.len());
            let mut roles = Vec::with_capacity(blocks.len());
            let mut unfolded = Vec::new();
            for (b, (role, block)) in blocks.iter().enumerate() {
                if b > 0 {
                    text.push('\n');
                }
                starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
                roles.push(*role);
                if *role != Role::Note {
                    for c in block.chars() {
                        let f = fold_char(c);
                        if f != c {
                            unfolded.push((u32::try_from(text.len()).unwrap_or(u32::MAX), c));
                        }
                        text.push(f);
                    }
                }
            }
            let heading_end = roles
                .iter()
                .position(|r| !r.is_heading())
                .and_then(|b| starts.get(b).copied())
                .unwrap_or_else(|| u32::try_from(text.len()).unwrap_or(u32::MAX));
            let doc = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
            if !self.scan_only {
                self.index_text(doc, &text);
            }
            self.text_bytes += text.len();
            self.docs.push(Doc {
                issue: u32::try_from(index).unwrap_or(u32::MAX),
                article: u32::try_from(k).unwrap_or(u32::MAX),
                text: text.into_boxed_str(),
                starts: starts.into_boxed_slice(),
                roles: roles.into_boxed_slice(),
                heading_end,
                unfolded: unfolded.into_boxed_slice(),
            });
            if self.first_doc.len() <= index {
                self.first_doc.resize(index + 1, u32::MAX);
            }
            if k == 0 {
                self.first_doc[index] = doc;
            }
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
            let all = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
            return ((0..all).collect(), None);
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

    /// The doc of an article, once its issue is indexed.
    pub fn doc_of(&self, issue: usize, article: usize) -> Option<&Doc> {
        let first = *self.first_doc.get(issue)?;
        let doc = self.docs.get(first as usize + article)?;
        (doc.issue as usize == issue && doc.article as usize == article).then_some(doc)
    }

    /// Per issue, a number that grows with its date (undated issues 0), so ranking
    /// compares integers instead of date strings.
    pub fn date_ranks(&self) -> &[u32] {
        self.ranks.get_or_init(|| {
            let dates = &self.dates;
            let mut order: Vec<usize> = (0..dates.len()).filter(|&i| dates[i].is_some()).collect();
            order.sort_by(|&a, &b| dates[a].cmp(&dates[b]));
            let mut rank = vec![0u32; dates.len()];
            for (k, i) in order.into_iter().enumerate() {
                rank[i] = u32::try_from(k + 1).unwrap_or(u32::MAX);
            }
            rank
        })
    }

    /// Bytes the index holds beyond the archive itself (folded text and postings).
    pub fn heap_bytes(&self) -> usize {
        let postings: usize = self
            .postings
            .values()
            .map(|p| p.bytes.capacity() + 16)
            .sum();
        let table = self.postings.capacity() * (8 + std::mem::size_of::<Postings>());
        let docs: usize = self
            .docs
            .iter()
            .map(|d| {
                d.text.len()
                    + d.starts.len() * 4
                    + d.roles.len()
                    + d.unfolded.len() * 8
                    + std::mem::size_of::<Doc>()
            })
            .sum();
        postings + table + docs
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
    fn intersection_of_sorted_lists() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 5, 8]), [3, 5]);
        assert!(intersect(&[], &[1]).is_empty());
    }
}
