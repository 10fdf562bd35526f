//! What the reader remembers about you: read marks, bookmarks, where you were.
//!
//! The app keeps these in the state file's own types (`state::ArchiveState`, articles
//! named by their `ISSUE#N` ids, stable across runs) and hands a snapshot to the shell
//! as `Effect::Remember` whenever it changes: marks and bookmarks at once, a mere
//! change of position at most every two seconds, everything on quit. The shell writes
//! it on another thread and reports back with `Msg::Remembered`.

use super::page::Anchor;
use super::{Action, App, Effect, Mode, POSITION_SAVE_EVERY_MS, Pane, Time, base_mode};
use crate::ids::{ArticleIx, IssueIx};
use crate::state::{ArchiveState, Bookmark, Position};
use crate::strings;
use std::collections::HashSet;

/// Remembered things whose issues have not been parsed yet.
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    read: HashSet<String>,
    resume: Option<Position>,
}

/// What was last handed to the shell, to tell when to hand it again.
#[derive(Debug, Clone, Default)]
pub(super) struct Saving {
    /// Bumped when marks or bookmarks change.
    revision: u64,
    sent_revision: u64,
    sent_position: Option<(ArticleIx, Anchor)>,
    /// The resume position from the state file is what is remembered until an
    /// article opens.
    restored: bool,
    position_sent_at: Time,
    /// A wake-up is asked for, to save a position that changed.
    wake_asked: bool,
    /// Why the last save failed, until one succeeds.
    error: Option<String>,
}

impl App {
    /// Takes what an earlier run remembered. Read marks and the resume position apply
    /// as their issues load; `resume` false (`--no-resume`) starts at the list.
    pub fn restore(&mut self, remembered: ArchiveState, resume: bool) {
        self.pending.read = remembered.read.into_iter().collect();
        self.bookmarks = remembered.bookmarks;
        self.pending.resume = if resume { remembered.last } else { None };
        self.saving.restored = true;
        for i in 0..self.issues.len() {
            self.apply_remembered(IssueIx::new(i));
        }
    }

    /// What to remember now.
    pub fn remembered(&self) -> ArchiveState {
        let last = self
            .position()
            .and_then(|(at, anchor)| {
                Some(Position {
                    article: self.article_id(at)?.to_owned(),
                    block: anchor.block,
                    byte: anchor.byte,
                })
            })
            .or_else(|| self.pending.resume.clone());
        let mut read: std::collections::BTreeSet<String> = self
            .read
            .iter()
            .filter_map(|&at| self.article_id(at).map(str::to_owned))
            .collect();
        // Marks of issues that have not loaded (yet, or any more) are kept as they were.
        read.extend(self.pending.read.iter().cloned());
        ArchiveState {
            last,
            read,
            bookmarks: self.bookmarks.clone(),
        }
    }

    /// Why the last save of the state file failed, if it did.
    pub fn save_error(&self) -> Option<&str> {
        self.saving.error.as_deref()
    }

    pub(super) fn marks_changed(&mut self) {
        self.saving.revision += 1;
    }

    /// Hands the state to the shell when it changed enough to be worth a write.
    pub(super) fn remember_if_due(&mut self) {
        if self.quit.is_some() {
            return;
        }
        if self.saving.revision != self.saving.sent_revision {
            return self.remember_now();
        }
        let position = self.position();
        if position == self.saving.sent_position || (position.is_none() && self.saving.restored) {
            return;
        }
        let due = self.saving.position_sent_at.plus_ms(POSITION_SAVE_EVERY_MS);
        if self.now >= due {
            self.remember_now();
        } else if !self.saving.wake_asked {
            self.saving.wake_asked = true;
            self.effects.push(Effect::WakeAt(due));
        }
    }

    pub(super) fn remember_now(&mut self) {
        let state = self.remembered();
        self.saving.sent_revision = self.saving.revision;
        self.saving.sent_position = self.position();
        self.saving.position_sent_at = self.now;
        self.saving.wake_asked = false;
        self.effects.push(Effect::Remember(Box::new(state)));
    }

    pub(super) fn remembered_result(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.saving.error = None,
            Err(e) => {
                self.message = Some(strings::state_not_saved(&e));
                self.saving.error = Some(e);
            }
        }
    }

    /// Applies remembered marks (and the resume position) to a newly parsed issue.
    pub(super) fn apply_remembered(&mut self, issue: IssueIx) {
        let Some(meta) = self.issue(issue).and_then(|e| e.meta()) else {
            return;
        };
        let ids: Vec<(usize, String)> = meta
            .articles
            .iter()
            .enumerate()
            .map(|(n, a)| (n, a.id.clone()))
            .collect();
        for (n, id) in ids {
            if self.pending.read.remove(&id) {
                // Not a change to remember: the mark came from the state file.
                self.read.insert(issue.article(n));
            }
            let resume_here = self
                .pending
                .resume
                .as_ref()
                .is_some_and(|p| p.article == id);
            if resume_here
                && self.open.is_none()
                && let Some(p) = self.pending.resume.take()
            {
                let anchor = Anchor {
                    block: p.block,
                    byte: p.byte,
                };
                self.open_at(issue.article(n), anchor);
            }
        }
    }

    /// `r`: toggles the read mark of the open article, or the one under the cursor.
    pub(super) fn toggle_read(&mut self) {
        let Some(target) = self.current_article() else {
            return;
        };
        if !self.read.remove(&target) {
            self.read.insert(target);
        }
        self.marks_changed();
    }

    /// Ctrl-n / Ctrl-p: the next or previous unread article, across issues.
    pub(super) fn open_unread(&mut self, dir: isize) {
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
            Some(k) => self.open_article(order[k]),
            None => self.message = Some(strings::NO_MORE_UNREAD.into()),
        }
    }

    /// `m`: bookmarks the open article at the current position, or removes its bookmark.
    pub(super) fn toggle_bookmark(&mut self) {
        let Some(at) = self.open else {
            self.message = Some(strings::OPEN_AN_ARTICLE_FIRST.into());
            return;
        };
        let Some(meta) = self.article(at) else {
            return;
        };
        let (id, title) = (meta.id.clone(), meta.title.clone());
        self.marks_changed();
        if let Some(k) = self.bookmarks.iter().position(|b| b.article == id) {
            self.bookmarks.remove(k);
            self.message = Some(strings::BOOKMARK_REMOVED.into());
            return;
        }
        self.bookmarks.push(Bookmark {
            article: id,
            title,
            block: self.anchor.block,
            byte: self.anchor.byte,
            added: crate::state::rfc3339_utc(self.now.secs()),
        });
        self.message = Some(strings::bookmark_added(self.bookmarks.len()));
    }

    pub(super) fn open_bookmarks(&mut self, under: Pane) {
        if self.bookmarks.is_empty() {
            let key = self
                .settings
                .keymap
                .first_label(Action::ToggleBookmark)
                .unwrap_or_default();
            self.message = Some(strings::no_bookmarks(&key));
        } else {
            self.mode = Mode::Bookmarks { cursor: 0, under };
        }
    }

    /// Keys while the bookmark list is open.
    pub(super) fn bookmarks_action(&mut self, action: Action, cursor: usize, under: Pane) {
        let n = self.bookmarks.len();
        let cursor = match action {
            Action::Down => (cursor + 1).min(n.saturating_sub(1)),
            Action::Up => cursor.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => (cursor + 5).min(n.saturating_sub(1)),
            Action::PageUp | Action::HalfPageUp => cursor.saturating_sub(5),
            Action::Top => 0,
            Action::Bottom => n.saturating_sub(1),
            Action::Open => {
                self.mode = base_mode(under);
                let Some(b) = self.bookmarks.get(cursor).cloned() else {
                    return;
                };
                match self.find_article(&b.article) {
                    Some(at) => self.open_at(
                        at,
                        Anchor {
                            block: b.block,
                            byte: b.byte,
                        },
                    ),
                    None => self.message = Some(strings::ISSUE_NOT_LOADED.into()),
                }
                return;
            }
            Action::ToggleBookmark => {
                if cursor < n {
                    self.bookmarks.remove(cursor);
                    self.marks_changed();
                }
                let n = self.bookmarks.len();
                if n == 0 {
                    self.mode = base_mode(under);
                    return;
                }
                cursor.min(n - 1)
            }
            Action::Bookmarks | Action::Cancel | Action::QuitOrBack | Action::Back => {
                self.mode = base_mode(under);
                return;
            }
            _ => cursor,
        };
        self.mode = Mode::Bookmarks { cursor, under };
    }

    /// Whether an article is marked read.
    pub fn is_read(&self, at: ArticleIx) -> bool {
        self.read.contains(&at)
    }
}
