//! The state file, written on its own thread: the UI never waits for a disk.
//!
//! The app hands over snapshots of what it remembers (`Effect::Remember`); the writer
//! keeps only the newest of those queued (a burst of changes is one write) and reports
//! each outcome back to the app as `Msg::Remembered`. Closing the channel asks it to
//! finish; [`Writer::finish`] waits until the last snapshot is on disk.

use crate::app::Msg;
use crate::state::{self, ArchiveState};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

pub struct Writer {
    tx: Option<Sender<ArchiveState>>,
    thread: Option<JoinHandle<Option<String>>>,
}

impl Writer {
    /// A writer of archive `key`'s entry in `dir`'s state file; `None` for `dir` means
    /// nothing can be remembered (no HOME), and every save says so.
    pub fn spawn(
        dir: Option<PathBuf>,
        key: String,
        base: state::State,
        back: Sender<Msg>,
    ) -> Writer {
        let (tx, rx) = channel();
        let thread = std::thread::spawn(move || write_loop(dir, key, base, rx, back));
        Writer {
            tx: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn save(&self, snapshot: ArchiveState) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(snapshot);
        }
    }

    /// Waits for every queued snapshot to be written; the last failure, if the last
    /// write failed.
    pub fn finish(mut self) -> Option<String> {
        self.tx = None;
        self.thread.take().and_then(|t| t.join().ok()).flatten()
    }
}

fn write_loop(
    dir: Option<PathBuf>,
    key: String,
    mut state: state::State,
    rx: Receiver<ArchiveState>,
    back: Sender<Msg>,
) -> Option<String> {
    let mut last_error = None;
    while let Ok(mut snapshot) = rx.recv() {
        // Only the newest of what queued up meanwhile is worth writing.
        while let Ok(newer) = rx.try_recv() {
            snapshot = newer;
        }
        let result = match &dir {
            Some(dir) => {
                *state.archive(&key) = snapshot;
                state::save(dir, &state).map_err(|e| e.to_string())
            }
            None => Err("no state directory (neither XDG_STATE_HOME nor HOME is set)".into()),
        };
        last_error = result.as_ref().err().cloned();
        // The app may have gone (quitting): the outcome is still returned by `finish`.
        let _ = back.send(Msg::Remembered(result));
    }
    last_error
}
