//! The section list: issues → sections → articles, flattened into visible rows, and
//! moving about in it.

use super::library::IssueEntry;
use super::msg::IssueMeta;
use super::{App, Mode};
use crate::ids::{ArticleIx, IssueIx};
use std::collections::HashSet;

/// Archives with more issues than this open with issues folded.
const FOLD_ISSUES_ABOVE: usize = 12;

/// What a row of the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Issue(IssueIx),
    /// A run of consecutive articles under one section heading, from `first`.
    Section {
        first: ArticleIx,
        count: u32,
    },
    Article(ArticleIx),
}

impl Node {
    pub fn issue(self) -> IssueIx {
        match self {
            Node::Issue(i) => i,
            Node::Section { first, .. } => first.issue,
            Node::Article(a) => a.issue,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub node: Node,
    pub depth: u8,
}

/// Which nodes are folded. Issues fold by default in big archives, so the list opens
/// as a list of issues rather than a wall of headlines.
#[derive(Debug, Clone, Default)]
pub(super) struct Folds {
    toggled: HashSet<Node>,
    issues_folded_by_default: bool,
}

impl Folds {
    pub fn for_archive(issues: usize) -> Folds {
        Folds {
            toggled: HashSet::new(),
            issues_folded_by_default: issues > FOLD_ISSUES_ABOVE,
        }
    }

    pub fn is_folded(&self, node: &Node) -> bool {
        let default = matches!(node, Node::Issue(_)) && self.issues_folded_by_default;
        default != self.toggled.contains(node)
    }

    pub fn set(&mut self, node: &Node, folded: bool) {
        if self.is_folded(node) != folded && !self.toggled.remove(node) {
            self.toggled.insert(*node);
        }
    }
}

/// Section runs of one issue: (section name, first article, count).
fn section_runs(meta: &IssueMeta) -> Vec<(Option<&str>, usize, usize)> {
    let mut runs: Vec<(Option<&str>, usize, usize)> = Vec::new();
    for (k, a) in meta.articles.iter().enumerate() {
        let s = a.section.as_deref();
        match runs.last_mut() {
            Some(run) if run.0 == s => run.2 += 1,
            _ => runs.push((s, k, 1)),
        }
    }
    runs
}

fn rows(issues: &[IssueEntry], folds: &Folds) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, entry) in issues.iter().enumerate() {
        let ix = IssueIx::new(i);
        rows.push(Row {
            node: Node::Issue(ix),
            depth: 0,
        });
        let Some(meta) = entry.meta() else { continue };
        if folds.is_folded(&Node::Issue(ix)) {
            continue;
        }
        for (section, first, count) in section_runs(meta) {
            let mut depth = 1;
            if section.is_some() {
                let node = Node::Section {
                    first: ix.article(first),
                    count: u32::try_from(count).unwrap_or(u32::MAX),
                };
                let folded = folds.is_folded(&node);
                rows.push(Row { node, depth: 1 });
                if folded {
                    continue;
                }
                depth = 2;
            }
            for n in first..first + count {
                rows.push(Row {
                    node: Node::Article(ix.article(n)),
                    depth,
                });
            }
        }
    }
    rows
}

impl App {
    pub(super) fn rebuild_rows(&mut self) {
        let keep = self.rows.get(self.cursor).map(|r| r.node);
        self.rows = rows(&self.issues, &self.folds);
        if let Some(node) = keep
            && let Some(k) = self.rows.iter().position(|r| r.node == node)
        {
            self.cursor = k;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        self.keep_cursor_visible();
    }

    /// Rows of the list pane below its header.
    pub fn list_height(&self) -> usize {
        self.geometry()
            .list
            .map_or(1, |r| usize::from(r.height).saturating_sub(1).max(1))
    }

    pub(super) fn keep_cursor_visible(&mut self) {
        let h = self.list_height();
        if self.cursor < self.list_top {
            self.list_top = self.cursor;
        } else if self.cursor >= self.list_top + h {
            self.list_top = self.cursor + 1 - h;
        }
        let max_top = self.rows.len().saturating_sub(h);
        self.list_top = self.list_top.min(max_top);
    }

    pub(super) fn move_cursor(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.keep_cursor_visible();
    }

    /// Enter on a row: open the article, or fold / unfold the issue or section.
    pub(super) fn open_at_cursor(&mut self) {
        let Some(row) = self.rows.get(self.cursor) else {
            return;
        };
        match row.node {
            Node::Article(at) => self.open_article(at),
            node => {
                let folded = self.folds.is_folded(&node);
                self.folds.set(&node, !folded);
                self.rebuild_rows();
            }
        }
    }

    /// h/←: fold the node under the cursor, or go up to its parent.
    pub(super) fn list_back(&mut self) {
        let Some(row) = self.rows.get(self.cursor).cloned() else {
            return;
        };
        let foldable = !matches!(row.node, Node::Article(_));
        if foldable && !self.folds.is_folded(&row.node) && self.has_children(self.cursor) {
            self.folds.set(&row.node, true);
            self.rebuild_rows();
            return;
        }
        if let Some(parent) = self.rows[..self.cursor]
            .iter()
            .rposition(|r| r.depth < row.depth)
        {
            self.cursor = parent;
            self.keep_cursor_visible();
        }
    }

    fn has_children(&self, index: usize) -> bool {
        let depth = self.rows[index].depth;
        self.rows.get(index + 1).is_some_and(|r| r.depth > depth)
    }

    /// Whether the row at `index` has its children hidden (or has none).
    pub fn row_folded(&self, index: usize) -> bool {
        let depth = self.rows.get(index).map_or(0, |r| r.depth);
        self.rows.get(index + 1).is_none_or(|r| r.depth <= depth)
    }

    pub(super) fn focus_list(&mut self) {
        self.mode = Mode::List;
        self.relayout();
        self.keep_cursor_visible();
    }

    pub(super) fn focus_reader(&mut self) {
        self.mode = Mode::Reader;
        self.relayout();
    }

    /// Puts the cursor on an article's row, unfolding what hides it.
    pub(super) fn reveal(&mut self, at: ArticleIx) {
        let target = Node::Article(at);
        if !self.rows.iter().any(|r| r.node == target) {
            self.folds.set(&Node::Issue(at.issue), false);
            let sections: Vec<Node> = self
                .issue(at.issue)
                .and_then(IssueEntry::meta)
                .map(|meta| {
                    section_runs(meta)
                        .into_iter()
                        .filter(|(section, first, count)| {
                            section.is_some() && (*first..first + count).contains(&at.n())
                        })
                        .map(|(_, first, count)| Node::Section {
                            first: at.issue.article(first),
                            count: u32::try_from(count).unwrap_or(u32::MAX),
                        })
                        .collect()
                })
                .unwrap_or_default();
            for node in sections {
                self.folds.set(&node, false);
            }
            self.rows = rows(&self.issues, &self.folds);
        }
        if let Some(k) = self.rows.iter().position(|r| r.node == target) {
            self.cursor = k;
        }
        self.keep_cursor_visible();
    }

    /// The article the keys act on: the open one, else the one under the cursor.
    pub(super) fn current_article(&self) -> Option<ArticleIx> {
        self.open
            .or_else(|| match self.rows.get(self.cursor)?.node {
                Node::Article(at) => Some(at),
                _ => None,
            })
    }

    /// The first article at or below the list cursor's row.
    pub(super) fn first_article_under_cursor(&self) -> Option<ArticleIx> {
        match self.rows.get(self.cursor)?.node {
            Node::Issue(i) => Some(i.article(0)),
            Node::Section { first, .. } => Some(first),
            Node::Article(at) => Some(at),
        }
    }

    /// Unread and total articles under a list node (for the list's counts).
    pub fn unread_under(&self, node: &Node) -> Option<(usize, usize)> {
        let (issue, range) = match *node {
            Node::Issue(i) => (i, 0..self.issue(i)?.article_count()),
            Node::Section { first, count } => (first.issue, first.n()..first.n() + count as usize),
            Node::Article(_) => return None,
        };
        let total = range.len();
        let unread = range
            .filter(|&n| !self.read.contains(&issue.article(n)))
            .count();
        Some((unread, total))
    }
}
