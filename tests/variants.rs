//! The variant corpus: dumps in the shapes other days of the paper take (re-spaced
//! samples, briefs, bylines, page furniture, jumps, column breaks, repeats, lists,
//! headlines, whole days), each with what it must come out as, written by hand from
//! what the text says in `NAME.expect` beside `NAME.txt`:
//!
//! ```text
//! # what the variant shows
//! headline: 全市首家 | 标题 — 副题      every article's Article::headline(), in order
//! seam: …株洲|产业引入…                 a column break to re-join (tail|head); any other is wrong
//! repeat: TEXT                          printed twice, the stray copy must go: kept once
//! count: TEXT | N                       paragraphs that must hold TEXT exactly
//! in: TEXT PREFIX | TITLE               the paragraph starting so belongs to that article
//! text: TEXT                            a paragraph that must read exactly so
//! kind: TEXT PREFIX | kind              the paragraph starting so has that kind
//! byline: TITLE | role=a,b | …          roles listed are compared as sets (empty: none)
//! section: TITLE | SECTION              (empty: none)
//! from: / to: TITLE | PAGE              continued_from / continued_to
//! link: TITLE -> TITLE                  jump halves linked both ways by id
//! page: NUMBER | NAME | DATE | EDITORS  a page with exactly these (empty: none)
//! pages: N
//! ```
//!
//! The test prints a scoreboard and fails when a variant misses anything that
//! `tests/variants/BASELINE` does not list as a known miss. Run with
//! `--nocapture` to see it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use zzread::model::{Article, Issue, ParagraphKind};
use zzread::parse::{audit, parse_issue};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/variants");

#[derive(Default)]
struct Outcome {
    headlines_exact: bool,
    lost: Vec<u32>,
    doubled: Vec<String>,
    wrong_seams: Vec<String>,
    missing_seams: Vec<String>,
    other: Vec<String>,
}

impl Outcome {
    fn passed(&self) -> bool {
        self.headlines_exact
            && self.lost.is_empty()
            && self.doubled.is_empty()
            && self.wrong_seams.is_empty()
            && self.missing_seams.is_empty()
            && self.other.is_empty()
    }
}

fn load(name: &str) -> (String, Issue) {
    let text = std::fs::read_to_string(format!("{DIR}/{name}.txt")).expect("variant text");
    let parsed = parse_issue(name, &text, Some(zzread::words::jieba()));
    let mut issues = vec![Issue {
        id: name.to_owned(),
        source: String::new(),
        date: None,
        encoding: "UTF-8".into(),
        articles: parsed.articles,
        pages: parsed.pages,
        warnings: Vec::new(),
    }];
    zzread::archive::link_jumps(&mut issues);
    let issue = issues.pop().expect("one issue");
    (text, issue)
}

fn split2(s: &str, sep: &str) -> (String, String) {
    let (a, b) = s.split_once(sep).unwrap_or((s, ""));
    (a.trim().to_owned(), b.trim().to_owned())
}

/// Split at the last separator: the text before it may hold the separator itself.
fn rsplit2(s: &str, sep: &str) -> (String, String) {
    let (a, b) = s.rsplit_once(sep).unwrap_or((s, ""));
    (a.trim().to_owned(), b.trim().to_owned())
}

fn kind_name(k: ParagraphKind) -> String {
    serde_json::to_string(&k)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

fn by_title<'a>(issue: &'a Issue, title: &str) -> Option<&'a Article> {
    issue.articles.iter().find(|a| a.title == title)
}

/// The text of source line `n` as the model keeps it (markers and an inline
/// byline stripped do not matter here: only ends and starts are compared).
fn line_text(text: &str, n: u32) -> &str {
    text.split('\n')
        .nth(n as usize - 1)
        .map_or("", |l| l.trim_end_matches('\r').trim())
}

fn check(name: &str, expect: &str) -> Outcome {
    let (text, issue) = load(name);
    let mut out = Outcome::default();
    let mut want_heads = Vec::new();
    let mut want_seams = Vec::new();
    for line in expect
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (key, value) = split2(line, ":");
        match key.as_str() {
            "headline" => want_heads.push(value),
            "seam" => want_seams.push(value),
            _ => {}
        }
    }
    let got_heads: Vec<String> = issue.articles.iter().map(Article::headline).collect();
    out.headlines_exact = got_heads == want_heads;
    if !out.headlines_exact {
        out.other.push(format!(
            "headlines {got_heads:#?}\n  wanted {want_heads:#?}"
        ));
    }

    let parsed = zzread::parse::Parsed {
        articles: issue.articles.clone(),
        pages: issue.pages.clone(),
    };
    out.lost = audit::lost_lines(&text, &parsed);
    out.doubled = audit::doubled_lines(&text, &parsed)
        .into_iter()
        .map(|n| format!("line {n}"))
        .collect();

    // Seams made: consecutive source lines of a paragraph.
    let mut matched = vec![false; want_seams.len()];
    for p in issue.articles.iter().flat_map(|a| &a.paragraphs) {
        for w in p.lines.windows(2) {
            let (a, b) = (line_text(&text, w[0]), line_text(&text, w[1]));
            let hit = want_seams.iter().position(|s| {
                let (tail, head) = s.split_once('|').unwrap_or((s, ""));
                a.ends_with(tail) && b.contains(head)
            });
            match hit {
                Some(k) => matched[k] = true,
                None => out.wrong_seams.push(format!(
                    "{}|{} (lines {} + {})",
                    a.chars()
                        .rev()
                        .take(8)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect::<String>(),
                    b.chars().take(8).collect::<String>(),
                    w[0],
                    w[1]
                )),
            }
        }
    }
    for (k, s) in want_seams.iter().enumerate() {
        if !matched[k] {
            out.missing_seams.push(s.clone());
        }
    }

    let paragraphs = || {
        issue
            .articles
            .iter()
            .flat_map(|a| a.paragraphs.iter().map(move |p| (a, p)))
    };
    for line in expect
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (key, value) = split2(line, ":");
        let miss = |what: String| Some(format!("{key}: {value} — {what}"));
        let problem: Option<String> = match key.as_str() {
            "headline" | "seam" => None,
            "repeat" | "count" => {
                let (t, n) = if key == "repeat" {
                    (value.clone(), 1)
                } else {
                    let (t, n) = rsplit2(&value, "|");
                    (t, n.parse().unwrap_or(1))
                };
                let copies = paragraphs().filter(|(_, p)| p.text == t).count();
                if copies > n {
                    out.doubled.push(format!(
                        "{} kept {copies} times",
                        t.chars().take(12).collect::<String>()
                    ));
                    None
                } else if copies < n {
                    miss(format!("kept {copies} times"))
                } else {
                    None
                }
            }
            "in" => {
                let (prefix, title) = rsplit2(&value, "|");
                let at = paragraphs().find(|(_, p)| p.text.starts_with(&prefix));
                match at {
                    Some((a, _)) if a.title == title => None,
                    Some((a, _)) => miss(format!("in {}", a.title)),
                    None => miss("no such paragraph".into()),
                }
            }
            "text" => {
                if paragraphs().any(|(_, p)| p.text == value) {
                    None
                } else {
                    miss("no paragraph reads so".into())
                }
            }
            "kind" => {
                let (prefix, kind) = rsplit2(&value, "|");
                match paragraphs().find(|(_, p)| p.text.starts_with(&prefix)) {
                    Some((_, p)) if kind_name(p.kind) == kind => None,
                    Some((_, p)) => miss(format!("is {}", kind_name(p.kind))),
                    None => miss("no such paragraph".into()),
                }
            }
            "byline" => {
                let mut parts = value.split('|').map(str::trim);
                let title = parts.next().unwrap_or_default();
                match by_title(&issue, title) {
                    None => miss("no such article".into()),
                    Some(a) => {
                        let by = a.byline.clone().unwrap_or_default();
                        let mut bad = Vec::new();
                        for part in parts {
                            let (role, names) = split2(part, "=");
                            let mut want: Vec<&str> = names
                                .split(',')
                                .map(str::trim)
                                .filter(|n| !n.is_empty())
                                .collect();
                            let mut got: Vec<&str> = match role.as_str() {
                                "reporters" => &by.reporters,
                                "correspondents" => &by.correspondents,
                                "authors" => &by.authors,
                                "compilers" => &by.compilers,
                                "photographers" => &by.photographers,
                                "affiliations" => &by.affiliations,
                                _ => &by.reporters,
                            }
                            .iter()
                            .map(String::as_str)
                            .collect();
                            want.sort_unstable();
                            got.sort_unstable();
                            if want != got {
                                bad.push(format!("{role} {got:?}"));
                            }
                        }
                        (!bad.is_empty()).then(|| format!("{key}: {value} — {}", bad.join(", ")))
                    }
                }
            }
            "section" => {
                let (title, section) = split2(&value, "|");
                match by_title(&issue, &title) {
                    Some(a) if a.section.clone().unwrap_or_default() == section => None,
                    Some(a) => miss(format!("section {:?}", a.section)),
                    None => miss("no such article".into()),
                }
            }
            "from" | "to" => {
                let (title, page) = split2(&value, "|");
                match by_title(&issue, &title) {
                    Some(a) => {
                        let got = if key == "from" {
                            &a.continued_from
                        } else {
                            &a.continued_to
                        };
                        (got.as_deref() != Some(page.as_str()))
                            .then(|| format!("{key}: {value} — {got:?}"))
                    }
                    None => miss("no such article".into()),
                }
            }
            "link" => {
                let (a, b) = split2(&value, "->");
                match (by_title(&issue, &a), by_title(&issue, &b)) {
                    (Some(x), Some(y))
                        if x.continued_to_article.as_deref() == Some(y.id.as_str())
                            && y.continued_from_article.as_deref() == Some(x.id.as_str()) =>
                    {
                        None
                    }
                    (Some(x), Some(y)) => miss(format!(
                        "links {:?} / {:?}",
                        x.continued_to_article, y.continued_from_article
                    )),
                    _ => miss("no such articles".into()),
                }
            }
            "page" => {
                let f: Vec<String> = value.split('|').map(|s| s.trim().to_owned()).collect();
                let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
                let want = (
                    f.first().and_then(opt),
                    f.get(1).and_then(opt),
                    f.get(2).and_then(opt),
                    f.get(3).cloned().unwrap_or_default(),
                );
                let found = issue.pages.iter().any(|p| {
                    let editors: Vec<&str> = p.editors.iter().map(|e| e.name.as_str()).collect();
                    (
                        p.number.clone(),
                        p.name.clone(),
                        p.date.clone(),
                        editors.join(" "),
                    ) == want
                });
                (!found).then(|| {
                    let pages: Vec<String> = issue
                        .pages
                        .iter()
                        .map(|p| {
                            format!("{:?} {:?} {:?} {:?}", p.number, p.name, p.date, p.editors)
                        })
                        .collect();
                    format!("{key}: {value} — pages {pages:?}")
                })
            }
            "pages" => (issue.pages.len().to_string() != value)
                .then(|| format!("pages: {value} — {}", issue.pages.len())),
            other => Some(format!("unknown expectation {other}")),
        };
        out.other.extend(problem);
    }
    out
}

fn variants() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .expect("tests/variants exists")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? != "expect" {
                return None;
            }
            Some(p.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// Known misses: `name  reason` per line.
fn baseline() -> BTreeMap<String, String> {
    std::fs::read_to_string(format!("{DIR}/BASELINE"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| split2(l, " "))
        .collect()
}

#[test]
fn variant_corpus_scoreboard() {
    let names = variants();
    assert!(names.len() >= 40, "the corpus has {} variants", names.len());
    let known = baseline();
    let (mut exact, mut lost, mut doubled, mut wrong, mut missing, mut other, mut passed) =
        (0, 0, 0, 0, 0, 0, 0);
    let mut report = String::new();
    let mut regressions = Vec::new();
    for name in &names {
        let expect = std::fs::read_to_string(format!("{DIR}/{name}.expect")).expect("expectations");
        let o = check(name, &expect);
        exact += usize::from(o.headlines_exact);
        lost += o.lost.len();
        doubled += o.doubled.len();
        wrong += o.wrong_seams.len();
        missing += o.missing_seams.len();
        other += o.other.len();
        if o.passed() {
            passed += 1;
            let _ = writeln!(report, "  ok    {name}");
            if known.contains_key(name) {
                let _ = writeln!(
                    report,
                    "        (listed in BASELINE but passes now: take it out)"
                );
            }
            continue;
        }
        let _ = writeln!(report, "  MISS  {name}");
        for l in &o.lost {
            let _ = writeln!(report, "        lost line {l}");
        }
        for d in &o.doubled {
            let _ = writeln!(report, "        doubled {d}");
        }
        for s in &o.wrong_seams {
            let _ = writeln!(report, "        wrong seam {s}");
        }
        for s in &o.missing_seams {
            let _ = writeln!(report, "        seam not made {s}");
        }
        for s in &o.other {
            let _ = writeln!(report, "        {s}");
        }
        match known.get(name) {
            Some(reason) => {
                let _ = writeln!(report, "        known: {reason}");
            }
            None => regressions.push(name.clone()),
        }
    }
    println!("variant corpus ({} variants)\n{report}", names.len());
    println!("variants passing every check   {passed}/{}", names.len());
    println!("every headline exact           {exact}/{}", names.len());
    println!("lines of text lost             {lost}");
    println!("texts doubled                  {doubled}");
    println!("wrong seams                    {wrong}");
    println!("seams not made                 {missing}");
    println!("other expectations missed      {other}");
    assert!(
        regressions.is_empty(),
        "variants missing expectations not in BASELINE: {regressions:?}"
    );
}
