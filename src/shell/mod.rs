//! The imperative shell of the reader: everything that touches the terminal, the clock,
//! threads or the state file. The app (`crate::app`) is the functional core it drives.
//!
//! | file          | what it does                                                       |
//! |---------------|--------------------------------------------------------------------|
//! | `terminal`    | take the terminal, give it back on every way out, ask it questions (how wide “ is, how light the background is) |
//! | `input`       | terminal events → `Msg`, on a thread that can pause for `$PAGER`     |
//! | `loader`      | parse and index the archive → `Msg::Parsed` batches, on a thread     |
//! | `event_loop`  | draw, wait, `App::update`, carry out effects (generic over backend) |
//! | `effects`     | clipboard, saved files, source lines, `$PAGER`, handing state to the writer |
//! | `persist`     | the state-file writer thread                                         |
//! | `timings`     | `ZZREAD_TIMINGS`, what `scripts/bench.sh` reads                      |
//! | `allocator`   | keep large freed blocks for the next keystroke (glibc thresholds)   |

mod allocator;
mod effects;
pub mod event_loop;
pub mod input;
pub mod loader;
mod persist;
mod signals;
mod terminal;
mod timings;

pub use allocator::keep_freed_blocks;
pub use effects::{Perform, archive_dirs, read_source, save_outside};

use crate::app::{App, Appearance, Keymap, Msg, Quit, Settings};
use crate::config::{AmbiguousSetting, Config, Punctuation, Theme};
use crate::error::Error;
use crate::text::{AmbiguousWidth, sanitize};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc;

/// What the command line asks of the reader.
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// From the command line; `None`: config.toml decides.
    pub ambiguous: Option<AmbiguousSetting>,
    pub mouse: bool,
    /// Reopen the last article at the last place (off with `--no-resume`).
    pub resume: bool,
    /// Read and write the on-disk cache (off with `--no-cache`).
    pub cache: bool,
}

/// How the reader ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// Quit as asked.
    Quit,
    /// The terminal went away: state saved, nothing written to it, exit non-zero.
    TerminalGone,
}

pub fn run(opts: Options) -> Result<Ended, Error> {
    timings::process_start();
    if !io::stdout().is_terminal() {
        return Err(Error::NotATerminal);
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Err(Error::DumbTerminal);
    }
    // The config first: a mistake in it is reported before the screen is taken.
    let (config, config_note) = load_config()?;

    let mouse = opts.mouse || config.mouse;
    let mut screen = terminal::Screen::take(mouse).map_err(Error::Terminal)?;
    // Every event source feeds one channel; input runs first, so the width probe's
    // answer comes back through it.
    let (tx, rx) = mpsc::channel();
    let signals = signals::spawn(tx.clone(), mouse).map_err(Error::Terminal)?;
    let (reports, input) = input::spawn(tx.clone()).map_err(Error::Terminal)?;
    // The terminal's answers travel while the cache is opened: one round trip, and
    // none of it in the way of the work that needs no answer.
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let ambiguous = opts.ambiguous.unwrap_or(config.ambiguous_width);
    // Without colour the background does not matter: no question asked.
    let questions = terminal::Questions::ask(
        ambiguous == AmbiguousSetting::Auto,
        config.theme == Theme::Auto && !no_color,
    );
    let order = config.order;
    let warm = if opts.cache {
        crate::cache::root().map(|root| {
            let cache = crate::cache::Cache::for_archive(&root, &opts.paths);
            let opened = cache.open_listing();
            let listing = loader::cached_listing(&opened, order);
            (cache, opened, listing)
        })
    } else {
        None
    };
    let answers = questions.map(|q| q.answers(&reports));
    let amb = match ambiguous {
        AmbiguousSetting::Narrow => AmbiguousWidth::Narrow,
        AmbiguousSetting::Wide => AmbiguousWidth::Wide,
        AmbiguousSetting::Auto => answers
            .as_ref()
            .and_then(|a| a.ambiguous)
            .unwrap_or(AmbiguousWidth::Narrow),
    };
    let light = match config.theme {
        Theme::Light => true,
        Theme::Dark => false,
        Theme::Auto => answers.as_ref().and_then(|a| a.light).unwrap_or(false),
    };
    let settings = Settings {
        amb,
        measure: config.text_width,
        appearance: Appearance { light, no_color },
        keymap: Keymap::with_overrides(&config.keys),
        order: config.order,
        full_width: config.punctuation == Punctuation::FullWidth,
    };
    // The archive is found, parsed and indexed on the loader thread: the first frame
    // waits for none of it. A warm cache is shown at once (mapped, not read), and the
    // loader checks it against the files.
    let mut app = App::walking(settings);
    let warm = warm.map(|(cache, opened, listing)| {
        let mut shown = Vec::new();
        let mut installed = None;
        if let Some((msgs, keys, segment)) = listing {
            for msg in msgs {
                app.update(msg);
            }
            shown = keys;
            installed = Some(segment);
        }
        if let Some(note) = &opened.note {
            app.message = Some(note.clone());
        }
        loader::Warm {
            cache,
            opened,
            shown,
            installed,
        }
    });
    let size = screen.terminal.size().map_err(Error::Terminal)?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });

    // What was remembered: loaded here, written from now on by the writer thread.
    let state_dir = crate::state::dir();
    let key = crate::state::archive_key(&opts.paths);
    let loaded = state_dir
        .as_deref()
        .map(crate::state::load)
        .unwrap_or_else(|| crate::state::Loaded {
            state: crate::state::State::default(),
            warning: None,
        });
    let mut remembered = loaded.state;
    app.restore_width(remembered.text_width);
    app.restore(std::mem::take(remembered.archive(&key)), opts.resume);
    if let Some(note) = loaded.warning.or(config_note) {
        app.message = Some(note);
    }

    loader::spawn(opts.paths.clone(), order, tx.clone(), warm);
    let writer = persist::Writer::spawn(state_dir, key, tx);
    let mut shell = effects::Terminal {
        archive_dirs: archive_dirs(&opts.paths),
        writer,
        mouse,
        input,
    };
    let mut timings = timings::Timings::from_env();
    let ended = event_loop::run(
        &mut *screen.terminal,
        &mut app,
        &rx,
        &mut shell,
        &mut timings,
    );
    // The last state reaches the disk before the terminal is given back.
    let save_error = shell.writer.finish();
    signals.close();
    if matches!(ended, Ok(event_loop::Ended::TerminalGone)) || app.quit == Some(Quit::TerminalGone)
    {
        // Nothing to restore and no one to tell: a write would only fail (or block).
        std::mem::forget(screen);
        // Saved already; the exit must come within the second whatever the archive size.
        std::mem::forget(app);
        return Ok(Ended::TerminalGone);
    }
    drop(screen);
    ended.map_err(Error::Terminal)?;
    // What could not be read stays on the screen after the reader is gone.
    report_unread(&app.errors);
    if let Some(e) = save_error {
        warn(&crate::strings::state_not_saved(&sanitize(&e)));
    }
    let quit = app.quit;
    // Everything is saved: taking apart the outlines of 10,000 issues piece by piece
    // would only delay the exit (hundreds of ms); the memory goes back with the process.
    std::mem::forget(app);
    if quit == Some(Quit::NoIssues) {
        return Err(Error::NoIssues);
    }
    if let Some(Quit::Signal(n)) = quit {
        signals::end_by(n);
    }
    Ok(Ended::Quit)
}

/// The files that could not be read, on stderr once the terminal is back: the first
/// few with their reasons, then how many more (the reader's `!` view lists them all).
fn report_unread(errors: &[crate::model::LoadError]) {
    const SHOWN: usize = 20;
    for e in errors.iter().take(SHOWN) {
        warn(&e.to_string());
    }
    if errors.len() > SHOWN {
        warn(&format!(
            "… {} more files could not be read",
            errors.len() - SHOWN
        ));
    }
}

/// A line on stderr that must not bring the reader down if stderr is broken.
fn warn(line: &str) {
    use std::io::Write;
    let _ = writeln!(io::stderr(), "zzread: {line}");
}

/// The user's config.toml: settings, plus a status-bar note for its warnings.
fn load_config() -> Result<(Config, Option<String>), Error> {
    let Some(path) = crate::config::path() else {
        return Ok((Config::default(), None));
    };
    let (config, warnings) = crate::config::load(&path)?;
    let shown = path.display().to_string();
    let note = warnings
        .first()
        .map(|w| crate::strings::config_warning(&w.render(&shown), warnings.len() - 1));
    Ok((config, note))
}
