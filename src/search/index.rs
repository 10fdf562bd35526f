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
}

impl Doc {
    /// The block holding folded byte offset `at`.
    pub fn block_at(&self, at: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1)
    }
}

#[derive(Debug, Default)]
struct Postings {
    last: u32,
    count: u32,
    bytes: Vec<u8>,
}

impl Postings {
    fn push(&mut self, doc: u32) {
        if self.count > 0 && self.last == doc {
            return;
        }
        let mut delta = if self.count == 0 {
            doc
        } else {
            doc - self.last
        };
        loop {
            let byte = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                self.bytes.push(byte);
                break;
            }
            self.bytes.push(byte | 0x80);
        }
        self.last = doc;
        self.count += 1;
    }

    fn decode(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count as usize);
        let (mut doc, mut value, mut shift) = (0u32, 0u32, 0u32);
        for &b in &self.bytes {
            value |= u32::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                doc = if out.is_empty() { value } else { doc + value };
                out.push(doc);
                value = 0;
                shift = 0;
            } else {
                shift += 7;
            }
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

    /// Adds every article of an issue (issue `index` in the app's order).
    pub fn add_issue(&mut self, index: usize, issue: &Issue) {
        for (k, article) in issue.articles.iter().enumerate() {
            let blocks = blocks(article);
            let mut text = String::new();
            let mut starts = Vec::with_capacity(blocks.len());
            let mut roles = Vec::with_capacity(blocks.len());
            for (role, block) in &blocks {
                if !text.is_empty() {
                    text.push('\n');
                }
                starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
                roles.push(*role);
                if *role != Role::Note {
                    text.extend(block.chars().map(fold_char));
                }
            }
            let heading_end = roles
                .iter()
                .position(|r| !r.is_heading())
                .and_then(|b| starts.get(b).copied())
                .unwrap_or_else(|| u32::try_from(text.len()).unwrap_or(u32::MAX));
            let doc = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
            self.index_text(doc, &text);
            self.text_bytes += text.len();
            self.docs.push(Doc {
                issue: u32::try_from(index).unwrap_or(u32::MAX),
                article: u32::try_from(k).unwrap_or(u32::MAX),
                text: text.into_boxed_str(),
                starts: starts.into_boxed_slice(),
                roles: roles.into_boxed_slice(),
                heading_end,
            });
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
        let chars: Vec<char> = term.chars().collect();
        let mut keys: Vec<u64> = if chars.len() == 1 {
            vec![gram1(chars[0])]
        } else {
            chars.windows(2).map(|w| gram2(w[0], w[1])).collect()
        };
        keys.sort_unstable();
        keys.dedup();
        let mut lists: Vec<&Postings> = Vec::with_capacity(keys.len());
        for k in keys {
            match self.postings.get(&k) {
                Some(p) => lists.push(p),
                None => return Vec::new(),
            }
        }
        lists.sort_by_key(|p| p.count);
        let Some((first, rest)) = lists.split_first() else {
            return Vec::new();
        };
        let mut out = first.decode();
        for p in rest {
            if out.is_empty() {
                break;
            }
            let other = p.decode();
            out = intersect(&out, &other);
        }
        out
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
            .map(|d| d.text.len() + d.starts.len() * 4 + d.roles.len() + std::mem::size_of::<Doc>())
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
        let mut want = docs.to_vec();
        want.dedup();
        assert_eq!(p.decode(), want);
    }

    #[test]
    fn intersection_of_sorted_lists() {
        assert_eq!(intersect(&[1, 3, 5, 7], &[3, 4, 5, 8]), [3, 5]);
        assert!(intersect(&[], &[1]).is_empty());
    }
}
