//! The terminal shell: set the terminal up, run the event loop, put it back.
//!
//! One channel carries every event (keys, resizes, issues parsed in the background);
//! the loop blocks on it, drains what is queued, then draws once. Nothing wakes it but
//! an event, so an idle reader uses no CPU.

use crate::app::export::Effect;
use crate::app::{App, Appearance, IssueEntry, IssueState};
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
    /// From the command line; `None`: config.toml decides.
    pub ambiguous: Option<AmbiguousOption>,
    pub mouse: bool,
    /// Reopen the last article at the last place (off with `--no-resume`).
    pub resume: bool,
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
    // The config first: a mistake in it is reported before the screen is taken.
    let (config, config_notes) = load_config()?;
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
    let mouse = opts.mouse || config.mouse;
    let _restore = Restore { mouse };
    // Pastes arrive as one event, not as keys that could trigger commands.
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    if mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
    }
    let ambiguous = opts.ambiguous.unwrap_or(match config.ambiguous_width {
        crate::config::AmbiguousSetting::Auto => AmbiguousOption::Auto,
        crate::config::AmbiguousSetting::Narrow => AmbiguousOption::Narrow,
        crate::config::AmbiguousSetting::Wide => AmbiguousOption::Wide,
    });
    let amb = match ambiguous {
        AmbiguousOption::Narrow => AmbiguousWidth::Narrow,
        AmbiguousOption::Wide => AmbiguousWidth::Wide,
        AmbiguousOption::Auto => probe_ambiguous_width().unwrap_or(AmbiguousWidth::Narrow),
    };
    let mut app = App::new(entries, errors, amb);
    let mut memory = Memory::open(&opts.paths);
    app.keymap = crate::app::keys::Keymap::from_config(&config.keys);
    app.set_measure(config.text_width);
    app.message = config_notes;
    app.appearance = Appearance {
        light: config.theme == crate::config::Theme::Light,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let shared_sources = Arc::new(sources);
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    if let Some(warning) = memory.warning.take() {
        app.message = Some(warning);
    }
    app.restore(memory.remembered(), opts.resume);

    let (tx, rx) = mpsc::channel();
    spawn_input(tx.clone());
    spawn_loader(shared_sources, Arc::clone(&app.index), tx);

    let archive_dirs = archive_dirs(&opts.paths);
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
        perform_effects(&mut app, &archive_dirs);
        memory.save_if_changed(&app, app.quit);
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

/// Folders the archive lives in: zzread never writes inside them.
fn archive_dirs(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| {
            let p = std::fs::canonicalize(p).ok()?;
            if p.is_dir() {
                Some(p)
            } else {
                p.parent().map(std::path::Path::to_path_buf)
            }
        })
        .collect()
}

/// Carries out what the app asked for: the clipboard and saved files.
fn perform_effects(app: &mut App, archive_dirs: &[PathBuf]) {
    for effect in std::mem::take(&mut app.effects) {
        match effect {
            Effect::Clipboard(text) => {
                // OSC 52: the terminal (and tmux with set-clipboard on) sets the system
                // clipboard; the text travels base64-encoded, so nothing in it is a
                // control sequence.
                use base64::Engine;
                let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
                let mut out = io::stdout();
                let _ = write!(out, "\x1b]52;c;{payload}\x07");
                let _ = out.flush();
            }
            Effect::Save { name, contents } => {
                let here = std::env::current_dir().map(|d| std::fs::canonicalize(&d).unwrap_or(d));
                let saved = here.and_then(|h| save_outside(&h, archive_dirs, &name, &contents));
                app.message = Some(match saved {
                    Ok(path) => format!("已保存 {}", path.display()),
                    Err(e) => format!("未能保存: {e}"),
                });
            }
        }
    }
}

/// Writes `name` in directory `here` (the current one), never over an existing file and
/// never inside the archive.
fn save_outside(
    here: &std::path::Path,
    archive_dirs: &[PathBuf],
    name: &str,
    contents: &str,
) -> io::Result<PathBuf> {
    if archive_dirs.iter().any(|d| here.starts_with(d)) {
        return Err(io::Error::other("当前目录在存档里;请在别处启动 zzread"));
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "md"));
    for n in 1..1000 {
        let candidate = if n == 1 {
            here.join(name)
        } else {
            here.join(format!("{stem}-{n}.{ext}"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(mut f) => {
                f.write_all(contents.as_bytes())?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many files with this name"))
}

/// The user's config.toml: settings, plus a status-bar note for its warnings.
fn load_config() -> Result<(crate::config::Config, Option<String>), crate::cli::Error> {
    let Some(path) = crate::config::path() else {
        return Ok((crate::config::Config::default(), None));
    };
    let (config, warnings) = crate::config::load(&path, &crate::cli::action_names())?;
    let shown = path.display().to_string();
    let note = warnings.first().map(|w| {
        let more = if warnings.len() > 1 {
            format!(" (+{} more: zzread config)", warnings.len() - 1)
        } else {
            String::new()
        };
        format!("{}{more}", w.render(&shown))
    });
    Ok((config, note))
}

/// The state file for this archive: loaded at start, saved (atomically) whenever what
/// is remembered changes, so even a killed zzread loses at most the last moment.
struct Memory {
    dir: Option<PathBuf>,
    key: String,
    state: crate::state::State,
    saved: Option<crate::app::memory::Remembered>,
    /// What was last saved, and when: a mere change of position (every scroll) is
    /// written at most every `POSITION_SAVE_EVERY`, and always on quit.
    stamp: Option<crate::app::MemoryStamp>,
    saved_at: std::time::Instant,
    warning: Option<String>,
}

const POSITION_SAVE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

impl Memory {
    fn open(paths: &[PathBuf]) -> Memory {
        let dir = crate::state::dir();
        let key = crate::state::archive_key(paths);
        let (state, warning) = match &dir {
            Some(d) => {
                let loaded = crate::state::load(d);
                (loaded.state, loaded.warning)
            }
            None => (crate::state::State::default(), None),
        };
        Memory {
            dir,
            key,
            state,
            saved: None,
            stamp: None,
            saved_at: std::time::Instant::now(),
            warning,
        }
    }

    fn remembered(&mut self) -> crate::app::memory::Remembered {
        use crate::app::memory::{BookmarkEntry, Remembered};
        let a = self.state.archive(&self.key).clone();
        let r = Remembered {
            last: a.last.map(|p| {
                (
                    p.article,
                    crate::app::Anchor {
                        block: p.block,
                        byte: p.byte,
                    },
                )
            }),
            read: a.read.into_iter().collect(),
            bookmarks: a
                .bookmarks
                .into_iter()
                .map(|b| BookmarkEntry {
                    article: b.article,
                    title: b.title,
                    anchor: crate::app::Anchor {
                        block: b.block,
                        byte: b.byte,
                    },
                    added: b.added,
                })
                .collect(),
        };
        self.saved = Some(r.clone());
        r
    }

    fn save_if_changed(&mut self, app: &App, quitting: bool) {
        let stamp = app.memory_stamp();
        let Some(last) = self.stamp else {
            // The state as restored at start-up: nothing new yet.
            self.stamp = Some(stamp);
            return;
        };
        if last == stamp {
            return;
        }
        let only_moved = last.0 == stamp.0;
        if only_moved && !quitting && self.saved_at.elapsed() < POSITION_SAVE_EVERY {
            return;
        }
        self.stamp = Some(stamp);
        self.saved_at = std::time::Instant::now();
        let now = app.remembered();
        if self.saved.as_ref() == Some(&now) {
            return;
        }
        let Some(dir) = self.dir.clone() else { return };
        let archive = self.state.archive(&self.key);
        archive.last = now
            .last
            .as_ref()
            .map(|(article, anchor)| crate::state::Position {
                article: article.clone(),
                block: anchor.block,
                byte: anchor.byte,
            });
        archive.read = now.read.iter().cloned().collect();
        archive.bookmarks = now
            .bookmarks
            .iter()
            .map(|b| crate::state::Bookmark {
                article: b.article.clone(),
                title: b.title.clone(),
                block: b.anchor.block,
                byte: b.anchor.byte,
                added: b.added.clone(),
            })
            .collect();
        // A failed save is not worth stopping the reader for; the next change retries.
        if crate::state::save(&dir, &self.state).is_ok() {
            self.saved = Some(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_never_writes_inside_the_archive_nor_over_a_file() {
        let root = tempfile::tempdir().expect("tempdir");
        let archive = root.path().join("archive");
        let inside = archive.join("2023");
        std::fs::create_dir_all(&inside).expect("dirs");
        let dirs = archive_dirs(std::slice::from_ref(&archive));
        let inside = std::fs::canonicalize(&inside).expect("canonical");
        assert!(save_outside(&inside, &dirs, "a.md", "x").is_err());
        assert_eq!(
            std::fs::read_dir(&inside).expect("ls").count(),
            0,
            "nothing written"
        );

        let out = std::fs::canonicalize(root.path()).expect("canonical");
        let first = save_outside(&out, &dirs, "a.md", "one").expect("saved");
        let second = save_outside(&out, &dirs, "a.md", "two").expect("saved");
        assert_ne!(first, second);
        assert_eq!(
            std::fs::read_to_string(&first).expect("read"),
            "one",
            "not overwritten"
        );
        assert!(second.ends_with("a-2.md"));
    }
}
