//! Test support: an index as a cache segment gives it back (shared lists with
//! positions, read from bytes), over small made-up articles.

use super::Index;
use super::index::{GRAM_WORDS, SharedLists, segment_lists};
use crate::ids::IssueIx;
use crate::model::{Article, Byline, Issue, Paragraph, ParagraphKind};
use crate::store::Corpus;
use std::sync::Arc;

/// Bytes kept as u64 words, so the gram table in them is aligned.
struct Words(Vec<u64>);

impl AsRef<[u8]> for Words {
    fn as_ref(&self) -> &[u8] {
        bytemuck::cast_slice(&self.0)
    }
}

/// The index a cache segment written for `corpus` gives back: its lists, with
/// positions, installed from bytes.
pub(super) fn installed(corpus: &Corpus) -> Index {
    let mut index = Index::new();
    install_segment(&mut index, corpus);
    index
}

/// `articles` in issues of `per_issue` each, and the index that cache segments of
/// `per_part` issues each give back for them.
pub(super) fn installed_in_parts(
    articles: &[Article],
    per_issue: usize,
    per_part: usize,
) -> (Corpus, Index) {
    let issues: Vec<Issue> = articles
        .chunks(per_issue)
        .map(|a| Issue::of_articles(a.to_vec()))
        .collect();
    let mut corpus = Corpus::new();
    for (k, issue) in issues.iter().enumerate() {
        corpus.add_issue(IssueIx::new(k), issue);
    }
    let mut index = Index::new();
    for part in issues.chunks(per_part) {
        let mut segment = Corpus::new();
        for (k, issue) in part.iter().enumerate() {
            segment.add_issue(IssueIx::new(k), issue);
        }
        install_segment(&mut index, &segment);
    }
    (corpus, index)
}

/// Installs in `index` the lists of a segment written for `corpus` (doc ids from 0),
/// after the documents it has.
fn install_segment(index: &mut Index, corpus: &Corpus) {
    let lists = segment_lists(Index::build(corpus), corpus);
    let mut table: Vec<u64> = Vec::new();
    let mut bytes: Vec<u8> = Vec::new();
    for (gram, list, count, last) in &lists {
        table.extend([
            *gram,
            bytes.len() as u64,
            list.len() as u64,
            (u64::from(*count) << 32) | u64::from(*last),
            xxhash_rust::xxh3::xxh3_64(list),
        ]);
        bytes.extend_from_slice(list);
    }
    let grams = 0..table.len() * 8;
    bytes.resize(bytes.len().div_ceil(8) * 8, 0);
    table.extend(
        bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))),
    );
    let all = Words(table);
    let end = all.as_ref().len();
    let shared = SharedLists::new(
        Arc::new(all),
        grams.clone(),
        grams.end..end,
        Arc::new(crate::store::part::Checked::new(0)),
    )
    .expect("a whole table");
    assert_eq!(lists.len() * GRAM_WORDS * 8, grams.len());
    index.install(shared, u32::try_from(corpus.len()).expect("few"));
}

/// Articles of text drawn from the chars of `alphabet` (so that terms recur,
/// overlap, and cross block and whitespace boundaries), headlines and bylines
/// included, in one issue.
pub(super) fn corpus_of(alphabet: &str) -> Corpus {
    let mut corpus = Corpus::new();
    corpus.add_issue(IssueIx(0), &Issue::of_articles(articles_of(alphabet)));
    corpus
}

/// The articles of [`corpus_of`].
pub(super) fn articles_of(alphabet: &str) -> Vec<Article> {
    articles(alphabet, 40)
}

/// `n` articles made as [`articles_of`]'s are.
pub(super) fn articles(alphabet: &str, n: usize) -> Vec<Article> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut seed = 7u32;
    let mut text = |n: usize| -> String {
        (0..n)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                alphabet[(seed >> 16) as usize % alphabet.len()]
            })
            .collect()
    };
    (0..n)
        .map(|k| Article {
            title: text(3 + k % 7),
            kicker: (k % 3 == 0).then(|| text(4)),
            byline: (k % 2 == 0).then(|| Byline {
                raw: text(6),
                ..Byline::default()
            }),
            paragraphs: (0..1 + k % 4)
                .map(|p| Paragraph {
                    kind: ParagraphKind::Text,
                    text: text(20 + p * 13),
                    lines: vec![],
                })
                .collect(),
            ..Article::default()
        })
        .collect()
}

/// Every term of one to three of `chars`.
pub(super) fn terms_of(chars: &str) -> Vec<String> {
    let chars: Vec<char> = chars.chars().collect();
    let mut out: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    for a in &chars {
        for b in &chars {
            out.push(format!("{a}{b}"));
            out.extend(chars.iter().map(|c| format!("{a}{b}{c}")));
        }
    }
    out
}
