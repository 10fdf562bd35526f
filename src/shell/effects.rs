//! Carrying out what the app asks for: the clipboard, saved files, the state file.

use super::persist::Writer;
use super::terminal;
use crate::app::{Effect, Msg, SourceText};
use crate::load::Source;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What the event loop needs done with an effect; the terminal shell's is
/// [`Terminal`], tests supply their own.
pub trait Perform {
    /// Carries out `effect`; a message for the app when the outcome is known at once.
    fn perform(&mut self, effect: Effect) -> Option<Msg>;

    /// Gives the terminal back and stops the process until it is continued (job
    /// control), then takes the terminal again. The loop redraws everything after.
    fn suspend(&mut self) {}

    /// Takes the terminal again (raw mode, the alternate screen) after something
    /// outside may have changed it. The loop redraws everything after.
    fn retake(&mut self) {}

    /// Gives the terminal to `$PAGER` showing an issue's text at `line`, and takes it
    /// back when the pager ends. The loop redraws everything after.
    fn pager(&mut self, source: &Source, line: u32) -> Msg {
        let _ = (source, line);
        Msg::PagerDone(Err(crate::strings::NO_PAGER_HERE.into()))
    }
}

/// Lines `lines` of an issue's source, as decoded and made safe to draw.
pub fn read_source(source: &Source, lines: [u32; 2]) -> Result<SourceText, String> {
    let decoded = source
        .read()
        .map_err(|e| crate::strings::load_reason(&e.message))?;
    let [first, last] = lines;
    let first = first.max(1);
    let lines = crate::load::lines_of(&decoded.text, first, last.max(first))
        .into_iter()
        .map(|l| crate::text::sanitize(l).into_owned())
        .collect();
    Ok(SourceText {
        path: crate::text::sanitize(&source.label()).into_owned(),
        first,
        lines,
    })
}

/// The real world: the terminal's clipboard, the current directory, the state file.
pub struct Terminal {
    /// Folders the archive lives in: zzread never writes inside them.
    pub archive_dirs: Vec<PathBuf>,
    pub writer: Writer,
    pub mouse: bool,
    /// The input thread, paused while the pager has the terminal.
    pub input: super::input::Control,
}

impl Perform for Terminal {
    fn perform(&mut self, effect: Effect) -> Option<Msg> {
        match effect {
            Effect::Clipboard(text) => {
                // A failed write shows up as the terminal going away, on the next draw.
                let _ = terminal::set_clipboard(&text);
                None
            }
            Effect::SaveFile { name, contents } => {
                let here = std::env::current_dir().map(|d| std::fs::canonicalize(&d).unwrap_or(d));
                let saved =
                    here.and_then(|h| save_outside(&h, &self.archive_dirs, &name, &contents));
                Some(Msg::FileSaved(
                    saved
                        .map(|p| p.display().to_string())
                        .map_err(|e| e.to_string()),
                ))
            }
            Effect::Remember(state) => {
                self.writer.save(*state);
                None
            }
            Effect::ReadSource { source, lines } => {
                Some(Msg::SourceRead(read_source(&source, lines)))
            }
            // The loop itself handles these.
            Effect::WakeAt(_)
            | Effect::Quit
            | Effect::Suspend
            | Effect::Redraw
            | Effect::Pager { .. } => None,
        }
    }

    fn pager(&mut self, source: &Source, line: u32) -> Msg {
        let text = match source.read() {
            Ok(d) => d.text,
            Err(e) => return Msg::PagerDone(Err(crate::strings::load_reason(&e.message))),
        };
        // Safe to show (a pager run with -R would pass escapes through), one line per
        // line as the parser numbers them, so `+N` lands on the article.
        let mut safe = String::with_capacity(text.len());
        for l in crate::load::lines_of(&text, 1, u32::MAX) {
            safe.push_str(&crate::text::sanitize(l));
            safe.push('\n');
        }
        if !self.input.pause() {
            return Msg::PagerDone(Err(crate::strings::NO_PAGER_HERE.into()));
        }
        terminal::leave(self.mouse);
        let result = run_pager(&safe, line);
        self.input.resume();
        self.retake();
        Msg::PagerDone(result)
    }

    fn suspend(&mut self) {
        // A stopped process writes nothing: what was remembered reaches the file first
        // (bounded: another window may hold its lock).
        self.writer.settle(std::time::Duration::from_secs(2));
        terminal::leave(self.mouse);
        // Stops here (as SIGTSTP's default would) until `fg` continues the process.
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
        self.retake();
    }

    fn retake(&mut self) {
        // A terminal that cannot be taken again shows up on the next draw.
        let _ = terminal::retake(self.mouse);
    }
}

/// Runs `$PAGER` (default `less`) on `text` from its standard input, at `line`
/// (`+N`, which less, more, most and vi understand), and waits for it.
fn run_pager(text: &str, line: u32) -> Result<(), String> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less".into());
    let mut words = pager.split_whitespace();
    let program = words.next().unwrap_or("less");
    let mut child = std::process::Command::new(program)
        .args(words)
        .arg(format!("+{line}"))
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{pager}: {e}"))?;
    // Written from a thread: the pager reads as it is scrolled, and quitting it early
    // closes the pipe (the write then fails, which is fine).
    let writer = child.stdin.take().map(|mut stdin| {
        let text = text.to_owned();
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        })
    });
    let status = child.wait().map_err(|e| format!("{pager}: {e}"))?;
    if let Some(w) = writer {
        let _ = w.join();
    }
    if status.success() || status.code().is_none() {
        Ok(())
    } else {
        Err(format!("{pager}: {status}"))
    }
}

/// Folders the archive lives in: zzread never writes inside them.
pub fn archive_dirs(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths
        .iter()
        .filter_map(|p| {
            let p = std::fs::canonicalize(p).ok()?;
            if p.is_dir() {
                Some(p)
            } else {
                p.parent().map(Path::to_path_buf)
            }
        })
        .collect()
}

/// Writes `name` in directory `here` (the current one), never over an existing file and
/// never inside the archive.
pub fn save_outside(
    here: &Path,
    archive_dirs: &[PathBuf],
    name: &str,
    contents: &str,
) -> io::Result<PathBuf> {
    if archive_dirs.iter().any(|d| here.starts_with(d)) {
        return Err(io::Error::other(crate::strings::CWD_IN_ARCHIVE));
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
