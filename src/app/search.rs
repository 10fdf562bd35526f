//! Incremental search in the app: the `/` prompt, the result list, the preview with
//! highlighted hits, n/N, history, and Esc that puts everything back as it was; the
//! scope (the archive or the open article), the order of the results, and the list of
//! articles most like the open one (`*`).

use super::page::Anchor;
use super::{Action, App, Mode, Pane, base_mode};
use crate::ids::ArticleIx;
use crate::search::query::block_hit;
use crate::search::query::find_first;
use crate::search::{BlockHit, Haystack, Outcome, Query};
use crate::strings;
use crate::text::{graphemes, str_width};
use std::ops::Range;

/// Screen rows per result: the date (or name), column and hit count; the
/// headline; a snippet around the first hit.
pub const ROWS_PER_RESULT: usize = 3;
/// Columns before a result's headline and snippet (under its rank).
pub const RESULT_INDENT: u16 = 4;
/// Articles a "more like this" list shows.
const RELATED_RESULTS: usize = 50;

/// The order of the result list (the engine's: relevance, newest, oldest).
pub use crate::search::Sort;

/// How the result list's header says an order.
pub fn sort_label(sort: Sort) -> &'static str {
    match sort {
        Sort::Relevance => strings::SORT_RELEVANCE,
        Sort::Newest => strings::SORT_NEWEST,
        Sort::Oldest => strings::SORT_OLDEST,
    }
}

/// What a search runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every indexed article.
    #[default]
    All,
    /// Only the article that was open when `/` was pressed.
    Article(ArticleIx),
}

/// Where the results came from: a query typed, or the keywords of an article (`*`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    Query,
    Related {
        of: ArticleIx,
        keywords: Vec<String>,
    },
}

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
    /// What the query runs over (`Tab` switches).
    pub scope: Scope,
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
    /// The order the results are in.
    pub sort: Sort,
    /// What they were searched over.
    pub scope: Scope,
    pub source: Source,
    /// `Esc` once after a search: the highlights are hidden, `n` / `N` still go on
    /// (and show them again), as vim's `:noh` and less's `ESC-u`.
    pub hidden: bool,
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
        self.related_wanted = None;
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
            scope: Scope::All,
        }));
        self.hits = None;
        // The preview is narrower than the reader was.
        self.relayout();
    }

    pub(super) fn prompt_action(&mut self, action: Action) {
        match action {
            Action::Submit => self.submit_search(),
            Action::CancelSearch => self.cancel_search(),
            Action::NextResult => self.prompt_move(1),
            Action::PrevResult => self.prompt_move(-1),
            Action::SearchScope => self.switch_scope(),
            Action::SearchSort => self.switch_sort(),
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
        let n = self.hits.as_ref().map_or(0, |h| h.outcome.len());
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
        let scope = p.scope;
        p.selected = 0;
        p.results_top = 0;
        if query.trim().is_empty() {
            self.hits = None;
            self.restore_preview_origin();
            return;
        }
        let sort = self.search_sort;
        let outcome = self.find(&Source::Query, &query, scope, sort);
        self.show_outcome(query, outcome, Source::Query, scope);
    }

    /// Puts fresh results in force and previews the first.
    fn show_outcome(&mut self, query: String, outcome: Outcome, source: Source, scope: Scope) {
        let empty = outcome.is_empty();
        let generation = self.hits.as_ref().map_or(0, |h| h.generation + 1);
        self.hits = Some(Hits {
            query,
            outcome,
            generation,
            partial: self.indexing(),
            sort: self.search_sort,
            scope,
            source,
            ..Hits::default()
        });
        if let Some(p) = self.prompt_mut() {
            p.selected = 0;
            p.results_top = 0;
        }
        if empty {
            self.restore_preview_origin();
        } else {
            self.select_result(0, 0);
        }
    }

    /// The results of a query, or of an article's keywords, over `scope`, in `sort`
    /// order.
    fn find(&self, source: &Source, query: &str, scope: Scope, sort: Sort) -> Outcome {
        match source {
            Source::Related { of, keywords } => {
                if self.words.is_none() {
                    return Outcome::default();
                }
                let mut outcome = crate::search::related::search(
                    &self.haystack(),
                    keywords,
                    *of,
                    RELATED_RESULTS,
                );
                // Relevance is the keywords' score, as related::search ranked them.
                if sort != Sort::Relevance {
                    outcome.set_sort(sort, &self.haystack());
                }
                outcome
            }
            Source::Query => {
                let mut q = Query::parse(query);
                q.sort = sort;
                q.scope = match scope {
                    Scope::All => None,
                    Scope::Article(at) => Some(at),
                };
                find_first(&self.haystack(), &q, self.words, self.rank_ahead)
            }
        }
    }

    /// Tab in the prompt: the whole archive, or only the article that was open.
    fn switch_scope(&mut self) {
        let Some((scope, open)) = self.prompt().map(|p| (p.scope, p.saved.open)) else {
            return;
        };
        let next = match (scope, open) {
            (Scope::All, Some(at)) => Scope::Article(at),
            (Scope::All, None) => {
                self.notice(strings::SCOPE_NEEDS_ARTICLE.into());
                return;
            }
            (Scope::Article(_), _) => Scope::All,
        };
        if let Some(p) = self.prompt_mut() {
            p.scope = next;
        }
        self.run_query();
    }

    /// Ctrl-S in the prompt: relevance → newest → oldest, kept for later searches.
    fn switch_sort(&mut self) {
        self.search_sort = self.search_sort.next();
        let Some(h) = &self.hits else { return };
        let (query, source, scope) = (h.query.clone(), h.source.clone(), h.scope);
        let outcome = self.find(&source, &query, scope, self.search_sort);
        self.show_outcome(query, outcome, source, scope);
    }

    /// New issues were indexed (or indexing ended): the search in force runs again over
    /// everything indexed, keeping the result the user is on.
    pub(super) fn refresh_search(&mut self) {
        let Some(h) = &self.hits else {
            return;
        };
        let query = h.query.clone();
        let current = h.outcome.results.get(h.result).map(|r| r.at);
        let (generation, hit, sort, scope, hidden) =
            (h.generation + 1, h.hit, h.sort, h.scope, h.hidden);
        let source = h.source.clone();
        let mut outcome = self.find(&source, &query, scope, sort);
        let result = current
            .and_then(|at| outcome.place_of(at, &self.haystack()))
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
            sort,
            scope,
            source,
            hidden,
        });
        if let Some(p) = self.prompt_mut() {
            p.selected = result;
        }
        if !kept && self.hits.as_ref().is_some_and(|h| !h.outcome.is_empty()) {
            self.select_result(result, 0);
        }
    }

    /// `*`: the articles most like the open one (or the one under the list cursor), in
    /// the result list, with the keywords that found them. Without the dictionary yet,
    /// it says so and lists them when the dictionary arrives.
    pub(super) fn more_like_this(&mut self) {
        let Some(at) = self.current_article() else {
            self.notice(strings::OPEN_AN_ARTICLE_FIRST.into());
            return;
        };
        if self.words.is_none() {
            self.related_wanted = Some(at);
            self.message = Some(strings::RELATED_WAITING.into());
            return;
        }
        self.show_related(at);
    }

    /// The dictionary has arrived: a `*` that waited for it is done now, if the user
    /// has not gone on to something else.
    pub(super) fn words_arrived(&mut self) {
        if let Some(at) = self.related_wanted.take()
            && matches!(self.mode, Mode::List | Mode::Reader)
        {
            self.show_related(at);
        }
    }

    fn show_related(&mut self, at: ArticleIx) {
        let Some(jieba) = self.words else { return };
        let keywords = match self.corpus.doc_of(at) {
            Some(doc) => crate::search::related::keywords(jieba, &self.haystack(), &doc),
            None => Vec::new(),
        };
        if keywords.is_empty() {
            self.notice(strings::RELATED_NONE.into());
            return;
        }
        let source = Source::Related { of: at, keywords };
        let outcome = self.find(&source, "", Scope::All, self.search_sort);
        if outcome.is_empty() {
            self.notice(strings::RELATED_NOTHING.into());
            return;
        }
        self.open_search();
        self.show_outcome(String::new(), outcome, source, Scope::All);
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
        // Fields, not `haystack()`: the results are borrowed mutably beside it.
        let hay = Haystack {
            corpus: &self.corpus,
            index: &self.index,
            newness: &self.newness,
        };
        if let Some(h) = self.hits.as_mut()
            && k >= h.outcome.ranked()
        {
            // A block at a time: crossing into unranked results is rare.
            h.outcome
                .rank_through(k.saturating_add(self.rank_ahead), &hay);
        }
        let Some(h) = self.hits.as_ref() else { return };
        let Some(at) = h.outcome.results.get(k).map(|r| r.at) else {
            return;
        };
        let ranges = h.outcome.positions(&self.corpus, k);
        // Only the blocks that hold a hit are unfolded (not the whole article).
        let mapped = h
            .outcome
            .results
            .get(k)
            .and_then(|r| self.corpus.doc(r.doc))
            .map(|doc| map_hits(&doc, &ranges))
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

    /// n / N: the next or previous hit, running on into the next or previous result;
    /// past the last hit back to the first (and from the first to the last), saying so.
    pub(super) fn step_hit(&mut self, dir: isize) {
        let Some(h) = self.hits.as_mut() else { return };
        let n_results = h.outcome.len();
        if n_results == 0 {
            return;
        }
        h.hidden = false;
        let n_hits = h.blocks.len();
        let forward = dir > 0;
        let last_hit = n_hits == 0 || h.hit + 1 >= n_hits;
        let wrapped = if forward {
            last_hit && h.result + 1 == n_results
        } else {
            h.hit == 0 && h.result == 0
        };
        let (result, hit) = match forward {
            true if !last_hit => (h.result, h.hit + 1),
            true => ((h.result + 1) % n_results, 0),
            false if h.hit > 0 => (h.result, h.hit - 1),
            false => ((h.result + n_results - 1) % n_results, usize::MAX),
        };
        let same = result == h.result;
        if same {
            h.hit = hit.min(n_hits.saturating_sub(1));
        }
        if same {
            self.show_current_hit();
        } else {
            self.select_result(result, hit);
            let at = self
                .hits
                .as_ref()
                .and_then(|h| h.outcome.results.get(result))
                .map(|r| r.at);
            if let Some(at) = at
                && !matches!(self.mode, Mode::Search(_))
            {
                self.reveal(at);
                self.mode = Mode::Reader;
            }
        }
        if let Some(p) = self.prompt_mut() {
            p.selected = result;
        }
        // Said until the next key, as vim says it.
        if wrapped {
            self.message = Some(
                if forward {
                    strings::WRAPPED_TO_START
                } else {
                    strings::WRAPPED_TO_END
                }
                .into(),
            );
        }
    }

    /// Esc outside the prompt: the first hides the highlights and keeps the search for
    /// `n` / `N`; the second drops the search.
    pub(super) fn clear_hits(&mut self) {
        let Some(h) = self.hits.as_mut() else { return };
        if h.hidden {
            self.hits = None;
            self.notice(strings::SEARCH_CLEARED.into());
        } else {
            h.hidden = true;
            let keymap = &self.settings.keymap;
            let key = |a: Action| keymap.first_label(a).unwrap_or_default();
            let text = strings::highlights_hidden(
                &key(Action::NextHit),
                &key(Action::PrevHit),
                &key(Action::Cancel),
            );
            // Until the next key: the state it describes lasts.
            self.message = Some(text);
        }
    }

    /// Columns of a result's excerpt in the result list.
    fn result_snippet_width(&self) -> usize {
        self.geometry().list.map_or(0, |r| {
            usize::from(r.width.saturating_sub(RESULT_INDENT + 1))
        })
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
        // Fields, not `haystack()`: the results are borrowed mutably beside it.
        let hay = Haystack {
            corpus: &self.corpus,
            index: &self.index,
            newness: &self.newness,
        };
        if let Some(h) = self.hits.as_mut()
            && top + per_screen > h.outcome.ranked()
        {
            h.outcome
                .rank_through(top + per_screen + self.rank_ahead, &hay);
        }
        let key = Some((generation, top, width));
        if self.prompt().is_some_and(|p| p.snippets_for == key) {
            return;
        }
        let amb = self.settings.amb;
        let full_width = self.settings.full_width;
        let snippets: Vec<(usize, String, Range<usize>)> = self
            .hits
            .as_ref()
            .map(|h| {
                (top..h.outcome.results.len())
                    .take(per_screen)
                    .filter_map(|k| {
                        let (text, hit) =
                            body_snippet(&self.corpus, &h.outcome, k, width, amb, full_width)?;
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

/// The excerpt of result `k` for the result list: around its first hit in the body,
/// since the row above already shows the headline (a headline-only hit keeps the
/// headline's excerpt); with the display punctuation in force, as the reader shows it.
fn body_snippet(
    corpus: &crate::store::Corpus,
    outcome: &Outcome,
    k: usize,
    width: usize,
    amb: crate::text::AmbiguousWidth,
    full_width: bool,
) -> Option<(String, Range<usize>)> {
    let doc = corpus.doc(outcome.results.get(k)?.doc)?;
    let heading_end = doc.heading_end();
    let hits = outcome.positions(corpus, k);
    let hit = hits
        .iter()
        .find(|h| h.start >= heading_end)
        .or(hits.first())?;
    // Only the hit's block is unfolded: an article can be megabytes long.
    let b = doc.block_at(hit.start);
    let original = doc.block_text(b);
    let h = block_hit(&doc, b, &original, hit)?;
    if !full_width {
        return Some(crate::search::snippet(
            &original,
            h.start..h.end,
            width,
            amb,
        ));
    }
    let shown = crate::text::full_width(&original);
    let range = shown.to_display(h.start)..shown.to_display(h.end);
    Some(crate::search::snippet(&shown.text, range, width, amb))
}

/// Folded hits of an article mapped onto its blocks as printed, unfolding only the
/// blocks that hold one.
fn map_hits(doc: &crate::store::Doc<'_>, hits: &[Range<usize>]) -> Vec<BlockHit> {
    let mut out = Vec::with_capacity(hits.len());
    let mut unfolded: Option<(usize, String)> = None;
    for h in hits {
        let b = doc.block_at(h.start);
        if unfolded.as_ref().is_none_or(|u| u.0 != b) {
            unfolded = Some((b, doc.block_text(b)));
        }
        if let Some((_, original)) = &unfolded
            && let Some(hit) = block_hit(doc, b, original, h)
        {
            out.push(hit);
        }
    }
    out
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
