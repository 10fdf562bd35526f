//! Carrying out what the app asks for: the clipboard, saved files, the state file.

use super::persist::Writer;
use super::terminal;
use crate::app::{Effect, Msg};
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
}

/// The real world: the terminal's clipboard, the current directory, the state file.
pub struct Terminal {
    /// Folders the archive lives in: zzread never writes inside them.
    pub archive_dirs: Vec<PathBuf>,
    pub writer: Writer,
    pub mouse: bool,
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
            // The loop itself handles these.
            Effect::WakeAt(_) | Effect::Quit | Effect::Suspend | Effect::Redraw => None,
        }
    }

    fn suspend(&mut self) {
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
