//! What the reader remembers about you: read marks, bookmarks, where you were, what
//! you searched.
//!
//! The app starts from the state file's own types (`state::ArchiveState`, articles
//! named by their `ISSUE#N` ids, stable across runs) and from then on collects what
//! *changes* (`state::Changes`): that is what it hands to the shell as
//! `Effect::Remember` — marks, bookmarks and searches at once, a mere change of
//! position at most every two seconds, everything on quit, suspend or a lost
//! terminal. The shell's writer replays the changes on the file as it is on disk, under
//! a lock, so two windows never erase each other's; it reports back with
//! `Msg::Remembered`. Handing over a change costs the same with a year of read marks
//! as with none.

use super::page::Anchor;
use super::{Action, App, Effect, Mode, POSITION_SAVE_EVERY_MS, Pane, Time, base_mode};
use crate::ids::{ArticleIx, IssueIx};
use crate::state::{ArchiveState, Bookmark, Changes, Position, ReadMarks};
use crate::strings;

/// Remembered things whose issues have not been parsed yet.
#[derive(Debug, Clone, Default)]
pub(super) struct Pending {
    read: ReadMarks,
    resume: Option<Position>,
}

/// What has changed since the state was last handed over, and when that was.
#[derive(Debug, Clone, Default)]
pub(super) struct Saving {
    changes: Changes,
    /// The position handed over last.
    sent_position: Option<(ArticleIx, Anchor)>,
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
        self.pending.read = remembered.read;
        self.bookmarks = remembered.bookmarks;
        self.history = remembered.history;
        self.pending.resume = if resume { remembered.last } else { None };
        for i in 0..self.issues.len() {
            self.apply_remembered(IssueIx::new(i));
        }
    }

    /// The issues are listed anew (the files changed under the cache): what is open,
    /// where, and what is read are kept by id and applied again as issues arrive.
    pub(super) fn carry_over(&mut self) {
        if let Some(position) = self.position_record() {
            self.pending.resume = Some(position);
        }
        let read: Vec<String> = self
            .read
            .iter()
            .filter_map(|&at| self.article_id(at).map(str::to_owned))
            .collect();
        for id in read {
            self.pending.read.insert(id);
        }
        self.read.clear();
        self.open = None;
        self.page = None;
        self.page_key = None;
        self.hits = None;
        self.cursor = 0;
        self.list_top = 0;
        if !matches!(self.mode, Mode::Search(_)) {
            self.mode = Mode::List;
        }
    }

    /// Why the last save of the state file failed, if it did.
    pub fn save_error(&self) -> Option<&str> {
        self.saving.error.as_deref()
    }

    pub(super) fn changes(&mut self) -> &mut Changes {
        &mut self.saving.changes
    }

    /// The reading position as the state file names it.
    fn position_record(&self) -> Option<Position> {
        let (at, anchor) = self.position()?;
        Some(Position {
            article: self.article_id(at)?.to_owned(),
            block: anchor.block,
            byte: anchor.byte,
        })
    }

    /// A read mark changed (or was set by reading to the end).
    pub(super) fn mark_changed(&mut self, at: ArticleIx, read: bool) {
        let Some(id) = self.article_id(at).map(str::to_owned) else {
            return;
        };
        if read {
            self.changes().mark_read(id);
        } else {
            self.changes().unmark_read(id);
        }
    }

    /// A query was searched: kept in the history, here and in the state file.
    pub(super) fn searched(&mut self, query: String) {
        self.history.retain(|q| *q != query);
        self.history.push(query.clone());
        let excess = self.history.len().saturating_sub(crate::state::HISTORY_MAX);
        self.history.drain(..excess);
        self.changes().searched(query);
    }

    /// Hands the changes to the shell when there are any worth a write now.
    pub(super) fn remember_if_due(&mut self) {
        if self.quit.is_some() {
            return;
        }
        if !self.saving.changes.is_empty() {
            return self.remember_now();
        }
        let position = self.position();
        if position.is_none() || position == self.saving.sent_position {
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

    /// Hands over every change now, with the current position.
    pub(super) fn remember_now(&mut self) {
        let position = self.position();
        if position.is_some() && position != self.saving.sent_position {
            if let Some(record) = self.position_record() {
                self.changes().set_last(record);
            }
            self.saving.sent_position = position;
        }
        self.saving.position_sent_at = self.now;
        self.saving.wake_asked = false;
        let changes = std::mem::take(&mut self.saving.changes);
        if !changes.is_empty() {
            self.effects.push(Effect::Remember(Box::new(changes)));
        }
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
            if self.pending.read.contains(&id) {
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

    /// Sets an article's read mark, remembers the change and keeps the list in step.
    pub(super) fn set_read(&mut self, at: ArticleIx, read: bool) {
        let changed = if read {
            self.read.insert(at)
        } else {
            self.read.remove(&at)
        };
        if changed {
            self.mark_changed(at, read);
            if self.unread_only {
                self.rebuild_rows();
            }
        }
    }

    /// `r`: toggles the read mark of the article under the cursor in the list, else
    /// of the open one.
    pub(super) fn toggle_read(&mut self) {
        let under_cursor = match self.rows.get(self.cursor).map(|r| r.node) {
            Some(super::Node::Article(at)) if self.mode.pane() == Pane::List => Some(at),
            _ => None,
        };
        let Some(target) = under_cursor.or_else(|| self.current_article()) else {
            return;
        };
        let now_read = !self.read.contains(&target);
        self.kept_unread = (!now_read && self.open == Some(target)).then_some(target);
        self.set_read(target, now_read);
    }

    /// `A`: every article of the issue (of the section, on a section row) is read;
    /// `r` as the next key puts back the ones this marked.
    pub(super) fn mark_all_read(&mut self) {
        let marked: Vec<ArticleIx> = self
            .articles_to_mark()
            .into_iter()
            .filter(|at| !self.read.contains(at))
            .collect();
        if marked.is_empty() {
            self.message = Some(strings::NOTHING_TO_MARK.into());
            return;
        }
        for &at in &marked {
            self.set_read(at, true);
        }
        let undo = self
            .settings
            .keymap
            .first_label(Action::ToggleRead)
            .unwrap_or_default();
        self.message = Some(strings::marked_read(marked.len(), &undo));
        self.undo_marks = Some(marked);
    }

    /// `r` right after `A`: the articles it marked are unread again.
    pub(super) fn undo_mark_all(&mut self, marked: Vec<ArticleIx>) {
        for &at in &marked {
            self.set_read(at, false);
        }
        if let Some(open) = self.open
            && marked.contains(&open)
        {
            self.kept_unread = Some(open);
        }
        self.message = Some(strings::unmarked(marked.len()));
    }

    /// `U`: only unread articles in the list (and for `]`, `)`), or all of them.
    pub(super) fn toggle_unread_only(&mut self) {
        self.unread_only = !self.unread_only;
        let key = self
            .settings
            .keymap
            .first_label(Action::UnreadOnly)
            .unwrap_or_default();
        self.message = Some(if self.unread_only {
            strings::showing_unread_only(&key)
        } else {
            strings::showing_all(&key)
        });
        self.rebuild_rows();
    }

    /// Ctrl-n / Ctrl-p: the `n`-th next or previous unread article, in list order.
    pub(super) fn open_unread(&mut self, dir: isize, n: isize) {
        let from = self.current_article();
        let found = self
            .articles_from(from, dir > 0)
            .filter(|at| !self.read.contains(at))
            .take(n.unsigned_abs())
            .last();
        match found {
            Some(at) => self.open_article(at),
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
        let (id, title) = (meta.id.clone(), meta.display_title().to_owned());
        if let Some(k) = self.bookmarks.iter().position(|b| b.article == id) {
            self.bookmarks.remove(k);
            self.changes().remove_bookmark(id);
            self.message = Some(strings::BOOKMARK_REMOVED.into());
            return;
        }
        let bookmark = Bookmark {
            article: id,
            title,
            block: self.anchor.block,
            byte: self.anchor.byte,
            added: crate::state::rfc3339_utc(self.now.secs()),
        };
        self.changes().set_bookmark(bookmark.clone());
        self.bookmarks.push(bookmark);
        self.message = Some(strings::bookmark_added(self.bookmarks.len()));
    }

    pub(super) fn open_bookmarks(&mut self, under: Pane) {
        self.bookmark_places = self.bookmarks.iter().map(|b| self.place_of(b)).collect();
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
                    let removed = self.bookmarks.remove(cursor);
                    if cursor < self.bookmark_places.len() {
                        self.bookmark_places.remove(cursor);
                    }
                    self.changes().remove_bookmark(removed.article);
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

    /// Unread articles in the parsed issues.
    pub fn unread_count(&self) -> usize {
        let total: usize = self.issues.iter().map(|e| e.article_count()).sum();
        total.saturating_sub(self.read.len())
    }

    /// Whether an article is marked read.
    pub fn is_read(&self, at: ArticleIx) -> bool {
        self.read.contains(&at)
    }
}
