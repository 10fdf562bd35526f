//! Finding, parsing and indexing the archive on a background thread, so the first
//! frame waits for none of it. The walk over the folders reports progress and then the
//! whole listing (`Msg::Listed`); then each batch of parsed issues travels as a message
//! with its own text segment and index segment, which `App::update` appends. Nothing is
//! shared, so nothing is locked.

use crate::app::list::display_order;
use crate::app::{Batch, IssueEntry, Msg, Order};
use crate::archive::load_issue;
use crate::ids::IssueIx;
use crate::load::{Found, Source};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// A batch is sent when this much time has passed since the last one: often enough
/// that the list fills as you watch, rarely enough that appending stays cheap.
const BATCH_EVERY: Duration = Duration::from_millis(100);
/// …or when it holds this much text.
const BATCH_BYTES: usize = 8 << 20;

/// Walks `paths` (the bundled issues when empty), lists what it found, then parses
/// the issues in the order the list shows them (newest first by default, so the first
/// screen is right as soon as the first issue is parsed); the jieba dictionary loads
/// on this thread too.
pub fn spawn(paths: Vec<PathBuf>, order: Order, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let Some(sources) = walk(&paths, &tx) else {
            return;
        };
        let words = crate::words::jieba();
        if tx.send(Msg::Words(words)).is_err() {
            return;
        }
        let mut pending: Vec<(
            IssueIx,
            Result<crate::model::Issue, crate::model::LoadError>,
        )> = Vec::new();
        let mut bytes = 0;
        // The first issue goes out alone, so the list shows headlines at once.
        let mut last_sent: Option<Instant> = None;
        let display = display_order(sources.iter().map(|s| s.date.as_deref()), order);
        for i in display {
            let Some(source) = sources.get(i) else {
                continue;
            };
            let result = load_issue(source, Some(words));
            if let Ok(issue) = &result {
                bytes += issue
                    .articles
                    .iter()
                    .flat_map(|a| &a.paragraphs)
                    .map(|p| p.text.len())
                    .sum::<usize>();
            }
            pending.push((IssueIx::new(i), result));
            let due = last_sent.is_none_or(|t| t.elapsed() >= BATCH_EVERY) || bytes >= BATCH_BYTES;
            if due {
                if !send(&tx, &mut pending) {
                    return;
                }
                bytes = 0;
                last_sent = Some(Instant::now());
            }
        }
        if send(&tx, &mut pending) {
            let _ = tx.send(Msg::LoadDone);
        }
    });
}

/// Walks the paths, telling the app how far it has got; the sources in reading order,
/// or `None` when the app has gone.
fn walk(paths: &[PathBuf], tx: &Sender<Msg>) -> Option<Vec<Source>> {
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    let mut told = Instant::now();
    for found in crate::load::walk(paths) {
        match found {
            Found::Source(s) => sources.push(s),
            Found::Skipped(e) => skipped.push(e),
        }
        if told.elapsed() >= BATCH_EVERY {
            told = Instant::now();
            tx.send(Msg::Walking {
                found: sources.len(),
            })
            .ok()?;
        }
    }
    sources.sort_by(Source::cmp_reading_order);
    let issues = sources.iter().map(IssueEntry::of_source).collect();
    tx.send(Msg::Listed { issues, skipped }).ok()?;
    Some(sources)
}

/// Sends what is pending as one batch; false when the app has gone.
fn send(
    tx: &Sender<Msg>,
    pending: &mut Vec<(
        IssueIx,
        Result<crate::model::Issue, crate::model::LoadError>,
    )>,
) -> bool {
    if pending.is_empty() {
        return true;
    }
    let batch = Batch::of(
        pending
            .iter()
            .map(|(ix, r)| (*ix, r.as_ref().map_err(Clone::clone))),
    );
    pending.clear();
    tx.send(Msg::Parsed(Box::new(batch))).is_ok()
}
