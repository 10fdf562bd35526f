//! What the reader remembers about you: read marks, bookmarks, where you were.
//!
//! The app keeps these in terms of article ids (`ISSUE#N`, stable across runs);
//! `state` stores them on disk and the terminal shell moves them between the two, so
//! this part stays free of IO.

use super::page::Anchor;
use super::{App, IssueState, Node};

/// A bookmark: an article and a place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookmarkEntry {
    pub article: String,
    pub title: String,
    pub anchor: Anchor,
    /// When it was added (UTC, RFC 3339), for the list.
    pub added: String,
}

/// Everything remembered for one archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remembered {
    pub last: Option<(String, Anchor)>,
    pub read: Vec<String>,
    pub bookmarks: Vec<BookmarkEntry>,
}

impl App {
    /// Takes what an earlier run remembered. Read marks and the resume position apply
    /// as their issues load; `resume` false (`--no-resume`) starts at the list.
    pub fn restore(&mut self, remembered: Remembered, resume: bool) {
        self.pending_read = remembered.read.into_iter().collect();
        self.bookmarks = remembered.bookmarks;
        self.pending_resume = if resume { remembered.last } else { None };
        for i in 0..self.issues.len() {
            self.apply_remembered(i);
        }
    }

    /// What to remember now.
    pub fn remembered(&self) -> Remembered {
        let last = self
            .open
            .and_then(|(i, a)| Some((self.article_id(i, a)?, self.anchor)));
        let mut read: Vec<String> = self
            .read
            .iter()
            .filter_map(|&(i, a)| self.article_id(i, a))
            .collect();
        // Marks of issues that have not loaded (yet, or any more) are kept as they were.
        read.extend(self.pending_read.iter().cloned());
        read.sort();
        read.dedup();
        Remembered {
            last: last.or_else(|| self.pending_resume.clone()),
            read,
            bookmarks: self.bookmarks.clone(),
        }
    }

    pub fn article_id(&self, issue: usize, article: usize) -> Option<String> {
        Some(
            self.issues
                .get(issue)?
                .issue()?
                .articles
                .get(article)?
                .id
                .clone(),
        )
    }

    /// (issue, article) of an article id, once its issue is loaded.
    pub fn find_article(&self, id: &str) -> Option<(usize, usize)> {
        let (issue_id, _) = id.rsplit_once('#')?;
        let i = self.issues.iter().position(|e| e.id == issue_id)?;
        let a = self.issues[i]
            .issue()?
            .articles
            .iter()
            .position(|x| x.id == id)?;
        Some((i, a))
    }

    /// Applies remembered marks (and the resume position) to a newly loaded issue.
    pub(super) fn apply_remembered(&mut self, issue: usize) {
        let Some(entry) = self.issues.get(issue) else {
            return;
        };
        let IssueState::Ready(loaded) = &entry.state else {
            return;
        };
        let ids: Vec<(usize, String)> = loaded
            .articles
            .iter()
            .enumerate()
            .map(|(a, x)| (a, x.id.clone()))
            .collect();
        for (a, id) in ids {
            if self.pending_read.remove(&id) {
                // Not a change to remember: the mark came from the state file.
                self.read.insert((issue, a));
            }
            let resume_here = self
                .pending_resume
                .as_ref()
                .is_some_and(|(want, _)| *want == id);
            if resume_here && self.open.is_none() {
                if let Some((_, anchor)) = self.pending_resume.take() {
                    self.open_at(issue, a, anchor);
                }
            }
        }
    }

    /// Opens an article at a text position (resume, bookmarks).
    pub fn open_at(&mut self, issue: usize, article: usize, anchor: Anchor) {
        self.open_article(issue, article);
        self.anchor = anchor;
        self.page_key = None;
        self.relayout();
        if let Some(p) = &self.page {
            self.top = p.line_of(anchor).min(self.max_top());
        }
    }

    /// `r`: toggles the read mark of the open article, or the one under the cursor.
    pub fn toggle_read(&mut self) {
        let Some(target) = self.current_article() else {
            return;
        };
        if !self.read.remove(&target) {
            self.read.insert(target);
        }
        self.revision += 1;
    }

    /// Ctrl-n / Ctrl-p: the next or previous unread article, across issues.
    pub fn open_unread(&mut self, dir: isize) {
        let order = self.article_order();
        let here = self
            .current_article()
            .and_then(|c| order.iter().position(|&x| x == c));
        let unread = |k: &usize| !self.read.contains(&order[*k]);
        let found = if dir > 0 {
            let from = here.map_or(0, |h| h + 1);
            (from..order.len()).find(unread)
        } else {
            let to = here.unwrap_or(order.len());
            (0..to).rev().find(unread)
        };
        match found {
            Some(k) => self.open_article(order[k].0, order[k].1),
            None => self.message = Some("没有更多未读文章".into()),
        }
    }

    /// `m`: bookmarks the open article at the current position, or removes its bookmark.
    pub fn toggle_bookmark(&mut self, now: String) {
        let Some((i, a)) = self.open else {
            self.message = Some("先打开一篇文章".into());
            return;
        };
        let Some(id) = self.article_id(i, a) else {
            return;
        };
        self.revision += 1;
        if let Some(k) = self.bookmarks.iter().position(|b| b.article == id) {
            self.bookmarks.remove(k);
            self.message = Some("已取消书签".into());
            return;
        }
        let title = self.issues[i]
            .issue()
            .and_then(|x| x.articles.get(a))
            .map(|x| x.title.clone())
            .unwrap_or_default();
        self.bookmarks.push(BookmarkEntry {
            article: id,
            title,
            anchor: self.anchor,
            added: now,
        });
        self.message = Some(format!("已加书签 · 共 {} 个", self.bookmarks.len()));
    }

    /// Keys while the bookmark list is open.
    pub(super) fn bookmark_list_key(&mut self, action: super::Action) {
        use super::Action;
        let Some(cursor) = self.bookmark_list else {
            return;
        };
        let n = self.bookmarks.len();
        match action {
            Action::Down => self.bookmark_list = Some((cursor + 1).min(n.saturating_sub(1))),
            Action::Up => self.bookmark_list = Some(cursor.saturating_sub(1)),
            Action::Top => self.bookmark_list = Some(0),
            Action::Bottom => self.bookmark_list = Some(n.saturating_sub(1)),
            Action::Open => {
                self.bookmark_list = None;
                let Some(b) = self.bookmarks.get(cursor).cloned() else {
                    return;
                };
                match self.find_article(&b.article) {
                    Some((i, a)) => self.open_at(i, a, b.anchor),
                    None => self.message = Some("该期尚未载入".into()),
                }
            }
            Action::ToggleBookmark => {
                if cursor < n {
                    self.bookmarks.remove(cursor);
                    self.revision += 1;
                }
                let n = self.bookmarks.len();
                self.bookmark_list = (n > 0).then(|| cursor.min(n - 1));
            }
            Action::Quit => self.quit = true,
            Action::Bookmarks | Action::Cancel | Action::QuitOrBack | Action::Back => {
                self.bookmark_list = None
            }
            _ => {}
        }
    }

    /// Unread articles under a list node (for the list's counts).
    pub fn unread_under(&self, node: &Node) -> Option<(usize, usize)> {
        let (issue, range) = match *node {
            Node::Issue(i) => (i, 0..self.issues.get(i)?.issue()?.articles.len()),
            Node::Section {
                issue,
                first,
                count,
            } => (issue, first..first + count),
            Node::Article { .. } => return None,
        };
        let total = range.len();
        let unread = range.filter(|a| !self.read.contains(&(issue, *a))).count();
        Some((unread, total))
    }
}
