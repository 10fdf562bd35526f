//! The on-disk cache: what comes back from it is what parsing gives (search results
//! cross-checked against a brute-force scan, `dump` byte for byte), a changed, added
//! or removed file is noticed and only it parsed again, a damaged cache is rebuilt
//! without a wrong answer, writers and readers can run at once, and a cache that
//! cannot be written leaves the commands working.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use zzread::app::{App, Order, Settings};
use zzread::cache::Cache;
use zzread::cache::warm::ForCommand;
use zzread::search::query::find_first;
use zzread::search::{Query, find, search};

/// A small synthetic archive in a temporary folder.
fn archive(issues: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds: Vec<String> = zzread::load::bundled()
        .iter()
        .filter_map(|s| s.read().ok())
        .map(|d| d.text)
        .collect();
    for k in 0..issues {
        let text = zzread::synth::issue_text_from(&seeds, k);
        std::fs::write(dir.path().join(zzread::synth::issue_name(k)), text).expect("write");
    }
    dir
}

fn load(paths: &[PathBuf], cache: Option<Cache>) -> ForCommand {
    ForCommand::load(paths, cache, || Some(zzread::words::jieba()))
}

/// (issue id, article, hits) of every result, by scanning the searchable's documents.
fn brute_force(archive: &ForCommand, query: &str) -> BTreeMap<(String, usize), usize> {
    let s = archive.searchable();
    // Phrases and terms as the query language reads them (no pinyin among QUERIES).
    let terms: Vec<String> = Query::parse(query)
        .terms
        .into_iter()
        .map(|t| t.text)
        .collect();
    let mut out = BTreeMap::new();
    for doc in s.corpus.docs() {
        let text = doc.text_str();
        let counts: Vec<usize> = terms
            .iter()
            .map(|t| text.matches(t.as_str()).count())
            .collect();
        if !terms.is_empty() && counts.iter().all(|&c| c > 0) {
            let id = archive.plan.sources[doc.at.issue.get()].id.clone();
            out.insert((id, doc.at.n()), counts.iter().sum());
        }
    }
    out
}

fn searched(archive: &ForCommand, query: &str) -> BTreeMap<(String, usize), usize> {
    let s = archive.searchable();
    search(&s.hay(), query, None)
        .results
        .iter()
        .map(|r| {
            let id = archive.plan.sources[r.at.issue.get()].id.clone();
            ((id, r.at.n()), r.hits as usize)
        })
        .collect()
}

/// Asked for only its first `n` results in order, a query answers as it does asked
/// for all of them: the same count and hits, the same first results, and the same
/// order once the rest are put in order (a frequent term's first results come from
/// its headline hits, the others counted from the cache's totals).
fn first_results_agree(archive: &ForCommand, q: &str) {
    let s = archive.searchable();
    let query = Query::parse(q);
    let full = find(&s.hay(), &query, None);
    for n in [1, 5, 40] {
        let mut first = find_first(&s.hay(), &query, None, n);
        let counted = (first.len(), first.total_hits());
        assert_eq!(counted, (full.len(), full.total_hits()), "{q}: first {n}");
        assert_eq!(
            first.results[..],
            full.results[..first.ranked()],
            "{q}: first {n}"
        );
        first.rank_through(usize::MAX, &s.hay());
        assert_eq!(first.results, full.results, "{q}: all, after the first {n}");
    }
}

/// Terms in most articles, of one, two and three chars.
const FREQUENT: [&str; 5] = ["株", "株洲", "株洲市", "日报", "的"];

const QUERIES: [&str; 10] = [
    "医保",
    "株洲",
    "产业项",
    // Three chars and more: the cache places them by its pairs' positions.
    "株洲日报",
    "全媒体记者",
    "的",
    "\"ＳＹＢ\"",
    "记者 刘琼",
    "2050户",
    "不存在的词",
];

/// Queries of the query language, compared cold against warm.
const LANGUAGE: [&str; 15] = [
    "yibao",
    "株洲市",
    "全媒体记者",
    "株洲市 医保",
    "zz 医保",
    // One letter a char: from the cache's initials lists, read when parsed.
    "zz",
    "zzr",
    // Longer than a pair: placed from the cache's positions, read when parsed.
    "zzrb",
    "zhuzhous",
    "zgy",
    "\"株洲市\"",
    "栏目:献策",
    "记者:刘琼",
    "株洲 2000-01-03..2000-01-20",
    "..2000-01-10",
];

#[test]
fn results_from_the_cache_are_the_results_of_parsing_and_of_a_scan() {
    let dir = archive(40);
    let paths = vec![dir.path().to_path_buf()];
    let root = tempfile::tempdir().expect("tempdir");
    let cache = Cache::for_archive(root.path(), &paths);

    let fresh = load(&paths, None);
    let cold = load(&paths, Some(cache.clone()));
    assert_eq!(
        cold.plan.cached.iter().flatten().count(),
        0,
        "nothing cached yet"
    );
    cold.store().expect("cache written");
    let warm = load(&paths, Some(cache.clone()));
    assert_eq!(
        warm.plan.cached.iter().flatten().count(),
        40,
        "every issue from the cache"
    );
    assert!(warm.parsed.iter().all(Option::is_none), "nothing parsed");
    for q in QUERIES {
        let want = brute_force(&fresh, q);
        assert_eq!(searched(&fresh, q), want, "parsed: {q}");
        assert_eq!(searched(&warm, q), want, "cached: {q}");
        assert_eq!(brute_force(&warm, q), want, "the cached text itself: {q}");
    }
    for q in QUERIES.iter().chain(&FREQUENT) {
        first_results_agree(&fresh, q);
        first_results_agree(&warm, q);
    }
    // The query language (pinyin, phrases, filters, orders): the cache answers in the
    // same order with the same counts as parsing.
    for q in LANGUAGE {
        type Ranked = (String, usize, usize, [bool; 3]);
        let order = |archive: &ForCommand| -> Vec<Ranked> {
            let s = archive.searchable();
            search(&s.hay(), q, None)
                .results
                .iter()
                .map(|r| {
                    let id = archive.plan.sources[r.at.issue.get()].id.clone();
                    let how = [r.pinyin, r.title_hit, r.byline_only];
                    (id, r.at.n(), r.hits as usize, how)
                })
                .collect()
        };
        let want = order(&fresh);
        assert!(!want.is_empty(), "{q} finds something");
        assert_eq!(order(&warm), want, "cached: {q}");
    }
    // Every article's text comes back as printed.
    let (a, mut b) = (fresh.searchable(), warm.searchable());
    assert_eq!(a.corpus, b.corpus);
    // A cached issue retired (found damaged) leaves dead articles in its segment:
    // the segment says so from then on, though it was asked before.
    let all = 0..u32::try_from(b.corpus.len()).expect("few");
    assert!(
        !b.corpus.retired_in(all.clone()),
        "every cached issue shown"
    );
    b.corpus.retire_cached(zzread::ids::IssueIx::new(0));
    assert!(
        b.corpus.retired_in(all),
        "a retired issue's articles are dead"
    );
}

fn zzread(cache: &Path, args: &[&str]) -> Output {
    common::zzread()
        .env("XDG_CACHE_HOME", cache)
        .args(args)
        .output()
        .expect("zzread runs")
}

/// Waits for the cache builder a command started in the background (a foreground
/// `cache build` waits for one under way), and says how many issues are cached.
fn settled(cache: &Path, paths: &[&str]) -> String {
    let built = zzread(cache, &[&["cache", "build"], paths].concat());
    assert!(built.status.success(), "{built:?}");
    let info = zzread(cache, &[&["cache", "info"], paths].concat());
    String::from_utf8_lossy(&info.stdout).into_owned()
}

#[test]
fn dump_and_search_from_the_cache_print_exactly_what_parsing_prints() {
    let dir = archive(12);
    let path = dir.path().to_str().expect("utf-8");
    let cache = tempfile::tempdir().expect("tempdir");
    for args in [
        &["dump", path][..],
        &["dump", "--format", "text", path],
        &["search", "医保", path, "--format", "json"],
        &["search", "株洲 记者", path],
    ] {
        let fresh = zzread(cache.path(), &[&["--no-cache"], args].concat());
        let cold = zzread(cache.path(), args);
        assert!(settled(cache.path(), &[path]).contains("12 cached as they are"));
        let warm = zzread(cache.path(), args);
        assert!(fresh.status.success(), "{args:?}: {fresh:?}");
        assert_eq!(cold.stdout, fresh.stdout, "{args:?} cold");
        assert_eq!(warm.stdout, fresh.stdout, "{args:?} warm");
        assert_eq!(warm.stderr, fresh.stderr, "{args:?} warm stderr");
    }
    // The same archive named another way (relative, with ./): the source fields follow
    // the command line, not the cache.
    let parent = dir.path().parent().expect("parent");
    let name = format!(
        "./{}",
        dir.path().file_name().expect("name").to_string_lossy()
    );
    let run = |extra: &[&str]| {
        common::zzread()
            .env("XDG_CACHE_HOME", cache.path())
            .current_dir(parent)
            .args(extra)
            .args(["dump", &name])
            .output()
            .expect("runs")
    };
    assert_eq!(run(&[]).stdout, run(&["--no-cache"]).stdout);
}

#[test]
fn a_changed_added_or_removed_file_is_noticed_and_only_it_parsed_again() {
    let dir = archive(6);
    let paths = vec![dir.path().to_path_buf()];
    let root = tempfile::tempdir().expect("tempdir");
    let cache = Cache::for_archive(root.path(), &paths);
    load(&paths, Some(cache.clone())).store().expect("stored");

    let files: Vec<PathBuf> = {
        let mut f: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("entry").path())
            .collect();
        f.sort();
        f
    };
    // Changed (same size, new mtime), changed (new size), removed, added.
    let same_size = std::fs::read_to_string(&files[0]).expect("read");
    let swapped = same_size.replacen("株洲", "洲株", 1);
    assert_eq!(swapped.len(), same_size.len());
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&files[0], &swapped).expect("write");
    std::fs::write(&files[1], format!("{same_size}\n补充一段。\n")).expect("write");
    std::fs::remove_file(&files[2]).expect("rm");
    std::fs::write(dir.path().join("2030-01-01.txt"), &same_size).expect("add");

    let again = load(&paths, Some(cache.clone()));
    let parsed: Vec<String> = again
        .plan
        .sources
        .iter()
        .zip(&again.parsed)
        .filter(|(_, p)| p.is_some())
        .map(|(s, _)| s.id.clone())
        .collect();
    let stem = |p: &PathBuf| p.file_stem().expect("stem").to_string_lossy().into_owned();
    assert_eq!(
        parsed,
        vec![stem(&files[0]), stem(&files[1]), "2030-01-01".into()]
    );
    assert_eq!(
        again.plan.sources.len(),
        6,
        "5 - 1 + 1 … plus the added one"
    );
    assert!(
        !again.plan.sources.iter().any(|s| s.id == stem(&files[2])),
        "the removed file dropped out"
    );
    // And the answers are the fresh ones (the swapped word is found where it now is).
    let fresh = load(&paths, None);
    for q in ["洲株", "株洲", "补充一段"] {
        assert_eq!(searched(&again, q), brute_force(&fresh, q), "{q}");
    }
    again.store().expect("stored");
    let third = load(&paths, Some(cache.clone()));
    assert!(third.parsed.iter().all(Option::is_none), "all cached again");
    // One more removed: its articles stay in their segment until the cache is stored
    // again. Counted by the segment's totals, they would be results.
    std::fs::remove_file(&files[3]).expect("rm");
    let fourth = load(&paths, Some(cache));
    assert!(
        fourth.parsed.iter().all(Option::is_none),
        "nothing to parse"
    );
    let fresh = load(&paths, None);
    for q in FREQUENT {
        assert_eq!(searched(&fourth, q), brute_force(&fresh, q), "{q}");
        first_results_agree(&fourth, q);
    }
}

#[test]
fn a_damaged_cache_is_rebuilt_never_believed() {
    let dir = archive(8);
    let path = dir.path().to_str().expect("utf-8");
    let cache = tempfile::tempdir().expect("tempdir");
    let want = zzread(
        cache.path(),
        &["--no-cache", "search", "医保", path, "--format", "json"],
    );
    zzread(cache.path(), &["dump", path]);
    settled(cache.path(), &[path]);
    // Damage every segment: flip bytes through the body, then cut one short.
    let segments: Vec<PathBuf> = walk_files(cache.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "zzs"))
        .collect();
    assert!(!segments.is_empty());
    for (k, seg) in segments.iter().enumerate() {
        let mut bytes = std::fs::read(seg).expect("read");
        if k == 0 {
            bytes.truncate(bytes.len() / 2);
        } else {
            let len = bytes.len();
            for at in (100..len).step_by(997) {
                bytes[at] ^= 0x5a;
            }
        }
        std::fs::write(seg, bytes).expect("write");
    }
    let got = zzread(cache.path(), &["search", "医保", path, "--format", "json"]);
    assert!(got.status.success(), "{got:?}");
    assert_eq!(got.stdout, want.stdout, "the answer is the fresh one");
    // Once the builder the command started is done, the cache is good again.
    let info = settled(cache.path(), &[path]);
    assert!(info.contains("8 cached as they are, 0 to parse"), "{info}");
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn writers_and_readers_at_once_all_answer_right_and_leave_a_good_cache() {
    let dir = archive(30);
    let path = dir.path().to_str().expect("utf-8").to_owned();
    let cache = tempfile::tempdir().expect("tempdir");
    let want = zzread(cache.path(), &["--no-cache", "dump", &path]).stdout;
    let handles: Vec<_> = (0..4)
        .map(|k| {
            let (path, cache) = (path.clone(), cache.path().to_path_buf());
            std::thread::spawn(move || {
                let args: Vec<&str> = if k % 2 == 0 {
                    vec!["dump", &path]
                } else {
                    vec!["search", "医保", &path]
                };
                zzread(&cache, &args)
            })
        })
        .collect();
    for (k, h) in handles.into_iter().enumerate() {
        let out = h.join().expect("thread");
        assert!(out.status.success(), "{out:?}");
        if k % 2 == 0 {
            assert_eq!(out.stdout, want, "dump {k}");
        }
    }
    assert_eq!(zzread(cache.path(), &["dump", &path]).stdout, want);
    let info = settled(cache.path(), &[&path]);
    assert!(info.contains("30 cached as they are, 0 to parse"), "{info}");
}

#[test]
fn a_cache_that_cannot_be_written_leaves_the_commands_working_and_says_so_once() {
    let blocker = tempfile::NamedTempFile::new().expect("a file where the folder would be");
    let out = zzread(blocker.path(), &["search", "医保"]);
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("cache not written").count(), 1, "{stderr}");
    let fresh = zzread(blocker.path(), &["--no-cache", "search", "医保"]);
    assert_eq!(out.stdout, fresh.stdout);
    assert!(
        fresh.stderr.is_empty(),
        "--no-cache writes nothing, says nothing"
    );
}

#[test]
fn cache_info_and_clear() {
    let cache = tempfile::tempdir().expect("tempdir");
    let info =
        |args: &[&str]| String::from_utf8_lossy(&zzread(cache.path(), args).stdout).into_owned();
    assert!(info(&["cache", "info"]).contains("0 cached as they are, 5 to parse"));
    zzread(cache.path(), &["dump"]);
    settled(cache.path(), &[]);
    let shown = info(&["cache", "info"]);
    assert!(
        shown.contains("5 cached as they are, 0 to parse"),
        "{shown}"
    );
    assert!(shown.contains("MB in"), "{shown}");
    assert!(info(&["cache", "clear"]).starts_with("removed "));
    assert!(info(&["cache", "info"]).contains("0 cached as they are, 5 to parse"));
}

#[test]
fn no_cache_given_to_a_cache_command_is_a_usage_error() {
    let cache = tempfile::tempdir().expect("tempdir");
    for action in ["build", "info", "clear"] {
        let out = zzread(cache.path(), &["--no-cache", "cache", action]);
        assert_eq!(out.status.code(), Some(2), "cache {action}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--no-cache"));
    }
    assert!(
        !cache.path().join("zzread").exists(),
        "nothing was built or touched"
    );
}

/// A reader started as the shell starts one on a warm cache: the listing (and the
/// segment of its first issue) shown before the loader runs, the rest for the loader.
fn warm_reader(cache: &Cache) -> (App, zzread::shell::loader::Warm) {
    let opened = cache.open_listing();
    let mut app = App::walking(Settings::default());
    common::resize(&mut app, 120, 40);
    let mut shown = Vec::new();
    let mut installed = None;
    if let Some((msgs, keys, segment)) =
        zzread::shell::loader::cached_listing(&opened, Order::Oldest)
    {
        shown = keys;
        installed = Some(segment);
        for msg in msgs {
            app.update(msg);
        }
    }
    let warm = zzread::shell::loader::Warm {
        cache: cache.clone(),
        opened,
        shown,
        installed,
    };
    (app, warm)
}

/// Every article of `fresh` reads in `app` as parsing gives it, and every query finds
/// what a scan finds.
fn reads_as_parsed(app: &mut zzread::app::App, fresh: &ForCommand, section: &str) {
    assert!(!app.indexing(), "{section}");
    for (ix, _, loaded) in fresh.issues() {
        let zzread::cache::warm::Loaded::Parsed(issue) = loaded else {
            panic!("parsed");
        };
        for (n, article) in issue.articles.iter().enumerate() {
            let got = app.article_blocks(ix.article(n));
            assert_eq!(
                got,
                Some(common::reader_blocks(issue, article)),
                "{section}: {}",
                article.id
            );
        }
    }
    for q in QUERIES {
        common::keys(app, &format!("/{q}<ret>"));
        let got: BTreeMap<(String, usize), usize> = app
            .hits
            .as_ref()
            .map(|h| {
                h.outcome
                    .results
                    .iter()
                    .map(|r| {
                        let id = fresh.plan.sources[r.at.issue.get()].id.clone();
                        ((id, r.at.n()), r.hits as usize)
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(got, brute_force(fresh, q), "{section}: {q}");
        common::keys(app, "<esc>");
    }
}

/// Copies the files of `from` into `to` (a cache folder, flat).
fn copy_dir(from: &Path, to: &Path) {
    for file in walk_files(from) {
        let rel = file.strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&file, &dest).expect("copy");
    }
}

/// The first segment of the cache for `paths` under `root` (the cache root), and a
/// byte in the middle of each of its sections (named), with one in the header.
fn section_bytes(root: &Path, paths: &[PathBuf]) -> (PathBuf, Vec<(&'static str, usize)>) {
    let cache = Cache::for_archive(root, paths);
    let opened = cache.open();
    assert!(!opened.segments.is_empty(), "a segment");
    let (name, seg) = &opened.segments[0];
    let mut at: Vec<(&'static str, usize)> = zzread::cache::segment::SECTION_NAMES
        .iter()
        .zip(seg.layout())
        .filter(|(_, r)| !r.is_empty())
        .map(|(n, r)| (*n, r.start + r.len() / 2))
        .collect();
    at.push(("header", 20));
    (cache.dir.join(name), at)
}

fn flip(file: &Path, at: usize) {
    let mut bytes = std::fs::read(file).expect("read");
    bytes[at] ^= 0x10;
    std::fs::write(file, bytes).expect("write");
}

/// One flipped byte wherever it falls — text, documents, lists, records, dumps — is
/// caught before anything read from it is printed: the commands answer exactly as
/// parsing does, and the next run finds the cache whole again.
#[test]
fn a_flipped_byte_anywhere_is_caught_before_anything_is_printed() {
    let dir = archive(6);
    let path = dir.path().to_str().expect("utf-8");
    let pristine = tempfile::tempdir().expect("tempdir");
    let commands: [&[&str]; 3] = [
        &["search", "医保", path, "--format", "json"],
        &["dump", path],
        &["dump", "--format", "text", path],
    ];
    let want: Vec<Output> = commands
        .iter()
        .map(|args| zzread(pristine.path(), &[&["--no-cache"], *args].concat()))
        .collect();
    zzread(pristine.path(), &["dump", path]);
    settled(pristine.path(), &[path]);
    let (segment, bytes) = section_bytes(&pristine.path().join("zzread"), &[PathBuf::from(path)]);
    let rel = segment.strip_prefix(pristine.path()).expect("inside");
    for (section, at) in bytes {
        for (args, want) in commands.iter().zip(&want) {
            let cache = tempfile::tempdir().expect("tempdir");
            copy_dir(pristine.path(), cache.path());
            flip(&cache.path().join(rel), at);
            let got = zzread(cache.path(), args);
            assert!(got.status.success(), "{section}, {args:?}: {got:?}");
            assert_eq!(
                String::from_utf8_lossy(&got.stdout),
                String::from_utf8_lossy(&want.stdout),
                "{section}, {args:?}"
            );
            // A flip the command did not read stays until something reads it: what
            // matters is that no answer ever came from it.
            let info = settled(cache.path(), &[path]);
            assert!(info.contains("6 cached as they are"), "{info}");
        }
    }
}

/// The reader's warm start over a damaged segment: the loader checks everything in
/// the background, puts the damaged issues out of sight, parses them again, and the
/// reader ends up with exactly the parsed archive; the cache is whole again after.
#[test]
fn the_reader_repairs_a_damaged_cache_in_the_background() {
    let dir = archive(6);
    let paths = vec![dir.path().to_path_buf()];
    let fresh = load(&paths, None);
    let pristine = tempfile::tempdir().expect("tempdir");
    load(&paths, Some(Cache::for_archive(pristine.path(), &paths)))
        .store()
        .expect("stored");
    let (segment, bytes) = section_bytes(pristine.path(), &paths);
    let rel = segment.strip_prefix(pristine.path()).expect("inside");
    for (section, at) in bytes {
        let root = tempfile::tempdir().expect("tempdir");
        copy_dir(pristine.path(), root.path());
        flip(&root.path().join(rel), at);
        let cache = Cache::for_archive(root.path(), &paths);
        let (mut app, warm) = warm_reader(&cache);
        let (tx, rx) = std::sync::mpsc::channel();
        zzread::shell::loader::spawn(paths.clone(), Order::Oldest, tx, Some(warm));
        // The loader's thread ends when it is done: every message it sent is here.
        for msg in rx {
            app.update(msg);
        }
        reads_as_parsed(&mut app, &fresh, section);
        let again = cache.open();
        let mut plan = zzread::cache::warm::Plan::make(&paths, &again);
        assert!(plan.to_parse().is_empty(), "{section}: all cached again");
        assert!(
            plan.uncache_damaged(&again).is_empty(),
            "{section}: and whole"
        );
    }
}

/// A warm start over several segments: the first frame puts in use only the segment of
/// the first issue shown, the loader the others; all of it reads and searches as
/// parsing gives it.
#[test]
fn a_warm_reader_over_several_segments_reads_and_finds_everything() {
    let dir = archive(6);
    let paths = vec![dir.path().to_path_buf()];
    let root = tempfile::tempdir().expect("tempdir");
    let cache = Cache::for_archive(root.path(), &paths);
    // Three issues cached, then three more: at least two segments.
    let later: Vec<(PathBuf, Vec<u8>)> = walk_files(dir.path())
        .into_iter()
        .skip(3)
        .map(|f| {
            let bytes = std::fs::read(&f).expect("read");
            (f, bytes)
        })
        .collect();
    for (file, _) in &later {
        std::fs::remove_file(file).expect("remove");
    }
    load(&paths, Some(cache.clone())).store().expect("stored");
    for (file, bytes) in &later {
        std::fs::write(file, bytes).expect("write");
    }
    load(&paths, Some(cache.clone())).store().expect("stored");
    assert!(cache.open().segments.len() >= 2, "several segments");
    let fresh = load(&paths, None);
    let (mut app, warm) = warm_reader(&cache);
    let (tx, rx) = std::sync::mpsc::channel();
    zzread::shell::loader::spawn(paths.clone(), Order::Oldest, tx, Some(warm));
    let msgs: Vec<_> = rx.into_iter().collect();
    assert!(
        msgs.iter()
            .any(|m| matches!(m, zzread::app::Msg::Installed(_))),
        "the second segment joins after the first frame"
    );
    for msg in msgs {
        app.update(msg);
    }
    reads_as_parsed(&mut app, &fresh, "several segments");
}

/// The variant corpus: dumps with pages, editors, both jump markers and linked halves,
/// headless continuations, byline roles, lists, tables and attributions.
fn variant_archive() -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/variants");
    let mut n = 0;
    for entry in std::fs::read_dir(&from).expect("variants").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(entry.file_name())).expect("copy");
            n += 1;
        }
    }
    (dir, n)
}

#[test]
fn every_field_of_the_model_comes_back_from_the_cache_as_parsed() {
    let (dir, n) = variant_archive();
    let path = dir.path().to_str().expect("utf-8");
    let cache = tempfile::tempdir().expect("tempdir");
    for args in [&["dump", path][..], &["dump", "--format", "text", path]] {
        let fresh = zzread(cache.path(), &[&["--no-cache"], args].concat());
        let cold = zzread(cache.path(), args);
        assert!(
            settled(cache.path(), &[path]).contains(&format!("{n} cached as they are")),
            "every variant cached"
        );
        let warm = zzread(cache.path(), args);
        assert!(fresh.status.success(), "{args:?}: {fresh:?}");
        assert_eq!(cold.stdout, fresh.stdout, "{args:?} cold");
        assert_eq!(warm.stdout, fresh.stdout, "{args:?} warm");
    }
    // The warm JSON is the model a parse builds, field for field.
    let warm = zzread(cache.path(), &["dump", path]);
    let read: zzread::model::Archive = serde_json::from_slice(&warm.stdout).expect("JSON");
    let parsed =
        zzread::archive::load_archive(&[dir.path().to_path_buf()], Some(zzread::words::jieba()));
    assert_eq!(read, parsed);
    // And the corpus exercises every new field.
    let articles = || read.issues.iter().flat_map(|i| &i.articles);
    assert!(
        read.issues
            .iter()
            .any(|i| i.pages.iter().any(|p| !p.editors.is_empty()))
    );
    assert!(articles().any(|a| a.continued_to.is_some()));
    assert!(articles().any(|a| a.continued_to_article.is_some()));
    assert!(articles().any(|a| a.continued_from_article.is_some()));
    assert!(articles().any(|a| a.headless && a.page.is_some()));
    assert!(articles().any(|a| a.byline.as_ref().is_some_and(|b| !b.compilers.is_empty())));
    assert!(articles().any(|a| {
        a.byline
            .as_ref()
            .is_some_and(|b| !b.affiliations.is_empty())
    }));
    assert!(articles().any(|a| {
        a.byline
            .as_ref()
            .is_some_and(|b| !b.photographers.is_empty())
    }));
    let kinds: std::collections::HashSet<_> = articles()
        .flat_map(|a| &a.paragraphs)
        .map(|p| p.kind)
        .collect();
    use zzread::model::ParagraphKind as K;
    for k in [K::ListItem, K::TableRow, K::Attribution, K::PullQuote] {
        assert!(kinds.contains(&k), "{k:?}");
    }
    assert!(
        articles()
            .flat_map(|a| &a.paragraphs)
            .all(|p| !p.lines.is_empty())
    );
}

#[test]
fn halves_in_two_files_of_a_date_are_linked_cold_and_warm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let front = "第01版：要闻\n\n全市推进项目建设\n\n株洲日报讯(记者/张三) 今年以来,全市项目建设提速,推动\n(下转02版)\n";
    let inside = "第02版：综合\n\n◀上接01版 高质量发展。各地各部门要抓好落实。\n";
    std::fs::write(dir.path().join("2023-04-26_01.txt"), front).expect("write");
    std::fs::write(dir.path().join("2023-04-26_02.txt"), inside).expect("write");
    std::fs::write(dir.path().join("2023-04-27_02.txt"), inside).expect("write");
    let path = dir.path().to_str().expect("utf-8");
    let cache = tempfile::tempdir().expect("tempdir");
    let parsed =
        zzread::archive::load_archive(&[dir.path().to_path_buf()], Some(zzread::words::jieba()));
    assert_eq!(
        parsed.issues[0].articles[0].continued_to_article.as_deref(),
        Some("2023-04-26_02#1")
    );
    for args in [&["dump", path][..], &["dump", "--format", "text", path]] {
        let fresh = zzread(cache.path(), &[&["--no-cache"], args].concat());
        let cold = zzread(cache.path(), args);
        assert!(settled(cache.path(), &[path]).contains("3 cached as they are"));
        let warm = zzread(cache.path(), args);
        assert_eq!(cold.stdout, fresh.stdout, "{args:?} cold");
        assert_eq!(warm.stdout, fresh.stdout, "{args:?} warm");
        if args.len() == 2 {
            let read: zzread::model::Archive = serde_json::from_slice(&warm.stdout).expect("JSON");
            assert_eq!(read, parsed, "the links load_archive makes");
        } else {
            let text = String::from_utf8_lossy(&warm.stdout);
            assert!(text.contains("下转02版 → 2023-04-26_02#1"), "{text}");
        }
    }
    // A file added later: the cached halves link to it.
    std::fs::remove_file(dir.path().join("2023-04-26_01.txt")).expect("rm");
    let alone = zzread(cache.path(), &["dump", path]);
    assert!(!String::from_utf8_lossy(&alone.stdout).contains("continued_from_article\": \"2023"));
    std::fs::write(dir.path().join("2023-04-26_01.txt"), front).expect("write");
    let again = zzread(cache.path(), &["dump", path]);
    let read: zzread::model::Archive = serde_json::from_slice(&again.stdout).expect("JSON");
    let parsed =
        zzread::archive::load_archive(&[dir.path().to_path_buf()], Some(zzread::words::jieba()));
    assert_eq!(read, parsed);
}
