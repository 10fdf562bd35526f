//! "More like this": an article's keywords, and the articles that share them.
//!
//! Keywords are jieba words weighed by TF-IDF, with the document frequencies taken from
//! this archive's own index (a word every article of this paper prints, 株洲 or 记者,
//! weighs nothing here, whatever a general corpus says). The related articles are those
//! holding the most of the keywords, rarer ones counting for more.

use super::query::{Found, Haystack, Outcome};
use crate::ids::{ArticleIx, DocId};
use crate::store::Doc;
use jieba_rs::Jieba;
use memchr::memmem;
use rustc_hash::FxHashMap;

/// Keywords a list is searched with (and its header names).
pub const KEYWORDS: usize = 5;
/// Words whose document frequency is looked up: the most frequent in the article (a
/// lookup decodes a posting list).
const WEIGHED: usize = 40;
/// A word in the headline counts this many times over.
const HEADLINE_WEIGHT: usize = 3;

/// Words too general to say what an article is about, frequent in any news text
/// (the archive's frequencies catch the rest once it has more than a few issues).
const STOPWORDS: &[&str] = &[
    "我们",
    "他们",
    "你们",
    "自己",
    "一个",
    "这个",
    "那个",
    "这些",
    "那些",
    "没有",
    "已经",
    "进行",
    "开展",
    "通过",
    "以及",
    "同时",
    "目前",
    "今年",
    "去年",
    "明年",
    "今天",
    "表示",
    "相关",
    "有关",
    "其中",
    "之一",
    "可以",
    "需要",
    "工作",
    "方面",
    "问题",
    "情况",
    "一些",
    "不断",
    "进一步",
    "积极",
    "加强",
    "推进",
    "提升",
    "全面",
    "重要",
    "主要",
    "记者",
    "通讯员",
    "日报",
    "时间",
    "如何",
    "怎么",
    "什么",
    "为了",
    "因为",
    "所以",
    "但是",
    "如果",
    "就是",
    "还是",
    "或者",
    "而且",
    "并且",
    "以上",
    "以下",
    "左右",
    "之后",
    "之前",
    "期间",
];

/// The article's keywords, best first: words of two or more characters, Chinese or
/// Latin, that other articles of the archive also hold, by TF-IDF.
pub fn keywords(jieba: &Jieba, hay: &Haystack<'_>, doc: &Doc<'_>) -> Vec<String> {
    let text = doc.text_str();
    let heading_end = doc.heading_end();
    let mut tf: FxHashMap<&str, usize> = FxHashMap::default();
    for token in jieba.cut(text, false) {
        let w = token.word;
        if !worth_weighing(w) {
            continue;
        }
        let weight = if token.byte_start < heading_end {
            HEADLINE_WEIGHT
        } else {
            1
        };
        *tf.entry(w).or_default() += weight;
    }
    let mut by_count: Vec<(&str, usize)> = tf.into_iter().collect();
    // Ties broken by length, then the word itself: the same article, the same keywords.
    by_count.sort_by(|a, b| {
        (b.1, b.0.chars().count())
            .cmp(&(a.1, a.0.chars().count()))
            .then(a.0.cmp(b.0))
    });
    let docs = hay.corpus.len().max(1) as f64;
    let mut scored: Vec<(f64, &str)> = by_count
        .into_iter()
        .take(WEIGHED)
        .filter_map(|(w, n)| {
            let df = hay.index.candidates(w).len();
            // Held by this article alone: it finds nothing else.
            (df >= 2).then(|| (n as f64 * (docs / df as f64).ln(), w))
        })
        .filter(|(score, _)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, w) in scored {
        // 医保 and 医保局 say the same thing twice.
        if out.iter().any(|k| k.contains(w) || w.contains(k.as_str())) {
            continue;
        }
        out.push(w.to_owned());
        if out.len() == KEYWORDS {
            break;
        }
    }
    out
}

/// A word that can say what an article is about.
fn worth_weighing(w: &str) -> bool {
    let chars = w.chars().count();
    let cjk = w.chars().all(crate::parse::is_cjk);
    let latin = w.chars().all(|c| c.is_ascii_alphabetic());
    ((cjk && chars >= 2) || (latin && chars >= 3)) && !STOPWORDS.contains(&w)
}

/// The articles holding the most of `keywords` (folded, as [`keywords`] gives them),
/// rarer keywords weighing more, `of` itself left out; at most `limit`, best first,
/// newer first among equals. `Outcome::terms` are the keywords, so the preview
/// highlights them.
pub fn search(hay: &Haystack<'_>, keywords: &[String], of: ArticleIx, limit: usize) -> Outcome {
    let docs = hay.corpus.len().max(1) as f64;
    // Per document: (score, keyword occurrences, a keyword in the headline).
    let mut scores: FxHashMap<u32, (f64, usize, bool)> = FxHashMap::default();
    for k in keywords {
        let candidates = hay.index.candidates(k);
        if candidates.is_empty() {
            continue;
        }
        let idf = (docs / candidates.len() as f64).ln().max(0.1);
        let finder = memmem::Finder::new(k.as_bytes());
        for id in candidates {
            let Some(doc) = hay.corpus.doc(DocId(id)) else {
                continue;
            };
            if doc.at == of {
                continue;
            }
            // The index's candidates for a longer word are a superset: count confirms.
            let n = finder.find_iter(doc.text).count();
            if n == 0 {
                continue;
            }
            let heading = doc.text.get(..doc.heading_end()).unwrap_or(doc.text);
            let e = scores.entry(id).or_insert((0.0, 0, false));
            e.0 += idf * (1.0 + (n as f64).ln());
            e.1 += n;
            e.2 |= finder.find(heading).is_some();
        }
    }
    let mut ranked: Vec<(f64, Found)> = scores
        .into_iter()
        .filter_map(|(id, (score, hits, title_hit))| {
            let doc = hay.corpus.doc(DocId(id))?;
            Some((
                score,
                Found {
                    doc: doc.id,
                    at: doc.at,
                    hits: super::query::saturated(hits),
                    title_hit,
                    word_hits: 0,
                    pinyin: false,
                    byline_only: false,
                },
            ))
        })
        .collect();
    let newer = |f: &Found| hay.newness.get(f.at.issue.get()).copied().unwrap_or(0);
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(newer(&b.1).cmp(&newer(&a.1)))
            .then(a.1.at.cmp(&b.1.at))
    });
    ranked.truncate(limit);
    let results: Vec<Found> = ranked.into_iter().map(|(_, f)| f).collect();
    Outcome {
        terms: keywords.to_vec(),
        // In order already: by the keywords' score.
        results,
        ..Outcome::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Searchable;

    fn bundled() -> Searchable {
        let archive = crate::archive::load_archive(&[], Some(crate::words::jieba()));
        Searchable::build(&archive.issues)
    }

    #[test]
    fn keywords_are_words_other_articles_hold_and_never_the_papers_stock_words() {
        let s = bundled();
        let jieba = crate::words::jieba();
        let hay = s.hay();
        let mut seen_any = false;
        for doc in s.corpus.docs() {
            let keys = keywords(jieba, &hay, &doc);
            assert!(keys.len() <= KEYWORDS);
            for k in &keys {
                seen_any = true;
                assert!(doc.text_str().contains(k.as_str()), "{k} is in the article");
                assert!(!STOPWORDS.contains(&k.as_str()), "{k}");
                let others = s
                    .corpus
                    .docs()
                    .filter(|d| d.at != doc.at && d.text_str().contains(k.as_str()))
                    .count();
                assert!(others >= 1, "{k} is held by another article too");
            }
        }
        assert!(seen_any);
    }

    #[test]
    fn related_articles_share_keywords_and_leave_out_the_article_itself() {
        let s = bundled();
        let jieba = crate::words::jieba();
        let hay = s.hay();
        // The article on online medical-insurance payment (000#1 in the bundled issues).
        let doc = s
            .corpus
            .docs()
            .find(|d| d.text_str().contains("线上医保支付"))
            .expect("the bundled 医保 article");
        let keys = keywords(jieba, &hay, &doc);
        assert!(keys.iter().any(|k| k.contains("医保")), "{keys:?}");
        let outcome = search(&hay, &keys, doc.at, 10);
        assert!(!outcome.results.is_empty());
        assert!(outcome.results.len() <= 10);
        for r in &outcome.results {
            assert_ne!(r.at, doc.at);
            let d = s.corpus.doc(r.doc).expect("doc");
            assert!(
                keys.iter().any(|k| d.text_str().contains(k.as_str())),
                "a related article holds a keyword"
            );
        }
        // The best related article holds more keyword occurrences than the last.
        let first = &outcome.results[0];
        let last = &outcome.results[outcome.results.len() - 1];
        assert!(first.hits >= last.hits || first.title_hit, "{outcome:?}");
    }
}
