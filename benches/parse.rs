//! Parser throughput over the bundled issues (jieba's dictionary is loaded once,
//! outside the measured loop, as in the app). Run: `cargo bench --bench parse`.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use zzread::load::bundled;
use zzread::parse::parse_articles;

fn main() {
    divan::main();
}

fn seed_texts() -> Vec<(String, String)> {
    bundled()
        .iter()
        .map(|s| (s.id.clone(), s.read().map(|d| d.text).unwrap_or_default()))
        .collect()
}

/// All five issues, with jieba's word evidence for far-away joins.
#[divan::bench]
fn parse_bundled_with_jieba(bencher: Bencher) {
    let texts = seed_texts();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let jieba = zzread::words::jieba();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for (id, text) in &texts {
            black_box(parse_articles(id, text, Some(jieba)));
        }
    });
}

/// The same without a dictionary (what the reader does before jieba is ready).
#[divan::bench]
fn parse_bundled_without_jieba(bencher: Bencher) {
    let texts = seed_texts();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        for (id, text) in &texts {
            black_box(parse_articles(id, text, None));
        }
    });
}
