//! Typed positions in the archive, so an issue number is never mistaken for an article
//! number or a search document.
//!
//! These are indexes into the reader's archive (issues in list order, articles in
//! reading order), valid for one run. What is remembered between runs uses the
//! model's string ids (`ISSUE#N`), which survive a changed set of files.

/// An issue: its position in the archive's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct IssueIx(pub u32);

/// An article: its issue and its 0-based number in that issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ArticleIx {
    pub issue: IssueIx,
    pub n: u32,
}

/// A document of the text store and search index: articles in the order they were
/// stored, which is not the archive's order while issues are still arriving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DocId(pub u32);

impl IssueIx {
    pub fn new(ix: usize) -> IssueIx {
        IssueIx(u32::try_from(ix).unwrap_or(u32::MAX))
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }

    /// Article `n` of this issue.
    pub fn article(self, n: usize) -> ArticleIx {
        ArticleIx {
            issue: self,
            n: u32::try_from(n).unwrap_or(u32::MAX),
        }
    }
}

impl ArticleIx {
    pub fn n(self) -> usize {
        self.n as usize
    }
}

impl DocId {
    pub fn new(ix: usize) -> DocId {
        DocId(u32::try_from(ix).unwrap_or(u32::MAX))
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }
}
