//! The reading pane: which article is open, its page laid out for the text column,
//! and where in it the reader is.

use super::page::{Anchor, Page, Role};
use super::{App, MAX_MEASURE, MIN_MEASURE, Mode, Pane};
use crate::ids::{ArticleIx, IssueIx};
use crate::text::AmbiguousWidth;
use ratatui::layout::Rect;

/// Which article, and the settings its page was laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PageKey {
    at: ArticleIx,
    width: u16,
    amb: AmbiguousWidth,
}

impl App {
    pub fn open_article(&mut self, at: ArticleIx) {
        if self.article(at).is_none() {
            return;
        }
        self.open = Some(at);
        self.anchor = Anchor::default();
        self.top = 0;
        self.mode = Mode::Reader;
        self.previewing = false;
        self.kept_unread = None;
        let keeps_hits = self
            .hits
            .as_ref()
            .and_then(|h| h.outcome.results.get(h.result))
            .is_some_and(|r| r.at == at);
        if !keeps_hits {
            self.hits = None;
        }
        self.reveal(at);
        self.relayout();
        self.note_progress();
    }

    /// Opens an article at a text position (resume, bookmarks).
    pub(super) fn open_at(&mut self, at: ArticleIx, anchor: Anchor) {
        self.open_article(at);
        self.anchor = anchor;
        self.page_key = None;
        self.relayout();
        if let Some(p) = &self.page {
            self.top = p.line_of(anchor).min(self.max_top());
        }
    }

    /// Articles of all parsed issues in reading order.
    pub(super) fn article_order(&self) -> Vec<ArticleIx> {
        self.issues
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                let ix = IssueIx::new(i);
                (0..e.article_count()).map(move |n| ix.article(n))
            })
            .collect()
    }

    pub(super) fn open_neighbour(&mut self, dir: isize) {
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
        if let Some(&at) = next {
            self.open_article(at);
        }
    }

    pub(super) fn open_issue_neighbour(&mut self, dir: isize) {
        let current = self
            .current_article()
            .map(|a| a.issue)
            .or_else(|| Some(self.rows.get(self.cursor)?.node.issue()));
        let mut candidates = (0..self.issues.len()).filter(|&i| self.issues[i].article_count() > 0);
        let next = match current {
            Some(cur) if dir > 0 => candidates.find(|&i| i > cur.get()),
            Some(cur) => candidates.rev().find(|&i| i < cur.get()),
            None => candidates.next(),
        };
        if let Some(i) = next {
            self.open_article(IssueIx::new(i).article(0));
        }
    }

    pub(super) fn set_measure(&mut self, m: u16) {
        self.measure = m.clamp(MIN_MEASURE, MAX_MEASURE);
        self.relayout();
    }

    /// Re-wraps the open article if the column or settings changed, keeping the place.
    pub(super) fn relayout(&mut self) {
        let Some(at) = self.open else {
            self.page = None;
            self.page_key = None;
            return;
        };
        let Some(width) = self.reader_column().map(|c| c.width) else {
            return;
        };
        let key = PageKey {
            at,
            width,
            amb: self.settings.amb,
        };
        if self.page_key != Some(key) {
            let Some(blocks) = self.article_blocks(at) else {
                return;
            };
            let page = Page::from_blocks(blocks, width, self.settings.amb);
            self.top = page.line_of(self.anchor);
            self.page = Some(page);
            self.page_key = Some(key);
        }
        self.top = self.top.min(self.max_top());
        self.note_progress();
    }

    /// An article's blocks as the reader shows them: the stored text, with the notes
    /// zzread writes itself (上接01版) filled in from the outline. `None` until the
    /// issue is parsed.
    pub fn article_blocks(&self, at: ArticleIx) -> Option<Vec<(Role, String)>> {
        let meta = self.article(at)?;
        let mut blocks = self.corpus.doc_of(at)?.blocks();
        if let (Some(b), Some(from)) = (
            blocks.iter_mut().find(|b| b.0 == Role::Note),
            &meta.continued_from,
        ) {
            b.1 = crate::strings::continued_from(from);
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
    fn reader_column(&self) -> Option<Rect> {
        super::geometry(self.size.0, self.size.1, self.measure, true).column
    }

    pub fn max_top(&self) -> usize {
        let lines = self.page.as_ref().map_or(0, |p| p.lines.len());
        lines.saturating_sub(self.reader_height())
    }

    pub(super) fn page_rows(&self) -> isize {
        let h = match self.mode.pane() {
            Pane::Reader => self.reader_height(),
            Pane::List => self.list_height(),
        };
        // Keep one line of context when paging.
        isize::try_from(h.saturating_sub(1).max(1)).unwrap_or(1)
    }

    pub(super) fn step(&mut self, delta: isize) {
        match self.mode.pane() {
            Pane::List => self.move_cursor(delta),
            Pane::Reader => self.scroll_reader(delta),
        }
    }

    pub(super) fn scroll_reader(&mut self, delta: isize) {
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
    pub(super) fn note_progress(&mut self) {
        if self.previewing {
            return;
        }
        if let Some(open) = self.open
            && self.kept_unread != Some(open)
            && self.page.is_some()
            && self.top >= self.max_top()
            && self.read.insert(open)
        {
            self.mark_changed(open, true);
        }
    }

    /// Reading progress of the open article, 0–100.
    pub fn scroll_percent(&self) -> u16 {
        let max = self.max_top();
        if max == 0 {
            return 100;
        }
        u16::try_from(self.top.min(max) * 100 / max).unwrap_or(100)
    }

    /// The reading position: the open article and the text at the top of the pane.
    pub fn position(&self) -> Option<(ArticleIx, Anchor)> {
        Some((self.open?, self.anchor))
    }
}
