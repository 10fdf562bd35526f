//! What one window changed: the unit a save carries.
//!
//! Two windows on one archive each load the state once, then change different things.
//! If each wrote back its whole copy, the later save would erase the other's bookmarks
//! (and bring back what the other had unmarked). So a save carries only this process's
//! *changes*, and [`super::apply`] replays them on top of whatever the file holds at that
//! moment, under a lock. Per kind:
//!
//! - read marks: each id marked or unmarked, the last word of this process winning;
//! - bookmarks: per article (one bookmark per article, as the reader keeps them), set
//!   (added, or moved to a new place) or removed;
//! - the last position: set;
//! - search history: queries searched, in order.
//!
//! A change another window made to something this process did not touch survives; when
//! both touched the same thing, the save that comes later wins.

use super::{ArchiveState, Bookmark, HISTORY_MAX, Position};
use std::collections::BTreeMap;

/// The changes of one process to one archive's state since its last save. Build it with
/// the methods (or [`Changes::between`] two snapshots); later calls override earlier
/// ones for the same id or article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Article id → marked (true) or unmarked (false).
    read: BTreeMap<String, bool>,
    /// Article id → its bookmark now, or `None` when removed.
    bookmarks: BTreeMap<String, Option<Bookmark>>,
    last: Option<Position>,
    /// Queries in the order searched.
    history: Vec<String>,
    /// The reading column chosen with `+` / `-` (`Some(None)`: `=` went back to
    /// config.toml's). Not per archive: it is kept for every archive
    /// ([`super::State::text_width`]).
    text_width: Option<Option<u16>>,
}

impl Changes {
    pub fn new() -> Changes {
        Changes::default()
    }

    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
            && self.bookmarks.is_empty()
            && self.last.is_none()
            && self.history.is_empty()
            && self.text_width.is_none()
    }

    pub fn mark_read(&mut self, article: impl Into<String>) {
        self.read.insert(article.into(), true);
    }

    pub fn unmark_read(&mut self, article: impl Into<String>) {
        self.read.insert(article.into(), false);
    }

    /// Adds a bookmark, or moves the article's bookmark to this one's place.
    pub fn set_bookmark(&mut self, bookmark: Bookmark) {
        self.bookmarks
            .insert(bookmark.article.clone(), Some(bookmark));
    }

    pub fn remove_bookmark(&mut self, article: impl Into<String>) {
        self.bookmarks.insert(article.into(), None);
    }

    /// Where the reader is now.
    pub fn set_last(&mut self, position: Position) {
        self.last = Some(position);
    }

    /// The reading column the user chose.
    pub fn set_text_width(&mut self, width: u16) {
        self.text_width = Some(Some(width));
    }

    /// Back to config.toml's width: nothing chosen is remembered.
    pub fn forget_text_width(&mut self) {
        self.text_width = Some(None);
    }

    /// The width change carried, if any (`Some(None)`: forget).
    pub fn text_width(&self) -> Option<Option<u16>> {
        self.text_width
    }

    /// Replays what is not per archive onto the whole state (the chosen width).
    pub fn apply_to_state(&self, state: &mut super::State) {
        if let Some(width) = self.text_width {
            state.text_width = width;
        }
    }

    /// A query was searched (the newest history entry).
    pub fn searched(&mut self, query: impl Into<String>) {
        let query = query.into();
        self.history.retain(|q| *q != query);
        self.history.push(query);
        // More would be dropped by the cap on disk anyway.
        let excess = self.history.len().saturating_sub(HISTORY_MAX);
        self.history.drain(..excess);
    }

    /// Folds `later` into `self`, as if its calls had come after: for coalescing the
    /// changes that pile up while a save is in flight into the next one.
    pub fn merge(&mut self, later: Changes) {
        self.read.extend(later.read);
        self.bookmarks.extend(later.bookmarks);
        if later.last.is_some() {
            self.last = later.last;
        }
        for query in later.history {
            self.searched(query);
        }
        if later.text_width.is_some() {
            self.text_width = later.text_width;
        }
    }

    /// The changes that turn snapshot `before` into `after` (e.g. what the reader
    /// remembered at its last save, and what it remembers now). Read marks are compared
    /// per issue in one pass, so this is cheap even with a year of marks.
    pub fn between(before: &ArchiveState, after: &ArchiveState) -> Changes {
        let mut changes = Changes::new();
        for id in after.read.difference(&before.read) {
            changes.read.insert(id, true);
        }
        for id in before.read.difference(&after.read) {
            changes.read.insert(id, false);
        }
        let old: BTreeMap<&str, &Bookmark> = before
            .bookmarks
            .iter()
            .map(|b| (b.article.as_str(), b))
            .collect();
        for b in &after.bookmarks {
            if old.get(b.article.as_str()) != Some(&b) {
                changes.set_bookmark(b.clone());
            }
        }
        for b in &before.bookmarks {
            if !after.bookmarks.iter().any(|a| a.article == b.article) {
                changes.remove_bookmark(b.article.clone());
            }
        }
        if after.last != before.last {
            changes.last = after.last.clone();
        }
        for query in &after.history {
            if !before.history.contains(query) {
                changes.searched(query.clone());
            }
        }
        changes
    }

    /// Replays the changes onto `archive` (what [`super::apply`] does to the state on
    /// disk; also usable on a copy in memory).
    pub fn apply_to(&self, archive: &mut ArchiveState) {
        for (id, &marked) in &self.read {
            if marked {
                archive.read.insert(id);
            } else {
                archive.read.remove(id);
            }
        }
        for (article, bookmark) in &self.bookmarks {
            let at = archive.bookmarks.iter().position(|b| b.article == *article);
            match (at, bookmark) {
                // Moved: keeps its place in the list.
                (Some(k), Some(b)) => archive.bookmarks[k] = b.clone(),
                (None, Some(b)) => archive.bookmarks.push(b.clone()),
                (Some(k), None) => {
                    archive.bookmarks.remove(k);
                }
                (None, None) => {}
            }
        }
        if let Some(last) = &self.last {
            archive.last = Some(last.clone());
        }
        for query in &self.history {
            archive.history.retain(|q| q != query);
            archive.history.push(query.clone());
        }
        let excess = archive.history.len().saturating_sub(HISTORY_MAX);
        archive.history.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn bookmark(article: &str, block: usize) -> Bookmark {
        Bookmark {
            article: article.into(),
            title: format!("标题 {article}"),
            block,
            byte: 0,
            added: "2026-11-24T03:58:00Z".into(),
        }
    }

    #[test]
    fn the_last_call_for_an_id_wins() {
        let mut c = Changes::new();
        c.mark_read("a#1");
        c.unmark_read("a#1");
        c.set_bookmark(bookmark("a#1", 1));
        c.remove_bookmark("a#1");
        c.set_bookmark(bookmark("a#2", 1));
        c.set_bookmark(bookmark("a#2", 5));
        let mut s = ArchiveState::default();
        s.read.insert("a#1");
        s.bookmarks.push(bookmark("a#1", 0));
        c.apply_to(&mut s);
        assert!(!s.read.contains("a#1"));
        assert_eq!(s.bookmarks, [bookmark("a#2", 5)]);
    }

    #[test]
    fn another_windows_changes_survive_and_unmarks_are_not_undone() {
        // Both windows start from the same file.
        let mut disk = ArchiveState::default();
        disk.read.insert("x#1");
        disk.bookmarks.push(bookmark("x#1", 0));
        // Window A unmarks x#1 and removes its bookmark; window B marks x#2.
        let mut a = Changes::new();
        a.unmark_read("x#1");
        a.remove_bookmark("x#1");
        let mut b = Changes::new();
        b.mark_read("x#2");
        b.set_bookmark(bookmark("x#2", 3));
        a.apply_to(&mut disk);
        b.apply_to(&mut disk);
        assert_eq!(disk.read.iter().collect::<Vec<_>>(), ["x#2"]);
        assert_eq!(disk.bookmarks, [bookmark("x#2", 3)]);
    }

    #[test]
    fn moved_bookmarks_keep_their_place_and_new_ones_go_last() {
        let mut s = ArchiveState {
            bookmarks: vec![bookmark("a#1", 0), bookmark("a#2", 0)],
            ..ArchiveState::default()
        };
        let mut c = Changes::new();
        c.set_bookmark(bookmark("a#3", 0));
        c.set_bookmark(bookmark("a#1", 9));
        c.apply_to(&mut s);
        assert_eq!(
            s.bookmarks,
            [bookmark("a#1", 9), bookmark("a#2", 0), bookmark("a#3", 0)]
        );
    }

    #[test]
    fn history_moves_repeats_to_the_end_and_is_capped() {
        let mut s = ArchiveState::default();
        let mut c = Changes::new();
        for k in 0..HISTORY_MAX + 10 {
            c.searched(format!("q{k}"));
        }
        c.searched("q12");
        c.apply_to(&mut s);
        assert_eq!(s.history.len(), HISTORY_MAX);
        assert_eq!(s.history.last().unwrap(), "q12");
        // q0…q109 then q12 again: 110 entries, of which the 10 oldest go.
        assert_eq!(s.history[..2], ["q10", "q11"], "the oldest go first");
        assert_eq!(s.history[2], "q13");
    }

    #[test]
    fn between_two_snapshots_replays_into_the_later_one() {
        let before = ArchiveState {
            read: ["a#1", "a#2", "b#1"].iter().collect(),
            bookmarks: vec![bookmark("a#1", 0), bookmark("a#2", 0)],
            history: vec!["医保".into()],
            last: None,
        };
        let mut after = before.clone();
        after.read.remove("a#2");
        after.read.insert("c#4");
        after.bookmarks = vec![bookmark("a#1", 7), bookmark("c#4", 0)];
        after.last = Some(Position {
            article: "c#4".into(),
            block: 2,
            byte: 9,
        });
        after.history.push("株洲".into());
        let changes = Changes::between(&before, &after);
        let mut replayed = before.clone();
        changes.apply_to(&mut replayed);
        assert_eq!(replayed, after);
        assert!(Changes::between(&after, &after).is_empty());
    }

    #[test]
    fn the_chosen_width_is_kept_for_every_archive_and_can_be_forgotten() {
        let mut state = super::super::State::default();
        let mut c = Changes::new();
        assert!(c.is_empty());
        c.set_text_width(44);
        assert!(!c.is_empty());
        c.apply_to_state(&mut state);
        assert_eq!(state.text_width, Some(44));
        let mut later = Changes::new();
        later.forget_text_width();
        c.merge(later);
        c.apply_to_state(&mut state);
        assert_eq!(state.text_width, None);
        // Changes that do not touch it leave it alone.
        state.text_width = Some(60);
        Changes::new().apply_to_state(&mut state);
        assert_eq!(state.text_width, Some(60));
    }

    #[test]
    fn merged_changes_act_like_both_in_order() {
        let mut first = Changes::new();
        first.mark_read("a#1");
        first.searched("x");
        let mut second = Changes::new();
        second.unmark_read("a#1");
        second.mark_read("a#2");
        second.searched("y");
        second.searched("x");
        let mut both = first.clone();
        both.merge(second.clone());
        let (mut one, mut two) = (ArchiveState::default(), ArchiveState::default());
        first.apply_to(&mut one);
        second.apply_to(&mut one);
        both.apply_to(&mut two);
        assert_eq!(one, two);
        assert_eq!(two.history, ["y", "x"]);
    }
}
