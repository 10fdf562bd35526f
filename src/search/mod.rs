//! Search: exact substring over every article, as a Chinese reader expects.
//!
//! - `fold`: full-width/half-width and case folding, one char for one char.
//! - `lang`: the query language (terms, "phrases", date/column/byline filters, sort,
//!   scope), parsed once into a [`Query`].
//! - `index`: a character + bigram index over the text store's folded documents,
//!   built in segments, confirmed by memmem (results identical to a scan).
//! - `candidates`: the articles a term may be in, read from the index's lists.
//! - `phrase`: where a term of three chars or more lies, from the cache's pair
//!   positions (counted without reading the articles).
//! - `pinyin`: Latin-letter terms matched against the readings of Chinese text.
//! - `pinyin_pairs`: what the index's pair lists say of a pinyin term (the counts
//!   of articles whose matches are single pairs, and which others to look at).
//! - `pinyin_chains`: pinyin matches longer than a pair, followed pair by pair
//!   through the cache's positions (or flagged for reading where there are none).
//! - `tally`: results counted from the index's lists alone, in one pass per part,
//!   for terms each list answers exactly (what a keystroke on a short term runs).
//! - `headed`: a cache segment's headline-first lists of its frequent terms: their
//!   totals, and their articles with a headline hit.
//! - `headlines_first`: a lone frequent term's first results from those lists,
//!   the others only counted until the reader goes past them.
//! - `query`: running a query: candidates, confirmation, filters, ranking (title
//!   hits, jieba word boundaries, hit count, date), the jieba fallback for long phrases.
//! - `order`: each result's rank packed into a number; the best taken first, the
//!   rest put in order as the reader reaches them.
//! - `snippet`: one line of context around a hit, by display width.
//! - `related`: an article's keywords (TF-IDF over this archive) and the articles
//!   that share them ("more like this").
//!
//! Pure: no terminal, no file system. jieba is optional everywhere, so a keystroke
//! never waits for the dictionary.

pub mod candidates;
pub mod fold;
mod headed;
mod headlines_first;
pub mod index;
#[cfg(test)]
mod installed;
pub mod lang;
mod order;
pub mod phrase;
pub mod pinyin;
mod pinyin_chains;
pub mod pinyin_pairs;
pub mod query;
pub mod related;
pub mod snippet;
mod tally;

pub use index::Index;
pub use lang::{Dates, ErrorKind, Query, QueryError, Sort, Term};
pub use query::{
    BlockHit, Found, Haystack, Hit, Outcome, Searchable, block_hits, find, newness, search,
};
pub use snippet::{result_snippet, snippet};
