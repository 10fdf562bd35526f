//! Search results cross-checked against a brute-force scan of every article.

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use zzread::ids::IssueIx;
use zzread::model::Archive;
use zzread::search::fold::{fold, terms};
use zzread::search::{Haystack, Index, Outcome, Searchable, block_hits, search};
use zzread::store::{Corpus, Role, blocks};

struct Fixture {
    archive: Archive,
    searchable: Searchable,
    /// Folded searchable text per (issue, article), as a scan sees it.
    scan: Vec<((usize, usize), String)>,
}

impl Fixture {
    fn hay(&self) -> Haystack<'_> {
        self.searchable.hay()
    }
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let archive = zzread::archive::load_archive(&[], Some(zzread::words::jieba()));
        let mut scan = Vec::new();
        for (i, issue) in archive.issues.iter().enumerate() {
            for (a, article) in issue.articles.iter().enumerate() {
                let text: Vec<String> = blocks(article)
                    .into_iter()
                    .filter(|(r, _)| *r != Role::Note)
                    .map(|(_, t)| fold(&t))
                    .collect();
                scan.push(((i, a), text.join("\n")));
            }
        }
        let searchable = Searchable::build(&archive.issues);
        Fixture {
            archive,
            searchable,
            scan,
        }
    })
}

/// (issue, article) → hits of each result.
fn keyed(outcome: &Outcome) -> BTreeMap<(usize, usize), usize> {
    outcome
        .results
        .iter()
        .map(|r| ((r.at.issue.get(), r.at.n()), r.hits))
        .collect()
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
    keyed(&search(&f.hay(), query, None))
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
    let scan = Searchable::scan_only(&f.archive.issues);
    for q in ["医保", "株洲 记者", "ＳＹＢ", "的", "产业项"] {
        let a = search(&f.hay(), q, None);
        let b = search(&scan.hay(), q, None);
        assert_eq!(a.results, b.results, "{q}");
    }
}

#[test]
fn an_index_appended_issue_by_issue_gives_the_same_results() {
    // What the reader does: the loader indexes a segment at a time, the app appends.
    let f = fixture();
    let mut corpus = Corpus::new();
    let mut index = Index::new();
    for (i, issue) in f.archive.issues.iter().enumerate() {
        let mut part = Corpus::new();
        part.add_issue(IssueIx::new(i), issue);
        index.append(&Index::build(&part));
        corpus.append(&part);
    }
    assert_eq!(corpus, f.searchable.corpus);
    let hay = Haystack {
        corpus: &corpus,
        index: &index,
        newness: &f.searchable.newness,
    };
    for q in ["医保", "株洲 记者", "ＳＹＢ", "的", "产业项", "“智慧工地”"] {
        assert_eq!(keyed(&search(&hay, q, None)), brute_force(q), "{q}");
    }
}

#[test]
fn substring_of_a_word_is_found() {
    // A word index would miss these: 医保 inside 医保局, and a half-typed 产业项.
    let f = fixture();
    for q in ["医保", "产业项"] {
        let n = search(&f.hay(), q, None).results.len();
        assert!(n > 0, "{q}");
    }
}

#[test]
fn title_hits_rank_first() {
    let f = fixture();
    let outcome = search(&f.hay(), "医保", Some(zzread::words::jieba()));
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
    let outcome = search(&f.hay(), "医保支付改革", Some(zzread::words::jieba()));
    let words = outcome.fallback.expect("falls back");
    assert!(words.len() >= 2, "{words:?}");
    let joined = words.join(" ");
    assert_eq!(
        outcome
            .results
            .iter()
            .map(|r| r.at)
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
        let outcome = search(&f.hay(), q, None);
        let term = &terms(q)[0];
        for (k, r) in outcome.results.iter().enumerate() {
            let article = &f.archive.issues[r.at.issue.get()].articles[r.at.n()];
            let doc = f.searchable.corpus.doc(r.doc).expect("stored");
            let bl = blocks(article);
            let positions = outcome.positions(&f.searchable.corpus, k);
            assert_eq!(
                positions.len(),
                r.hits,
                "{q}: counted hits are the positions"
            );
            for h in block_hits(&doc, &bl, &positions) {
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
        let _ = search(&f.hay(), &q, Some(zzread::words::jieba()));
    }
}

#[test]
fn the_store_gives_back_the_text_as_printed() {
    // The reader draws from the store's folded copy: unfolding it must be exact.
    let f = fixture();
    let mut checked = 0;
    let mut folded_somewhere = false;
    for (i, issue) in f.archive.issues.iter().enumerate() {
        for (a, article) in issue.articles.iter().enumerate() {
            let doc = f
                .searchable
                .corpus
                .doc_of(IssueIx::new(i).article(a))
                .expect("stored");
            folded_somewhere |=
                (0..doc.block_count()).any(|b| doc.folded_block(b) != doc.block_text(b));
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
    assert!(folded_somewhere);
}
