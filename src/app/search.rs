//! Incremental search in the app: the `/` prompt, the result list, the preview with
//! highlighted hits, n/N, history, and Esc that puts everything back as it was.

use super::page::Anchor;
use super::{App, Focus};
use crate::search::{BlockHit, Outcome, block_hits, search};
use crate::text::{graphemes, str_width};

/// Results on screen per result (headline row + snippet row).
pub const ROWS_PER_RESULT: usize = 2;

/// Where the reader was when `/` was pressed.
#[derive(Debug, Clone)]
struct Saved {
    focus: Focus,
    open: Option<(usize, usize)>,
    anchor: Anchor,
    top: usize,
    cursor: usize,
    list_top: usize,
    hits: Option<Hits>,
}

/// The `/` prompt while it is open.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub input: String,
    /// Byte offset of the cursor in `input`.
    pub cursor: usize,
    pub selected: usize,
    pub results_top: usize,
    history_pos: Option<usize>,
    saved: Saved,
}

/// Search results in force: shown in the prompt, and kept after Enter for n/N.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    pub query: String,
    pub outcome: Outcome,
    /// Which result is open, and which of its hits is current.
    pub result: usize,
    pub hit: usize,
    /// Hits of the open result in page coordinates.
    pub blocks: Vec<BlockHit>,
}

impl Prompt {
    /// Display columns before the cursor (where the terminal cursor goes).
    pub fn cursor_column(&self, amb: crate::text::AmbiguousWidth) -> usize {
        str_width(self.input.get(..self.cursor).unwrap_or(""), amb)
    }
}

impl App {
    pub fn open_search(&mut self) {
        let saved = Saved {
            focus: self.focus,
            open: self.open,
            anchor: self.anchor,
            top: self.top,
            cursor: self.cursor,
            list_top: self.list_top,
            hits: self.hits.clone(),
        };
        self.prompt = Some(Prompt {
            input: String::new(),
            cursor: 0,
            selected: 0,
            results_top: 0,
            history_pos: None,
            saved,
        });
        self.hits = None;
    }

    /// Esc: close the prompt and return to exactly where the reader was.
    pub fn cancel_search(&mut self) {
        let Some(p) = self.prompt.take() else { return };
        let s = p.saved;
        self.focus = s.focus;
        self.open = s.open;
        self.anchor = s.anchor;
        self.cursor = s.cursor;
        self.list_top = s.list_top;
        self.hits = s.hits;
        self.page_key = None;
        self.previewing = false;
        self.relayout();
        self.top = s.top.min(self.max_top());
        if let Some(p) = &self.page {
            self.anchor = p.anchor_of(self.top);
        }
    }

    /// Enter: open the selected result at its current hit; hits stay for n/N.
    pub fn submit_search(&mut self) {
        let Some(p) = self.prompt.take() else { return };
        let query = p.input.trim().to_owned();
        if !query.is_empty() && self.history.last() != Some(&query) {
            self.history.push(query);
        }
        self.previewing = false;
        match &self.hits {
            Some(h) if !h.outcome.results.is_empty() => {
                let (issue, article) = {
                    let r = &h.outcome.results[h.result];
                    (r.issue, r.article)
                };
                self.reveal(issue, article);
                self.focus = Focus::Reader;
                self.relayout();
                self.show_current_hit();
                self.note_progress();
            }
            _ => {
                // Nothing found: back to where we were, keeping nothing.
                self.prompt = Some(p);
                self.cancel_search();
                self.hits = None;
            }
        }
    }

    pub fn prompt_insert(&mut self, text: &str) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        // A paste or an IME commit is one line of query text.
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        p.input.insert_str(p.cursor, &clean);
        p.cursor += clean.len();
        p.history_pos = None;
        self.run_query();
    }

    pub fn prompt_edit(&mut self, edit: Edit) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        let before = p.input.get(..p.cursor).unwrap_or("");
        let prev = graphemes(before).last().map_or(0, |(i, _)| i);
        let next = graphemes(p.input.get(p.cursor..).unwrap_or(""))
            .next()
            .map_or(p.cursor, |(_, g)| p.cursor + g.len());
        let changed = match edit {
            Edit::Left => {
                p.cursor = prev;
                false
            }
            Edit::Right => {
                p.cursor = next;
                false
            }
            Edit::Home => {
                p.cursor = 0;
                false
            }
            Edit::End => {
                p.cursor = p.input.len();
                false
            }
            Edit::Backspace => {
                p.input.replace_range(prev..p.cursor, "");
                p.cursor = prev;
                true
            }
            Edit::Delete => {
                p.input.replace_range(p.cursor..next, "");
                true
            }
            Edit::ClearToStart => {
                p.input.replace_range(..p.cursor, "");
                p.cursor = 0;
                true
            }
            Edit::DeleteWord => {
                let trimmed = before.trim_end();
                let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                p.input.replace_range(start..p.cursor, "");
                p.cursor = start;
                true
            }
        };
        if changed {
            p.history_pos = None;
            self.run_query();
        }
    }

    /// ↓/↑ in the prompt: move in the results, or recall history when the prompt is empty.
    pub fn prompt_move(&mut self, delta: isize) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        let browsing_history = p.history_pos.is_some() || p.input.is_empty();
        if browsing_history && !self.history.is_empty() {
            let last = self.history.len() - 1;
            let pos = match (p.history_pos, delta < 0) {
                (None, true) => Some(last),
                (None, false) => None,
                (Some(k), true) => Some(k.saturating_sub(1)),
                (Some(k), false) if k < last => Some(k + 1),
                (Some(_), false) => None,
            };
            p.history_pos = pos;
            p.input = pos.map(|k| self.history[k].clone()).unwrap_or_default();
            p.cursor = p.input.len();
            self.run_query();
            // Keep the history position: run_query resets nothing of it.
            return;
        }
        let n = self.hits.as_ref().map_or(0, |h| h.outcome.results.len());
        if n == 0 {
            return;
        }
        p.selected = p.selected.saturating_add_signed(delta).min(n - 1);
        let selected = p.selected;
        self.select_result(selected, 0);
    }

    /// Re-runs the query after every edit and previews the first result.
    fn run_query(&mut self) {
        let Some(p) = self.prompt.as_mut() else {
            return;
        };
        let query = p.input.clone();
        p.selected = 0;
        p.results_top = 0;
        if query.trim().is_empty() {
            self.hits = None;
            self.restore_preview_origin();
            return;
        }
        let outcome = {
            let index = self
                .index
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            search(&index, &query, crate::words::ready())
        };
        let empty = outcome.results.is_empty();
        self.hits = Some(Hits {
            query,
            outcome,
            ..Hits::default()
        });
        if empty {
            self.restore_preview_origin();
        } else {
            self.select_result(0, 0);
        }
    }

    /// With no result to preview, the reader shows what it showed before `/`.
    fn restore_preview_origin(&mut self) {
        let Some(saved) = self.prompt.as_ref().map(|p| p.saved.clone()) else {
            return;
        };
        if self.open != saved.open {
            self.open = saved.open;
            self.anchor = saved.anchor;
            self.top = saved.top;
            self.page_key = None;
            self.relayout();
        }
    }

    /// Shows result `k` at hit `hit` in the reader (a preview while the prompt is open).
    fn select_result(&mut self, k: usize, hit: usize) {
        let Some(h) = self.hits.as_mut() else { return };
        let Some(r) = h.outcome.results.get(k) else {
            return;
        };
        let (issue, article, doc) = (r.issue, r.article, r.doc);
        let ranges = {
            let index = self
                .index
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            h.outcome.positions(&index, k)
        };
        h.result = k;
        h.hit = hit.min(ranges.len().saturating_sub(1));
        let blocks = self.article_blocks(issue, article).unwrap_or_default();
        let mapped = {
            let index = self
                .index
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            index
                .docs
                .get(doc as usize)
                .map(|d| block_hits(d, &blocks, &ranges))
                .unwrap_or_default()
        };
        if let Some(h) = self.hits.as_mut() {
            h.blocks = mapped;
        }
        if self.open != Some((issue, article)) {
            self.open = Some((issue, article));
            self.anchor = Anchor::default();
            self.top = 0;
            self.page_key = None;
        }
        self.previewing = self.prompt.is_some();
        self.relayout();
        self.show_current_hit();
        let rows = self.list_height() / ROWS_PER_RESULT;
        if let Some(p) = self.prompt.as_mut() {
            if p.selected < p.results_top {
                p.results_top = p.selected;
            } else if rows > 0 && p.selected >= p.results_top + rows {
                p.results_top = p.selected + 1 - rows;
            }
        }
    }

    /// Scrolls so the current hit sits a third of the way down the reader.
    fn show_current_hit(&mut self) {
        let Some(target) = self
            .hits
            .as_ref()
            .and_then(|h| h.blocks.get(h.hit))
            .copied()
        else {
            return;
        };
        let Some(page) = &self.page else { return };
        let line = page.line_of(Anchor {
            block: target.block,
            byte: target.start,
        });
        let height = self.reader_height();
        let visible = line >= self.top && line < self.top + height.max(1);
        if !visible {
            self.top = line.saturating_sub(height / 3).min(self.max_top());
            self.anchor = page.anchor_of(self.top);
        }
    }

    /// n / N: the next or previous hit, running on into the next or previous result.
    pub fn step_hit(&mut self, dir: isize) {
        let Some(h) = self.hits.as_ref() else { return };
        let n_results = h.outcome.results.len();
        if n_results == 0 {
            return;
        }
        let n_hits = h.blocks.len();
        let (result, hit) = match dir {
            d if d > 0 && h.hit + 1 < n_hits => (h.result, h.hit + 1),
            d if d > 0 => ((h.result + 1) % n_results, 0),
            _ if h.hit > 0 => (h.result, h.hit - 1),
            _ => ((h.result + n_results - 1) % n_results, usize::MAX),
        };
        if result != h.result {
            let (issue, article) = {
                let r = &h.outcome.results[result];
                (r.issue, r.article)
            };
            self.select_result(result, hit);
            if self.prompt.is_none() {
                self.reveal(issue, article);
                self.focus = Focus::Reader;
            }
        } else if let Some(h) = self.hits.as_mut() {
            h.hit = hit;
            self.show_current_hit();
        }
        if let Some(p) = self.prompt.as_mut() {
            p.selected = result;
        }
        self.note_progress();
    }

    /// Esc outside the prompt: drop the highlights.
    pub fn clear_hits(&mut self) {
        self.hits = None;
    }

    /// "hit k/N · article a/M" for the status bar.
    pub fn hit_status(&self) -> Option<String> {
        let h = self.hits.as_ref()?;
        let m = h.outcome.results.len();
        if m == 0 {
            return None;
        }
        let n = h.blocks.len();
        Some(format!(
            "hit {}/{n} · article {}/{m}",
            (h.hit + 1).min(n),
            h.result + 1
        ))
    }
}

/// Editing the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Edit {
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    ClearToStart,
    DeleteWord,
}
