//! The state file, written on its own thread: the UI never waits for a disk or a lock.
//!
//! The app hands over what changed (`Effect::Remember`); the writer folds together
//! whatever queued up meanwhile (a burst of changes is one write), replays it on the
//! file as it is on disk, under the file's lock (`state::apply`), and reports each
//! outcome back as `Msg::Remembered`. A failed write keeps its changes for the next
//! attempt, so nothing is dropped while, say, the disk is full. Closing the channel asks
//! the writer to finish; [`Writer::finish`] waits until the last changes are written.

use crate::app::Msg;
use crate::state::{self, Changes};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

pub struct Writer {
    tx: Option<Sender<Changes>>,
    thread: Option<JoinHandle<Option<String>>>,
}

impl Writer {
    /// A writer of archive `key`'s changes to `dir`'s state file; `None` for `dir`
    /// means nothing can be remembered (no HOME), and every save says so.
    pub fn spawn(dir: Option<PathBuf>, key: String, back: Sender<Msg>) -> Writer {
        let (tx, rx) = channel();
        let thread = std::thread::spawn(move || write_loop(dir.as_deref(), &key, &rx, &back));
        Writer {
            tx: Some(tx),
            thread: Some(thread),
        }
    }

    pub fn save(&self, changes: Changes) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(changes);
        }
    }

    /// Waits for every queued change to be written; why the last write failed, if it
    /// did.
    pub fn finish(mut self) -> Option<String> {
        self.tx = None;
        self.thread.take().and_then(|t| t.join().ok()).flatten()
    }
}

fn write_loop(
    dir: Option<&std::path::Path>,
    key: &str,
    rx: &Receiver<Changes>,
    back: &Sender<Msg>,
) -> Option<String> {
    let mut unsaved = Changes::new();
    let mut last_error = None;
    while let Ok(changes) = rx.recv() {
        unsaved.merge(changes);
        while let Ok(more) = rx.try_recv() {
            unsaved.merge(more);
        }
        let result = match dir {
            Some(dir) => state::apply(dir, key, &unsaved)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Err("no state directory (neither XDG_STATE_HOME nor HOME is set)".into()),
        };
        if result.is_ok() {
            unsaved = Changes::new();
        }
        last_error = result.as_ref().err().cloned();
        // The app may have gone (quitting): the outcome is still returned by `finish`.
        let _ = back.send(Msg::Remembered(result));
    }
    last_error
}
