//! Search results cross-checked against a brute-force scan of every article.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use zzread::blocks::{Role, blocks};
use zzread::model::Archive;
use zzread::search::fold::{fold, terms};
use zzread::search::{Index, block_hits, search};

struct Fixture {
    archive: Archive,
    index: Index,
    /// Folded searchable text per (issue, article), as a scan sees it.
    scan: Vec<((usize, usize), String)>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let archive = zzread::archive::load_archive(&[], Some(zzread::words::jieba()));
        let mut index = Index::new();
        let mut scan = Vec::new();
        for (i, issue) in archive.issues.iter().enumerate() {
            index.add_issue(i, issue);
            for (a, article) in issue.articles.iter().enumerate() {
                let text: Vec<String> = blocks(article)
                    .into_iter()
                    .filter(|(r, _)| *r != Role::Note)
                    .map(|(_, t)| fold(&t))
                    .collect();
                scan.push(((i, a), text.join("\n")));
            }
        }
        Fixture {
            archive,
            index,
            scan,
        }
    })
}

/// (issue, article) → number of hits, by scanning.
fn brute_force(query: &str) -> BTreeMap<(usize, usize), usize> {
    let terms = terms(query);
    let mut out = BTreeMap::new();
    if terms.is_empty() {
        return out;
    }
    for (key, text) in &fixture().scan {
        let counts: Vec<usize> = terms
            .iter()
            .map(|t| text.matches(t.as_str()).count())
            .collect();
        if counts.iter().all(|&c| c > 0) {
            out.insert(*key, counts.iter().sum());
        }
    }
    out
}

fn indexed(query: &str) -> BTreeMap<(usize, usize), usize> {
    let f = fixture();
    // No jieba: the fallback would (rightly) differ from a scan.
    let outcome = search(&f.index, query, None);
    outcome
        .results
        .iter()
        .map(|r| ((r.issue, r.article), r.hits))
        .collect()
}

fn assert_same(query: &str) {
    assert_eq!(indexed(query), brute_force(query), "query {query:?}");
}

#[test]
fn known_queries_match_a_scan() {
    for q in [
        "医保",
        "医保局",
        "产业项",
        "株洲",
        "的",
        "SYB",
        "syb",
        "ＳＹＢ",
        "医保 支付",
        "记者 刘琼",
        "2050户",
        "“智慧工地”",
        "不存在的词语",
        "x",
    ] {
        assert_same(q);
    }
    assert!(!indexed("医保局").is_empty());
    assert_eq!(
        indexed("ＳＹＢ"),
        indexed("syb"),
        "full-width folds to half-width, any case"
    );
}

#[test]
fn a_scan_only_index_gives_the_same_results() {
    let f = fixture();
    let mut scan = Index::scan_only();
    for (i, issue) in f.archive.issues.iter().enumerate() {
        scan.add_issue(i, issue);
    }
    for q in ["医保", "株洲 记者", "ＳＹＢ", "的", "产业项"] {
        let a = search(&f.index, q, None);
        let b = search(&scan, q, None);
        assert_eq!(a.results, b.results, "{q}");
    }
}

#[test]
fn substring_of_a_word_is_found() {
    // A word index would miss these: 医保 inside 医保局, and a half-typed 产业项.
    let f = fixture();
    for q in ["医保", "产业项"] {
        let n = search(&f.index, q, None).results.len();
        assert!(n > 0, "{q}");
    }
}

#[test]
fn title_hits_rank_first() {
    let f = fixture();
    let outcome = search(&f.index, "医保", Some(zzread::words::jieba()));
    let first_non_title = outcome
        .results
        .iter()
        .position(|r| !r.title_hit)
        .unwrap_or(outcome.results.len());
    assert!(first_non_title > 0, "some title holds 医保");
    assert!(
        outcome.results[first_non_title..]
            .iter()
            .all(|r| !r.title_hit)
    );
}

#[test]
fn long_phrase_without_exact_hit_falls_back_to_its_words() {
    let f = fixture();
    let outcome = search(&f.index, "医保支付改革", Some(zzread::words::jieba()));
    let words = outcome.fallback.expect("falls back");
    assert!(words.len() >= 2, "{words:?}");
    let joined = words.join(" ");
    assert_eq!(
        outcome
            .results
            .iter()
            .map(|r| (r.issue, r.article))
            .collect::<Vec<_>>()
            .len(),
        brute_force(&joined).len(),
        "all words present: {joined}"
    );
}

#[test]
fn highlights_land_on_the_matching_characters() {
    let f = fixture();
    for q in ["医保", "ＳＹＢ", "株洲日报", "“"] {
        let outcome = search(&f.index, q, None);
        let term = &terms(q)[0];
        for (k, r) in outcome.results.iter().enumerate() {
            let article = &f.archive.issues[r.issue].articles[r.article];
            let doc = &f.index.docs[r.doc as usize];
            let bl = blocks(article);
            let positions = outcome.positions(&f.index, k);
            assert_eq!(
                positions.len(),
                r.hits,
                "{q}: counted hits are the positions"
            );
            for h in block_hits(doc, &bl, &positions) {
                let shown = bl[h.block].1.get(h.start..h.end).expect("char boundaries");
                assert_eq!(&fold(shown), term, "{q}");
            }
        }
    }
}

fn substring_query() -> impl Strategy<Value = String> {
    let n = fixture().scan.len();
    (0..n, any::<prop::sample::Index>(), 1usize..7, any::<bool>()).prop_map(
        |(k, at, len, upper)| {
            let text = &fixture().scan[k].1;
            let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
            let start = at.index(chars.len().max(1));
            let s: String = chars.iter().skip(start).take(len).collect();
            if upper { s.to_uppercase() } else { s }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_substring_query_matches_a_scan(q in substring_query()) {
        assert_same(&q);
    }

    #[test]
    fn two_term_queries_match_a_scan(a in substring_query(), b in substring_query()) {
        assert_same(&format!("{a} {b}"));
    }

    #[test]
    fn arbitrary_queries_never_panic(q in any::<String>()) {
        let f = fixture();
        let _ = search(&f.index, &q, Some(zzread::words::jieba()));
    }
}

#[test]
fn index_docs_give_back_the_text_as_printed() {
    // The reader shows outlined issues from the index: its copy must be exact.
    let f = fixture();
    let mut checked = 0;
    for (i, issue) in f.archive.issues.iter().enumerate() {
        for (a, article) in issue.articles.iter().enumerate() {
            let doc = f.index.doc_of(i, a).expect("indexed");
            let want: Vec<(Role, String)> = blocks(article)
                .into_iter()
                .map(|(r, t)| {
                    if r == Role::Note {
                        (r, String::new())
                    } else {
                        (r, t)
                    }
                })
                .collect();
            assert_eq!(doc.blocks(), want, "{}", article.id);
            checked += 1;
        }
    }
    assert!(checked > 40);
    // Folding really happened somewhere, so the unfolding was exercised.
    assert!(f.index.docs.iter().any(|d| !d.unfolded.is_empty()));
}
