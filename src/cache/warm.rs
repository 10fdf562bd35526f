//! The archive through the cache: which issues can be used as cached and which must
//! be parsed (a plan), putting cached segments into a store and index, and writing
//! what was parsed as new segments.

use super::{Cache, DumpParts, Entry, FileKey, Keys, Opened, Record, Segment, Slot, listed};
use crate::ids::IssueIx;
use crate::load::{Found, Source};
use crate::model::{Issue, LoadError};
use crate::search::Index;
use crate::store::Corpus;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The archive's issues in reading order, each either cached (where) or to parse.
#[derive(Debug, Default)]
pub struct Plan {
    pub sources: Vec<Source>,
    pub keys: Vec<Option<FileKey>>,
    /// Per source: where its cached issue is, when the cache holds it as it is now.
    pub cached: Vec<Option<Slot>>,
    pub skipped: Vec<LoadError>,
}

impl Plan {
    /// Walks `paths` and matches each file against the cached issues.
    pub fn make(paths: &[PathBuf], opened: &Opened) -> Plan {
        Plan::of(Plan::walk(paths), opened)
    }

    /// The issue files under `paths` in reading order, and what was skipped.
    pub fn walk(paths: &[PathBuf]) -> Walked {
        let mut walked = Walked::default();
        let mut walk = crate::load::walk(paths);
        while let Some(found) = walk.next() {
            walked.add(found, walk.stat());
        }
        walked.done()
    }

    /// Matches listed sources against the cached issues.
    pub fn of(walked: Walked, opened: &Opened) -> Plan {
        let Walked {
            sources,
            skipped,
            stats,
        } = walked;
        let index: rustc_hash::FxHashMap<FileKey, Slot> = listed(&opened.segments)
            .iter()
            .map(|(l, slot)| (l.key.to_owned(), *slot))
            .collect();
        let mut keys_of = Keys::default();
        let keys: Vec<Option<FileKey>> = sources
            .iter()
            .zip(stats)
            .map(|(s, stat)| keys_of.of(s, stat))
            .collect();
        let cached = keys
            .iter()
            .map(|k| k.as_ref().and_then(|k| index.get(k).copied()))
            .collect();
        Plan {
            sources,
            keys,
            cached,
            skipped,
        }
    }

    /// The sources to parse, with their issue numbers.
    pub fn to_parse(&self) -> Vec<(IssueIx, Source)> {
        self.sources
            .iter()
            .zip(&self.cached)
            .enumerate()
            .filter(|(_, (_, c))| c.is_none())
            .map(|(k, (s, _))| (IssueIx::new(k), s.clone()))
            .collect()
    }

    /// Checks every segment the plan uses in full; the issues of any that is damaged
    /// are no longer taken from the cache (the segment then goes unused) and are
    /// returned, to be parsed again.
    pub fn uncache_damaged(&mut self, opened: &Opened) -> Vec<IssueIx> {
        let mut used: Vec<usize> = self.cached.iter().flatten().map(|s| s.segment).collect();
        used.sort_unstable();
        used.dedup();
        let damaged: Vec<usize> = used
            .into_iter()
            .filter(|&k| opened.segments.get(k).is_none_or(|(_, seg)| !seg.intact()))
            .collect();
        self.uncache(&damaged)
    }

    /// The issues the plan takes from these segments are taken from them no more;
    /// which they are.
    fn uncache(&mut self, segments: &[usize]) -> Vec<IssueIx> {
        let mut out = Vec::new();
        for (k, slot) in self.cached.iter_mut().enumerate() {
            if slot.is_some_and(|s| segments.contains(&s.segment)) {
                *slot = None;
                out.push(IssueIx::new(k));
            }
        }
        out
    }

    /// Segments of `opened` this plan uses nothing of.
    pub fn unused(&self, opened: &Opened) -> Vec<String> {
        let used: Vec<Slot> = self.cached.iter().flatten().copied().collect();
        let mut out = super::unused(&opened.segments, &used);
        out.extend(opened.dropped.iter().cloned());
        out
    }
}

/// What a walk over the archive found: the issue files in reading order, what was
/// skipped, and what the walk's `stat` said of each source (see
/// [`crate::load::Walk::stat`]).
#[derive(Debug, Default)]
pub struct Walked {
    pub sources: Vec<Source>,
    pub skipped: Vec<LoadError>,
    stats: Vec<Option<crate::load::Stat>>,
}

impl Walked {
    /// Takes in one thing the walk found, with the walk's `stat` of it.
    pub fn add(&mut self, found: Found, stat: Option<crate::load::Stat>) {
        match found {
            Found::Source(s) => {
                self.sources.push(s);
                self.stats.push(stat);
            }
            Found::Skipped(e) => self.skipped.push(e),
        }
    }

    /// Once the walk is over: the sources (and their stats) in reading order.
    pub fn done(mut self) -> Walked {
        let mut both: Vec<_> = self.sources.into_iter().zip(self.stats).collect();
        both.sort_by(|a, b| Source::cmp_reading_order(&a.0, &b.0));
        (self.sources, self.stats) = both.into_iter().unzip();
        self
    }
}

/// The parts and lists of the cached issues, each issue showing as its place in the
/// plan (`IssueIx`), ready for a corpus and an index.
pub struct Installed {
    pub parts: Vec<(
        crate::store::part::Shared,
        crate::search::index::SharedLists,
        u32,
    )>,
    /// Per part: (issue, part-local first document) of each issue shown.
    pub firsts: Vec<Vec<(IssueIx, u32)>>,
}

impl std::fmt::Debug for Installed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Installed")
            .field("parts", &self.parts.len())
            .finish()
    }
}

/// The segments' parts with the issues `cached` shows (by position): every other
/// issue in them hidden.
pub fn install(segments: &[(String, Segment)], cached: &[Option<Slot>]) -> Installed {
    let mut maps: Vec<Vec<u32>> = vec![Vec::new(); segments.len()];
    let mut firsts: Vec<Vec<(IssueIx, u32)>> = vec![Vec::new(); segments.len()];
    for (k, slot) in cached.iter().enumerate() {
        let Some(slot) = slot else { continue };
        let Some(listed) = segments
            .get(slot.segment)
            .and_then(|(_, s)| s.listed(slot.issue))
        else {
            continue;
        };
        let map = &mut maps[slot.segment];
        let stored = listed.stored as usize;
        if map.len() <= stored {
            map.resize(stored + 1, u32::MAX);
        }
        map[stored] = u32::try_from(k).unwrap_or(u32::MAX);
        firsts[slot.segment].push((IssueIx::new(k), listed.first_doc));
    }
    let mut parts = Vec::new();
    let mut kept_firsts = Vec::new();
    for (((_, seg), map), first) in segments.iter().zip(maps).zip(firsts) {
        if first.is_empty() {
            continue;
        }
        if let (Some(part), Some(lists)) = (seg.part(map), seg.lists()) {
            parts.push((part, lists, seg.docs()));
            kept_firsts.push(first);
        }
    }
    Installed {
        parts,
        firsts: kept_firsts,
    }
}

impl Installed {
    /// Puts the parts into a corpus and an index (both empty, or holding only what
    /// came before these parts).
    pub fn into_store(self, corpus: &mut Corpus, index: &mut Index) {
        for ((part, lists, docs), firsts) in self.parts.into_iter().zip(self.firsts) {
            corpus.install(part, &firsts);
            index.install(lists, docs);
        }
    }
}

impl Installed {
    /// Puts the parts of segments written this run (see [`Writer::saved`]) in place of
    /// the adopted copies of the same documents in a corpus and an index: read from
    /// the mapped files from now on, the copies' memory given back, every id kept.
    /// A part whose documents are not exactly the ones it would replace is left out.
    pub fn replace_in(self, corpus: &mut Corpus, index: &mut Index) {
        for ((part, lists, docs), firsts) in self.parts.into_iter().zip(self.firsts) {
            let Some(start) = firsts
                .iter()
                .find_map(|&(ix, local)| corpus.first_doc(ix)?.checked_sub(local))
            else {
                continue;
            };
            let range = start..start.saturating_add(docs);
            // The corpus checks the documents are the same ones; only then are the
            // lists, which say nothing of that, put in place too.
            if corpus.replace(range.clone(), part) {
                index.replace(range, lists);
            }
        }
    }
}

/// The record of a parsed issue, for its segment.
pub fn record_of(issue: &Issue) -> Record {
    Record {
        meta: crate::app::IssueMeta::of(issue),
        encoding: issue.encoding.clone(),
        warnings: issue.warnings.iter().map(|w| w.message.clone()).collect(),
        articles: u32::try_from(issue.articles.len()).unwrap_or(u32::MAX),
    }
}

/// `dump`'s output for a parsed issue.
pub fn dump_of(issue: &Issue) -> DumpParts<String> {
    let (before, after) = crate::dump::issue_json(issue);
    DumpParts {
        json_before_source: before,
        json_after_source: after,
        outline_body: crate::dump::outline_body(issue),
    }
}

/// A segment of at most this much text is written at a time: big enough that few
/// files are read at start, small enough that building one never holds much.
const SEGMENT_BYTES: usize = 16 << 20;

/// Collects parsed issues and writes them as segments.
pub struct Writer {
    cache: Cache,
    entries: Vec<Entry>,
    corpus: Corpus,
    index: Index,
    written: Vec<String>,
    /// Why writing failed, if it did (the reader then runs without a cache).
    pub failed: Option<String>,
}

impl Writer {
    pub fn new(cache: Cache) -> Writer {
        Writer {
            cache,
            entries: Vec::new(),
            corpus: Corpus::new(),
            index: Index::new(),
            written: Vec::new(),
            failed: None,
        }
    }

    /// Adds parsed issues with their corpus and index (documents in the same order,
    /// carrying the issues' numbers) to the segment being built.
    pub fn add(&mut self, issues: Vec<(IssueIx, &Issue, FileKey)>, corpus: &Corpus, index: &Index) {
        if self.failed.is_some() {
            return;
        }
        for (ix, issue, key) in issues {
            self.entries.push(Entry {
                stored: ix.0,
                key,
                id: issue.id.clone(),
                date: issue.date.clone(),
                record: record_of(issue),
                dump: dump_of(issue),
            });
        }
        self.corpus.append(corpus);
        self.index.append(index);
        if self.corpus.text_bytes() >= SEGMENT_BYTES {
            self.flush();
        }
    }

    /// Adds parsed issues, building their corpus and index here (the command line's
    /// path: it parsed them without).
    pub fn add_issues(&mut self, issues: &[(IssueIx, &Issue, FileKey)]) {
        let mut corpus = Corpus::new();
        for (ix, issue, _) in issues {
            corpus.add_issue(*ix, issue);
        }
        let index = Index::build(&corpus);
        self.add(
            issues
                .iter()
                .map(|(ix, i, k)| (*ix, *i, k.clone()))
                .collect(),
            &corpus,
            &index,
        );
    }

    /// Writes the segment being built.
    pub fn flush(&mut self) {
        if self.entries.is_empty() || self.failed.is_some() {
            return;
        }
        let Some(part) = self.corpus.owned_part() else {
            return;
        };
        let bytes = super::segment::encode(
            &self.entries,
            part,
            &crate::search::index::segment_lists(std::mem::take(&mut self.index), &self.corpus),
            super::CODE_VERSION,
        );
        // Each segment is put in use as soon as it is written: a reader closed before
        // the whole archive is cached keeps what was done, and the next start parses
        // only the rest.
        let written = self.cache.write_segment(&bytes).and_then(|name| {
            self.cache
                .commit(std::slice::from_ref(&name), &[])
                .map(|()| name)
        });
        match written {
            Ok(name) => self.written.push(name),
            Err(e) => self.failed = Some(e.to_string()),
        }
        self.entries.clear();
        self.corpus = Corpus::new();
    }

    /// How many segments this writer has written.
    pub fn written(&self) -> usize {
        self.written.len()
    }

    /// The `k`th segment written, mapped back as a part and lists to read its issues
    /// from in place of the copies parsed this run (whose issue numbers it holds, so
    /// they are read as they are); `None` when it cannot be read back.
    pub fn saved(&self, k: usize) -> Option<Installed> {
        let name = self.written.get(k)?;
        let seg = self.cache.read_segment(name).ok()?;
        // Each issue shown as the number it was stored with.
        let mut shown: Vec<Option<Slot>> = Vec::new();
        for issue in 0..seg.len() {
            let stored = seg.listed(issue)?.stored as usize;
            if shown.len() <= stored {
                shown.resize(stored + 1, None);
            }
            shown[stored] = Some(Slot { segment: 0, issue });
        }
        let installed = install(&[(name.clone(), seg)], &shown);
        // Checked here, on the writer's thread, not by the first search to read it.
        let whole = !installed.parts.is_empty()
            && installed.parts.iter().all(|(part, _, _)| part.check_all());
        whole.then_some(installed)
    }

    /// Writes what is left and puts the new segments in use, `unused` ones out.
    pub fn finish(mut self, unused: &[String]) -> Result<(), String> {
        self.flush();
        if let Some(e) = self.failed {
            return Err(e);
        }
        if unused.is_empty() {
            return Ok(());
        }
        self.cache.commit(&[], unused).map_err(|e| e.to_string())
    }
}

/// Writes parsed issues into the cache as segments, on every core, then puts them in
/// use and `unused` segments out: what a command does after it has answered.
pub fn store_parsed(
    cache: &Cache,
    issues: &[(IssueIx, &Issue, FileKey)],
    unused: &[String],
) -> Result<(), String> {
    if issues.is_empty() && unused.is_empty() {
        return Ok(());
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Chunks of about a segment's worth of text, shared out over the threads.
    let bytes: usize = issues
        .iter()
        .map(|(_, i, _)| {
            i.articles
                .iter()
                .flat_map(|a| &a.paragraphs)
                .map(|p| p.text.len())
                .sum::<usize>()
        })
        .sum();
    let chunks = bytes
        .div_ceil(SEGMENT_BYTES)
        .max(threads)
        .min(issues.len().max(1));
    let per_chunk = issues.len().div_ceil(chunks).max(1);
    let results: Vec<Result<Vec<String>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = issues
            .chunks(per_chunk)
            .map(|chunk| {
                scope.spawn(move || {
                    let mut writer = Writer::new(cache.clone());
                    writer.add_issues(chunk);
                    writer.flush();
                    match writer.failed {
                        Some(e) => Err(e),
                        None => Ok(writer.written),
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("cache writer failed".into()))
            })
            .collect()
    });
    let mut written = Vec::new();
    for r in results {
        written.extend(r?);
    }
    cache.commit(&written, unused).map_err(|e| e.to_string())
}

/// Issues parsed at a time by [`build`]: about a full segment's text per core, so
/// the segments it writes are as large as the reader's writer makes them, and few
/// enough that the parsed model (several times its text) never holds much of the
/// archive. Each query looks a term up in every segment's lists: 400 issues at a time
/// (two segments of 3.6 MB each at 10,000 issues) made `cache build` write five times
/// the segments the reader writes, and a pinyin keystroke took half as long again.
fn build_chunks(todo: &[(IssueIx, Source)], keys: &[Option<FileKey>]) -> Vec<usize> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let want = SEGMENT_BYTES.saturating_mul(threads) as u64;
    let mut ends = Vec::new();
    let mut bytes = 0u64;
    for (k, (ix, _)) in todo.iter().enumerate() {
        // A file's size stands for its text (what the segments are sized by).
        bytes += keys
            .get(ix.get())
            .and_then(|key| key.as_ref())
            .map_or(0, |key| key.size);
        if bytes >= want {
            ends.push(k + 1);
            bytes = 0;
        }
    }
    if ends.last() != Some(&todo.len()) && !todo.is_empty() {
        ends.push(todo.len());
    }
    ends
}

/// What [`build`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Built {
    pub issues: usize,
    /// Of them, parsed now (the rest were cached already).
    pub parsed: usize,
    /// Of those, files that failed to parse (not cached; a start reports them).
    pub failed: usize,
}

/// Brings the cache of the archive at `paths` up to date: parses what it lacks, a
/// chunk at a time on every core, writes each chunk as segments, and drops segments
/// nothing uses any more. What the background builder and `zzread cache build` run.
pub fn build(paths: &[PathBuf], cache: &Cache) -> Result<Built, String> {
    let opened = cache.open();
    let mut plan = Plan::make(paths, &opened);
    plan.uncache_damaged(&opened);
    let todo = plan.to_parse();
    let words = (!todo.is_empty()).then(crate::words::jieba);
    let mut built = Built {
        issues: plan.sources.len(),
        parsed: todo.len(),
        failed: 0,
    };
    let mut start = 0;
    for end in build_chunks(&todo, &plan.keys) {
        let chunk = &todo[start..end];
        start = end;
        let sources: Vec<Source> = chunk.iter().map(|(_, s)| s.clone()).collect();
        let results = crate::archive::load_all(&sources, words);
        let parsed: Vec<(IssueIx, &Issue, FileKey)> = chunk
            .iter()
            .zip(&results)
            .filter_map(|((ix, _), r)| {
                let issue = r.as_ref().ok()?;
                Some((*ix, issue, plan.keys.get(ix.get())?.clone()?))
            })
            .collect();
        built.failed += results.len() - parsed.len();
        store_parsed(cache, &parsed, &[])?;
    }
    store_parsed(cache, &[], &plan.unused(&opened))?;
    Ok(built)
}

/// One issue of an archive loaded for a command: parsed now, or read from the cache.
pub enum Loaded<'a> {
    Parsed(&'a Issue),
    Cached { segment: &'a Segment, issue: usize },
}

impl<'a> Loaded<'a> {
    /// The issue's record: its outline, encoding and warnings.
    pub fn record(&self) -> Option<Record> {
        match self {
            Loaded::Parsed(issue) => Some(record_of(issue)),
            Loaded::Cached { segment, issue } => segment.record(*issue),
        }
    }

    /// The issue's decoder warnings (read only when there are some).
    pub fn warnings(&self) -> Vec<String> {
        match self {
            Loaded::Parsed(issue) => issue.warnings.iter().map(|w| w.message.clone()).collect(),
            Loaded::Cached { segment, issue } => {
                if segment.listed(*issue).is_some_and(|l| l.warnings > 0) {
                    segment
                        .record(*issue)
                        .map(|r| r.warnings)
                        .unwrap_or_default()
                } else {
                    Vec::new()
                }
            }
        }
    }

    /// The issue's `dump` output: made now, or as it lies in the cache.
    pub fn dump(&self) -> Option<DumpParts<std::borrow::Cow<'a, [u8]>>> {
        use std::borrow::Cow;
        match self {
            Loaded::Parsed(issue) => {
                let d = dump_of(issue);
                Some(DumpParts {
                    json_before_source: Cow::Owned(d.json_before_source.into_bytes()),
                    json_after_source: Cow::Owned(d.json_after_source.into_bytes()),
                    outline_body: Cow::Owned(d.outline_body.into_bytes()),
                })
            }
            Loaded::Cached { segment, issue } => segment.dump(*issue).map(|d| DumpParts {
                json_before_source: Cow::Borrowed(d.json_before_source),
                json_after_source: Cow::Borrowed(d.json_after_source),
                outline_body: Cow::Borrowed(d.outline_body),
            }),
        }
    }

    /// Encoding and article count, for the outline's first line.
    pub fn head(&self) -> Option<(String, usize)> {
        match self {
            Loaded::Parsed(issue) => Some((issue.encoding.clone(), issue.articles.len())),
            Loaded::Cached { segment, issue } => segment
                .record(*issue)
                .map(|r| (r.encoding, r.articles as usize)),
        }
    }
}

/// An archive as a command sees it: what the cache holds used as it is, the rest
/// parsed now (on every core), ready to be cached afterwards.
pub struct ForCommand {
    pub plan: Plan,
    pub opened: Opened,
    pub cache: Option<Cache>,
    /// Per plan position, the outcome of parsing it now (`None`: it was cached).
    pub parsed: Vec<Option<Result<Issue, LoadError>>>,
    /// Plan positions whose jump links were made across files by
    /// [`ForCommand::link_across_files`]: cached as their file alone links them.
    relinked: Vec<usize>,
}

impl ForCommand {
    /// Walks `paths`, reads the cache (unless `cache` is `None`), parses what it lacks
    /// (asking `words` for the dictionary only then).
    pub fn load(
        paths: &[PathBuf],
        cache: Option<Cache>,
        words: impl FnOnce() -> Option<&'static jieba_rs::Jieba>,
    ) -> ForCommand {
        // Opening the cache (mapping and checking its tables) and walking the archive
        // (a stat per file) are independent: on two cores, together.
        let (opened, walked) = std::thread::scope(|scope| {
            let opening = scope.spawn(|| cache.as_ref().map(Cache::open).unwrap_or_default());
            let walked = Plan::walk(paths);
            (opening.join().unwrap_or_default(), walked)
        });
        let plan = Plan::of(walked, &opened);
        let todo = plan.to_parse();
        let sources: Vec<Source> = todo.iter().map(|(_, s)| s.clone()).collect();
        let words = if sources.is_empty() { None } else { words() };
        let results = crate::archive::load_all(&sources, words);
        let mut parsed: Vec<Option<Result<Issue, LoadError>>> = Vec::new();
        parsed.resize_with(plan.sources.len(), || None);
        for ((ix, _), result) in todo.into_iter().zip(results) {
            parsed[ix.get()] = Some(result);
        }
        ForCommand {
            plan,
            opened,
            cache,
            parsed,
            relinked: Vec::new(),
        }
    }

    /// Links the halves of jumped articles across the files of a date, as
    /// `archive::load_archive` does: an issue (parsed, or cached) holds only the links
    /// within its own file, which is all the cache can know of it. Only dates with
    /// several files are looked at (records read for them, and for files without a
    /// date in their name); an issue whose links change is taken as parsed (a cached
    /// one is parsed again now), so that its output carries them.
    pub fn link_across_files(&mut self, words: impl FnOnce() -> Option<&'static jieba_rs::Jieba>) {
        use crate::archive::{JumpHalf, jump_group, pair_jumps};
        use crate::model::Page;
        /// What pairing needs of an article, owned.
        struct Half {
            k: usize,
            n: usize,
            id: String,
            from: Option<String>,
            to: Option<String>,
            page: Option<String>,
            headless: bool,
            title: String,
            linked: (Option<String>, Option<String>),
        }
        let loaded: Vec<(usize, Option<Record>)> = {
            let mut out = Vec::new();
            for (ix, source, l) in self.issues() {
                let record = match (&l, source.date.is_some()) {
                    (Loaded::Cached { .. }, false) => l.record(),
                    _ => None,
                };
                out.push((ix.get(), record));
            }
            out
        };
        let page_date = |pages: &[Page]| pages.iter().find_map(|p| p.date.clone());
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (k, record) in &loaded {
            let source = &self.plan.sources[*k];
            let date = source.date.clone().or_else(|| match &self.parsed[*k] {
                Some(Ok(issue)) => issue.printed_date().map(str::to_owned),
                _ => record.as_ref().and_then(|r| page_date(&r.meta.pages)),
            });
            groups
                .entry(jump_group(date.as_deref(), &source.id))
                .or_default()
                .push(*k);
        }
        // Per issue whose links change: (article, 上接 id, 下转 id) of each half.
        type Relinks = Vec<(usize, Option<String>, Option<String>)>;
        let mut reparse: Vec<(usize, Relinks)> = Vec::new();
        for members in groups.values().filter(|m| m.len() > 1) {
            let mut halves: Vec<Half> = Vec::new();
            for &k in members {
                let add = |halves: &mut Vec<Half>,
                           n: usize,
                           id: &str,
                           page: Option<&Page>,
                           from: &Option<String>,
                           to: &Option<String>,
                           headless: bool,
                           title: &str,
                           linked: (Option<String>, Option<String>)| {
                    if from.is_some() || to.is_some() {
                        halves.push(Half {
                            k,
                            n,
                            id: id.to_owned(),
                            from: from.clone(),
                            to: to.clone(),
                            page: page.and_then(|p| p.number.clone()),
                            headless,
                            title: title.to_owned(),
                            linked,
                        });
                    }
                };
                if let Some(Ok(issue)) = &self.parsed[k] {
                    for (n, a) in issue.articles.iter().enumerate() {
                        let linked = (
                            a.continued_from_article.clone(),
                            a.continued_to_article.clone(),
                        );
                        add(
                            &mut halves,
                            n,
                            &a.id,
                            issue.page_of(a),
                            &a.continued_from,
                            &a.continued_to,
                            a.headless,
                            &a.title,
                            linked,
                        );
                    }
                } else if let Some(slot) = self.plan.cached[k]
                    && let Some((_, seg)) = self.opened.segments.get(slot.segment)
                    && let Some(record) = seg.record(slot.issue)
                {
                    let meta = &record.meta;
                    for (n, a) in meta.articles.iter().enumerate() {
                        let linked = (
                            a.continued_from_article.clone(),
                            a.continued_to_article.clone(),
                        );
                        add(
                            &mut halves,
                            n,
                            &a.id,
                            meta.page_of(a),
                            &a.continued_from,
                            &a.continued_to,
                            a.headless,
                            &a.title,
                            linked,
                        );
                    }
                }
            }
            let facts: Vec<JumpHalf<'_>> = halves
                .iter()
                .map(|h| JumpHalf {
                    continued_from: h.from.as_deref(),
                    continued_to: h.to.as_deref(),
                    page_number: h.page.as_deref(),
                    headless: h.headless,
                    title: &h.title,
                })
                .collect();
            let mut want: Vec<(Option<String>, Option<String>)> = vec![(None, None); halves.len()];
            for (f, s) in pair_jumps(&facts) {
                want[f].1 = Some(halves[s].id.clone());
                want[s].0 = Some(halves[f].id.clone());
            }
            for &k in members {
                let changed: Relinks = halves
                    .iter()
                    .zip(&want)
                    .filter(|(h, _)| h.k == k)
                    .map(|(h, w)| (h.n, w.0.clone(), w.1.clone()))
                    .collect();
                let differs = halves
                    .iter()
                    .zip(&want)
                    .any(|(h, w)| h.k == k && h.linked != *w);
                if differs {
                    reparse.push((k, changed));
                }
            }
        }
        if reparse.is_empty() {
            return;
        }
        let todo: Vec<usize> = reparse
            .iter()
            .map(|(k, _)| *k)
            .filter(|&k| !matches!(self.parsed[k], Some(Ok(_))))
            .collect();
        if !todo.is_empty() {
            let sources: Vec<Source> = todo.iter().map(|&k| self.plan.sources[k].clone()).collect();
            let results = crate::archive::load_all(&sources, words());
            for (k, result) in todo.into_iter().zip(results) {
                self.parsed[k] = Some(result);
            }
        }
        for (k, links) in reparse {
            if let Some(Ok(issue)) = &mut self.parsed[k] {
                for (n, from, to) in links {
                    if let Some(a) = issue.articles.get_mut(n) {
                        a.continued_from_article = from;
                        a.continued_to_article = to;
                    }
                }
                self.relinked.push(k);
            }
        }
    }

    /// After answering from the cache: when anything read failed its checksum, the
    /// issues of the damaged segments are parsed now (the answer must be given again)
    /// and true is returned. A damaged segment then goes unused, and is dropped when
    /// the cache is next written.
    pub fn reparse_damaged(
        &mut self,
        words: impl FnOnce() -> Option<&'static jieba_rs::Jieba>,
    ) -> bool {
        let damaged: Vec<usize> = (0..self.opened.segments.len())
            .filter(|&k| self.opened.segments[k].1.damaged())
            .collect();
        if damaged.is_empty() {
            return false;
        }
        let todo = self.plan.uncache(&damaged);
        let sources: Vec<Source> = todo
            .iter()
            .map(|ix| self.plan.sources[ix.get()].clone())
            .collect();
        let results = crate::archive::load_all(&sources, words());
        for (ix, result) in todo.into_iter().zip(results) {
            self.parsed[ix.get()] = Some(result);
        }
        true
    }

    /// What could not be read: skipped paths and failed parses.
    pub fn errors(&self) -> Vec<LoadError> {
        let mut out = self.plan.skipped.clone();
        out.extend(
            self.parsed
                .iter()
                .flatten()
                .filter_map(|r| r.as_ref().err().cloned()),
        );
        out
    }

    /// The issues that loaded, in reading order, with their plan positions.
    pub fn issues(&self) -> impl Iterator<Item = (IssueIx, &Source, Loaded<'_>)> + '_ {
        self.plan
            .sources
            .iter()
            .enumerate()
            .filter_map(|(k, source)| {
                let loaded = match (&self.parsed[k], self.plan.cached[k]) {
                    (Some(Ok(issue)), _) => Loaded::Parsed(issue),
                    (None, Some(slot)) => Loaded::Cached {
                        segment: &self.opened.segments.get(slot.segment)?.1,
                        issue: slot.issue,
                    },
                    _ => return None,
                };
                Some((IssueIx::new(k), source, loaded))
            })
    }

    /// The archive's text and index: cached parts as they are, parsed issues added
    /// (scanned, not indexed: one query would not pay back building their lists).
    pub fn searchable(&self) -> crate::search::Searchable {
        let mut corpus = Corpus::new();
        let mut index = Index::scan_only();
        install(&self.opened.segments, &self.plan.cached).into_store(&mut corpus, &mut index);
        for (k, r) in self.parsed.iter().enumerate() {
            // An issue parsed again only for its links is in the cached part already.
            if let Some(Ok(issue)) = r
                && self.plan.cached[k].is_none()
            {
                corpus.add_issue(IssueIx::new(k), issue);
            }
        }
        index.add_docs(&corpus);
        let dates: Vec<Option<&str>> = self
            .plan
            .sources
            .iter()
            .map(|s| s.date.as_deref())
            .collect();
        crate::search::Searchable {
            corpus,
            index,
            newness: crate::search::newness(dates),
        }
    }

    /// Writes what was parsed now into the cache (after the command has answered).
    pub fn store(&self) -> Result<(), String> {
        let Some(cache) = &self.cache else {
            return Ok(());
        };
        // Linked across files: cached as its own file links it (the links depend on
        // what else is loaded, and are made again at every load).
        let alone: Vec<(usize, Issue)> = self
            .relinked
            .iter()
            .filter(|&&k| self.plan.cached[k].is_none())
            .filter_map(|&k| {
                let mut issue = self.parsed[k].as_ref()?.as_ref().ok()?.clone();
                crate::archive::link_jumps(std::slice::from_mut(&mut issue));
                Some((k, issue))
            })
            .collect();
        let fresh: Vec<(IssueIx, &Issue, FileKey)> = self
            .parsed
            .iter()
            .enumerate()
            .filter(|(k, _)| self.plan.cached[*k].is_none())
            .filter_map(|(k, r)| {
                let issue = match alone.iter().find(|(j, _)| *j == k) {
                    Some((_, issue)) => issue,
                    None => r.as_ref()?.as_ref().ok()?,
                };
                let key = self.plan.keys[k].clone()?;
                Some((IssueIx::new(k), issue, key))
            })
            .collect();
        store_parsed(cache, &fresh, &self.plan.unused(&self.opened))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks cover every issue once, in order, each about a segment's text per core
    /// (a file whose size is not known counts as empty).
    #[test]
    fn build_chunks_hold_about_a_segment_per_core() {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        let want = SEGMENT_BYTES as u64 * threads;
        let sizes = [want / 2, want / 2, 1, want, 0, 3, want / 3];
        let todo: Vec<(IssueIx, Source)> = sizes
            .iter()
            .enumerate()
            .map(|(k, _)| (IssueIx::new(k), Source::file(format!("/a/{k}.txt").into())))
            .collect();
        let mut keys: Vec<Option<FileKey>> = sizes
            .iter()
            .enumerate()
            .map(|(k, &size)| {
                Some(FileKey {
                    path: format!("/a/{k}.txt"),
                    size,
                    mtime: 0,
                })
            })
            .collect();
        keys[4] = None;
        assert_eq!(build_chunks(&todo, &keys), [2, 4, 7]);
        assert_eq!(build_chunks(&[], &keys), Vec::<usize>::new());
    }

    /// The walk's own `stat` of a plain file gives the key a second look would: the
    /// same canonical path, size and time (a link is looked at through the link).
    #[test]
    fn keys_from_the_walks_stat_are_the_keys_of_a_fresh_look() {
        let (dir, elsewhere) = (tempfile::tempdir(), tempfile::tempdir());
        let (dir, elsewhere) = (dir.expect("tempdir"), elsewhere.expect("tempdir"));
        for folder in [&dir, &elsewhere] {
            let text = "株洲日报\n标题\n正文。\n";
            std::fs::write(folder.path().join("2023-01-01.txt"), text).expect("write");
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            elsewhere.path().join("2023-01-01.txt"),
            dir.path().join("2023-01-02.txt"),
        )
        .expect("link");
        let walked = Plan::walk(&[dir.path().to_path_buf()]);
        assert!(walked.stats[0].is_some(), "a plain file's stat is kept");
        let mut keys = Keys::default();
        for (source, stat) in walked.sources.iter().zip(&walked.stats) {
            let fresh = Keys::default().of(source, None);
            assert!(fresh.is_some());
            assert_eq!(keys.of(source, *stat), fresh, "{source:?}");
        }
        #[cfg(unix)]
        assert_eq!(
            walked.stats[1], None,
            "a link is looked at through the link"
        );
    }

    /// Batches adopted as they were parsed give way to the segment the writer saved
    /// them in: the same text under the same ids, the same results (a long term's now
    /// placed by the segment's positions), no parsed copy left. A segment that does
    /// not match what it would replace changes nothing.
    #[test]
    fn a_saved_segment_takes_the_place_of_the_batches_it_holds() {
        let archive = crate::archive::load_archive(&[], None);
        let root = tempfile::tempdir().expect("tempdir");
        let mut writer = Writer::new(Cache::for_archive(root.path(), &[]));
        let (mut corpus, mut index) = (Corpus::new(), Index::new());
        for (k, issue) in archive.issues.iter().enumerate() {
            let ix = IssueIx::new(k);
            let mut batch = Corpus::new();
            batch.add_issue(ix, issue);
            let lists = Index::build(&batch);
            corpus.adopt(&batch);
            index.adopt(&lists);
            let key = FileKey {
                path: format!("bundled:{k}"),
                size: 1,
                mtime: 1,
            };
            writer.add(vec![(ix, issue, key)], &batch, &lists);
        }
        writer.flush();
        assert_eq!(writer.written(), 1);
        let newness = crate::search::newness(archive.issues.iter().map(|i| i.date.as_deref()));
        let results = |corpus: &Corpus, index: &Index| -> Vec<Vec<(u32, u32, bool, bool)>> {
            let hay = crate::search::Haystack {
                corpus,
                index,
                newness: &newness,
            };
            ["医保", "株洲市", "全媒体记者", "株洲 记者"]
                .iter()
                .map(|q| {
                    crate::search::search(&hay, q, None)
                        .results
                        .iter()
                        .map(|r| (r.doc.0, r.hits, r.title_hit, r.byline_only))
                        .collect()
                })
                .collect()
        };
        let (text, found) = (corpus.clone(), results(&corpus, &index));
        assert!(found.iter().all(|r| !r.is_empty()));
        writer
            .saved(0)
            .expect("read back")
            .replace_in(&mut corpus, &mut index);
        assert!(corpus.owned_part().is_none(), "no parsed copy left");
        assert!(
            index.spots("株洲市").is_some(),
            "the saved lists are in use"
        );
        assert_eq!(corpus, text);
        assert_eq!(results(&corpus, &index), found);
        // Put in place once: again, it no longer matches adopted parts.
        let (before, lists) = (corpus.clone(), index.clone());
        writer
            .saved(0)
            .expect("read back")
            .replace_in(&mut corpus, &mut index);
        assert_eq!(corpus, before);
        assert_eq!(results(&corpus, &index), results(&before, &lists));
    }
}
