//! The terminal's input, read on its own thread and decoded by zzread (`decode`).
//!
//! End of input or a read error means the terminal has gone: it is reported once, as
//! `Msg::TerminalGone`, and the thread ends. Nothing here ever retries a failing read.

pub mod decode;

pub use decode::{Decoder, Input};

use crate::app::Msg;
use std::io::{self, IsTerminal, Read};
use std::sync::mpsc::{Receiver, Sender, channel};

/// Cursor-position reports, for the one question zzread asks the terminal.
pub type Reports = Receiver<(u16, u16)>;

/// Starts reading the terminal: keys, pastes and mouse events go to `tx` as messages,
/// cursor-position reports to the returned receiver.
pub fn spawn(tx: Sender<Msg>) -> io::Result<Reports> {
    let mut source = open()?;
    let (reports_tx, reports) = channel();
    std::thread::spawn(move || {
        let mut decoder = Decoder::new();
        let mut buf = [0u8; 1024];
        loop {
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
                        let _ = reports_tx.send((row, column));
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
    Ok(reports)
}

/// The terminal to read: standard input when it is one, else the controlling terminal
/// (`zzread < list.txt` still reads keys from the keyboard).
fn open() -> io::Result<Box<dyn Read + Send>> {
    if io::stdin().is_terminal() {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(std::fs::File::open("/dev/tty")?))
    }
}
