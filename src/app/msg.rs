//! What goes into `App::update` and what comes out of it.
//!
//! Everything that happens — a key, a resize, an issue parsed in the background, the
//! clock, the result of a save — arrives as a [`Msg`]; everything the app wants done
//! outside itself — the clipboard, a file, the state file, a wake-up, quitting — leaves
//! as an [`Effect`] for the shell to carry out. The app reads no clock, no global and
//! no file, so a test can drive it exactly as the terminal does.

use super::keys::Key;
use crate::ids::IssueIx;
use crate::model::{Byline, LoadError};
use crate::search::Index;
use crate::store::Corpus;
use jieba_rs::Jieba;

/// Wall-clock time in milliseconds since the Unix epoch, as the shell read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Time(pub u64);

impl Time {
    pub fn plus_ms(self, ms: u64) -> Time {
        Time(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (0 if `earlier` is later).
    pub fn since(self, earlier: Time) -> u64 {
        self.0.saturating_sub(earlier.0)
    }

    /// Seconds since the epoch.
    pub fn secs(self) -> u64 {
        self.0 / 1000
    }
}

#[derive(Debug)]
pub enum Msg {
    Key(Key),
    /// Text pasted into the terminal (bracketed paste) or committed by an input method.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    Mouse(Mouse),
    /// The clock: sent before every batch of messages and when a wake-up falls due.
    Tick(Time),
    /// The jieba dictionary has loaded (it ranks search results and splits phrases).
    Words(&'static Jieba),
    /// The walk over the archive's folders is under way: files found so far.
    Walking {
        found: usize,
    },
    /// The walk is done: every issue in reading order (none parsed yet), and what was
    /// skipped, each with its reason; with the cached issues' text and lists, when the
    /// on-disk cache holds some. A second listing replaces the first (the files changed
    /// since the cache was written): what was open and read is carried over by id.
    Listed {
        issues: Vec<super::IssueEntry>,
        skipped: Vec<LoadError>,
        cached: Option<Box<crate::cache::warm::Installed>>,
    },
    /// The rest of the cached issues' text and lists, after a listing that came with
    /// only the first issue's segment (the walk found the listing still holds).
    Installed(Box<crate::cache::warm::Installed>),
    /// The cache writer saved issues parsed this run: their text and lists, mapped
    /// from the saved segment, to read from in place of the parsed copies.
    CacheWritten(Box<crate::cache::warm::Installed>),
    /// Something about the on-disk cache worth a line in the status bar, once.
    CacheNote(String),
    /// The cached copies of these issues turned out damaged: they are put out of sight
    /// and will arrive again, parsed afresh.
    CacheDamaged(Vec<crate::ids::IssueIx>),
    /// Issues parsed in the background, with their text and index segment.
    Parsed(Box<Batch>),
    /// Every listed issue has been parsed and indexed.
    LoadDone,
    /// The state file was written, or why it was not.
    Remembered(Result<(), String>),
    /// A `s` save finished: where, or why not.
    FileSaved(Result<String, String>),
    /// The source lines asked for with `Effect::ReadSource`, or why they could not be
    /// read.
    SourceRead(Result<SourceText, String>),
    /// The pager has ended (the terminal is the reader's again), or why it could not
    /// run.
    PagerDone(Result<(), String>),
    /// The terminal has gone: its input ended or failed, or writing to it failed.
    TerminalGone,
    /// A signal from outside (kill, the shell's job control).
    Signal(Signal),
}

/// The signals the reader acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// TERM, HUP, INT or QUIT (the number): save, restore the terminal, end as that
    /// signal would.
    Terminate(i32),
    /// TSTP: suspend like Ctrl-Z.
    Suspend,
    /// CONT: the terminal may have been changed meanwhile; take it again and redraw.
    Continue,
}

/// Why the reader is ending: what the shell owes the terminal and the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quit {
    /// A quit key.
    #[default]
    Asked,
    /// A terminating signal (its number): restore, then end by that signal.
    Signal(i32),
    /// The terminal is gone: restore nothing, write nothing, exit non-zero.
    TerminalGone,
    /// The paths held no issue to read.
    NoIssues,
}

/// A mouse event over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mouse {
    pub kind: MouseKind,
    pub column: u16,
    pub row: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseKind {
    ScrollUp,
    ScrollDown,
    Click,
}

/// Issues parsed together in the background: their outlines (or why they failed),
/// their text as a corpus segment and that segment's index. Segments arrive in order
/// and are appended as they are.
#[derive(Debug, Default)]
pub struct Batch {
    pub issues: Vec<(IssueIx, Result<IssueMeta, LoadError>)>,
    /// Shared with the cache writer, which stores the same text and lists (built
    /// once, read by both).
    pub corpus: std::sync::Arc<Corpus>,
    pub index: std::sync::Arc<Index>,
}

/// What the reader keeps of a parsed issue besides its text (which is in the corpus).
/// Cached as it is (postcard), so fields are only ever added at the end.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IssueMeta {
    pub articles: Vec<ArticleMeta>,
    /// The pages the dump's furniture describes (`Issue::pages`).
    pub pages: Vec<crate::model::Page>,
}

/// What the list, the status bar and exports need of an article. Its paragraphs are
/// in the text store, never here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleMeta {
    /// `ISSUE#N`: what the state file remembers it by.
    pub id: String,
    pub title: String,
    pub subtitles: Vec<String>,
    pub kicker: Option<String>,
    pub section: Option<String>,
    /// Boxed: most articles have none, and a byline is seven vectors wide (168 bytes
    /// in every article's outline, at a million articles 160 MB).
    pub byline: Option<Box<Byline>>,
    pub continued_from: Option<String>,
    /// First and last source line (1-based) the article was built from.
    pub lines: [u32; 2],
    /// What the list calls a headless jump continuation: `上接01版 · ` and its first
    /// sub-head or first words (`Article::display_title`); `None` for an article with
    /// a title, listed by it ([`ArticleMeta::display_title`]). Not a second copy of
    /// every title: at 100,000 issues that was a tenth of the reader's memory.
    pub headless_title: Option<String>,
    /// The page a 下转 marker names.
    pub continued_to: Option<String>,
    pub headless: bool,
    /// Index into `IssueMeta::pages`.
    pub page: Option<usize>,
    /// The other halves of a jump, by id, when loaded: linked within the file by the
    /// parser, across the files of a date by the reader as they arrive.
    pub continued_from_article: Option<String>,
    pub continued_to_article: Option<String>,
}

impl ArticleMeta {
    pub fn of(article: &crate::model::Article) -> ArticleMeta {
        ArticleMeta {
            id: article.id.clone(),
            title: article.title.clone(),
            subtitles: article.subtitles.clone(),
            kicker: article.kicker.clone(),
            section: article.section.clone(),
            byline: article.byline.clone().map(Box::new),
            continued_from: article.continued_from.clone(),
            lines: article.lines,
            headless_title: article.headless.then(|| article.display_title()),
            continued_to: article.continued_to.clone(),
            headless: article.headless,
            page: article.page,
            continued_from_article: article.continued_from_article.clone(),
            continued_to_article: article.continued_to_article.clone(),
        }
    }

    /// The other half of a jump this article offers: the 下转 half when it is loaded,
    /// else the 上接 one.
    pub fn other_half(&self) -> Option<&str> {
        self.continued_to_article
            .as_deref()
            .or(self.continued_from_article.as_deref())
    }

    /// What the list calls it: the title, or a headless continuation's own name.
    pub fn display_title(&self) -> &str {
        self.headless_title.as_deref().unwrap_or(&self.title)
    }

    /// Kicker, title and subtitles on one line, as `Article::headline` writes them.
    pub fn headline(&self) -> String {
        crate::model::headline(
            self.kicker.as_deref(),
            self.display_title(),
            &self.subtitles,
        )
    }
}

impl IssueMeta {
    /// The page an article of this issue is printed on, when the dump marks pages.
    pub fn page_of(&self, article: &ArticleMeta) -> Option<&crate::model::Page> {
        article.page.and_then(|p| self.pages.get(p))
    }

    pub fn of(issue: &crate::model::Issue) -> IssueMeta {
        IssueMeta {
            articles: issue.articles.iter().map(ArticleMeta::of).collect(),
            pages: issue.pages.clone(),
        }
    }
}

impl Batch {
    /// A batch of parsed issues: outlines, text and index, as the loader builds it.
    pub fn of<'a>(
        issues: impl IntoIterator<Item = (IssueIx, Result<&'a crate::model::Issue, LoadError>)>,
    ) -> Batch {
        let mut corpus = Corpus::new();
        let issues = issues
            .into_iter()
            .map(|(ix, result)| {
                let meta = result.map(|issue| {
                    corpus.add_issue(ix, issue);
                    IssueMeta::of(issue)
                });
                (ix, meta)
            })
            .collect();
        let index = Index::build(&corpus);
        Batch {
            issues,
            corpus: std::sync::Arc::new(corpus),
            index: std::sync::Arc::new(index),
        }
    }
}

/// Source lines of an issue file, as `Effect::ReadSource` asked for them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceText {
    /// The file, as the reader names it (a path, or `bundled:NAME`).
    pub path: String,
    /// The number of the first line.
    pub first: u32,
    /// The lines, sanitised (safe to draw), without their line ends.
    pub lines: Vec<String>,
}

/// Something only the shell can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52).
    Clipboard(String),
    /// Write a file in the current directory, never over an existing one and never
    /// inside the archive; the outcome comes back as `Msg::FileSaved`.
    SaveFile { name: String, contents: String },
    /// Save what changed in what is remembered about this archive (off the UI thread,
    /// merged with other windows' changes); the outcome comes back as
    /// `Msg::Remembered`.
    Remember(Box<crate::state::Changes>),
    /// Send a `Msg::Tick` no later than this time (a notice to clear, a position to
    /// save): without one the loop sleeps until something happens.
    WakeAt(Time),
    /// Read lines `lines` (1-based, inclusive) of an issue's source file, as decoded;
    /// they come back as `Msg::SourceRead`.
    ReadSource {
        source: crate::load::Source,
        lines: [u32; 2],
    },
    /// Show an issue's source text in `$PAGER` (default `less`) at line `line`: the
    /// terminal is given to the pager and taken back after; `Msg::PagerDone` follows.
    Pager {
        source: crate::load::Source,
        line: u32,
    },
    /// Suspend: give the terminal back, stop (job control), take it again on `fg`.
    Suspend,
    /// Take the terminal again and draw the whole screen.
    Redraw,
    /// Leave (see `App::quit` for why): restore the terminal and exit.
    Quit,
}
