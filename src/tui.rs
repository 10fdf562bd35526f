//! The terminal shell: set the terminal up, run the event loop, put it back.
//!
//! One channel carries every event (keys, resizes, issues parsed in the background);
//! the loop blocks on it, drains what is queued, then draws once. Nothing wakes it but
//! an event, so an idle reader uses no CPU.

use crate::app::{App, IssueEntry, IssueState};
use crate::archive::load_issue;
use crate::load::{self, Source};
use crate::model::{Issue, LoadError};
use crate::search::Index;
use crate::text::AmbiguousWidth;
use crate::ui;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind,
};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock, mpsc};

/// How to decide the width of East Asian Ambiguous characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AmbiguousOption {
    /// Ask the terminal: print “ and read back the cursor position.
    Auto,
    Narrow,
    Wide,
}

pub struct Options {
    pub paths: Vec<PathBuf>,
    pub ambiguous: AmbiguousOption,
    pub mouse: bool,
}

enum Event {
    Term(TermEvent),
    Loaded(usize, Box<Result<Issue, LoadError>>),
    InputClosed,
}

/// Mouse wheel lines per notch.
const WHEEL_LINES: isize = 3;

pub fn run(opts: Options) -> Result<(), crate::cli::Error> {
    process_start();
    if !io::stdout().is_terminal() {
        return Err("standard output is not a terminal; for scripts use `zzread dump` (see `zzread --help`)".into());
    }
    let (sources, errors) = load::sources(&opts.paths);
    for e in &errors {
        eprintln!("zzread: {e}");
    }
    if sources.is_empty() {
        return Err("no issue to read".into());
    }
    let entries = sources
        .iter()
        .map(|s| IssueEntry {
            id: s.id.clone(),
            date: s.date.clone(),
            state: IssueState::Pending,
            outline: true,
        })
        .collect();

    let mut terminal = ratatui::try_init()?;
    let _restore = Restore { mouse: opts.mouse };
    // Pastes arrive as one event, not as keys that could trigger commands.
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    if opts.mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
    }
    let amb = match opts.ambiguous {
        AmbiguousOption::Narrow => AmbiguousWidth::Narrow,
        AmbiguousOption::Wide => AmbiguousWidth::Wide,
        AmbiguousOption::Auto => probe_ambiguous_width().unwrap_or(AmbiguousWidth::Narrow),
    };
    let mut app = App::new(entries, errors, amb);
    let shared_sources = Arc::new(sources);
    let size = terminal.size()?;
    app.resize(size.width, size.height);

    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_loader(shared_sources, Arc::clone(&app.index), tx);

    let mut timings = Timings::from_env();
    let mut key_at: Option<std::time::Instant> = None;
    loop {
        terminal.draw(|f| ui::render(&app, f))?;
        timings.frame_drawn(&app);
        if let Some(at) = key_at.take() {
            timings.key_done(at);
        }
        let Ok(first) = rx.recv() else { break };
        let typed = matches!(first, Event::Term(TermEvent::Key(_)));
        let received = std::time::Instant::now();
        handle(&mut app, first);
        while let Ok(more) = rx.try_recv() {
            handle(&mut app, more);
        }
        app.settle();
        if app.quit {
            break;
        }
        if typed {
            key_at = Some(received);
        }
    }
    Ok(())
}

fn handle(app: &mut App, ev: Event) {
    match ev {
        Event::Loaded(i, result) => app.issue_loaded_deferred(i, *result),
        Event::InputClosed => app.quit = true,
        Event::Term(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            app.handle_key(&key);
        }
        Event::Term(TermEvent::Resize(w, h)) => app.resize(w, h),
        Event::Term(TermEvent::Paste(text)) => app.paste(&text),
        Event::Term(TermEvent::Mouse(m)) => match m.kind {
            MouseEventKind::ScrollDown => app.scroll_at(m.column, m.row, WHEEL_LINES),
            MouseEventKind::ScrollUp => app.scroll_at(m.column, m.row, -WHEEL_LINES),
            MouseEventKind::Down(MouseButton::Left) => app.click_at(m.column, m.row),
            _ => {}
        },
        Event::Term(_) => {}
    }
}

fn spawn_input(tx: mpsc::Sender<Event>) {
    std::thread::spawn(move || {
        loop {
            let ev = match event::read() {
                Ok(ev) => Event::Term(ev),
                Err(_) => Event::InputClosed,
            };
            let closed = matches!(ev, Event::InputClosed);
            if tx.send(ev).is_err() || closed {
                break;
            }
        }
    });
}

/// Parses issues in order on a background thread; the dictionary loads there too, so
/// the first frame (the list of issues) never waits for it.
fn spawn_loader(sources: Arc<Vec<Source>>, index: Arc<RwLock<Index>>, tx: mpsc::Sender<Event>) {
    std::thread::spawn(move || {
        let words = crate::words::jieba();
        for (i, s) in sources.iter().enumerate() {
            let result = load_issue(s, Some(words)).map(|issue| {
                index
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .add_issue(i, &issue);
                // The reader keeps outlines; the index holds the text (see `Doc::blocks`).
                outline(issue)
            });
            if tx.send(Event::Loaded(i, Box::new(result))).is_err() {
                break;
            }
        }
    });
}

/// Prints “ at the top-left corner and asks where the cursor went: one column on,
/// the terminal draws ambiguous characters narrow; two, wide.
fn probe_ambiguous_width() -> Option<AmbiguousWidth> {
    let mut out = io::stdout();
    crossterm::execute!(
        out,
        crossterm::cursor::MoveTo(0, 0),
        crossterm::style::Print("“")
    )
    .ok()?;
    out.flush().ok()?;
    let (col, _) = crossterm::cursor::position().ok()?;
    crossterm::execute!(
        out,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )
    .ok()?;
    match col {
        1 => Some(AmbiguousWidth::Narrow),
        2 => Some(AmbiguousWidth::Wide),
        _ => None,
    }
}

/// Puts the terminal back on every way out of `run` (quit, error); ratatui's panic
/// hook covers panics.
struct Restore {
    mouse: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        if self.mouse {
            let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
        }
        let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

/// `ZZREAD_TIMINGS=FILE` appends JSON lines with the milliseconds since start at the
/// first frame and when every issue is parsed and indexed: what `scripts/bench.sh`
/// measures. Off unless asked for; the file is the user's, never inside the archive.
struct Timings {
    file: Option<std::fs::File>,
    start: std::time::Instant,
    first_done: bool,
    indexed_done: bool,
}

impl Timings {
    fn from_env() -> Timings {
        let file = std::env::var_os("ZZREAD_TIMINGS").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        Timings {
            file,
            start: process_start(),
            first_done: false,
            indexed_done: false,
        }
    }

    fn frame_drawn(&mut self, app: &App) {
        if self.file.is_none() {
            return;
        }
        if !self.first_done {
            self.first_done = true;
            self.log("first_frame");
        }
        if !self.indexed_done && app.loaded_count() == app.issues.len() {
            self.indexed_done = true;
            self.log("indexed");
        }
    }

    /// A keystroke's frame is on screen: how long it took from the key's arrival.
    fn key_done(&mut self, at: std::time::Instant) {
        let ms = at.elapsed().as_secs_f64() * 1000.0;
        if let Some(f) = self.file.as_mut() {
            let _ = writeln!(f, "{{\"event\":\"key\",\"ms\":{ms:.2}}}");
        }
    }

    fn log(&mut self, event: &str) {
        let ms = self.start.elapsed().as_secs_f64() * 1000.0;
        if let Some(f) = self.file.as_mut() {
            let _ = writeln!(f, "{{\"event\":\"{event}\",\"ms\":{ms:.1}}}");
        }
    }
}

/// When the process started, as near as std can tell: the first call, made at the top
/// of `run`.
fn process_start() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
}

/// The outline of an issue: everything but the paragraphs.
fn outline(mut issue: Issue) -> Issue {
    for a in &mut issue.articles {
        a.paragraphs = Vec::new();
    }
    issue
}
