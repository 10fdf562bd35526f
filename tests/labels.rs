//! Scores the parser against the hand labels in tests/groundtruth/ (copied from
//! ../shared/groundtruth). Run with `--nocapture` to see the figures.
//!
//! An article matches a label when its title, a subtitle or its kicker equals the
//! labelled title, whitespace ignored (the labels' README: where it is unclear which
//! headline line is the main one, the label takes the first).
//!
//! Beyond headlines: every labelled column-break join must be made and no other (a
//! paragraph's `lines` list the source lines it was joined from), no seam may join
//! lines of two labelled articles, labelled misplaced fragments must end up in their
//! article, the stray copy of a labelled duplicate must be gone, captions must have
//! their kind and body paragraph counts must match. A compiler (`X 整理`) is kept
//! apart from the reporters: the labels list compilers in `reporters` too, for
//! history, so reporters are compared without them.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use zzread::model::{Article, Issue, ParagraphKind};

#[derive(Deserialize)]
struct Labels {
    seed: String,
    articles: Vec<LabelArticle>,
    broken_paragraph_joins: Vec<Join>,
    captions: Vec<Caption>,
    #[serde(default)]
    duplicates: Vec<Duplicate>,
    #[serde(default)]
    misplaced_fragments: Vec<Fragment>,
}

#[derive(Deserialize)]
struct LabelArticle {
    title: String,
    title_line: u32,
    reporters: Vec<String>,
    correspondents: Vec<String>,
    #[serde(default)]
    compilers: Vec<String>,
    paragraph_count: usize,
}

#[derive(Deserialize)]
struct Join {
    line_a: u32,
    line_b: u32,
    join_text: String,
}

#[derive(Deserialize)]
struct Caption {
    text: String,
}

#[derive(Deserialize)]
struct Duplicate {
    first_line: u32,
    repeat_line: u32,
}

#[derive(Deserialize)]
struct Fragment {
    line: u32,
    belongs_to_title: String,
}

#[derive(Default, Debug)]
struct Score {
    labels: usize,
    predicted: usize,
    matched: usize,
    exact_title: usize,
    byline_ok: usize,
    compilers: usize,
    compilers_ok: usize,
    paragraphs_ok: usize,
    joins: usize,
    joins_found: usize,
    wrong_seams: usize,
    cross_article_seams: usize,
    fragments: usize,
    fragments_placed: usize,
    duplicates: usize,
    duplicates_dropped: usize,
    captions: usize,
    captions_found: usize,
}

fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn set(v: &[String]) -> BTreeSet<String> {
    v.iter().cloned().collect()
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

/// Which labelled article each source line belongs to: the one whose headline is
/// the last above it, unless the labels place it elsewhere as a misplaced fragment.
fn owners(labels: &Labels) -> impl Fn(u32) -> Option<usize> + '_ {
    let moved: BTreeMap<u32, usize> = labels
        .misplaced_fragments
        .iter()
        .filter_map(|f| {
            let k = labels
                .articles
                .iter()
                .position(|a| a.title == f.belongs_to_title)?;
            Some((f.line, k))
        })
        .collect();
    move |line| {
        moved.get(&line).copied().or_else(|| {
            labels
                .articles
                .iter()
                .enumerate()
                .filter(|(_, a)| a.title_line <= line)
                .max_by_key(|(_, a)| a.title_line)
                .map(|(k, _)| k)
        })
    }
}

fn score(labels: &Labels, issue: &Issue, total: &mut Score) {
    total.labels += labels.articles.len();
    total.predicted += issue.articles.len();
    let mut taken = vec![false; issue.articles.len()];
    let mut matched: Vec<Option<usize>> = Vec::new();
    for label in &labels.articles {
        let want = norm(&label.title);
        let found = issue
            .articles
            .iter()
            .enumerate()
            .find(|(k, a)| !taken[*k] && heads(a).contains(&want));
        let Some((k, a)) = found else {
            println!("  missed: {}", label.title);
            matched.push(None);
            continue;
        };
        taken[k] = true;
        matched.push(Some(k));
        total.matched += 1;
        if norm(&a.title) == want {
            total.exact_title += 1;
        } else {
            println!("  title: {:?} labelled {:?}", a.title, label.title);
        }
        let by = a.byline.clone().unwrap_or_default();
        let want_r: BTreeSet<String> = set(&label.reporters)
            .difference(&set(&label.compilers))
            .cloned()
            .collect();
        let ok = set(&by.reporters) == want_r
            && set(&by.correspondents) == set(&label.correspondents)
            && set(&by.compilers) == set(&label.compilers);
        if ok {
            total.byline_ok += 1;
        } else {
            println!(
                "  byline of {}: {:?}/{:?}/{:?}, labelled {want_r:?}/{:?}/{:?}",
                label.title,
                by.reporters,
                by.correspondents,
                by.compilers,
                label.correspondents,
                label.compilers
            );
        }
        if !label.compilers.is_empty() {
            total.compilers += 1;
            if set(&by.compilers) == set(&label.compilers) {
                total.compilers_ok += 1;
            }
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

    // Seams: consecutive source lines of one paragraph.
    let seams: BTreeSet<(u32, u32)> = issue
        .articles
        .iter()
        .flat_map(|a| &a.paragraphs)
        .flat_map(|p| p.lines.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let labelled: BTreeSet<(u32, u32)> = labels
        .broken_paragraph_joins
        .iter()
        .map(|j| (j.line_a, j.line_b))
        .collect();
    for j in &labels.broken_paragraph_joins {
        total.joins += 1;
        if seams.contains(&(j.line_a, j.line_b)) {
            total.joins_found += 1;
        } else {
            println!("  join not made: {}", j.join_text);
        }
    }
    let owner = owners(labels);
    for &(a, b) in seams.difference(&labelled) {
        total.wrong_seams += 1;
        println!("  wrong seam: lines {a} + {b}");
    }
    for &(a, b) in &seams {
        if owner(a) != owner(b) {
            total.cross_article_seams += 1;
            println!("  seam across articles: lines {a} + {b}");
        }
    }

    // Misplaced fragments end up in the article they belong to.
    for f in &labels.misplaced_fragments {
        if labels.duplicates.iter().any(|d| d.first_line == f.line) {
            continue; // a stray copy: dropped, checked below
        }
        total.fragments += 1;
        let want = labels
            .articles
            .iter()
            .position(|a| a.title == f.belongs_to_title)
            .and_then(|k| matched[k]);
        let at = issue
            .articles
            .iter()
            .position(|a| a.paragraphs.iter().any(|p| p.lines.contains(&f.line)));
        if want.is_some() && at == want {
            total.fragments_placed += 1;
        } else {
            println!(
                "  fragment at line {} not in {}",
                f.line, f.belongs_to_title
            );
        }
    }
    // The stray copy of a duplicate is gone, the copy in place stays.
    let printed = |line: u32| {
        issue
            .articles
            .iter()
            .flat_map(|a| &a.paragraphs)
            .any(|p| p.lines.contains(&line))
    };
    for d in &labels.duplicates {
        total.duplicates += 1;
        if !printed(d.first_line) && printed(d.repeat_line) {
            total.duplicates_dropped += 1;
        } else {
            println!("  duplicate of line {} not resolved", d.repeat_line);
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
    let mut t = Score::default();
    for path in &files {
        let labels: Labels =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable"))
                .expect("valid labels");
        println!("{}", labels.seed);
        let issue = load_seed(&labels.seed);
        score(&labels, &issue, &mut t);
    }
    let precision = ratio(t.matched, t.predicted);
    let recall = ratio(t.matched, t.labels);
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    let byline = ratio(t.byline_ok, t.labels);
    let paragraphs = ratio(t.paragraphs_ok, t.labels);
    println!("labelled articles        {}", t.labels);
    println!("headline F1              {f1:.3} (precision {precision:.3}, recall {recall:.3})");
    println!(
        "exact-title accuracy     {:.3}",
        ratio(t.exact_title, t.labels)
    );
    println!("byline accuracy          {byline:.3}");
    println!(
        "compilers kept apart     {}/{}",
        t.compilers_ok, t.compilers
    );
    println!("paragraph counts         {paragraphs:.3}");
    println!("labelled seams made      {}/{}", t.joins_found, t.joins);
    println!("wrong seams              {}", t.wrong_seams);
    println!("cross-article seams      {}", t.cross_article_seams);
    println!(
        "fragments placed         {}/{}",
        t.fragments_placed, t.fragments
    );
    println!(
        "stray copies dropped     {}/{}",
        t.duplicates_dropped, t.duplicates
    );
    println!(
        "captions found           {}/{}",
        t.captions_found, t.captions
    );
    assert_eq!(f1, 1.0, "headline F1");
    assert_eq!(byline, 1.0, "byline accuracy");
    assert_eq!(paragraphs, 1.0, "paragraph counts");
    assert_eq!(t.joins_found, t.joins, "every labelled seam made");
    assert_eq!(t.wrong_seams, 0, "no seam the labels do not make");
    assert_eq!(t.cross_article_seams, 0, "no seam across articles");
    assert_eq!(
        t.fragments_placed, t.fragments,
        "misplaced fragments placed"
    );
    assert_eq!(t.duplicates_dropped, t.duplicates, "stray copies dropped");
    assert_eq!(t.captions_found, t.captions, "captions kept as captions");
}
