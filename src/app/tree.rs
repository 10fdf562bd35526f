//! The section list: issues → sections → articles, flattened into visible rows.

use crate::model::Issue;
use std::collections::HashSet;
use std::sync::Arc;

/// An issue as the reader knows it: listed at once, parsed later.
#[derive(Debug, Clone)]
pub struct IssueEntry {
    pub id: String,
    pub date: Option<String>,
    pub state: IssueState,
    /// The loaded issue is an outline (no paragraphs); bodies come from `Bodies`.
    pub outline: bool,
}

#[derive(Debug, Clone)]
pub enum IssueState {
    Pending,
    Ready(Arc<Issue>),
    Failed(String),
}

impl IssueEntry {
    pub fn issue(&self) -> Option<&Issue> {
        match &self.state {
            IssueState::Ready(i) => Some(i),
            _ => None,
        }
    }

    pub fn issue_arc(&self) -> Option<&Arc<Issue>> {
        match &self.state {
            IssueState::Ready(i) => Some(i),
            _ => None,
        }
    }

    /// The date when known, else the file stem.
    pub fn label(&self) -> &str {
        self.date.as_deref().unwrap_or(&self.id)
    }
}

/// What a row of the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Issue(usize),
    /// A run of consecutive articles under one section heading, from `first`.
    Section {
        issue: usize,
        first: usize,
        count: usize,
    },
    Article {
        issue: usize,
        article: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub node: Node,
    pub depth: u8,
}

/// Which nodes are folded. Issues fold by default in big archives, so the list opens
/// as a list of issues rather than a wall of headlines.
#[derive(Debug, Clone, Default)]
pub struct Folds {
    toggled: HashSet<Node>,
    issues_folded_by_default: bool,
}

impl Folds {
    pub fn new(issues_folded_by_default: bool) -> Folds {
        Folds {
            toggled: HashSet::new(),
            issues_folded_by_default,
        }
    }

    pub fn is_folded(&self, node: &Node) -> bool {
        let default = matches!(node, Node::Issue(_)) && self.issues_folded_by_default;
        default != self.toggled.contains(node)
    }

    pub fn set(&mut self, node: &Node, folded: bool) {
        if self.is_folded(node) != folded && !self.toggled.remove(node) {
            self.toggled.insert(node.clone());
        }
    }
}

/// Section runs of one issue: (section name, first article, count).
pub fn section_runs(issue: &Issue) -> Vec<(Option<&str>, usize, usize)> {
    let mut runs: Vec<(Option<&str>, usize, usize)> = Vec::new();
    for (k, a) in issue.articles.iter().enumerate() {
        let s = a.section.as_deref();
        match runs.last_mut() {
            Some(run) if run.0 == s => run.2 += 1,
            _ => runs.push((s, k, 1)),
        }
    }
    runs
}

pub fn rows(issues: &[IssueEntry], folds: &Folds) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, entry) in issues.iter().enumerate() {
        rows.push(Row {
            node: Node::Issue(i),
            depth: 0,
        });
        let Some(issue) = entry.issue() else { continue };
        if folds.is_folded(&Node::Issue(i)) {
            continue;
        }
        for (section, first, count) in section_runs(issue) {
            let mut depth = 1;
            if section.is_some() {
                let node = Node::Section {
                    issue: i,
                    first,
                    count,
                };
                let folded = folds.is_folded(&node);
                rows.push(Row { node, depth: 1 });
                if folded {
                    continue;
                }
                depth = 2;
            }
            for article in first..first + count {
                rows.push(Row {
                    node: Node::Article { issue: i, article },
                    depth,
                });
            }
        }
    }
    rows
}
