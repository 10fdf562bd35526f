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

/// Hostile shapes that were once quadratic: thousands of articles ending mid-sentence
/// (each searched for a far-away tail), and one article of thousands of cut lines.
#[divan::bench(args = ["many_dangling_ends", "one_article_of_cut_lines"])]
fn parse_hostile(bencher: Bencher, shape: &str) {
    let mut text = String::new();
    match shape {
        "many_dangling_ends" => {
            for i in 0..3000 {
                text.push_str(&format!(
                    "标题{i}\n\n株洲日报讯(记者/张三) 医保局株洲市民生活工作发展建设{i}\n\n"
                ));
            }
        }
        _ => {
            text.push_str("标题\n\n株洲日报讯(记者/张三) 开头\n");
            for i in 0..60_000 {
                text.push_str(&format!(
                    "\n文字文字文字文字文字文字文字文字文字文字文字文字文字{}\n",
                    i % 10
                ));
            }
        }
    }
    let jieba = zzread::words::jieba();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| black_box(parse_articles("hostile", &text, Some(jieba))));
}
