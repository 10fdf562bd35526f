//! Spacing is layout noise: the same text with 0, 1 or 3 blank lines between
//! paragraphs, mixed at random, indented with full-width spaces or tabs, with
//! trailing spaces or CRLF line ends, must give the same articles and pages. Checked
//! on every sample issue and every variant of tests/variants/.

use zzread::model::{Article, Page};
use zzread::parse::parse_issue;

/// What an article says, without where its lines were.
fn shape(a: &Article) -> String {
    let paragraphs: Vec<String> = a
        .paragraphs
        .iter()
        .map(|p| format!("{:?} {}", p.kind, p.text))
        .collect();
    format!(
        "{} | {:?} | {:?} | {:?} | {:?} {:?} {} | {:#?}",
        a.headline(),
        a.section,
        a.byline,
        a.subtitles,
        a.continued_from,
        a.continued_to,
        a.headless,
        paragraphs
    )
}

fn page_shape(p: &Page) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {:?}",
        p.number, p.name, p.date, p.editors, p.printed
    )
}

/// A small deterministic generator (tests must be repeatable).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The text's lines re-spaced: `gap` blank lines after each (None: 0 to 3 at
/// random), with indents and trailing blanks when `noisy`.
fn respace(text: &str, gap: Option<u64>, noisy: bool, crlf: bool, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let nl = if crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if noisy {
            out.push_str(["", "\u{3000}\u{3000}", "\t", "  "][rng.below(4) as usize]);
        }
        out.push_str(line);
        if noisy {
            out.push_str(["", " ", "\u{3000}", "\t "][rng.below(4) as usize]);
        }
        out.push_str(nl);
        for _ in 0..gap.unwrap_or_else(|| rng.below(4)) {
            out.push_str(nl);
        }
    }
    out
}

fn inputs() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = zzread::load::bundled()
        .iter()
        .map(|s| (s.id.clone(), s.read().map(|d| d.text).unwrap_or_default()))
        .collect();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/variants");
    let mut variants: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/variants exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    variants.sort();
    for p in variants {
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        all.push((name, std::fs::read_to_string(&p).expect("variant text")));
    }
    all
}

#[test]
fn re_spacing_a_dump_changes_nothing() {
    let jieba = zzread::words::jieba();
    let mut failures = Vec::new();
    for (name, text) in inputs() {
        let want = parse_issue(&name, &text, Some(jieba));
        let want_articles: Vec<String> = want.articles.iter().map(shape).collect();
        let want_pages: Vec<String> = want.pages.iter().map(page_shape).collect();
        let spacings = [
            ("no blank lines", Some(0), false, false),
            ("one blank line", Some(1), false, false),
            ("three blank lines", Some(3), false, true),
            ("mixed gaps, indents, trailing blanks", None, true, false),
            ("mixed gaps, CRLF", None, true, true),
        ];
        for (k, (how, gap, noisy, crlf)) in spacings.into_iter().enumerate() {
            let spaced = respace(&text, gap, noisy, crlf, k as u64 + 1);
            let got = parse_issue(&name, &spaced, Some(jieba));
            let got_articles: Vec<String> = got.articles.iter().map(shape).collect();
            let got_pages: Vec<String> = got.pages.iter().map(page_shape).collect();
            if got_articles != want_articles || got_pages != want_pages {
                let first = got_articles
                    .iter()
                    .zip(&want_articles)
                    .position(|(g, w)| g != w)
                    .map_or_else(
                        || {
                            format!(
                                "{} articles, wanted {}",
                                got_articles.len(),
                                want_articles.len()
                            )
                        },
                        |i| {
                            format!(
                                "article {}:\n{}\n  wanted\n{}",
                                i + 1,
                                got_articles[i],
                                want_articles[i]
                            )
                        },
                    );
                failures.push(format!("{name} with {how}: {first}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
