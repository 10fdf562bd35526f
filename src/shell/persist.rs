//! The state file, written on its own thread: the UI never waits for a disk or a lock.
//!
//! The app hands over what changed (`Effect::Remember`); the writer folds together
//! whatever queued up meanwhile (a burst of changes is one write), replays it on the
//! file as it is on disk, under the file's lock (`state::apply`), and reports each
//! outcome back as `Msg::Remembered`. A failed write keeps its changes for the next
//! attempt, so nothing is dropped while, say, the disk is full. Closing the channel asks
//! the writer to finish; [`Writer::finish`] waits until the last changes are written.
//! A suspend cannot wait that long but must not stop the process with a write still
//! queued (a stopped process writes nothing): [`Writer::settle`] waits, bounded, for
//! what was handed over so far.

use crate::app::Msg;
use crate::state::{self, Changes};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the writer thread is handed: changes, or a request to say when everything
/// handed over before it has been tried.
enum Job {
    Save(Changes),
    Settled(Sender<()>),
}

pub struct Writer {
    tx: Option<Sender<Job>>,
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
            let _ = tx.send(Job::Save(changes));
        }
    }

    /// Waits until every change handed over so far has been tried, but no longer than
    /// `limit` (another window may hold the file's lock); whether it got there.
    pub fn settle(&self, limit: Duration) -> bool {
        let Some(tx) = &self.tx else { return true };
        let (done, settled) = channel();
        tx.send(Job::Settled(done)).is_ok() && settled.recv_timeout(limit).is_ok()
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
    rx: &Receiver<Job>,
    back: &Sender<Msg>,
) -> Option<String> {
    let mut unsaved = Changes::new();
    let mut last_error = None;
    let mut waiting = Vec::new();
    while let Ok(job) = rx.recv() {
        let mut saves = false;
        let mut take = |job| match job {
            Job::Save(changes) => {
                unsaved.merge(changes);
                saves = true;
            }
            Job::Settled(tell) => waiting.push(tell),
        };
        take(job);
        while let Ok(more) = rx.try_recv() {
            take(more);
        }
        // A batch of settle requests alone writes nothing.
        if saves {
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
        for tell in waiting.drain(..) {
            let _ = tell.send(());
        }
    }
    last_error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settle_returns_once_what_was_handed_over_is_on_disk() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (back, _msgs) = channel();
        let writer = Writer::spawn(Some(dir.path().to_owned()), "k".into(), back);
        for n in 0..50 {
            let mut changes = Changes::new();
            changes.mark_read(format!("a#{n}"));
            writer.save(changes);
        }
        assert!(writer.settle(Duration::from_secs(30)));
        // Read while the writer is still alive: nothing here waits for `finish`.
        let mut state = state::load(dir.path()).state;
        assert_eq!(state.archive("k").read.len(), 50);
        assert_eq!(writer.finish(), None);
    }

    #[test]
    fn settle_with_nothing_handed_over_returns_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (back, msgs) = channel();
        let writer = Writer::spawn(Some(dir.path().to_owned()), "k".into(), back);
        assert!(writer.settle(Duration::from_secs(30)));
        assert!(msgs.try_recv().is_err(), "nothing was written");
        assert_eq!(writer.finish(), None);
    }
}
