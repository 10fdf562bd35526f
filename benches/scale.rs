//! Archive scale: load (list + read + decode files), parse, index build and a query,
//! at 1, 10, 100 and 200 MB of synthetic issues (`zzread::synth`, the same text as
//! `cargo run --release --example gen_archive`). Run: `cargo bench --bench scale`.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use zzread::model::Issue;
use zzread::parse::parse_articles;
use zzread::search::{Searchable, search};

fn main() {
    divan::main();
}

const SIZES_MB: &[usize] = &[1, 10, 100, 200];

/// (file name, text) of synthetic issues.
type Texts = &'static [(String, String)];

/// Issue texts adding up to `mb` megabytes.
fn texts(mb: usize) -> Texts {
    static CACHE: OnceLock<Mutex<HashMap<usize, Texts>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache.entry(mb).or_insert_with(|| {
        let seeds: Vec<String> = zzread::load::bundled()
            .iter()
            .filter_map(|s| s.read().ok())
            .map(|d| d.text)
            .collect();
        let mut out = Vec::new();
        let mut total = 0;
        let mut n = 0;
        while total < mb * 1_000_000 {
            let text = zzread::synth::issue_text_from(&seeds, n);
            total += text.len();
            out.push((zzread::synth::issue_name(n), text));
            n += 1;
        }
        Box::leak(out.into_boxed_slice())
    })
}

fn bytes(mb: usize) -> usize {
    texts(mb).iter().map(|(_, t)| t.len()).sum()
}

fn issues(mb: usize) -> &'static [Issue] {
    static CACHE: OnceLock<Mutex<HashMap<usize, &'static [Issue]>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache.entry(mb).or_insert_with(|| {
        let jieba = zzread::words::jieba();
        let v: Vec<Issue> = texts(mb)
            .iter()
            .map(|(name, text)| Issue {
                articles: parse_articles(name, text, Some(jieba)),
                id: name.clone(),
                source: String::new(),
                date: zzread::load::date_in_name(name),
                encoding: "UTF-8".into(),
                warnings: Vec::new(),
                pages: Vec::new(),
            })
            .collect();
        Box::leak(v.into_boxed_slice())
    })
}

fn index(mb: usize) -> &'static Searchable {
    static CACHE: OnceLock<Mutex<HashMap<usize, &'static Searchable>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(mb)
        .or_insert_with(|| Box::leak(Box::new(Searchable::build(issues(mb)))))
}

/// The files of `mb` written once to a temporary directory.
fn dir(mb: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zzread-scale-bench-{mb}mb"));
    if !dir.join("done").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        for (name, text) in texts(mb) {
            let _ = std::fs::write(dir.join(name), text);
        }
        let _ = std::fs::write(dir.join("done"), "");
    }
    dir
}

/// Listing, reading and decoding every file (what the reader does before parsing).
#[divan::bench(args = SIZES_MB, sample_count = 3)]
fn load(bencher: Bencher, mb: usize) {
    let d = dir(mb);
    bencher.counter(BytesCount::new(bytes(mb))).bench(|| {
        let (sources, _) = zzread::load::discover(std::slice::from_ref(&d));
        for s in &sources {
            black_box(s.read().ok());
        }
    });
}

/// Parsing on one core, jieba loaded beforehand.
#[divan::bench(args = SIZES_MB, sample_count = 3)]
fn parse(bencher: Bencher, mb: usize) {
    let t = texts(mb);
    let jieba = zzread::words::jieba();
    bencher.counter(BytesCount::new(bytes(mb))).bench(|| {
        for (name, text) in t {
            black_box(parse_articles(name, text, Some(jieba)));
        }
    });
}

/// Building the text store and the search index on one core.
#[divan::bench(args = SIZES_MB, sample_count = 3)]
fn index_build(bencher: Bencher, mb: usize) {
    let all = issues(mb);
    bencher
        .counter(BytesCount::new(bytes(mb)))
        .bench(|| black_box(Searchable::build(all).index.len()));
}

/// The query in nearly every article (the worst case), and a typical one.
#[divan::bench(args = SIZES_MB, sample_count = 20)]
fn query_common(bencher: Bencher, mb: usize) {
    let ix = index(mb);
    let words = zzread::words::jieba();
    bencher.bench(|| black_box(search(&ix.hay(), "株洲", Some(words))));
}

#[divan::bench(args = SIZES_MB, sample_count = 20)]
fn query_typical(bencher: Bencher, mb: usize) {
    let ix = index(mb);
    let words = zzread::words::jieba();
    bencher.bench(|| black_box(search(&ix.hay(), "医保局", Some(words))));
}
