//! The search query path: index build and keystroke queries, on the bundled archive
//! and on a synthetic archive of 10,000 issues (~180 MB) derived from it.
//! Run: `cargo bench --bench search`.

use divan::{Bencher, black_box};
use std::sync::OnceLock;
use zzread::model::Issue;
use zzread::parse::parse_articles;
use zzread::search::{Searchable, search};

fn main() {
    divan::main();
}

/// Queries a reader types: the first keystrokes of common words (in nearly every
/// article), rare words, a word inside a longer word, a half-typed word, two terms,
/// Latin, and one that is nowhere.
const QUERIES: &[&str] = &[
    "的",
    "株",
    "株洲市",
    "医保",
    "株洲",
    "产业项",
    "医保局",
    "记者 刘琼",
    "SYB",
    "为文明立法",
    "量子纠缠",
];

struct Corpus {
    issues: Vec<Issue>,
    searchable: Searchable,
}

fn corpus(n: u64) -> Corpus {
    let seeds: Vec<String> = zzread::load::bundled()
        .iter()
        .filter_map(|s| s.read().ok())
        .map(|d| d.text)
        .collect();
    let issues: Vec<Issue> = (0..n)
        .map(|k| {
            let text = if n <= 5 {
                seeds[k as usize].clone()
            } else {
                zzread::synth::issue_text_from(&seeds, k)
            };
            let id = zzread::synth::issue_name(k);
            let date = zzread::load::date_in_name(&id);
            Issue {
                articles: parse_articles(&id, &text, None),
                id,
                source: String::new(),
                date,
                encoding: "UTF-8".into(),
                warnings: Vec::new(),
                pages: Vec::new(),
            }
        })
        .collect();
    let searchable = Searchable::build(&issues);
    Corpus { issues, searchable }
}

fn bundled() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| corpus(5))
}

fn large() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let c = corpus(10_000);
        eprintln!(
            "synthetic archive: {} issues, {} MB folded text, index {} MB",
            c.issues.len(),
            c.searchable.corpus.text_bytes() >> 20,
            c.searchable.index.heap_bytes() >> 20
        );
        c
    })
}

#[divan::bench(args = QUERIES)]
fn query_bundled(bencher: Bencher, q: &str) {
    let c = bundled();
    let words = zzread::words::jieba();
    bencher.bench(|| black_box(search(&c.searchable.hay(), q, Some(words))));
}

#[divan::bench(args = QUERIES, sample_count = 20)]
fn query_10k_issues(bencher: Bencher, q: &str) {
    let c = large();
    let words = zzread::words::jieba();
    bencher.bench(|| black_box(search(&c.searchable.hay(), q, Some(words))));
}

#[divan::bench]
fn index_bundled(bencher: Bencher) {
    let c = bundled();
    bencher.bench(|| black_box(Searchable::build(&c.issues)));
}
