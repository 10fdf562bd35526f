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

/// Hostile shapes, each aimed at a search that could turn quadratic: thousands of
/// articles ending mid-sentence (each searched for a far-away tail), one article of
/// thousands of cut lines, thousands of paragraphs that cannot open a sentence (each
/// asking every cut piece), thousands of repeated paragraphs (each weighed against
/// two articles), and thousands of page headers.
#[divan::bench(args = [
    "many_dangling_ends",
    "one_article_of_cut_lines",
    "many_orphan_heads",
    "many_repeats",
    "many_pages",
])]
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
        "many_orphan_heads" => {
            text.push_str("标题\n\n株洲日报讯(记者/张三) 开头。\n");
            for i in 0..20_000 {
                text.push_str(&format!("\n群众反映的问题得到解决,进一步提升群\n\n众生活质量。{i}\n\n求。如今道路更宽了。\n"));
            }
        }
        "many_repeats" => {
            for i in 0..3000 {
                text.push_str(&format!(
                    "标题{i}\n\n株洲日报讯(记者/张三) 第{i}篇的导语。\n\n强化文明治理,市人大常委会提出了具体措施。\n\n"
                ));
            }
        }
        "many_pages" => {
            for i in 0..5000 {
                text.push_str(&format!(
                    "第{:02}版：要闻\n株洲日报 2023年4月26日 星期三\n责任编辑:王建设 校对:杨卓\n标题{i}\n株洲日报讯(记者/张三) 正文。\n",
                    i % 99
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
