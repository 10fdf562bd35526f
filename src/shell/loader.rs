//! Finding, parsing and indexing the archive on a background thread, so the first
//! frame waits for none of it.
//!
//! With a warm cache the shell has already shown the cached listing; this thread walks
//! the folders, checks every file against what the cache holds, and either confirms the
//! listing (then only the cached outlines are sent, in batches) or lists anew, with the
//! cached issues that still hold. Whatever the cache lacks is parsed, and each batch
//! travels as a message with its own text segment and index segment, which
//! `App::update` appends; the same batches are written to the cache as new segments.
//! Nothing is shared, so nothing is locked.

use crate::app::list::display_order;
use crate::app::{Batch, IssueEntry, IssueMeta, Msg, Order};
use crate::archive::load_issue;
use crate::cache::warm::{Plan, Walked, Writer, install};
use crate::cache::{Cache, FileKey, Opened, Slot};
use crate::ids::IssueIx;
use crate::load::Source;
use crate::model::{Issue, LoadError};
use crate::search::Index;
use crate::store::Corpus;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Sender, SyncSender, sync_channel};
use std::time::{Duration, Instant};

/// A batch is sent when this much time has passed since the last one: often enough
/// that the list fills as you watch, rarely enough that appending stays cheap.
const BATCH_EVERY: Duration = Duration::from_millis(100);
/// …or when it holds this much text.
const BATCH_BYTES: usize = 8 << 20;
/// Cached outlines are decoded and sent this many issues at a time.
const OUTLINES_PER_BATCH: usize = 2_000;

/// The cache as the shell found it at start.
pub struct Warm {
    pub cache: Cache,
    pub opened: Opened,
    /// The cached issues the listing already shown was made from, in its order
    /// (empty when nothing was shown from the cache).
    pub shown: Vec<Slot>,
    /// The segment whose text and lists were put in use with that listing (the one
    /// holding the first issue shown); the loader puts the others in use.
    pub installed: Option<String>,
}

/// Walks `paths` (the bundled issues when empty), lists what it found (unless the
/// cached listing shown holds), then sends the cached outlines and parses the rest in
/// the order the list shows them (newest first by default, so the first screen is
/// right as soon as the first issue is parsed); the jieba dictionary loads on this
/// thread too.
pub fn spawn(paths: Vec<PathBuf>, order: Order, tx: Sender<Msg>, warm: Option<Warm>) {
    std::thread::spawn(move || {
        let mut warm = warm;
        // The files the listing shown was made from, read before any segment is
        // dropped (its slots name segments by position). Owned copies of every key
        // are made here, not before the first frame.
        let shown: Vec<FileKey> = warm.as_ref().map_or_else(Vec::new, |w| {
            w.shown
                .iter()
                .filter_map(|slot| {
                    let (_, segment) = w.opened.segments.get(slot.segment)?;
                    Some(segment.listed(slot.issue)?.key.to_owned())
                })
                .collect()
        });
        if let Some(w) = &mut warm {
            // What the first frame did not need is checked here, off the UI thread: a
            // segment whose tables fail is dropped and its issues parsed again.
            let before = w.opened.segments.len();
            w.opened.keep_usable();
            if w.opened.segments.len() < before
                && let Some(note) = &w.opened.note
            {
                let _ = tx.send(Msg::CacheNote(note.clone()));
            }
        }
        load(&paths, order, &tx, warm.as_ref(), &shown)
    });
}

/// The loader's work; `None` as soon as the app has gone.
fn load(
    paths: &[PathBuf],
    order: Order,
    tx: &Sender<Msg>,
    warm: Option<&Warm>,
    shown: &[FileKey],
) -> Option<()> {
    let opened = warm.map(|w| &w.opened);
    // Nothing cached: every issue will be parsed, and parsing waits for jieba's
    // dictionary (about 100 ms): it loads on another core while the archive is walked.
    if opened.is_none_or(|o| o.segments.is_empty()) {
        crate::words::warm_up();
    }
    let empty = Opened::default();
    // Over a listing already shown the walk only checks it: it has nothing to say
    // until it finds a change.
    let mut plan = walk(paths, tx, opened.unwrap_or(&empty), shown.is_empty())?;
    let unchanged = !shown.is_empty()
        && plan.cached.iter().all(Option::is_some)
        && plan.keys.iter().flatten().eq(shown.iter());
    if unchanged {
        // The listing holds: the rest of the cached text and lists join the segment
        // the first frame put in use.
        if let Some(w) = warm {
            let first = w
                .opened
                .segments
                .iter()
                .position(|(name, _)| Some(name) == w.installed.as_ref());
            let rest: Vec<Option<crate::cache::Slot>> = plan
                .cached
                .iter()
                .map(|slot| slot.filter(|s| Some(s.segment) != first))
                .collect();
            let installed = install(&w.opened.segments, &rest);
            if !installed.parts.is_empty() {
                tx.send(Msg::Installed(Box::new(installed))).ok()?;
            }
        }
    } else {
        let issues = plan.sources.iter().map(IssueEntry::of_source).collect();
        let cached = opened
            .filter(|o| !o.segments.is_empty())
            .map(|o| Box::new(install(&o.segments, &plan.cached)));
        tx.send(Msg::Listed {
            issues,
            skipped: plan.skipped.clone(),
            cached,
        })
        .ok()?;
    }
    if let Some(o) = opened {
        send_outlines(tx, o, &plan, order)?;
    }
    let rank = ranks(&plan.sources, order);
    let mut todo = plan.to_parse();
    todo.sort_by_key(|(ix, _)| rank.get(ix.get()).copied().unwrap_or(usize::MAX));
    let writer = warm.map(|w| Background::start(Writer::new(w.cache.clone()), tx.clone()));
    if !todo.is_empty() {
        parse(tx, &todo, &plan, writer.as_ref())?;
    }
    tx.send(Msg::LoadDone).ok()?;
    let mut parsed = !todo.is_empty();
    // Everything is searchable now. What follows (the checks, the dictionary) can wait
    // for the reader: a keystroke's search runs on both cores, and these competed
    // with it for them just as people start to type.
    yield_to_the_reader();
    // From now on the large blocks allocated are a keystroke's, freed and allocated
    // again on the next: kept (see `allocator`). Not before: parsing and indexing
    // grow their arrays by reallocating, and kept blocks only raised their peak.
    super::keep_freed_blocks();
    // Everything the reader has not read yet from the cache is checked now, in the
    // background: the first search then reads checked text, and a damaged segment is
    // replaced by parsing its issues again.
    if let Some(o) = opened {
        let damaged = plan.uncache_damaged(o);
        if !damaged.is_empty() {
            tx.send(Msg::CacheDamaged(damaged.clone())).ok()?;
            let todo: Vec<(IssueIx, Source)> = damaged
                .iter()
                .filter_map(|&ix| Some((ix, plan.sources.get(ix.get())?.clone())))
                .collect();
            parse(tx, &todo, &plan, writer.as_ref())?;
            tx.send(Msg::LoadDone).ok()?;
            parsed = true;
        }
    }
    if !parsed {
        // Nothing parsed, but ranking by whole words and the fallback for long
        // phrases want the dictionary: load it now that everything is shown.
        tx.send(Msg::Words(crate::words::jieba())).ok()?;
    }
    if let (Some(writer), Some(w)) = (writer, warm)
        && let Err(e) = writer.finish(&plan.unused(&w.opened), tx)
    {
        tx.send(Msg::CacheNote(crate::strings::cache_unwritable(&e)))
            .ok()?;
    }
    Some(())
}

/// Walks the paths, telling the app how far it has got when `report`; the plan, or
/// `None` when the app has gone.
fn walk(paths: &[PathBuf], tx: &Sender<Msg>, opened: &Opened, report: bool) -> Option<Plan> {
    let mut walked = Walked::default();
    let mut told = Instant::now();
    let mut walk = crate::load::walk(paths);
    while let Some(found) = walk.next() {
        walked.add(found, walk.stat());
        if report && told.elapsed() >= BATCH_EVERY {
            told = Instant::now();
            tx.send(Msg::Walking {
                found: walked.sources.len(),
            })
            .ok()?;
        }
    }
    Some(Plan::of(walked.done(), opened))
}

/// Each source's place in the list's order.
fn ranks(sources: &[Source], order: Order) -> Vec<usize> {
    let display = display_order(sources.iter().map(|s| s.date.as_deref()), order);
    let mut rank = vec![0; display.len()];
    for (p, &i) in display.iter().enumerate() {
        rank[i] = p;
    }
    rank
}

/// Sends the outlines of the cached issues the plan uses; `None` when the app has gone.
fn send_outlines(tx: &Sender<Msg>, opened: &Opened, plan: &Plan, order: Order) -> Option<()> {
    for batch in outline_batches(opened, plan, order) {
        tx.send(Msg::Parsed(Box::new(batch))).ok()?;
    }
    Some(())
}

/// The outlines of the cached issues the plan uses, decoded, in batches in the list's
/// order (the text and lists are installed already).
pub fn outline_batches(opened: &Opened, plan: &Plan, order: Order) -> Vec<Batch> {
    let rank = ranks(&plan.sources, order);
    let mut cached: Vec<(IssueIx, crate::cache::Slot)> = plan
        .cached
        .iter()
        .enumerate()
        .filter_map(|(k, s)| Some((IssueIx::new(k), (*s)?)))
        .collect();
    cached.sort_by_key(|(ix, _)| rank.get(ix.get()).copied().unwrap_or(usize::MAX));
    cached
        .chunks(OUTLINES_PER_BATCH)
        .map(|chunk| Batch {
            issues: chunk
                .iter()
                .map(|(ix, slot)| {
                    let meta = opened
                        .segments
                        .get(slot.segment)
                        .and_then(|(_, seg)| seg.record(slot.issue))
                        .map(|r| r.meta)
                        .ok_or_else(|| LoadError {
                            path: plan.sources[ix.get()].label(),
                            message: crate::strings::CACHE_REBUILT.into(),
                        });
                    (*ix, meta)
                })
                .collect(),
            ..Batch::default()
        })
        .collect()
}

/// Parses `todo` in order, in batches; `None` when the app has gone.
fn parse(
    tx: &Sender<Msg>,
    todo: &[(IssueIx, Source)],
    plan: &Plan,
    writer: Option<&Background>,
) -> Option<()> {
    let words = crate::words::jieba();
    tx.send(Msg::Words(words)).ok()?;
    let mut pending: Vec<(IssueIx, Result<Issue, LoadError>)> = Vec::new();
    let mut bytes = 0;
    // The first issue goes out alone, so the list shows headlines at once.
    let mut last_sent: Option<Instant> = None;
    for (ix, source) in todo {
        let result = load_issue(source, Some(words));
        if let Ok(issue) = &result {
            bytes += issue
                .articles
                .iter()
                .flat_map(|a| &a.paragraphs)
                .map(|p| p.text.len())
                .sum::<usize>();
        }
        pending.push((*ix, result));
        let due = last_sent.is_none_or(|t| t.elapsed() >= BATCH_EVERY) || bytes >= BATCH_BYTES;
        if due {
            send(tx, &mut pending, plan, writer)?;
            bytes = 0;
            last_sent = Some(Instant::now());
        }
    }
    send(tx, &mut pending, plan, writer)
}

/// Sends what is pending as one batch, and hands its issues to the cache writer;
/// `None` when the app has gone.
fn send(
    tx: &Sender<Msg>,
    pending: &mut Vec<(IssueIx, Result<Issue, LoadError>)>,
    plan: &Plan,
    writer: Option<&Background>,
) -> Option<()> {
    if pending.is_empty() {
        return Some(());
    }
    let batch = Batch::of(
        pending
            .iter()
            .map(|(ix, r)| (*ix, r.as_ref().map_err(Clone::clone))),
    );
    let parsed: Vec<(IssueIx, Issue, FileKey)> = pending
        .drain(..)
        .filter_map(|(ix, r)| {
            let key = plan.keys.get(ix.get())?.clone()?;
            Some((ix, r.ok()?, key))
        })
        .collect();
    let stored = Stored {
        issues: parsed,
        corpus: batch.corpus.clone(),
        index: batch.index.clone(),
    };
    // The app has the batch before the writer can have saved it (see `Background`).
    tx.send(Msg::Parsed(Box::new(batch))).ok()?;
    if let Some(writer) = writer {
        writer.add(stored);
    }
    Some(())
}

/// The cache writer on a thread of its own: parsed issues go to it as they go to the
/// reader, and it builds and writes the segments on the other core, so a cold start
/// is as quick with the cache as without.
struct Background {
    tx: SyncSender<Stored>,
    thread: std::thread::JoinHandle<Writer>,
}

/// A batch as the writer takes it: the parsed issues (for their records and dump
/// pieces) and the text and lists the reader got, shared rather than built again.
struct Stored {
    issues: Vec<(IssueIx, Issue, FileKey)>,
    corpus: Arc<Corpus>,
    index: Arc<Index>,
}

/// Background work runs at a lower priority (nice 10) than the reader: the cache
/// writer (the cache is for the next start; this one's parsing and indexing come
/// first), and the loader once everything is searchable. Linux gives each thread its
/// own nice value (and threads it starts inherit it); elsewhere this is left alone, as
/// setting it by thread id would renice the whole process.
fn yield_to_the_reader() {
    #[cfg(target_os = "linux")]
    {
        let me = rustix::thread::gettid();
        let now = rustix::process::getpriority_process(Some(me)).unwrap_or(0);
        let _ = rustix::process::setpriority_process(Some(me), now.max(10));
    }
}

/// Batches the writer may fall behind by before the loader waits for it: the parsed
/// model is several times its text, and the app holds its copy of a batch until the
/// writer has saved it, so every batch queued is memory held twice over. Two keep the
/// writer busy; eight (at 8 MB of text a batch) raised a cold start's peak with
/// nothing gained in time.
const WRITER_QUEUE: usize = 2;

impl Background {
    /// Each segment written is handed to the app (`app`) as soon as it is on disk, to
    /// read its issues from in place of the parsed copies: they were sent to the app
    /// before the writer had them, so they are there to be replaced.
    fn start(mut writer: Writer, app: Sender<Msg>) -> Background {
        let (tx, rx) = sync_channel::<Stored>(WRITER_QUEUE);
        let thread = std::thread::spawn(move || {
            yield_to_the_reader();
            for stored in rx {
                let before = writer.written();
                let refs: Vec<(IssueIx, &Issue, FileKey)> = stored
                    .issues
                    .iter()
                    .map(|(ix, issue, key)| (*ix, issue, key.clone()))
                    .collect();
                writer.add(refs, &stored.corpus, &stored.index);
                drop(stored);
                hand_over(&writer, before, &app);
            }
            writer
        });
        Background { tx, thread }
    }

    fn add(&self, stored: Stored) {
        // A writer thread that died leaves the reader without a cache, not broken.
        let _ = self.tx.send(stored);
    }

    /// Waits for the writer to catch up, then puts its segments in use.
    fn finish(self, unused: &[String], app: &Sender<Msg>) -> Result<(), String> {
        drop(self.tx);
        match self.thread.join() {
            Ok(mut writer) => {
                let before = writer.written();
                writer.flush();
                hand_over(&writer, before, app);
                writer.finish(unused)
            }
            Err(_) => Err(crate::strings::CACHE_WRITER_DIED.into()),
        }
    }
}

/// Sends the app the segments `writer` wrote from the `from`th on.
fn hand_over(writer: &Writer, from: usize, app: &Sender<Msg>) {
    for k in from..writer.written() {
        if let Some(saved) = writer.saved(k) {
            let _ = app.send(Msg::CacheWritten(Box::new(saved)));
        }
    }
}

/// The listing the cache can show before anything is walked: every cached issue, in
/// reading order, with its text and lists installed, and the outline of the issue the
/// list shows first (the first screen's). `None` when the cache holds nothing.
pub fn cached_listing(opened: &Opened, order: Order) -> Option<(Vec<Msg>, Vec<Slot>, String)> {
    let listed = crate::cache::listed(&opened.segments);
    if listed.is_empty() {
        return None;
    }
    let issues: Vec<IssueEntry> = listed
        .iter()
        .map(|(l, _)| IssueEntry::listed_as(l.id, l.date, l.key.path))
        .collect();
    let shown: Vec<Slot> = listed.iter().map(|&(_, slot)| slot).collect();
    // The first listed issue's headlines for the first frame, and the text and lists
    // of the one segment that holds it (the only one whose tables are checked before
    // the first frame: at 100,000 issues checking them all takes longer than the frame
    // may); the rest follow from the loader.
    let first = display_order(listed.iter().map(|(l, _)| l.date), order)
        .first()
        .copied()
        .unwrap_or(listed.len() - 1);
    let slot = &shown[first];
    let (name, segment) = opened.segments.get(slot.segment)?;
    let usable = segment.tables_hold();
    let first_segment: Vec<Option<Slot>> = shown
        .iter()
        .map(|s| Some(*s).filter(|s| usable && s.segment == slot.segment))
        .collect();
    let installed = install(&opened.segments, &first_segment);
    let mut msgs = vec![Msg::Listed {
        issues,
        skipped: Vec::new(),
        cached: Some(Box::new(installed)),
    }];
    if let Some(meta) = usable
        .then(|| segment.record(slot.issue))
        .flatten()
        .map(|r| r.meta)
    {
        let batch = Batch {
            issues: vec![(IssueIx::new(first), Ok::<IssueMeta, LoadError>(meta))],
            ..Batch::default()
        };
        msgs.push(Msg::Parsed(Box::new(batch)));
    }
    Some((msgs, shown, name.clone()))
}
