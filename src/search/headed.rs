//! Headline-first lists: for each term of one to three chars that much of a cache
//! segment holds, how many articles hold it and how often in all, and the articles
//! whose headline holds it, each with its count in the whole article.
//!
//! A headline hit ranks a result above every result without one, so when enough
//! articles have the term in their headline, the first screens of results are all
//! among them. A keystroke on such a term (株, 株洲, 株洲市: in most of a daily's
//! articles, in a quarter of its headlines) then reads these short lists and the
//! totals, not a list of nearly every article of the archive
//! (`super::headlines_first`). At 100,000 issues that list is a million articles,
//! and walking it took longer than a keystroke may.
//!
//! A list's bytes: varints of the articles holding the term and of its occurrences
//! in them all, then (doc, occurrences in the whole article) varints for the
//! articles whose headline holds it, most occurrences first (then by doc): the best
//! results come first, and a search reads on only while an article may still be
//! among them. Three chars have no list of their own otherwise (their pairs'
//! positions place them): the segment counts them here where both pairs are
//! frequent, which are the three chars whose pairs' positions take long to walk.

use super::index::{
    CHAR_BITS, FIELD_KEYS, Field, List, each_complete, gram1, gram2, put_varint, read_varint,
    varint_at,
};
use rustc_hash::FxHashMap;

/// The tag of a headline-first list (above every other key a segment holds).
pub(super) const HEADED: u64 = 1 << 50;

/// Marks, under [`HEADED`], a key of three chars (16 bits each: the chars of
/// Chinese text are in the Basic Multilingual Plane).
const TRIGRAM: u64 = 1 << 49;

/// A term is frequent in a segment when at least one of this many of its articles
/// holds it: walking its articles (a pair's positions, for three chars) then takes
/// a good part of a keystroke at 100,000 issues. Rarer terms are walked.
const FREQUENT_SHARE: usize = 8;

/// Articles a frequent term is in at least, in a segment of `docs` articles (never
/// one: a term in a single article is walked at once).
fn frequent_from(docs: usize) -> u32 {
    u32::try_from((docs / FREQUENT_SHARE).max(2)).unwrap_or(u32::MAX)
}

/// The key of `term`'s headline-first list, when it can have one: one char, two
/// different chars, or three chars of the Basic Multilingual Plane whose first and
/// last differ (occurrences that cannot overlap, so that each list's counts are what
/// a search counts); none of them whitespace.
pub(super) fn headed_key(term: &str) -> Option<u64> {
    let chars: Vec<char> = term.chars().collect();
    if chars.iter().any(|c| c.is_whitespace()) {
        return None;
    }
    match chars[..] {
        [a] => Some(HEADED | gram1(a)),
        [a, b] if a != b => Some(HEADED | gram2(a, b)),
        [a, b, c] if a != c => gram3(a, b, c).map(|k| HEADED | k),
        _ => None,
    }
}

/// The key of three chars (without [`HEADED`]), if all are in the BMP.
fn gram3(a: char, b: char, c: char) -> Option<u64> {
    let bmp = |c: char| u16::try_from(u32::from(c)).ok().map(u64::from);
    Some(TRIGRAM | bmp(a)? << 32 | bmp(b)? << 16 | bmp(c)?)
}

/// The length in UTF-8 of the char in the low 21 bits of `code`.
fn utf8_len(code: u64) -> u32 {
    match code & CHAR_BITS {
        0..0x80 => 1,
        0x80..0x800 => 2,
        0x800..0x10000 => 3,
        _ => 4,
    }
}

/// The key of the three chars of pair `before` and pair `pair` that follows on from
/// it, when the three can have a list (see [`headed_key`]).
fn following(before: u64, pair: u64) -> Option<u64> {
    let a = char::from_u32(((before >> 21) & CHAR_BITS) as u32)?;
    let b = char::from_u32((before & CHAR_BITS) as u32)?;
    let c = char::from_u32((pair & CHAR_BITS) as u32)?;
    (a != c).then(|| gram3(a, b, c))?
}

/// A headline-first list read: the articles holding the term in its segment, its
/// occurrences in them all, and the (doc, occurrences) of those whose headline
/// holds it.
pub(super) struct Headed<'a> {
    pub docs: u32,
    pub hits: u32,
    /// Articles with a headline hit.
    pub headlines: u32,
    entries: &'a [u8],
}

impl<'a> Headed<'a> {
    pub(super) fn of(list: &List<'a>) -> Option<Headed<'a>> {
        let List::Shared { bytes, count } = *list else {
            return None;
        };
        let (docs, n) = read_varint(bytes);
        let (hits, m) = read_varint(bytes.get(n..)?);
        Some(Headed {
            docs,
            hits,
            headlines: count,
            entries: bytes.get(n + m..)?,
        })
    }

    /// (doc, occurrences in the whole article) of each article whose headline holds
    /// the term, most occurrences first; until `f` says stop.
    pub(super) fn each(&self, mut f: impl FnMut(u32, u32) -> bool) {
        let mut at = 0;
        while at < self.entries.len() {
            let doc = varint_at(self.entries, &mut at);
            let n = varint_at(self.entries, &mut at);
            if !f(doc, n) {
                return;
            }
        }
    }
}

/// Three-char terms counted as a segment is written: every one whose pairs are both
/// frequent. Each pair met says whether it is (it is looked up for its positions
/// anyway), so the others cost one test: most text is of rarer pairs.
pub(super) struct Trigrams {
    frequent: u32,
    frequent_pairs: Vec<u64>,
    counted: FxHashMap<u64, Trigram>,
    doc: u32,
    heading_end: u32,
    /// The pair met last in this document, when it is frequent, and where its
    /// second char starts (0: no such pair).
    prev: (u64, u32),
}

/// One three-char term's list as it is counted: its totals, and the entries of the
/// articles whose headline holds it (no list of every article: that is all a
/// headline-first list needs, and pushing each occurrence into one cost the writer
/// more than the rest of its counting).
#[derive(Default)]
struct Trigram {
    docs: u32,
    hits: u32,
    /// The article being counted, its occurrences so far, and whether its headline
    /// holds one.
    doc: u32,
    in_doc: u32,
    headed: bool,
    entries: Entries,
}

impl Trigram {
    /// An occurrence in article `doc` (articles in order), in its headline or not.
    fn see(&mut self, doc: u32, in_heading: bool) {
        if self.in_doc == 0 || self.doc != doc {
            self.finish_doc();
            self.doc = doc;
            self.docs += 1;
        }
        self.in_doc += 1;
        self.hits = self.hits.saturating_add(1);
        self.headed |= in_heading;
    }

    fn finish_doc(&mut self) {
        if self.headed {
            self.entries.push(self.doc, self.in_doc);
        }
        (self.in_doc, self.headed) = (0, false);
    }

    fn written(mut self, key: u64) -> (u64, Vec<u8>, u32, u32) {
        self.finish_doc();
        self.entries.written(key, self.docs, self.hits)
    }
}

/// The (doc, occurrences) entries of a headline-first list, as they are gathered.
#[derive(Default)]
struct Entries(Vec<(u32, u32)>);

impl Entries {
    fn push(&mut self, doc: u32, n: u32) {
        self.0.push((doc, n));
    }

    /// The list `key` of a term in `docs` articles, `hits` times in all.
    fn written(mut self, key: u64, docs: u32, hits: u32) -> (u64, Vec<u8>, u32, u32) {
        self.0
            .sort_unstable_by_key(|&(doc, n)| (std::cmp::Reverse(n), doc));
        let mut bytes = Vec::with_capacity(self.0.len() * 3 + 10);
        put_varint(&mut bytes, docs);
        put_varint(&mut bytes, hits);
        for &(doc, n) in &self.0 {
            put_varint(&mut bytes, doc);
            put_varint(&mut bytes, n);
        }
        let count = u32::try_from(self.0.len()).unwrap_or(u32::MAX);
        (key, bytes, count, 0)
    }
}

impl Trigrams {
    /// Ready for a segment of `docs` articles whose index lists are `lists`.
    pub(super) fn new(lists: &[(u64, Vec<u8>, u32, u32)], docs: usize) -> Trigrams {
        let frequent = frequent_from(docs);
        Trigrams {
            frequent,
            frequent_pairs: lists
                .iter()
                .filter(|l| l.0 >> 42 == 1 && l.0 < FIELD_KEYS && l.2 >= frequent)
                .map(|l| l.0)
                .collect(),
            counted: FxHashMap::default(),
            doc: 0,
            heading_end: 0,
            prev: (0, 0),
        }
    }

    /// The frequent pairs: what [`Trigrams::see`] is to be told of each of them.
    pub(super) fn frequent_pairs(&self) -> impl Iterator<Item = u64> + '_ {
        self.frequent_pairs.iter().copied()
    }

    /// Document `doc` comes next; its headline ends at byte `heading_end`.
    pub(super) fn start_doc(&mut self, doc: u32, heading_end: u32) {
        self.doc = doc;
        self.heading_end = heading_end;
        self.prev = (0, 0);
    }

    /// Pair `pair`, `frequent` or not, starts at byte `at` of the document (pairs met
    /// in order): with the pair before it, when both are frequent and adjacent, a
    /// three-char term is counted.
    pub(super) fn see(&mut self, pair: u64, at: u32, frequent: bool) {
        let second = if frequent {
            at + utf8_len(pair >> 21)
        } else {
            0
        };
        let (before, adjacent) = std::mem::replace(&mut self.prev, (pair, second));
        if !frequent || adjacent != at || adjacent == 0 {
            return;
        }
        let Some(key) = following(before, pair) else {
            return;
        };
        // The term ends where this pair does.
        let in_heading = at + utf8_len(pair >> 21) + utf8_len(pair) <= self.heading_end;
        self.counted
            .entry(key)
            .or_default()
            .see(self.doc, in_heading);
    }

    /// The segment's headline-first lists, sorted by key: for each frequent char and
    /// pair of `lists` (the segment's index lists, sorted by key), and each three-char
    /// term counted.
    pub(super) fn headed(
        self,
        lists: &[(u64, Vec<u8>, u32, u32)],
    ) -> Vec<(u64, Vec<u8>, u32, u32)> {
        let heading = |key: u64| {
            lists
                .binary_search_by_key(&(key | Field::Heading.tag()), |l| l.0)
                .ok()
                .map(|k| lists[k].1.as_slice())
        };
        let mut out: Vec<(u64, Vec<u8>, u32, u32)> = lists
            .iter()
            .take_while(|l| l.0 < FIELD_KEYS)
            .filter(|l| l.2 >= self.frequent)
            .map(|(key, whole, docs, _)| {
                headed_list(
                    HEADED | key,
                    whole,
                    *docs,
                    heading(*key).unwrap_or_default(),
                )
            })
            .collect();
        let mut three: Vec<(u64, Trigram)> = self.counted.into_iter().collect();
        three.sort_unstable_by_key(|t| t.0);
        out.extend(three.into_iter().map(|(key, t)| t.written(HEADED | key)));
        out
    }
}

/// The headline-first list `key` of a term whose complete list is `whole` (`docs`
/// articles) and whose headlines' list is `heading`.
fn headed_list(key: u64, whole: &[u8], docs: u32, heading: &[u8]) -> (u64, Vec<u8>, u32, u32) {
    let mut headed = Vec::new();
    each_complete(heading, |d, _| headed.push(d));
    let (mut entries, mut hits, mut k) = (Entries::default(), 0u32, 0usize);
    each_complete(whole, |d, n| {
        hits = hits.saturating_add(n);
        while headed.get(k).is_some_and(|&h| h < d) {
            k += 1;
        }
        if headed.get(k) == Some(&d) {
            entries.push(d, n);
        }
    });
    entries.written(key, docs, hits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::DocId;
    use crate::search::index::Lookup;
    use crate::search::installed::{articles_of, installed_in_parts, terms_of};
    use memchr::memmem;

    /// A part holds a term's headline-first list exactly when the term is frequent in
    /// it (three chars: when both its pairs are, and it is there at all), and the list
    /// says what reading the part's articles says: how many hold the term, how often,
    /// and which have it in the headline, with their counts.
    #[test]
    fn headline_first_lists_count_what_reading_counts() {
        let (corpus, index) = installed_in_parts(&articles_of("株洲市日报 a"), 5, 2);
        let (mut listed, mut three) = (0, 0);
        for term in terms_of("株洲市日报a") {
            let Some(key) = headed_key(&term) else {
                assert!(term.chars().count() > 1, "{term}");
                continue;
            };
            for k in 0..index.parts.len() {
                let ids = index.part_docs(k);
                // (articles, hits, (article, hits) of those with a headline hit)
                let read = |term: &str| {
                    let (mut docs, mut hits, mut headed) = (0u32, 0u32, Vec::new());
                    for id in ids.clone() {
                        let doc = corpus.doc(DocId(id)).expect("doc");
                        let starts: Vec<usize> =
                            memmem::find_iter(doc.text, term.as_bytes()).collect();
                        let n = starts.len() as u32;
                        if let Some(first) = starts.first() {
                            (docs, hits) = (docs + 1, hits + n);
                            if first + term.len() <= doc.heading_end() {
                                headed.push((id - ids.start, n));
                            }
                        }
                    }
                    (docs, hits, headed)
                };
                let frequent = |term: &str| read(term).0 >= frequent_from(ids.len());
                let (docs, hits, headed) = read(&term);
                let chars: Vec<char> = term.chars().collect();
                let listed_here = match chars[..] {
                    [a, b, c] => {
                        docs > 0 && frequent(&format!("{a}{b}")) && frequent(&format!("{b}{c}"))
                    }
                    _ => frequent(&term),
                };
                match index.parts[k].lookup(key) {
                    Lookup::Found(list) => {
                        assert!(listed_here, "{term} in part {k}: {docs} docs");
                        let h = Headed::of(&list).expect("shared");
                        assert_eq!((h.docs, h.hits), (docs, hits), "{term} in part {k}");
                        let mut got = Vec::new();
                        h.each(|d, n| {
                            got.push((d, n));
                            true
                        });
                        assert_eq!(h.headlines as usize, got.len(), "{term} in part {k}");
                        // Most occurrences first, then by doc.
                        let mut want = headed;
                        want.sort_by_key(|&(d, n)| (std::cmp::Reverse(n), d));
                        assert_eq!(got, want, "{term} in part {k}");
                        listed += 1;
                        three += usize::from(chars.len() == 3);
                    }
                    Lookup::Absent => assert!(!listed_here, "{term} in part {k}: {docs} docs"),
                    Lookup::Damaged => panic!("damaged"),
                }
            }
        }
        assert!(
            listed > 100 && three > 50,
            "{listed} lists, {three} of three chars"
        );
    }
}
