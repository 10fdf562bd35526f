//! Scores the parser against the hand labels in tests/groundtruth/ (copied from
//! ../shared/groundtruth). Run with `--nocapture` to see the figures.
//!
//! An article matches a label when its title, a subtitle or its kicker equals the
//! labelled title, whitespace ignored (the labels' README: where it is unclear which
//! headline line is the main one, the label takes the first).

use serde::Deserialize;
use std::collections::BTreeSet;
use zzread::model::{Article, Issue, ParagraphKind};

#[derive(Deserialize)]
struct Labels {
    seed: String,
    articles: Vec<LabelArticle>,
    broken_paragraph_joins: Vec<Join>,
    captions: Vec<Caption>,
}

#[derive(Deserialize)]
struct LabelArticle {
    title: String,
    reporters: Vec<String>,
    correspondents: Vec<String>,
    paragraph_count: usize,
}

#[derive(Deserialize)]
struct Join {
    join_text: String,
}

#[derive(Deserialize)]
struct Caption {
    text: String,
}

#[derive(Default, Debug)]
struct Score {
    labels: usize,
    predicted: usize,
    matched: usize,
    exact_title: usize,
    byline_ok: usize,
    paragraphs_ok: usize,
    joins: usize,
    joins_found: usize,
    captions: usize,
    captions_found: usize,
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn names(a: &Article) -> (BTreeSet<String>, BTreeSet<String>) {
    a.byline.as_ref().map_or_else(Default::default, |b| {
        (
            b.reporters.iter().cloned().collect(),
            b.correspondents.iter().cloned().collect(),
        )
    })
}

fn heads(a: &Article) -> Vec<String> {
    std::iter::once(&a.title)
        .chain(&a.subtitles)
        .chain(&a.kicker)
        .map(|s| norm(s))
        .collect()
}

fn load_seed(name: &str) -> Issue {
    let source = zzread::load::bundled()
        .into_iter()
        .find(|s| format!("{}.txt", s.id) == name)
        .unwrap_or_else(|| panic!("labelled seed {name} is not bundled"));
    zzread::archive::load_issue(&source, Some(zzread::words::jieba()))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn score(labels: &Labels, issue: &Issue, total: &mut Score) {
    total.labels += labels.articles.len();
    total.predicted += issue.articles.len();
    let mut taken = vec![false; issue.articles.len()];
    for label in &labels.articles {
        let want = norm(&label.title);
        let found = issue
            .articles
            .iter()
            .enumerate()
            .find(|(k, a)| !taken[*k] && heads(a).contains(&want));
        let Some((k, a)) = found else {
            println!("  missed: {}", label.title);
            continue;
        };
        taken[k] = true;
        total.matched += 1;
        if norm(&a.title) == want {
            total.exact_title += 1;
        } else {
            println!("  title: {:?} labelled {:?}", a.title, label.title);
        }
        let (reporters, correspondents) = names(a);
        let want_r: BTreeSet<String> = label.reporters.iter().cloned().collect();
        let want_c: BTreeSet<String> = label.correspondents.iter().cloned().collect();
        if reporters == want_r && correspondents == want_c {
            total.byline_ok += 1;
        } else {
            println!(
                "  byline of {}: {reporters:?}/{correspondents:?}, labelled {want_r:?}/{want_c:?}",
                label.title
            );
        }
        let count = a.text_paragraphs().count();
        if count == label.paragraph_count {
            total.paragraphs_ok += 1;
        } else {
            println!(
                "  paragraphs of {}: {count}, labelled {}",
                label.title, label.paragraph_count
            );
        }
    }
    for (k, a) in issue.articles.iter().enumerate() {
        if !taken[k] {
            println!("  spurious: {} (lines {:?})", a.title, a.lines);
        }
    }
    let texts: Vec<&str> = issue
        .articles
        .iter()
        .flat_map(|a| a.text_paragraphs().map(|p| p.text.as_str()))
        .collect();
    for j in &labels.broken_paragraph_joins {
        total.joins += 1;
        let joined = j.join_text.replace('|', "");
        if texts.iter().any(|t| t.contains(&joined)) {
            total.joins_found += 1;
        } else {
            println!("  join not made: {}", j.join_text);
        }
    }
    for c in &labels.captions {
        total.captions += 1;
        let found = issue.articles.iter().any(|a| {
            a.paragraphs
                .iter()
                .any(|p| p.kind == ParagraphKind::Caption && norm(&p.text) == norm(&c.text))
        });
        if found {
            total.captions_found += 1;
        } else {
            println!("  caption missed: {}", c.text);
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[test]
fn parser_matches_hand_labels() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/groundtruth");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/groundtruth exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 3, "expected the three labelled issues");
    let mut total = Score::default();
    for path in &files {
        let labels: Labels =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable"))
                .expect("valid labels");
        println!("{}", labels.seed);
        let issue = load_seed(&labels.seed);
        score(&labels, &issue, &mut total);
    }
    let precision = ratio(total.matched, total.predicted);
    let recall = ratio(total.matched, total.labels);
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    let byline = ratio(total.byline_ok, total.labels);
    println!("labelled articles      {}", total.labels);
    println!("headline F1            {f1:.3} (precision {precision:.3}, recall {recall:.3})");
    println!(
        "exact-title accuracy   {:.3}",
        ratio(total.exact_title, total.labels)
    );
    println!("byline accuracy        {byline:.3}");
    println!(
        "paragraph counts       {:.3}",
        ratio(total.paragraphs_ok, total.labels)
    );
    println!(
        "re-joined breaks       {}/{}",
        total.joins_found, total.joins
    );
    println!(
        "captions found         {}/{}",
        total.captions_found, total.captions
    );
    assert!(f1 >= 0.95, "headline F1 {f1:.3} < 0.95");
    assert!(byline >= 0.95, "byline accuracy {byline:.3} < 0.95");
}
