//! Signals → messages, on their own thread, so a signal is handled like any other
//! event: TERM, HUP, INT and QUIT save and restore the terminal before the process
//! ends as the signal would have ended it; TSTP suspends like Ctrl-Z; CONT takes the
//! terminal again and redraws; WINCH is a resize.

use crate::app::{Msg, Signal};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::{Handle, Signals};
use std::io;
use std::sync::mpsc::Sender;

/// Starts listening; the handle stops the thread.
pub fn spawn(tx: Sender<Msg>, mouse: bool) -> io::Result<Handle> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH])?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        let mut terminating = false;
        for signal in signals.forever() {
            let msg = match signal {
                SIGTSTP => Msg::Signal(Signal::Suspend),
                SIGCONT => Msg::Signal(Signal::Continue),
                SIGWINCH => match crossterm::terminal::size() {
                    Ok((width, height)) => Msg::Resize { width, height },
                    Err(_) => continue,
                },
                n => {
                    // A second terminating signal while the first is being handled
                    // (a reader that does not answer): put the terminal back and go.
                    if terminating {
                        super::terminal::leave(mouse);
                        let _ = signal_hook::low_level::emulate_default_handler(n);
                        std::process::exit(128 + n);
                    }
                    terminating = true;
                    Msg::Signal(Signal::Terminate(n))
                }
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    Ok(handle)
}

/// Ends the process as signal `n` would have (after the terminal is restored and the
/// state saved), so a parent sees the usual status.
pub fn end_by(n: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(n);
    std::process::exit(128 + n)
}
