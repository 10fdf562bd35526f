//! The terminal itself: taking it over, giving it back on every way out, and the one
//! question zzread asks it (how wide it draws “).

use super::input::{Report, Reports};
use crate::text::AmbiguousWidth;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::backend::CrosstermBackend;
use std::io::{self, Write};

/// The reader's terminal: ratatui over [`FrameWriter`].
pub type Term = ratatui::Terminal<CrosstermBackend<FrameWriter<io::Stdout>>>;

/// The terminal in zzread's hands: raw mode, the alternate screen, bracketed paste
/// and (when asked) the mouse. Dropping it puts everything back, and so does a panic
/// (the hook `take` installs).
///
/// ratatui's own `init`/`restore` are not used: `restore` reports a failure with
/// `eprintln!`, which panics when stderr is the terminal that has just gone — inside a
/// panic hook or a drop, that is an abort.
pub struct Screen {
    /// Never dropped: ratatui's `Terminal` shows the cursor on drop and reports a
    /// failure with `eprintln!` too; `leave` shows the cursor itself.
    pub terminal: std::mem::ManuallyDrop<Term>,
    mouse: bool,
}

impl Screen {
    pub fn take(mouse: bool) -> io::Result<Screen> {
        install_panic_hook(mouse);
        crossterm::terminal::enable_raw_mode()?;
        let terminal =
            match ratatui::Terminal::new(CrosstermBackend::new(FrameWriter::new(io::stdout()))) {
                Ok(t) => std::mem::ManuallyDrop::new(t),
                Err(e) => {
                    leave(mouse);
                    return Err(e);
                }
            };
        // From here on `Screen`'s drop restores the terminal, whatever fails next.
        let screen = Screen { terminal, mouse };
        crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
        enter_modes(mouse)?;
        Ok(screen)
    }
}

/// On a panic anywhere, the terminal is put back before the message is printed (so it
/// is readable), then the previous hook runs.
fn install_panic_hook(mouse: bool) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave(mouse);
            previous(info);
        }));
    });
}

impl Drop for Screen {
    fn drop(&mut self) {
        leave(self.mouse);
    }
}

/// Where frames are written: each frame leaves in one write, inside a synchronized
/// update (`CSI ?2026h` … `l`), so neither a terminal nor a multiplexer ever shows half
/// of one. Through `io::stdout()` alone, a frame left in 1 KB pieces (its line
/// buffer's size, and a frame has no newline): a full frame at 100×30 is ten writes,
/// and a screen read between two of them showed the new list's top over the old
/// frame's rest. Terminals that do not know mode 2026 ignore it.
pub struct FrameWriter<W: Write> {
    out: io::BufWriter<W>,
    /// Bytes have been written since the last flush: the update is open.
    open: bool,
}

/// A full frame at 200×60 with colours is well under this; a bigger one is written
/// in pieces, still inside its synchronized update.
const FRAME_BUFFER: usize = 256 * 1024;

impl<W: Write> FrameWriter<W> {
    fn new(out: W) -> FrameWriter<W> {
        FrameWriter {
            out: io::BufWriter::with_capacity(FRAME_BUFFER, out),
            open: false,
        }
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.open && !buf.is_empty() {
            crossterm::queue!(self.out, crossterm::terminal::BeginSynchronizedUpdate)?;
            self.open = true;
        }
        self.out.write(buf)
    }

    /// ratatui flushes once at the end of each frame: the update closes there.
    fn flush(&mut self) -> io::Result<()> {
        if self.open {
            self.open = false;
            crossterm::queue!(self.out, crossterm::terminal::EndSynchronizedUpdate)?;
        }
        self.out.flush()
    }
}

/// The modes zzread sets on top of ratatui's raw mode and alternate screen.
fn enter_modes(mouse: bool) -> io::Result<()> {
    // Pastes arrive as one event, not as keys that could trigger commands.
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    if mouse {
        crossterm::execute!(io::stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Puts the terminal back as it was: cooked mode, the main screen, the cursor shown,
/// no mouse reporting, no bracketed paste. Best effort and silent: a terminal that
/// cannot be restored cannot show a message either.
pub fn leave(mouse: bool) {
    if mouse {
        let _ = crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
    let _ = crossterm::execute!(
        io::stdout(),
        // A panic in the middle of a frame leaves its update open: a terminal that
        // honours mode 2026 would stop showing anything.
        crossterm::terminal::EndSynchronizedUpdate,
        DisableBracketedPaste,
        crossterm::cursor::Show,
        crossterm::terminal::LeaveAlternateScreen
    );
    let _ = crossterm::terminal::disable_raw_mode();
}

/// Takes the terminal again after it was given back (a suspend, or a SIGCONT after
/// something else changed its modes).
pub fn retake(mouse: bool) -> io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    enter_modes(mouse)
}

/// What zzread asks the terminal before the first frame, sent in one write so a
/// remote terminal costs one round trip, not one per question; the answers are read
/// by [`Questions::answers`] once the start-up work that needs no answer is done.
///
/// - With `width`, “ printed at the top-left corner, then a cursor-position request: one column on,
///   the terminal draws ambiguous characters narrow; two, wide.
/// - With `background`, OSC 11 (the background colour, as glow and vim ask it) and a
///   second cursor-position request: terminals answer in order, so when that answer
///   comes alone the terminal does not know OSC 11, and nothing waits for a time-out.
pub struct Questions {
    sent: std::time::Instant,
    width: bool,
    background: bool,
}

/// The terminal's answers; `None` where it gave none within the wait.
pub struct Answers {
    pub ambiguous: Option<AmbiguousWidth>,
    pub light: Option<bool>,
}

impl Questions {
    /// Sends the questions; `None` when there is nothing to ask or the terminal cannot
    /// be written.
    pub fn ask(width: bool, background: bool) -> Option<Questions> {
        if !width && !background {
            return None;
        }
        let mut out = io::stdout();
        if width {
            crossterm::queue!(
                out,
                crossterm::cursor::MoveTo(0, 0),
                crossterm::style::Print("“"),
                crossterm::style::Print("\x1b[6n")
            )
            .ok()?;
        }
        if background {
            write!(out, "\x1b]11;?\x1b\\\x1b[6n").ok()?;
        }
        out.flush().ok()?;
        Some(Questions {
            sent: std::time::Instant::now(),
            width,
            background,
        })
    }

    /// Waits for the answers (at most [`PROBE_WAIT`] from the asking) and clears the
    /// probe character away.
    pub fn answers(self, reports: &Reports) -> Answers {
        let deadline = self.sent + PROBE_WAIT;
        let next = || {
            reports
                .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
                .ok()
        };
        let mut answers = Answers {
            ambiguous: None,
            light: None,
        };
        // The first cursor report belongs to the width question.
        while self.width
            && let Some(report) = next()
        {
            if let Report::CursorPosition(_, column) = report {
                answers.ambiguous = match column {
                    2 => Some(AmbiguousWidth::Narrow),
                    3 => Some(AmbiguousWidth::Wide),
                    _ => None,
                };
                break;
            }
        }
        if self.background {
            let mut colour = None;
            while let Some(report) = next() {
                match report {
                    Report::Background(r, g, b) => colour = Some((r, g, b)),
                    Report::CursorPosition(..) => break,
                }
            }
            answers.light = colour.map(|(r, g, b)| is_light(r, g, b));
        }
        let _ = crossterm::execute!(
            io::stdout(),
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
        );
        answers
    }
}

/// Whether a background colour is light: its relative luminance (sRGB weights) over
/// one half.
pub fn is_light(r: u16, g: u16, b: u16) -> bool {
    let l = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
    l > 0.5 * 65535.0
}

/// How long start-up waits for the terminal's answers.
const PROBE_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// OSC 52: the terminal (and tmux with set-clipboard on) sets the system clipboard.
/// The text travels base64-encoded, so nothing in it is a control sequence.
pub fn set_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine;
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = io::stdout();
    write!(out, "\x1b]52;c;{payload}\x07")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_and_dark_backgrounds_are_told_apart() {
        assert!(super::is_light(0xffff, 0xffff, 0xffff));
        assert!(super::is_light(0xfdfd, 0xf6f6, 0xe3e3), "solarized light");
        assert!(!super::is_light(0, 0, 0));
        assert!(!super::is_light(0x0000, 0x2b2b, 0x3636), "solarized dark");
        assert!(!super::is_light(0x1e1e, 0x1e1e, 0x2e2e));
    }

    /// What reaches the terminal, write by write.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for Writes {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_leaves_in_one_write_inside_one_synchronized_update() {
        let mut w = FrameWriter::new(Writes::default());
        for piece in ["\x1b[1;1H", "株洲", "\x1b[2;1H", "日报"] {
            w.write_all(piece.as_bytes()).expect("write");
        }
        assert!(w.out.get_ref().0.is_empty(), "nothing before the flush");
        w.flush().expect("flush");
        // A flush with nothing drawn sends nothing more.
        w.flush().expect("flush");
        w.write_all("报".as_bytes()).expect("write");
        w.flush().expect("flush");
        let writes: Vec<String> = w
            .out
            .get_ref()
            .0
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        assert_eq!(
            writes,
            [
                "\x1b[?2026h\x1b[1;1H株洲\x1b[2;1H日报\x1b[?2026l",
                "\x1b[?2026h报\x1b[?2026l"
            ]
        );
    }
}
