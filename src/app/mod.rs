//! The functional core of the reader: all of its state, and `update`, the only way that
//! state changes.
//!
//! `App::update(Msg) -> Vec<Effect>`: keys, resizes, parsed issues, clock ticks and the
//! results of saves come in as messages (`msg`); the clipboard, files, the state file,
//! wake-ups and quitting go out as effects for the shell. No IO, no drawing, no clock,
//! no locks: `ui::render` draws from a shared borrow, and tests drive `update` exactly
//! as the terminal does.
//!
//! Where a key goes: the shell turns a terminal event into a [`Key`] →
//! [`App::update`]`(Msg::Key)` → the [`Mode`] says which key table applies →
//! [`Keymap::action_for`] → [`App::act`] (or the search prompt's editing).

pub mod actions;
pub mod export;
pub mod geometry;
pub mod goto;
pub mod help;
pub mod keys;
pub mod library;
pub mod list;
pub mod memory;
pub mod msg;
pub mod page;
pub mod reader;
pub mod search;
pub mod views;

pub use actions::{Action, Keymap, Modes};
pub use geometry::{Geometry, geometry, geometry_with};
pub use keys::{Key, Named};
pub use library::{IssueEntry, IssueState};
pub use list::{Node, Row};
pub use msg::{
    ArticleMeta, Batch, Effect, IssueMeta, Mouse, MouseKind, Msg, Quit, Signal, SourceText, Time,
};
pub use page::{Anchor, Layout, Page};

use crate::ids::ArticleIx;
use crate::model::LoadError;
use crate::search::Index;
use crate::state::Bookmark;
use crate::store::Corpus;
use crate::text::AmbiguousWidth;
use jieba_rs::Jieba;
use std::collections::HashSet;

/// The reading measure when config.toml does not say: 80 columns = 40 Chinese
/// characters.
pub const DEFAULT_MEASURE: u16 = 80;
/// `+` and `-` move the column by two Chinese characters.
const MEASURE_STEP: u16 = 4;
pub const MIN_MEASURE: u16 = 20;
pub const MAX_MEASURE: u16 = 240;
/// Mouse wheel lines per notch.
const WHEEL_LINES: isize = 3;
/// A change of reading position alone is remembered at most this often (and always
/// on quit); marks and bookmarks are remembered at once.
const POSITION_SAVE_EVERY_MS: u64 = 2_000;
/// An article counts as read once its end has been on screen this long while it was
/// open: longer than a glance at a headline on the way past (`]` `]` `]` takes a few
/// hundred milliseconds a key), far shorter than reading the last screenful takes.
pub const READ_AFTER_MS: u64 = 2_000;
/// How long a notice that answers a key (the column width) stays, unless another key
/// clears it first.
pub const NOTICE_MS: u64 = 1_500;
/// The largest count typed before a motion (`99999j`).
const MAX_COUNT: u32 = 99_999;

/// Which pane the list-or-reader view shows (in one-pane mode) or has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
}

/// What the keys are talking to. Overlays remember the pane under them.
#[derive(Debug, Clone)]
pub enum Mode {
    List,
    Reader,
    /// The `/` prompt, with the result list and a preview.
    Search(Box<search::Prompt>),
    /// The `?` overlay, scrolled to `top`.
    Help {
        top: usize,
        under: Pane,
    },
    /// The `'` bookmark list, with the selected row.
    Bookmarks {
        cursor: usize,
        under: Pane,
    },
    /// The `:` go-to prompt, with its candidates in the list pane's place.
    Goto(Box<goto::GotoPrompt>),
    /// A text view over the reader, scrolled to `top`: the source lines of the open
    /// article (`v`, text in `App::source`) or the files that failed to load (`!`).
    View {
        view: views::View,
        top: usize,
        under: Pane,
    },
}

impl Mode {
    /// The key table that applies.
    pub fn keys(&self) -> Modes {
        match self {
            Mode::List => Modes::LIST,
            Mode::Reader => Modes::READER,
            Mode::Search(_) => Modes::SEARCH,
            Mode::Goto(_) => Modes::GOTO,
            Mode::Help { .. } => Modes::HELP,
            Mode::Bookmarks { .. } => Modes::BOOKMARKS,
            Mode::View { .. } => Modes::VIEW,
        }
    }

    /// The pane shown under any overlay. While searching the result list takes the
    /// list pane's place.
    pub fn pane(&self) -> Pane {
        match self {
            Mode::List | Mode::Search(_) | Mode::Goto(_) => Pane::List,
            Mode::Reader => Pane::Reader,
            Mode::Help { under, .. } | Mode::Bookmarks { under, .. } | Mode::View { under, .. } => {
                *under
            }
        }
    }
}

/// Colours: the theme and whether colour is wanted at all (NO_COLOR).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Appearance {
    pub light: bool,
    pub no_color: bool,
}

/// Which end of the archive the list starts with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Order {
    /// The newest issue at the top (what a newspaper reader opens first).
    #[default]
    Newest,
    Oldest,
}

/// The settings the app starts with (config.toml and the command line, resolved).
#[derive(Debug, Clone)]
pub struct Settings {
    pub amb: AmbiguousWidth,
    /// config.toml's `text_width` (what `=` goes back to).
    pub measure: u16,
    pub appearance: Appearance,
    pub keymap: Keymap,
    pub order: Order,
    /// Show ASCII , ; : ( ) ! ? in Chinese text full-width (`punctuation`).
    pub full_width: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            amb: AmbiguousWidth::Narrow,
            measure: DEFAULT_MEASURE,
            appearance: Appearance::default(),
            keymap: Keymap::default(),
            order: Order::default(),
            full_width: true,
        }
    }
}

#[derive(Debug)]
pub struct App {
    // ----- the archive -----
    /// Every listed issue, in archive order; parsed ones carry their outline.
    pub issues: Vec<IssueEntry>,
    /// Files that could not be loaded, with the reason.
    pub errors: Vec<LoadError>,
    /// Every parsed article's text.
    pub corpus: Corpus,
    /// The search index over `corpus`.
    pub index: Index,
    /// Per issue, how new it is (for ranking), from the listing.
    newness: Vec<u32>,
    words: Option<&'static Jieba>,
    loaded: usize,
    /// Issues with jump markers, by the date their halves pair within.
    jumping: std::collections::BTreeMap<String, Vec<crate::ids::IssueIx>>,
    /// While the archive's folders are still being walked: the files found so far.
    pub walking: Option<usize>,

    // ----- what is shown -----
    pub mode: Mode,
    pub size: (u16, u16),
    pub settings: Settings,
    pub rows: Vec<Row>,
    folds: list::Folds,
    /// Issues in the order the list shows them, and each issue's place in it.
    display: Vec<crate::ids::IssueIx>,
    rank: Vec<usize>,
    /// The list shows unread articles only (`U`).
    pub unread_only: bool,
    /// The first screen has been set (the cursor on the newest issue's first
    /// article), or the user has taken over.
    placed: bool,
    pub cursor: usize,
    pub list_top: usize,
    pub open: Option<ArticleIx>,
    pub page: Option<Page>,
    page_key: Option<reader::PageKey>,
    /// First visible page line, and the text position it shows.
    pub top: usize,
    anchor: Anchor,
    /// The reading column in force.
    pub measure: u16,
    /// The reader shows a search preview: it does not count as reading.
    previewing: bool,
    /// The open article was marked unread by hand: reading on does not mark it read
    /// again until another article is opened.
    kept_unread: Option<ArticleIx>,
    /// Since when the open article's end has been on screen (it becomes read after
    /// `READ_AFTER_MS`).
    end_seen: Option<(ArticleIx, Time)>,
    /// Characters of the open article's text and the minutes they take to read.
    pub reading: Option<(usize, u32)>,
    /// The count typed before a motion (`5` of `5j`), while it is being typed.
    pub count: Option<u32>,
    /// The source lines of an article, for the `v` view.
    pub source: Option<SourceText>,
    /// The article whose source lines were asked for and have not arrived.
    source_wanted: Option<ArticleIx>,
    /// For the bookmark list: where each bookmark points (made when it opens).
    pub bookmark_places: Vec<views::Place>,

    // ----- search -----
    /// Results in force: while typing, and after Enter for n/N.
    pub hits: Option<search::Hits>,
    pub history: Vec<String>,
    /// The order results are listed in (`Ctrl-S` in the prompt), kept between searches.
    pub search_sort: search::Sort,
    /// How many results a search puts in order ahead of the one selected or the last
    /// on screen (the rest wait until the reader gets near them): search's `RANKED`.
    /// A field so that tests can walk past it on the bundled archive's few results.
    pub rank_ahead: usize,
    /// The article a `*` pressed before the dictionary loaded asked about.
    related_wanted: Option<ArticleIx>,

    // ----- memory -----
    pub read: HashSet<ArticleIx>,
    pub bookmarks: Vec<Bookmark>,
    pending: memory::Pending,
    saving: memory::Saving,
    /// The articles the last `A` marked, until the next key (`r` puts them back).
    undo_marks: Option<Vec<ArticleIx>>,

    /// A one-line notice for the status bar, until the next key (or `message_until`).
    pub message: Option<String>,
    message_until: Option<Time>,
    now: Time,
    effects: Vec<Effect>,
    /// Set when the reader is ending, with why.
    pub quit: Option<Quit>,
}

impl App {
    /// An app over listed issues (parsed ones arrive as `Msg::Parsed`).
    pub fn new(issues: Vec<IssueEntry>, errors: Vec<LoadError>, settings: Settings) -> App {
        let newness = crate::search::newness(issues.iter().map(|e| e.date.as_deref()));
        let folds = list::Folds::for_archive(issues.len());
        let measure = settings.measure;
        let mut issues = issues;
        library::name_issues(&mut issues);
        let mut app = App {
            issues,
            errors,
            corpus: Corpus::new(),
            index: Index::new(),
            newness,
            words: None,
            loaded: 0,
            jumping: std::collections::BTreeMap::new(),
            walking: None,
            mode: Mode::List,
            size: (80, 24),
            settings,
            rows: Vec::new(),
            folds,
            display: Vec::new(),
            rank: Vec::new(),
            unread_only: false,
            placed: false,
            cursor: 0,
            list_top: 0,
            open: None,
            page: None,
            page_key: None,
            top: 0,
            anchor: Anchor::default(),
            measure,
            previewing: false,
            kept_unread: None,
            end_seen: None,
            reading: None,
            count: None,
            source: None,
            source_wanted: None,
            bookmark_places: Vec::new(),
            hits: None,
            history: Vec::new(),
            search_sort: search::Sort::default(),
            rank_ahead: crate::search::query::RANKED,
            related_wanted: None,
            read: HashSet::new(),
            bookmarks: Vec::new(),
            pending: memory::Pending::default(),
            saving: memory::Saving::default(),
            undo_marks: None,
            message: None,
            message_until: None,
            now: Time::default(),
            effects: Vec::new(),
            quit: None,
        };
        app.reorder();
        app.rebuild_rows();
        app
    }

    /// An app whose archive is still being found: the issues arrive with
    /// `Msg::Listed`, and the first frame need not wait for the walk.
    pub fn walking(settings: Settings) -> App {
        let mut app = App::new(Vec::new(), Vec::new(), settings);
        app.walking = Some(0);
        app
    }

    /// An app over an archive already parsed (tests, benches): the same messages the
    /// loader sends, sent at once.
    pub fn from_archive(archive: crate::model::Archive, settings: Settings) -> App {
        let entries = archive.issues.iter().map(IssueEntry::listed).collect();
        let mut app = App::new(entries, archive.errors, settings);
        let batch = Batch::of(
            archive
                .issues
                .iter()
                .enumerate()
                .map(|(k, issue)| (crate::ids::IssueIx::new(k), Ok(issue))),
        );
        app.update(Msg::Parsed(Box::new(batch)));
        app.update(Msg::LoadDone);
        app
    }

    /// The one way state changes.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Paste(text) => self.paste(&text),
            Msg::Resize { width, height } => self.resize(width, height),
            Msg::Mouse(m) => self.mouse(m),
            Msg::Tick(now) => self.tick(now),
            Msg::Words(words) => {
                self.words = Some(words);
                self.words_arrived();
            }
            // Progress of a walk the list waits for; a walk that only checks a listing
            // already shown does not put the list back to waiting.
            Msg::Walking { found } if self.walking.is_some() => self.walking = Some(found),
            Msg::Walking { .. } => {}
            Msg::Listed {
                issues,
                skipped,
                cached,
            } => self.listed(issues, skipped, cached),
            Msg::Installed(cached) => self.installed(*cached),
            Msg::CacheWritten(saved) => self.saved(*saved),
            Msg::CacheNote(note) => self.message = Some(note),
            Msg::CacheDamaged(issues) => self.cache_damaged(&issues),
            Msg::Parsed(batch) => self.add_batch(*batch),
            Msg::LoadDone => self.loading_done(),
            Msg::Remembered(result) => self.remembered_result(result),
            Msg::FileSaved(result) => {
                self.message = Some(match result {
                    Ok(path) => crate::strings::saved_to(&path),
                    Err(e) => crate::strings::not_saved(&e),
                });
            }
            Msg::SourceRead(result) => self.source_read(result),
            Msg::PagerDone(result) => {
                if let Err(e) = result {
                    self.message = Some(crate::strings::pager_failed(&e));
                }
            }
            Msg::TerminalGone => self.leave(Quit::TerminalGone),
            Msg::Signal(Signal::Terminate(n)) => self.leave(Quit::Signal(n)),
            Msg::Signal(Signal::Suspend) => self.suspend(),
            Msg::Signal(Signal::Continue) => self.effects.push(Effect::Redraw),
        }
        self.check_reading();
        self.remember_if_due();
        match self.mode {
            Mode::Search(_) => self.prepare_result_rows(),
            Mode::Goto(_) => self.prepare_goto_rows(),
            _ => {}
        }
        std::mem::take(&mut self.effects)
    }

    /// The clock: a notice whose moment has passed goes.
    fn tick(&mut self, now: Time) {
        self.now = now;
        if self.message_until.is_some_and(|until| until <= now) {
            self.message = None;
            self.message_until = None;
        }
    }

    /// A notice that answers a key and goes by itself after a moment.
    pub(super) fn notice(&mut self, text: String) {
        self.message = Some(text);
        let until = self.now.plus_ms(NOTICE_MS);
        self.message_until = Some(until);
        self.effects.push(Effect::WakeAt(until));
    }

    // ----- keys and pointer -----

    fn key(&mut self, key: Key) {
        // From the first key on, the user decides where the cursor is.
        self.placed = true;
        self.message = None;
        self.message_until = None;
        // A `*` waiting for the dictionary is dropped by the next key (`*` again asks
        // again).
        self.related_wanted = None;
        let undo = self.undo_marks.take();
        let mode = self.mode.keys();
        let action = self.settings.keymap.action_for(mode, key);
        match (&self.mode, action) {
            (Mode::Search(_) | Mode::Goto(_), None) => {
                if let Key::Char(c) = key {
                    self.prompt_insert(c.encode_utf8(&mut [0; 4]));
                }
            }
            (_, Some(Action::Count)) => self.count_digit(key),
            (_, Some(Action::ToggleRead)) if undo.is_some() => {
                self.count = None;
                self.undo_mark_all(undo.unwrap_or_default());
            }
            (_, Some(action)) => {
                let count = self.count.take();
                self.act(action, count);
            }
            (_, None) => self.count = None,
        }
    }

    /// A digit of a count (`5` of `5j`). A `0` with no count before it is no count.
    fn count_digit(&mut self, key: Key) {
        let Key::Char(c) = key else { return };
        let Some(d) = c.to_digit(10) else { return };
        if d == 0 && self.count.is_none() {
            return;
        }
        let n = self.count.unwrap_or(0).saturating_mul(10).saturating_add(d);
        self.count = Some(n.min(MAX_COUNT));
    }

    /// Does what an action asks in the current mode, `count` times where a count
    /// means something.
    fn act(&mut self, action: Action, count: Option<u32>) {
        match action {
            Action::Quit => return self.leave(Quit::Asked),
            Action::Suspend => return self.suspend(),
            _ => {}
        }
        match self.mode.clone() {
            Mode::Help { top, under } => self.help_action(action, top, under),
            Mode::Bookmarks { cursor, under } => self.bookmarks_action(action, cursor, under),
            Mode::View { view, top, under } => self.view_action(action, view, top, under),
            Mode::Search(_) => self.prompt_action(action),
            Mode::Goto(_) => self.goto_action(action),
            Mode::List | Mode::Reader => self.browse_action(action, count),
        }
    }

    fn browse_action(&mut self, action: Action, count: Option<u32>) {
        let pane = self.mode.pane();
        let n = isize::try_from(count.unwrap_or(1)).unwrap_or(1);
        match action {
            Action::QuitOrBack => match pane {
                Pane::Reader => self.focus_list(),
                Pane::List => self.leave(Quit::Asked),
            },
            Action::Help => {
                self.mode = Mode::Help {
                    top: 0,
                    under: pane,
                }
            }
            Action::Cancel => self.clear_hits(),
            Action::Search => self.open_search(),
            Action::Related => self.more_like_this(),
            Action::Goto => self.open_goto(),
            Action::NextHit => (0..n).for_each(|_| self.step_hit(1)),
            Action::PrevHit => (0..n).for_each(|_| self.step_hit(-1)),
            Action::ToggleRead => self.toggle_read(),
            Action::MarkAllRead => self.mark_all_read(),
            Action::UnreadOnly => self.toggle_unread_only(),
            Action::NextUnread => self.open_unread(1, n),
            Action::PrevUnread => self.open_unread(-1, n),
            Action::ToggleBookmark => self.toggle_bookmark(),
            Action::Bookmarks => self.open_bookmarks(pane),
            Action::Copy => self.copy_article(),
            Action::Save => self.save_article(),
            Action::Source => self.ask_source(pane),
            Action::Pager => self.open_pager(),
            Action::OtherHalf => self.open_other_half(),
            Action::Errors => self.open_errors(pane),
            Action::Down => self.step(n),
            Action::Up => self.step(-n),
            Action::ReadOn => self.read_on(n),
            Action::PageDown => self.step(self.page_rows().saturating_mul(n)),
            Action::PageUp => self.step(-self.page_rows().saturating_mul(n)),
            Action::HalfPageDown => self.step((self.page_rows() / 2).max(1).saturating_mul(n)),
            Action::HalfPageUp => self.step(-(self.page_rows() / 2).max(1).saturating_mul(n)),
            Action::Top | Action::Bottom if count.is_some() => self.go_to_line(n),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::Percent => match count {
                Some(p) => self.go_to_percent(p.min(100)),
                None => self.message = Some(crate::strings::PERCENT_NEEDS_COUNT.into()),
            },
            Action::Open if pane == Pane::List => self.open_at_cursor(),
            Action::ToggleFold if pane == Pane::List => self.toggle_fold(),
            Action::Back => match pane {
                Pane::Reader => self.focus_list(),
                Pane::List => self.list_back(),
            },
            Action::SwitchPane => match pane {
                Pane::List if self.open.is_some() => self.focus_reader(),
                Pane::List => {}
                Pane::Reader => self.focus_list(),
            },
            Action::NextArticle => self.open_neighbour(n),
            Action::PrevArticle => self.open_neighbour(-n),
            Action::NextIssue => self.open_issue_neighbour(n),
            Action::PrevIssue => self.open_issue_neighbour(-n),
            Action::NewestIssue => self.open_newest(),
            Action::Wider => self.widen(n),
            Action::Narrower => self.narrow(n),
            Action::ResetWidth => self.reset_width(),
            _ => {}
        }
    }

    fn help_action(&mut self, action: Action, top: usize, under: Pane) {
        let last = help::last_top(&self.settings.keymap, self.size, self.settings.amb);
        let top = match action {
            Action::Help | Action::Cancel | Action::QuitOrBack => {
                self.mode = base_mode(under);
                return;
            }
            Action::Down => top + 1,
            Action::Up => top.saturating_sub(1),
            Action::PageDown | Action::ReadOn | Action::HalfPageDown => top + 5,
            Action::PageUp | Action::HalfPageUp => top.saturating_sub(5),
            Action::Top => 0,
            Action::Bottom => last,
            _ => top,
        };
        self.mode = Mode::Help {
            top: top.min(last),
            under,
        };
    }

    /// Pasted text: typed into the prompt when it is open.
    fn paste(&mut self, text: &str) {
        if matches!(self.mode, Mode::Search(_) | Mode::Goto(_)) {
            self.prompt_insert(text);
        }
    }

    fn mouse(&mut self, m: Mouse) {
        let g = self.geometry();
        let at = ratatui::layout::Position::new(m.column, m.row);
        let in_reader = g.reader.is_some_and(|r| r.contains(at));
        let in_list = g.list.filter(|r| r.contains(at));
        match m.kind {
            MouseKind::ScrollDown | MouseKind::ScrollUp => {
                let delta = if m.kind == MouseKind::ScrollDown {
                    WHEEL_LINES
                } else {
                    -WHEEL_LINES
                };
                if in_reader {
                    self.scroll_reader(delta);
                } else if in_list.is_some() {
                    self.move_cursor(delta);
                }
            }
            MouseKind::Click => {
                if !matches!(self.mode, Mode::List | Mode::Reader) {
                    return;
                }
                if let Some(list) = in_list {
                    // Row 0 of the list pane is its header line.
                    let Some(offset) = (m.row - list.y).checked_sub(1) else {
                        return;
                    };
                    let index = self.list_top + usize::from(offset);
                    if index < self.rows.len() {
                        self.cursor = index;
                        self.mode = Mode::List;
                        self.open_at_cursor();
                    }
                } else if in_reader && self.open.is_some() {
                    self.focus_reader();
                }
            }
        }
    }

    pub fn geometry(&self) -> Geometry {
        let reader_only = self.mode.pane() == Pane::Reader;
        let results = matches!(self.mode, Mode::Search(_));
        geometry_with(self.size.0, self.size.1, self.measure, reader_only, results)
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.relayout();
        self.keep_cursor_visible();
        match self.mode.clone() {
            Mode::Help { top, under } => {
                let last = help::last_top(&self.settings.keymap, self.size, self.settings.amb);
                self.mode = Mode::Help {
                    top: top.min(last),
                    under,
                };
            }
            Mode::View { view, top, under } => {
                let top = top.min(self.view_last_top(view));
                self.mode = Mode::View { view, top, under };
            }
            _ => {}
        }
    }

    /// Quits: what is remembered is handed over first.
    fn leave(&mut self, why: Quit) {
        if self.quit.is_some() {
            return;
        }
        self.quit = Some(why);
        self.remember_now();
        self.effects.push(Effect::Quit);
    }

    /// Ctrl-Z or SIGTSTP: what is remembered is handed over before the process stops.
    fn suspend(&mut self) {
        self.remember_now();
        self.effects.push(Effect::Suspend);
    }

    // ----- read-only views for drawing -----

    pub fn amb(&self) -> AmbiguousWidth {
        self.settings.amb
    }

    pub fn appearance(&self) -> Appearance {
        self.settings.appearance
    }

    pub fn keymap(&self) -> &Keymap {
        &self.settings.keymap
    }

    pub fn prompt(&self) -> Option<&search::Prompt> {
        match &self.mode {
            Mode::Search(p) => Some(p),
            _ => None,
        }
    }

    pub fn goto_prompt(&self) -> Option<&goto::GotoPrompt> {
        match &self.mode {
            Mode::Goto(p) => Some(p),
            _ => None,
        }
    }

    /// The time of the last clock tick.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Issues parsed so far (loaded or failed).
    pub fn loaded_count(&self) -> usize {
        self.loaded
    }

    /// Whether the archive is still being found, or some listed issues are still being
    /// parsed and indexed.
    pub fn indexing(&self) -> bool {
        self.walking.is_some() || self.loaded < self.issues.len()
    }
}

/// The mode of a bare pane.
fn base_mode(pane: Pane) -> Mode {
    match pane {
        Pane::List => Mode::List,
        Pane::Reader => Mode::Reader,
    }
}
