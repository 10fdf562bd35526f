//! The terminal's input, read on its own thread and decoded by zzread (`decode`).
//!
//! End of input or a read error means the terminal has gone: it is reported once, as
//! `Msg::TerminalGone`, and the thread ends. Nothing here ever retries a failing read.
//!
//! The thread can be paused ([`Control::pause`]) while another program owns the
//! terminal (`$PAGER` for the `V` key): two readers of one terminal would each get
//! half the keys. On unix it waits in `poll` on the terminal and on a pipe of its
//! own, so a pause wakes it at once and it never reads a byte meant for the pager;
//! an idle reader still sleeps until a key arrives.

pub mod decode;

pub use decode::{Decoder, Input};

use crate::app::Msg;
use std::io::{self, IsTerminal, Read};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

/// What the terminal answers to zzread's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// A cursor-position report (row, column; 1-based).
    CursorPosition(u16, u16),
    /// The background colour (OSC 11), 16 bits a channel.
    Background(u16, u16, u16),
}

/// The terminal's answers, for the questions zzread asks it at start-up.
pub type Reports = Receiver<Report>;

/// Pauses and resumes the input thread.
pub struct Control {
    shared: Arc<(Mutex<Pause>, Condvar)>,
    #[cfg(unix)]
    wake: Option<io::PipeWriter>,
}

#[derive(Debug, Default)]
struct Pause {
    /// Asked to stop reading.
    wanted: bool,
    /// The thread has stopped reading and waits.
    stopped: bool,
}

/// How long a pause waits for the thread to stop reading.
#[cfg(unix)]
const PAUSE_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

impl Control {
    /// Stops the thread reading the terminal; false when it cannot be stopped (then
    /// another program must not be given the terminal's input).
    pub fn pause(&mut self) -> bool {
        #[cfg(unix)]
        {
            use std::io::Write;
            let Some(wake) = self.wake.as_mut() else {
                return false;
            };
            let (lock, cvar) = &*self.shared;
            let Ok(mut p) = lock.lock() else {
                return false;
            };
            p.wanted = true;
            if wake.write_all(b"p").is_err() {
                p.wanted = false;
                return false;
            }
            let Ok((mut p, _)) = cvar.wait_timeout_while(p, PAUSE_WAIT, |p| !p.stopped) else {
                return false;
            };
            if !p.stopped {
                // It is blocked in a read it cannot be woken from (a terminal poll
                // cannot watch): take the request back, or it would stop for good
                // after its next key.
                p.wanted = false;
            }
            p.stopped
        }
        #[cfg(not(unix))]
        {
            false
        }
    }

    /// Lets the thread read the terminal again.
    pub fn resume(&mut self) {
        let (lock, cvar) = &*self.shared;
        if let Ok(mut p) = lock.lock() {
            p.wanted = false;
            cvar.notify_all();
        }
    }
}

/// Starts reading the terminal: keys, pastes and mouse events go to `tx` as messages,
/// the terminal's answers to the returned receiver.
pub fn spawn(tx: Sender<Msg>) -> io::Result<(Reports, Control)> {
    let source = open()?;
    let (reports_tx, reports) = channel();
    let shared = Arc::new((Mutex::new(Pause::default()), Condvar::new()));
    #[cfg(unix)]
    let (wake_rx, wake) = match io::pipe() {
        Ok((r, w)) => (Some(r), Some(w)),
        Err(_) => (None, None),
    };
    let thread_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        let mut source = source;
        #[cfg(unix)]
        let mut wake_rx = wake_rx;
        let mut decoder = Decoder::new();
        let mut buf = [0u8; 1024];
        loop {
            if !wait_while_paused(&thread_shared) {
                return;
            }
            #[cfg(unix)]
            if let Some(w) = wake_rx.as_mut() {
                match readable(&source, w) {
                    Ready::Input => {}
                    Ready::Wake => continue,
                    // poll cannot watch this terminal: read as before (no pausing).
                    Ready::Unwatchable => wake_rx = None,
                }
            }
            let n = match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            };
            for input in decoder.feed(&buf[..n], n == buf.len()) {
                let msg = match input {
                    Input::Key(k) => Msg::Key(k),
                    Input::Paste(text) => Msg::Paste(text),
                    Input::Mouse(m) => Msg::Mouse(m),
                    Input::CursorPosition { row, column } => {
                        let _ = reports_tx.send(Report::CursorPosition(row, column));
                        continue;
                    }
                    Input::Background { red, green, blue } => {
                        let _ = reports_tx.send(Report::Background(red, green, blue));
                        continue;
                    }
                };
                if tx.send(msg).is_err() {
                    return;
                }
            }
        }
        let _ = tx.send(Msg::TerminalGone);
    });
    Ok((
        reports,
        Control {
            shared,
            #[cfg(unix)]
            wake,
        },
    ))
}

/// Waits while a pause is asked for; false when the pause can no longer end.
fn wait_while_paused(shared: &(Mutex<Pause>, Condvar)) -> bool {
    let (lock, cvar) = shared;
    let Ok(mut p) = lock.lock() else {
        return false;
    };
    if !p.wanted {
        return true;
    }
    p.stopped = true;
    cvar.notify_all();
    let Ok(mut p) = cvar.wait_while(p, |p| p.wanted) else {
        return false;
    };
    p.stopped = false;
    true
}

#[cfg(unix)]
enum Ready {
    Input,
    Wake,
    Unwatchable,
}

/// Sleeps until the terminal has input or the wake pipe is written to (a pause).
#[cfg(unix)]
fn readable(source: &Source, wake: &mut io::PipeReader) -> Ready {
    use rustix::event::{PollFd, PollFlags, poll};
    loop {
        let (tty_ready, wake_ready, bad) = {
            let mut fds = [
                PollFd::new(source, PollFlags::IN),
                PollFd::new(&*wake, PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return Ready::Unwatchable,
            }
            let tty = fds[0].revents();
            (
                !tty.is_empty(),
                !fds[1].revents().is_empty(),
                tty.contains(PollFlags::NVAL),
            )
        };
        if bad {
            return Ready::Unwatchable;
        }
        if wake_ready {
            let mut drain = [0u8; 16];
            let _ = wake.read(&mut drain);
            return Ready::Wake;
        }
        if tty_ready {
            // Readable, hung up or failed: the read says which.
            return Ready::Input;
        }
    }
}

/// The terminal being read.
enum Source {
    Stdin(io::Stdin),
    Tty(std::fs::File),
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Stdin(s) => s.read(buf),
            Source::Tty(f) => f.read(buf),
        }
    }
}

#[cfg(unix)]
impl std::os::fd::AsFd for Source {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        match self {
            Source::Stdin(s) => s.as_fd(),
            Source::Tty(f) => f.as_fd(),
        }
    }
}

/// The terminal to read: standard input when it is one, else the controlling terminal
/// (`zzread < list.txt` still reads keys from the keyboard).
fn open() -> io::Result<Source> {
    if io::stdin().is_terminal() {
        Ok(Source::Stdin(io::stdin()))
    } else {
        Ok(Source::Tty(std::fs::File::open("/dev/tty")?))
    }
}
