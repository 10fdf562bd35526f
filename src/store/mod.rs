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

pub use blocks::{Role, blocks};

use crate::ids::{ArticleIx, DocId, IssueIx};
use crate::model::Issue;
use crate::search::fold::fold_char;
use std::ops::Range;

/// Where one document's data sits in the flat arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DocEntry {
    at: ArticleIx,
    /// Byte offset of the document's text in `Corpus::text`.
    text: u64,
    /// Index of its first block in `block_start` / `block_role`.
    first_block: u32,
    /// Index of its first entry in `unfolded`.
    first_unfolded: u32,
}

/// Every stored article's blocks, folded, in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// Folded block text; within a document blocks are joined by '\n' (a char no block
    /// holds), so a search hit never spans two blocks.
    text: String,
    docs: Vec<DocEntry>,
    /// Start of each block, relative to its document's text.
    block_start: Vec<u32>,
    block_role: Vec<Role>,
    /// Where folding changed a char: (byte offset relative to the document, the char as
    /// printed).
    unfolded: Vec<(u32, char)>,
    /// The first document of each issue, by issue index (`u32::MAX`: not stored).
    first_doc: Vec<u32>,
}

/// One stored article, borrowed from the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'c> {
    pub id: DocId,
    pub at: ArticleIx,
    /// The folded text of every block, joined by '\n'.
    pub text: &'c str,
    starts: &'c [u32],
    roles: &'c [Role],
    unfolded: &'c [(u32, char)],
}

impl Corpus {
    pub fn new() -> Corpus {
        Corpus::default()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Bytes of folded text stored.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// Stores every article of an issue; returns the documents it became.
    pub fn add_issue(&mut self, ix: IssueIx, issue: &Issue) -> Range<usize> {
        let first = self.docs.len();
        if self.first_doc.len() <= ix.get() {
            self.first_doc.resize(ix.get() + 1, u32::MAX);
        }
        self.first_doc[ix.get()] = u32::try_from(first).unwrap_or(u32::MAX);
        for (n, article) in issue.articles.iter().enumerate() {
            self.add_doc(ix.article(n), &blocks(article));
        }
        first..self.docs.len()
    }

    fn add_doc(&mut self, at: ArticleIx, blocks: &[(Role, String)]) {
        let base = self.text.len();
        self.docs.push(DocEntry {
            at,
            text: base as u64,
            first_block: u32::try_from(self.block_start.len()).unwrap_or(u32::MAX),
            first_unfolded: u32::try_from(self.unfolded.len()).unwrap_or(u32::MAX),
        });
        for (b, (role, block)) in blocks.iter().enumerate() {
            if b > 0 {
                self.text.push('\n');
            }
            self.block_start
                .push(u32::try_from(self.text.len() - base).unwrap_or(u32::MAX));
            self.block_role.push(*role);
            // A note (上接01版) is made by zzread from the model, not archive text: it is
            // neither searched nor stored (the reader rebuilds it).
            if *role == Role::Note {
                continue;
            }
            for c in block.chars() {
                let f = fold_char(c);
                if f != c {
                    let at = u32::try_from(self.text.len() - base).unwrap_or(u32::MAX);
                    self.unfolded.push((at, c));
                }
                self.text.push(f);
            }
        }
    }

    /// Appends a corpus built elsewhere (a background thread's segment): its documents
    /// get the next ids, in their order.
    pub fn append(&mut self, other: Corpus) {
        let doc_base = u32::try_from(self.docs.len()).unwrap_or(u32::MAX);
        let text_base = self.text.len() as u64;
        let block_base = u32::try_from(self.block_start.len()).unwrap_or(u32::MAX);
        let unfolded_base = u32::try_from(self.unfolded.len()).unwrap_or(u32::MAX);
        self.text.push_str(&other.text);
        self.docs.extend(other.docs.iter().map(|d| DocEntry {
            at: d.at,
            text: d.text + text_base,
            first_block: d.first_block + block_base,
            first_unfolded: d.first_unfolded + unfolded_base,
        }));
        self.block_start.extend_from_slice(&other.block_start);
        self.block_role.extend_from_slice(&other.block_role);
        self.unfolded.extend_from_slice(&other.unfolded);
        for (issue, &first) in other.first_doc.iter().enumerate() {
            if first == u32::MAX {
                continue;
            }
            if self.first_doc.len() <= issue {
                self.first_doc.resize(issue + 1, u32::MAX);
            }
            self.first_doc[issue] = first + doc_base;
        }
    }

    pub fn doc(&self, id: DocId) -> Option<Doc<'_>> {
        let k = id.get();
        let entry = self.docs.get(k)?;
        let next = self.docs.get(k + 1);
        let text_end = next.map_or(self.text.len(), |n| n.text as usize);
        let blocks_end = next.map_or(self.block_start.len(), |n| n.first_block as usize);
        let unfolded_end = next.map_or(self.unfolded.len(), |n| n.first_unfolded as usize);
        let blocks = entry.first_block as usize..blocks_end;
        Some(Doc {
            id,
            at: entry.at,
            text: self.text.get(entry.text as usize..text_end)?,
            starts: self.block_start.get(blocks.clone())?,
            roles: self.block_role.get(blocks)?,
            unfolded: self
                .unfolded
                .get(entry.first_unfolded as usize..unfolded_end)?,
        })
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

    /// Every document, in store order.
    pub fn docs(&self) -> impl Iterator<Item = Doc<'_>> + '_ {
        (0..self.docs.len()).filter_map(|k| self.doc(DocId::new(k)))
    }

    /// Heap bytes held (for memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.docs.capacity() * std::mem::size_of::<DocEntry>()
            + self.block_start.capacity() * 4
            + self.block_role.capacity()
            + self.unfolded.capacity() * 8
            + self.first_doc.capacity() * 4
    }
}

impl<'c> Doc<'c> {
    pub fn block_count(&self) -> usize {
        self.starts.len()
    }

    pub fn role(&self, b: usize) -> Role {
        self.roles.get(b).copied().unwrap_or(Role::Text)
    }

    pub fn roles(&self) -> &'c [Role] {
        self.roles
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

    /// Block `b` folded, as search sees it.
    pub fn folded_block(&self, b: usize) -> &'c str {
        self.text.get(self.block_range(b)).unwrap_or("")
    }

    /// Block `b` as printed (sanitised, not folded). A note block comes back empty.
    pub fn block_text(&self, b: usize) -> String {
        let range = self.block_range(b);
        let folded = self.text.get(range.clone()).unwrap_or("");
        let first = self
            .unfolded
            .partition_point(|&(at, _)| (at as usize) < range.start);
        let mut changes = self.unfolded[first..]
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
            .position(|r| !r.is_heading())
            .and_then(|b| self.starts.get(b))
            .map_or(self.text.len(), |&s| s as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Paragraph, ParagraphKind};

    fn issue(titles: &[&str]) -> Issue {
        Issue {
            id: "x".into(),
            source: "x".into(),
            date: None,
            encoding: "UTF-8".into(),
            warnings: Vec::new(),
            articles: titles
                .iter()
                .map(|t| Article {
                    title: (*t).into(),
                    continued_from: Some("01版".into()),
                    paragraphs: vec![Paragraph {
                        kind: ParagraphKind::Text,
                        text: format!("参加ＳＹＢ创业课堂 {t}"),
                    }],
                    ..Article::default()
                })
                .collect(),
        }
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
        assert!(doc.text.contains("syb创业"), "stored folded: {}", doc.text);
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
        first.append(second);
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
        assert_eq!(doc.text.get(..doc.heading_end()), Some("标题\n"));
    }
}
