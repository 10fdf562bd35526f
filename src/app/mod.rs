//! Application state and `update`: what is selected, what is open, where the reader
//! is. No IO and no drawing: the terminal shell feeds actions and events in, and
//! `ui::render` draws from a shared borrow.

pub mod action;
pub mod export;
pub mod geometry;
pub mod keys;
pub mod memory;
pub mod page;
pub mod search;
pub mod tree;

pub use action::Action;
pub use geometry::{Geometry, geometry};
pub use page::{Anchor, Page};
pub use tree::{IssueEntry, IssueState, Node, Row};

use crate::model::{Issue, LoadError};
use crate::search::Index;
use crate::text::AmbiguousWidth;
use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use tree::Folds;

/// The reading measure: 80 columns = 40 Chinese characters.
pub const DEFAULT_MEASURE: u16 = 80;
const MEASURE_STEP: u16 = 4;
const MIN_MEASURE: u16 = 20;
const MAX_MEASURE: u16 = 240;
/// Archives larger than this open with issues folded.
const FOLD_ISSUES_ABOVE: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

/// Which article, and the settings its page was laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PageKey {
    issue: usize,
    article: usize,
    width: u16,
    amb: AmbiguousWidth,
}

#[derive(Debug)]
pub struct App {
    pub issues: Vec<IssueEntry>,
    pub errors: Vec<LoadError>,
    folds: Folds,
    pub rows: Vec<Row>,
    pub cursor: usize,
    pub list_top: usize,
    pub focus: Focus,
    pub open: Option<(usize, usize)>,
    pub page: Option<Page>,
    page_key: Option<PageKey>,
    /// First visible page line, and the text position it shows.
    pub top: usize,
    anchor: Anchor,
    pub measure: u16,
    pub amb: AmbiguousWidth,
    pub help: bool,
    /// First row of the help overlay shown, when it is taller than the screen.
    pub help_top: usize,
    pub read: HashSet<(usize, usize)>,
    pub size: (u16, u16),
    pub quit: bool,
    /// The search index, filled by whoever loads issues (a background thread in the
    /// terminal app) and read here per keystroke.
    pub index: Arc<RwLock<Index>>,
    /// The `/` prompt while open.
    pub prompt: Option<search::Prompt>,
    /// Search results in force (while typing, and after Enter for n/N).
    pub hits: Option<search::Hits>,
    pub history: Vec<String>,
    /// The reader shows a search preview: it does not count as reading.
    previewing: bool,
    loaded: usize,
    rows_stale: bool,
    /// The key table in force (defaults plus config overrides).
    pub keymap: keys::Keymap,
    pub bookmarks: Vec<memory::BookmarkEntry>,
    /// The bookmark list, when open: the selected row.
    pub bookmark_list: Option<usize>,
    /// Read marks and resume position remembered for issues not loaded yet.
    pending_read: HashSet<String>,
    pending_resume: Option<(String, Anchor)>,
    /// A one-line notice for the status bar, until the next key.
    pub message: Option<String>,
    /// Effects for the terminal shell to perform (clipboard, saving a file).
    pub effects: Vec<export::Effect>,
    /// How colours are chosen.
    pub appearance: Appearance,
    /// Bumped whenever read marks or bookmarks change (what the state file must keep).
    pub revision: u64,
}

/// See [`App::memory_stamp`].
pub type MemoryStamp = (u64, Option<(usize, usize)>, Anchor);

/// Colours: the theme and whether colour is wanted at all (NO_COLOR).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Appearance {
    pub light: bool,
    pub no_color: bool,
}

impl App {
    pub fn new(issues: Vec<IssueEntry>, errors: Vec<LoadError>, amb: AmbiguousWidth) -> App {
        let folds = Folds::new(issues.len() > FOLD_ISSUES_ABOVE);
        let loaded = issues
            .iter()
            .filter(|e| !matches!(e.state, IssueState::Pending))
            .count();
        let mut app = App {
            rows: Vec::new(),
            issues,
            errors,
            folds,
            cursor: 0,
            list_top: 0,
            focus: Focus::List,
            open: None,
            page: None,
            page_key: None,
            top: 0,
            anchor: Anchor::default(),
            measure: DEFAULT_MEASURE,
            amb,
            help: false,
            help_top: 0,
            read: HashSet::new(),
            size: (80, 24),
            quit: false,
            index: Arc::new(RwLock::new(Index::new())),
            prompt: None,
            hits: None,
            history: Vec::new(),
            previewing: false,
            loaded,
            rows_stale: false,
            keymap: keys::Keymap::default(),
            bookmarks: Vec::new(),
            bookmark_list: None,
            pending_read: HashSet::new(),
            pending_resume: None,
            message: None,
            effects: Vec::new(),
            appearance: Appearance::default(),
            revision: 0,
        };
        app.rebuild_rows();
        app
    }

    /// An app over an archive that is already loaded (the `dump`-style path, tests).
    pub fn from_archive(archive: crate::model::Archive, amb: AmbiguousWidth) -> App {
        let mut index = Index::new();
        for (i, issue) in archive.issues.iter().enumerate() {
            index.add_issue(i, issue);
        }
        let entries = archive
            .issues
            .into_iter()
            .map(|issue| IssueEntry {
                id: issue.id.clone(),
                date: issue.date.clone(),
                state: IssueState::Ready(Arc::new(issue)),
                outline: false,
            })
            .collect();
        let app = App::new(entries, archive.errors, amb);
        *app.index
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = index;
        app
    }

    /// An issue finished loading in the background.
    pub fn issue_loaded(&mut self, index: usize, result: Result<Issue, LoadError>) {
        self.issue_loaded_deferred(index, result);
        self.settle();
    }

    /// Records a loaded issue without rebuilding the list: a big archive delivers
    /// thousands of these between two frames; `settle` rebuilds once for all of them.
    pub fn issue_loaded_deferred(&mut self, index: usize, result: Result<Issue, LoadError>) {
        let Some(entry) = self.issues.get_mut(index) else {
            return;
        };
        if matches!(entry.state, IssueState::Pending) {
            self.loaded += 1;
        }
        self.rows_stale = true;
        entry.state = match result {
            Ok(issue) => IssueState::Ready(Arc::new(issue)),
            Err(e) => {
                let message = e.message.clone();
                self.errors.push(e);
                IssueState::Failed(message)
            }
        };
        self.apply_remembered(index);
    }

    /// Brings derived state (the list rows) up to date after deferred updates.
    pub fn settle(&mut self) {
        if self.rows_stale {
            self.rows_stale = false;
            self.rebuild_rows();
        }
    }

    /// Issues parsed so far (loaded or failed).
    pub fn loaded_count(&self) -> usize {
        self.loaded
    }

    pub fn geometry(&self) -> Geometry {
        // The result list needs the list pane while the prompt is open.
        let reader_only = self.focus == Focus::Reader && self.prompt.is_none();
        geometry(self.size.0, self.size.1, self.measure, reader_only)
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.relayout();
        self.keep_cursor_visible();
    }

    pub fn update(&mut self, action: Action) {
        if self.help {
            match action {
                Action::Help | Action::Cancel | Action::QuitOrBack => self.help = false,
                // A help taller than the screen scrolls (ui clamps it to the end).
                Action::Down => self.help_top += 1,
                Action::Up => self.help_top = self.help_top.saturating_sub(1),
                Action::PageDown | Action::HalfPageDown => self.help_top += 5,
                Action::PageUp | Action::HalfPageUp => {
                    self.help_top = self.help_top.saturating_sub(5)
                }
                Action::Top => self.help_top = 0,
                Action::Quit => self.quit = true,
                _ => {}
            }
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::QuitOrBack => match self.focus {
                Focus::Reader => self.focus_list(),
                Focus::List => self.quit = true,
            },
            Action::Help => {
                self.help = true;
                self.help_top = 0;
            }
            Action::Cancel => self.clear_hits(),
            Action::Search => self.open_search(),
            Action::NextHit => self.step_hit(1),
            Action::PrevHit => self.step_hit(-1),
            Action::ToggleRead => self.toggle_read(),
            Action::NextUnread => self.open_unread(1),
            Action::PrevUnread => self.open_unread(-1),
            Action::ToggleBookmark => self.toggle_bookmark(crate::state::now_utc()),
            Action::Bookmarks => {
                if self.bookmarks.is_empty() {
                    self.message = Some("还没有书签 · 阅读时按 m 添加".into());
                } else {
                    self.bookmark_list = Some(0);
                }
            }
            Action::Copy => self.copy_article(),
            Action::Save => self.save_article(),
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::PageDown => self.step(self.page_rows()),
            Action::PageUp => self.step(-self.page_rows()),
            Action::HalfPageDown => self.step((self.page_rows() / 2).max(1)),
            Action::HalfPageUp => self.step(-(self.page_rows() / 2).max(1)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::Open => match self.focus {
                Focus::List => self.open_at_cursor(),
                Focus::Reader => {}
            },
            Action::Back => match self.focus {
                Focus::Reader => self.focus_list(),
                Focus::List => self.list_back(),
            },
            Action::SwitchPane => match self.focus {
                Focus::List if self.open.is_some() => self.focus_reader(),
                Focus::List => {}
                Focus::Reader => self.focus_list(),
            },
            Action::NextArticle => self.open_neighbour(1),
            Action::PrevArticle => self.open_neighbour(-1),
            Action::NextIssue => self.open_issue_neighbour(1),
            Action::PrevIssue => self.open_issue_neighbour(-1),
            Action::Wider => self.set_measure(self.measure.saturating_add(MEASURE_STEP)),
            Action::Narrower => self.set_measure(self.measure.saturating_sub(MEASURE_STEP)),
            Action::ResetWidth => self.set_measure(DEFAULT_MEASURE),
        }
    }

    /// A key press: to the prompt when it is open, else through the key table.
    pub fn handle_key(&mut self, ev: &crossterm::event::KeyEvent) {
        use action::PromptAction;
        use keys::PromptKey;
        self.message = None;
        if self.prompt.is_none() || self.help {
            if let Some(a) = self.keymap.action_for(ev) {
                if self.bookmark_list.is_some() {
                    self.bookmark_list_key(a);
                } else {
                    self.update(a);
                }
            }
            return;
        }
        match keys::prompt_key(ev) {
            Some(PromptKey::Insert(c)) => self.prompt_insert(c.encode_utf8(&mut [0; 4])),
            Some(PromptKey::Action(a)) => match a {
                PromptAction::Edit(e) => self.prompt_edit(e),
                PromptAction::Move(d) => self.prompt_move(isize::from(d)),
                PromptAction::Submit => self.submit_search(),
                PromptAction::Cancel => self.cancel_search(),
                PromptAction::Quit => self.quit = true,
            },
            None => {}
        }
    }

    /// Pasted text: typed into the prompt when it is open.
    pub fn paste(&mut self, text: &str) {
        if self.prompt.is_some() {
            self.prompt_insert(text);
        }
    }

    /// Mouse wheel over a pane (`delta` lines, negative is up).
    pub fn scroll_at(&mut self, col: u16, row: u16, delta: isize) {
        let g = self.geometry();
        if g.reader.is_some_and(|r| r.contains((col, row).into())) {
            self.scroll_reader(delta);
        } else if g.list.is_some_and(|r| r.contains((col, row).into())) {
            self.move_cursor(delta);
        }
    }

    /// Mouse click: a list row is selected and opened; a click in the reader focuses it.
    pub fn click_at(&mut self, col: u16, row: u16) {
        let g = self.geometry();
        if let Some(list) = g.list.filter(|r| r.contains((col, row).into())) {
            // Row 0 of the list pane is its header line.
            let Some(offset) = (row - list.y).checked_sub(1) else {
                return;
            };
            let index = self.list_top + usize::from(offset);
            if index < self.rows.len() {
                self.cursor = index;
                self.focus = Focus::List;
                self.open_at_cursor();
            }
        } else if self.open.is_some() && g.reader.is_some_and(|r| r.contains((col, row).into())) {
            self.focus_reader();
        }
    }

    // ----- list -----

    fn rebuild_rows(&mut self) {
        let keep = self.rows.get(self.cursor).map(|r| r.node.clone());
        self.rows = tree::rows(&self.issues, &self.folds);
        if let Some(node) = keep {
            if let Some(k) = self.rows.iter().position(|r| r.node == node) {
                self.cursor = k;
            }
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        self.keep_cursor_visible();
    }

    pub fn list_height(&self) -> usize {
        self.geometry()
            .list
            .map_or(1, |r| usize::from(r.height).saturating_sub(1).max(1))
    }

    fn keep_cursor_visible(&mut self) {
        let h = self.list_height();
        if self.cursor < self.list_top {
            self.list_top = self.cursor;
        } else if self.cursor >= self.list_top + h {
            self.list_top = self.cursor + 1 - h;
        }
        let max_top = self.rows.len().saturating_sub(h);
        self.list_top = self.list_top.min(max_top);
    }

    fn move_cursor(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.keep_cursor_visible();
    }

    fn open_at_cursor(&mut self) {
        let Some(row) = self.rows.get(self.cursor) else {
            return;
        };
        match row.node.clone() {
            Node::Article { issue, article } => self.open_article(issue, article),
            node => {
                let folded = self.folds.is_folded(&node);
                self.folds.set(&node, !folded);
                self.rebuild_rows();
            }
        }
    }

    /// h/←: fold the node under the cursor, or go up to its parent.
    fn list_back(&mut self) {
        let Some(row) = self.rows.get(self.cursor).cloned() else {
            return;
        };
        let foldable = !matches!(row.node, Node::Article { .. });
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

    fn focus_list(&mut self) {
        self.focus = Focus::List;
        self.relayout();
        self.keep_cursor_visible();
    }

    fn focus_reader(&mut self) {
        self.focus = Focus::Reader;
        self.relayout();
    }

    /// Puts the cursor on an article's row, unfolding what hides it.
    fn reveal(&mut self, issue: usize, article: usize) {
        let target = Node::Article { issue, article };
        if !self.rows.iter().any(|r| r.node == target) {
            self.folds.set(&Node::Issue(issue), false);
            if let Some(i) = self.issues.get(issue).and_then(IssueEntry::issue) {
                for (section, first, count) in tree::section_runs(i) {
                    if section.is_some() && (first..first + count).contains(&article) {
                        self.folds.set(
                            &Node::Section {
                                issue,
                                first,
                                count,
                            },
                            false,
                        );
                    }
                }
            }
            self.rows = tree::rows(&self.issues, &self.folds);
        }
        if let Some(k) = self.rows.iter().position(|r| r.node == target) {
            self.cursor = k;
        }
        self.keep_cursor_visible();
    }

    // ----- reader -----

    pub fn open_article(&mut self, issue: usize, article: usize) {
        let exists = self
            .issues
            .get(issue)
            .and_then(IssueEntry::issue)
            .is_some_and(|i| article < i.articles.len());
        if !exists {
            return;
        }
        self.open = Some((issue, article));
        self.anchor = Anchor::default();
        self.top = 0;
        self.focus = Focus::Reader;
        self.previewing = false;
        if self
            .hits
            .as_ref()
            .and_then(|h| h.outcome.results.get(h.result))
            .is_none_or(|r| (r.issue, r.article) != (issue, article))
        {
            self.hits = None;
        }
        self.reveal(issue, article);
        self.relayout();
        self.note_progress();
    }

    /// Articles of all loaded issues in reading order.
    fn article_order(&self) -> Vec<(usize, usize)> {
        self.issues
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.issue().map(|issue| (i, issue.articles.len())))
            .flat_map(|(i, n)| (0..n).map(move |a| (i, a)))
            .collect()
    }

    fn current_article(&self) -> Option<(usize, usize)> {
        self.open
            .or_else(|| match self.rows.get(self.cursor)?.node {
                Node::Article { issue, article } => Some((issue, article)),
                _ => None,
            })
    }

    fn open_neighbour(&mut self, dir: isize) {
        let order = self.article_order();
        let next = match self
            .current_article()
            .and_then(|cur| order.iter().position(|&x| x == cur))
        {
            Some(k) => k.checked_add_signed(dir).and_then(|k| order.get(k)),
            // On an issue or section row: its first article, or the one before it.
            None => {
                let here = self.first_article_under_cursor();
                let k = here.map_or(0, |h| order.partition_point(|&x| x < h));
                if dir > 0 {
                    order.get(k)
                } else {
                    k.checked_sub(1).and_then(|k| order.get(k))
                }
            }
        };
        if let Some(&(i, a)) = next {
            self.open_article(i, a);
        }
    }

    /// The first article at or below the list cursor's row.
    fn first_article_under_cursor(&self) -> Option<(usize, usize)> {
        match self.rows.get(self.cursor)?.node {
            Node::Issue(i) => Some((i, 0)),
            Node::Section { issue, first, .. } => Some((issue, first)),
            Node::Article { issue, article } => Some((issue, article)),
        }
    }

    fn open_issue_neighbour(&mut self, dir: isize) {
        let current = self.current_article().map(|(i, _)| i).or_else(|| {
            match self.rows.get(self.cursor)?.node {
                Node::Issue(i) | Node::Section { issue: i, .. } => Some(i),
                Node::Article { issue, .. } => Some(issue),
            }
        });
        let candidates = (0..self.issues.len()).filter(|&i| {
            self.issues[i]
                .issue()
                .is_some_and(|x| !x.articles.is_empty())
        });
        let next = match current {
            Some(cur) if dir > 0 => candidates.into_iter().find(|&i| i > cur),
            Some(cur) => candidates.into_iter().rev().find(|&i| i < cur),
            None => candidates.into_iter().next(),
        };
        if let Some(i) = next {
            self.open_article(i, 0);
        }
    }

    pub fn set_measure(&mut self, m: u16) {
        self.measure = m.clamp(MIN_MEASURE, MAX_MEASURE);
        self.relayout();
    }

    /// Re-wraps the open article if the column or settings changed, keeping the place.
    fn relayout(&mut self) {
        let Some((issue, article)) = self.open else {
            self.page = None;
            self.page_key = None;
            return;
        };
        let Some(width) = self.reader_column().map(|c| c.width) else {
            return;
        };
        let key = PageKey {
            issue,
            article,
            width,
            amb: self.amb,
        };
        if self.page_key != Some(key) {
            let Some(blocks) = self.article_blocks(issue, article) else {
                return;
            };
            let page = Page::from_blocks(blocks, width, self.amb);
            self.top = page.line_of(self.anchor);
            self.page = Some(page);
            self.page_key = Some(key);
        }
        self.top = self.top.min(self.max_top());
        self.note_progress();
    }

    /// An article's text blocks as the reader shows them: from the issue itself, or,
    /// for outlined issues (a big archive keeps only headlines in the model), from the
    /// search index's copy. `None` until the issue is loaded.
    pub fn article_blocks(
        &self,
        issue: usize,
        article: usize,
    ) -> Option<Vec<(crate::blocks::Role, String)>> {
        let entry = self.issues.get(issue)?;
        let outline = entry.issue()?.articles.get(article)?;
        if !entry.outline {
            return Some(crate::blocks::blocks(outline));
        }
        let index = self
            .index
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut blocks = index.doc_of(issue, article)?.blocks();
        // The jump note is made by zzread, not indexed: put it back.
        if let (Some(b), Some(from)) = (
            blocks.iter_mut().find(|b| b.0 == crate::blocks::Role::Note),
            &outline.continued_from,
        ) {
            b.1 = format!("上接{from}");
        }
        Some(blocks)
    }

    /// Rows of text visible in the reader.
    pub fn reader_height(&self) -> usize {
        self.reader_column().map_or(0, |c| usize::from(c.height))
    }

    /// The text column the reader has when it is on screen. In one-pane mode the list
    /// may be showing instead; the page keeps the reader's measurements regardless, so
    /// switching panes changes neither the layout nor the reading position.
    fn reader_column(&self) -> Option<ratatui::layout::Rect> {
        geometry(self.size.0, self.size.1, self.measure, true).column
    }

    pub fn max_top(&self) -> usize {
        let lines = self.page.as_ref().map_or(0, |p| p.lines.len());
        lines.saturating_sub(self.reader_height())
    }

    fn page_rows(&self) -> isize {
        let h = match self.focus {
            Focus::Reader => self.reader_height(),
            Focus::List => self.list_height(),
        };
        // Keep one line of context when paging.
        isize::try_from(h.saturating_sub(1).max(1)).unwrap_or(1)
    }

    fn step(&mut self, delta: isize) {
        match self.focus {
            Focus::List => self.move_cursor(delta),
            Focus::Reader => self.scroll_reader(delta),
        }
    }

    fn scroll_reader(&mut self, delta: isize) {
        if self.page.is_none() {
            return;
        }
        self.top = self.top.saturating_add_signed(delta).min(self.max_top());
        if let Some(p) = &self.page {
            self.anchor = p.anchor_of(self.top);
        }
        self.note_progress();
    }

    /// An article counts as read once its end has been on screen.
    fn note_progress(&mut self) {
        if self.previewing {
            return;
        }
        if let Some(open) = self.open {
            if self.page.is_some() && self.top >= self.max_top() && self.read.insert(open) {
                self.revision += 1;
            }
        }
    }

    /// What the state file tracks, cheaply comparable: marks and bookmarks by revision,
    /// and the reading position.
    pub fn memory_stamp(&self) -> MemoryStamp {
        (self.revision, self.open, self.anchor)
    }

    /// Reading progress of the open article, 0–100.
    pub fn scroll_percent(&self) -> u16 {
        let max = self.max_top();
        if max == 0 {
            return 100;
        }
        u16::try_from(self.top.min(max) * 100 / max).unwrap_or(100)
    }
}
