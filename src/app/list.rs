//! The section list: issues → sections → articles, flattened into visible rows in the
//! order the reader asked for (newest issue first by default), and moving about in it.
//!
//! Issues keep their archive indices (`IssueIx`, the reading order the loader lists
//! them in); the list shows them in *display order* (`App::display`). Everything that
//! moves "to the next one" — `]`, `)`, Ctrl-N, Space at the end — follows display
//! order, so the next article is always the one below in the list.

use super::library::IssueEntry;
use super::msg::IssueMeta;
use super::{App, Mode, Order};
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

/// The display order of issues listed in reading order (dated ones by date, then
/// undated ones by name): as they are for `Oldest`; for `Newest`, the dated ones newest
/// first, then the undated ones in reverse (a later name is taken as a later issue).
/// The loader parses in this order too, so the first screen is right as soon as the
/// first issue has been parsed.
pub fn display_order<'d>(
    dates: impl IntoIterator<Item = Option<&'d str>>,
    order: Order,
) -> Vec<usize> {
    let (mut dated, mut undated): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for (i, date) in dates.into_iter().enumerate() {
        if date.is_some() {
            dated.push(i);
        } else {
            undated.push(i);
        }
    }
    if order == Order::Newest {
        dated.reverse();
        undated.reverse();
    }
    dated.extend(undated);
    dated
}

/// Section runs of one issue: (section name, first article, count).
pub(super) fn section_runs(meta: &IssueMeta) -> Vec<(Option<&str>, usize, usize)> {
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

impl App {
    /// The rows the list shows: issues in display order, unfolded ones with their
    /// sections and articles; with "unread only", read articles (but the open one) and
    /// issues with nothing left to read are left out.
    fn build_rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for &ix in &self.display {
            let Some(entry) = self.issue(ix) else {
                continue;
            };
            let shown = |n: usize| self.article_shown(ix.article(n));
            let Some(meta) = entry.meta() else {
                rows.push(Row {
                    node: Node::Issue(ix),
                    depth: 0,
                });
                continue;
            };
            if self.unread_only && !(0..meta.articles.len()).any(shown) {
                continue;
            }
            rows.push(Row {
                node: Node::Issue(ix),
                depth: 0,
            });
            if self.folds.is_folded(&Node::Issue(ix)) {
                continue;
            }
            for (section, first, count) in section_runs(meta) {
                if !(first..first + count).any(shown) {
                    continue;
                }
                let mut depth = 1;
                if section.is_some() {
                    let node = Node::Section {
                        first: ix.article(first),
                        count: u32::try_from(count).unwrap_or(u32::MAX),
                    };
                    rows.push(Row { node, depth: 1 });
                    if self.folds.is_folded(&node) {
                        continue;
                    }
                    depth = 2;
                }
                for n in (first..first + count).filter(|&n| shown(n)) {
                    rows.push(Row {
                        node: Node::Article(ix.article(n)),
                        depth,
                    });
                }
            }
        }
        rows
    }

    /// Whether the list (and so `]`, `)`) shows an article: always, or with "unread
    /// only" when it is unread or open.
    pub(super) fn article_shown(&self, at: ArticleIx) -> bool {
        !self.unread_only || !self.read.contains(&at) || self.open == Some(at)
    }

    pub(super) fn rebuild_rows(&mut self) {
        let keep = self.rows.get(self.cursor).map(|r| r.node);
        self.rows = self.build_rows();
        if let Some(node) = keep
            && let Some(k) = self.rows.iter().position(|r| r.node == node)
        {
            self.cursor = k;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        self.keep_cursor_visible();
    }

    /// Recomputes the display order (the issues or the order setting changed).
    pub(super) fn reorder(&mut self) {
        let order = display_order(
            self.issues.iter().map(|e| e.date.as_deref()),
            self.settings.order,
        );
        self.rank = vec![0; order.len()];
        for (p, &i) in order.iter().enumerate() {
            self.rank[i] = p;
        }
        self.display = order.into_iter().map(IssueIx::new).collect();
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

    /// Enter on a row: open the article; on an issue or section, its first article.
    pub(super) fn open_at_cursor(&mut self) {
        let Some(row) = self.rows.get(self.cursor) else {
            return;
        };
        let first = match row.node {
            Node::Article(at) => Some(at),
            Node::Issue(i) => self.first_shown_article(i, 0),
            Node::Section { first, .. } => self.first_shown_article(first.issue, first.n()),
        };
        match first {
            Some(at) => self.open_article(at),
            None => self.message = Some(crate::strings::ISSUE_NOT_LOADED.into()),
        }
    }

    /// The first article of issue `i` from article `from` on that the list shows.
    fn first_shown_article(&self, i: IssueIx, from: usize) -> Option<ArticleIx> {
        let count = self.issue(i)?.article_count();
        (from..count)
            .map(|n| i.article(n))
            .find(|&at| self.article_shown(at))
    }

    /// `z`: fold or unfold the issue or section under the cursor (on an article: the
    /// section or issue it is in, and the cursor goes there).
    pub(super) fn toggle_fold(&mut self) {
        let Some(row) = self.rows.get(self.cursor).cloned() else {
            return;
        };
        if let Node::Article(_) = row.node {
            if let Some(parent) = self.parent_row(self.cursor) {
                self.cursor = parent;
                let node = self.rows[parent].node;
                self.folds.set(&node, true);
                self.rebuild_rows();
            }
            return;
        }
        let folded = self.folds.is_folded(&row.node);
        self.folds.set(&row.node, !folded);
        self.rebuild_rows();
    }

    fn parent_row(&self, index: usize) -> Option<usize> {
        let depth = self.rows.get(index)?.depth;
        self.rows[..index].iter().rposition(|r| r.depth < depth)
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
        if let Some(parent) = self.parent_row(self.cursor) {
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
            self.rows = self.build_rows();
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

    /// Articles in list order, after `from` (forward) or before it; from the first or
    /// the last when `from` is `None`. Filtered articles included: callers filter.
    pub(super) fn articles_from(
        &self,
        from: Option<ArticleIx>,
        forward: bool,
    ) -> impl Iterator<Item = ArticleIx> + '_ {
        let issues = self.display.len();
        // (position in display order, article number); the walk starts past `from`.
        let (mut p, mut n): (isize, isize) = match from {
            Some(at) => {
                let p = self.rank.get(at.issue.get()).copied().unwrap_or(0);
                let n = isize::try_from(at.n()).unwrap_or(0);
                (
                    isize::try_from(p).unwrap_or(0),
                    if forward { n + 1 } else { n - 1 },
                )
            }
            None if forward => (0, 0),
            None => (isize::try_from(issues).unwrap_or(0) - 1, isize::MAX),
        };
        std::iter::from_fn(move || {
            loop {
                let ix = *self.display.get(usize::try_from(p).ok()?)?;
                let count = isize::try_from(self.issue(ix)?.article_count()).unwrap_or(0);
                if forward {
                    if n < count {
                        n += 1;
                        return Some(ix.article(usize::try_from(n - 1).ok()?));
                    }
                    p += 1;
                    n = 0;
                } else {
                    n = n.min(count - 1);
                    if n >= 0 {
                        n -= 1;
                        return Some(ix.article(usize::try_from(n + 1).ok()?));
                    }
                    p -= 1;
                    n = isize::MAX;
                }
            }
        })
    }

    /// The display position of an issue.
    pub(super) fn position_of(&self, i: IssueIx) -> usize {
        self.rank.get(i.get()).copied().unwrap_or(0)
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

    /// The articles an `A` on the cursor's row (or in the reader) marks: a section's,
    /// or a whole issue's.
    pub(super) fn articles_to_mark(&self) -> Vec<ArticleIx> {
        let node = match self.mode.pane() {
            super::Pane::List => self.rows.get(self.cursor).map(|r| r.node),
            super::Pane::Reader => self.open.map(Node::Article),
        };
        let (issue, range) = match node {
            Some(Node::Section { first, count }) => {
                (first.issue, first.n()..first.n() + count as usize)
            }
            Some(n) => {
                let i = n.issue();
                (i, 0..self.issue(i).map_or(0, IssueEntry::article_count))
            }
            None => return Vec::new(),
        };
        range.map(|n| issue.article(n)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_puts_dated_issues_newest_first_and_undated_ones_after() {
        let dates = [Some("2023-01-01"), Some("2023-01-02"), None, None];
        assert_eq!(display_order(dates, Order::Newest), [1, 0, 3, 2]);
        assert_eq!(display_order(dates, Order::Oldest), [0, 1, 2, 3]);
        assert!(display_order([], Order::Newest).is_empty());
    }
}
