//! Incremental search in the app: the `/` prompt, the result list, the preview with
//! highlighted hits, n/N, history, and Esc that puts everything back as it was.

use super::page::Anchor;
use super::{Action, App, Mode, Pane, base_mode};
use crate::ids::ArticleIx;
use crate::search::{BlockHit, Haystack, Outcome, block_hits, result_snippet, search};
use crate::text::{graphemes, str_width};
use std::ops::Range;

/// Screen rows per result (headline row + snippet row).
pub const ROWS_PER_RESULT: usize = 2;

/// Where the reader was when `/` was pressed.
#[derive(Debug, Clone)]
struct Saved {
    pane: Pane,
    open: Option<ArticleIx>,
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
    /// Excerpts of the results on screen, made when the results or the window change
    /// (never while drawing): (result index, excerpt, hit range in it).
    pub snippets: Vec<(usize, String, Range<usize>)>,
    snippets_for: Option<(usize, usize, usize)>,
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
    /// Bumped whenever `outcome` is replaced (the result list's excerpts follow it).
    generation: usize,
    /// The results cover only the issues indexed when they were computed.
    pub partial: bool,
}

impl Prompt {
    /// Display columns before the cursor (where the terminal cursor goes).
    pub fn cursor_column(&self, amb: crate::text::AmbiguousWidth) -> usize {
        str_width(self.input.get(..self.cursor).unwrap_or(""), amb)
    }
}

impl App {
    fn haystack(&self) -> Haystack<'_> {
        Haystack {
            corpus: &self.corpus,
            index: &self.index,
            newness: &self.newness,
        }
    }

    pub(super) fn open_search(&mut self) {
        let saved = Saved {
            pane: self.mode.pane(),
            open: self.open,
            anchor: self.anchor,
            top: self.top,
            cursor: self.cursor,
            list_top: self.list_top,
            hits: self.hits.clone(),
        };
        self.mode = Mode::Search(Box::new(Prompt {
            input: String::new(),
            cursor: 0,
            selected: 0,
            results_top: 0,
            history_pos: None,
            saved,
            snippets: Vec::new(),
            snippets_for: None,
        }));
        self.hits = None;
    }

    pub(super) fn prompt_action(&mut self, action: Action) {
        match action {
            Action::Submit => self.submit_search(),
            Action::CancelSearch => self.cancel_search(),
            Action::NextResult => self.prompt_move(1),
            Action::PrevResult => self.prompt_move(-1),
            other => {
                if let Some(edit) = Edit::of(other) {
                    self.prompt_edit(edit);
                }
            }
        }
    }

    fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match &mut self.mode {
            Mode::Search(p) => Some(p),
            _ => None,
        }
    }

    /// Esc: close the prompt and return to exactly where the reader was.
    fn cancel_search(&mut self) {
        let Mode::Search(p) = std::mem::replace(&mut self.mode, Mode::List) else {
            return;
        };
        let s = p.saved;
        self.mode = base_mode(s.pane);
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
    fn submit_search(&mut self) {
        let Some(query) = self.prompt().map(|p| p.input.trim().to_owned()) else {
            return;
        };
        if !query.is_empty() {
            self.searched(query);
        }
        let selected = self
            .hits
            .as_ref()
            .and_then(|h| h.outcome.results.get(h.result))
            .map(|r| r.at);
        let Some(at) = selected else {
            // Nothing found: back to where we were, keeping nothing.
            self.cancel_search();
            self.hits = None;
            return;
        };
        self.previewing = false;
        self.mode = Mode::Reader;
        self.reveal(at);
        self.relayout();
        self.show_current_hit();
    }

    /// Text typed, pasted or committed by an input method into the open prompt.
    pub(super) fn prompt_insert(&mut self, text: &str) {
        // A paste or an IME commit is one line of text.
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        match &mut self.mode {
            Mode::Search(p) => {
                p.input.insert_str(p.cursor, &clean);
                p.cursor += clean.len();
                p.history_pos = None;
                self.run_query();
            }
            Mode::Goto(g) => {
                g.input.insert_str(g.cursor, &clean);
                g.cursor += clean.len();
                self.goto_changed();
            }
            _ => {}
        }
    }

    fn prompt_edit(&mut self, edit: Edit) {
        let Some(p) = self.prompt_mut() else {
            return;
        };
        if edit_line(&mut p.input, &mut p.cursor, edit) {
            p.history_pos = None;
            self.run_query();
        }
    }

    /// ↓/↑ in the prompt: move in the results, or recall history when the prompt is empty.
    fn prompt_move(&mut self, delta: isize) {
        let n = self.hits.as_ref().map_or(0, |h| h.outcome.results.len());
        let Some((history_pos, empty, selected)) = self
            .prompt()
            .map(|p| (p.history_pos, p.input.is_empty(), p.selected))
        else {
            return;
        };
        let browsing_history = history_pos.is_some() || empty;
        if browsing_history && !self.history.is_empty() {
            let last = self.history.len() - 1;
            let pos = match (history_pos, delta < 0) {
                (None, true) => Some(last),
                (None, false) => None,
                (Some(k), true) => Some(k.saturating_sub(1)),
                (Some(k), false) if k < last => Some(k + 1),
                (Some(_), false) => None,
            };
            let recalled = pos
                .and_then(|k| self.history.get(k))
                .cloned()
                .unwrap_or_default();
            if let Some(p) = self.prompt_mut() {
                p.history_pos = pos;
                p.cursor = recalled.len();
                p.input = recalled;
            }
            // Keep the history position: run_query resets nothing of it.
            self.run_query();
            return;
        }
        if n == 0 {
            return;
        }
        let selected = selected.saturating_add_signed(delta).min(n - 1);
        if let Some(p) = self.prompt_mut() {
            p.selected = selected;
        }
        self.select_result(selected, 0);
    }

    /// Re-runs the query after every edit and previews the first result.
    fn run_query(&mut self) {
        let Some(p) = self.prompt_mut() else {
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
        let outcome = search(&self.haystack(), &query, self.words);
        let empty = outcome.results.is_empty();
        let generation = self.hits.as_ref().map_or(0, |h| h.generation + 1);
        self.hits = Some(Hits {
            query,
            outcome,
            generation,
            partial: self.indexing(),
            ..Hits::default()
        });
        if empty {
            self.restore_preview_origin();
        } else {
            self.select_result(0, 0);
        }
    }

    /// New issues were indexed (or indexing ended): the search in force runs again over
    /// everything indexed, keeping the result the user is on.
    pub(super) fn refresh_search(&mut self) {
        let Some(h) = &self.hits else {
            return;
        };
        let query = h.query.clone();
        let current = h.outcome.results.get(h.result).map(|r| r.at);
        let (generation, hit) = (h.generation + 1, h.hit);
        let outcome = search(&self.haystack(), &query, self.words);
        let result = current
            .and_then(|at| outcome.results.iter().position(|r| r.at == at))
            .unwrap_or(0);
        let blocks = self
            .hits
            .as_ref()
            .map(|h| h.blocks.clone())
            .unwrap_or_default();
        let kept = current.is_some() && outcome.results.get(result).map(|r| r.at) == current;
        self.hits = Some(Hits {
            query,
            outcome,
            result,
            hit,
            blocks,
            generation,
            partial: self.indexing(),
        });
        if let Some(p) = self.prompt_mut() {
            p.selected = result;
        }
        if !kept
            && self
                .hits
                .as_ref()
                .is_some_and(|h| !h.outcome.results.is_empty())
        {
            self.select_result(result, 0);
        }
    }

    /// With no result to preview, the reader shows what it showed before `/`.
    fn restore_preview_origin(&mut self) {
        let Some(saved) = self.prompt().map(|p| p.saved.clone()) else {
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
        let Some(h) = self.hits.as_ref() else { return };
        let Some(at) = h.outcome.results.get(k).map(|r| r.at) else {
            return;
        };
        let ranges = h.outcome.positions(&self.corpus, k);
        let blocks = self.article_blocks(at).unwrap_or_default();
        let mapped = self
            .hits
            .as_ref()
            .and_then(|h| self.corpus.doc(h.outcome.results.get(k)?.doc))
            .map(|doc| block_hits(&doc, &blocks, &ranges))
            .unwrap_or_default();
        if let Some(h) = self.hits.as_mut() {
            h.result = k;
            h.hit = hit.min(mapped.len().saturating_sub(1));
            h.blocks = mapped;
        }
        if self.open != Some(at) {
            self.open = Some(at);
            self.anchor = Anchor::default();
            self.top = 0;
            self.page_key = None;
        }
        self.previewing = matches!(self.mode, Mode::Search(_));
        self.relayout();
        self.show_current_hit();
        let rows = self.list_height() / ROWS_PER_RESULT;
        if let Some(p) = self.prompt_mut() {
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
    pub(super) fn step_hit(&mut self, dir: isize) {
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
            let at = h.outcome.results[result].at;
            self.select_result(result, hit);
            if !matches!(self.mode, Mode::Search(_)) {
                self.reveal(at);
                self.mode = Mode::Reader;
            }
        } else if let Some(h) = self.hits.as_mut() {
            h.hit = hit;
            self.show_current_hit();
        }
        if let Some(p) = self.prompt_mut() {
            p.selected = result;
        }
    }

    /// Esc outside the prompt: drop the highlights.
    pub(super) fn clear_hits(&mut self) {
        self.hits = None;
    }

    /// Columns of a result's excerpt in the result list.
    fn result_snippet_width(&self) -> usize {
        self.geometry()
            .list
            .map_or(0, |r| usize::from(r.width.saturating_sub(5)))
    }

    /// Makes the excerpts of the results on screen when the results, the window or the
    /// width changed since they were last made.
    pub(super) fn prepare_result_rows(&mut self) {
        let width = self.result_snippet_width();
        let per_screen = self.list_height() / ROWS_PER_RESULT;
        let Some(generation) = self.hits.as_ref().map(|h| h.generation) else {
            if let Some(p) = self.prompt_mut() {
                p.snippets.clear();
                p.snippets_for = None;
            }
            return;
        };
        let Some(top) = self.prompt().map(|p| p.results_top) else {
            return;
        };
        let key = Some((generation, top, width));
        if self.prompt().is_some_and(|p| p.snippets_for == key) {
            return;
        }
        let amb = self.settings.amb;
        let snippets: Vec<(usize, String, Range<usize>)> = self
            .hits
            .as_ref()
            .map(|h| {
                (top..h.outcome.results.len())
                    .take(per_screen)
                    .filter_map(|k| {
                        let (text, hit) = result_snippet(&self.corpus, &h.outcome, k, width, amb)?;
                        Some((k, text, hit))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Some(p) = self.prompt_mut() {
            p.snippets = snippets;
            p.snippets_for = key;
        }
    }
}

/// Editing a prompt line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Edit {
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    ClearToStart,
    DeleteWord,
}

impl Edit {
    /// The edit a prompt action makes, if it edits.
    pub(super) fn of(action: Action) -> Option<Edit> {
        Some(match action {
            Action::CursorLeft => Edit::Left,
            Action::CursorRight => Edit::Right,
            Action::LineStart => Edit::Home,
            Action::LineEnd => Edit::End,
            Action::DeleteBack => Edit::Backspace,
            Action::DeleteForward => Edit::Delete,
            Action::DeleteToStart => Edit::ClearToStart,
            Action::DeleteWord => Edit::DeleteWord,
            _ => return None,
        })
    }
}

/// Applies an edit to a prompt line whose cursor is the byte offset `cursor`, moving
/// by grapheme; whether the text changed.
pub(super) fn edit_line(input: &mut String, cursor: &mut usize, edit: Edit) -> bool {
    let before = input.get(..*cursor).unwrap_or("");
    let prev = graphemes(before).last().map_or(0, |(i, _)| i);
    let next = graphemes(input.get(*cursor..).unwrap_or(""))
        .next()
        .map_or(*cursor, |(_, g)| *cursor + g.len());
    match edit {
        Edit::Left => {
            *cursor = prev;
            false
        }
        Edit::Right => {
            *cursor = next;
            false
        }
        Edit::Home => {
            *cursor = 0;
            false
        }
        Edit::End => {
            *cursor = input.len();
            false
        }
        Edit::Backspace => {
            input.replace_range(prev..*cursor, "");
            *cursor = prev;
            true
        }
        Edit::Delete => {
            input.replace_range(*cursor..next, "");
            true
        }
        Edit::ClearToStart => {
            input.replace_range(..*cursor, "");
            *cursor = 0;
            true
        }
        Edit::DeleteWord => {
            let trimmed = before.trim_end();
            let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            input.replace_range(start..*cursor, "");
            *cursor = start;
            true
        }
    }
}
