//! Read marks, stored compactly: a year of the paper is ~200,000 article ids, and every
//! save re-reads and rewrites them all.
//!
//! Ids are `ISSUE#N` (the parser's article ids). In memory they are grouped per issue as
//! sorted article numbers; on disk each issue's numbers are written as ranges,
//! `"2023-04-26": "1-12,15,17-20"`, so a fully read issue costs one short string instead
//! of 500 quoted ids. An id not of that shape (or with a number written unusually, like
//! `#07`, which would not survive the round trip) is kept as it is, in a list of its own.
//!
//! Version 1 files stored a plain array of ids; that form is still read.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// More read marks than this in one archive is a broken file, not reading history
/// (a lifetime of the paper is ~10 million articles); refusing it keeps a corrupt range
/// like `1-4000000000` from expanding into memory.
pub const MAX_READ_MARKS: usize = 20_000_000;

/// A set of article ids, grouped per issue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadMarks {
    /// Issue id → its article numbers, sorted, no repeats, never empty.
    issues: BTreeMap<String, Vec<u32>>,
    /// Ids not of the form `ISSUE#N`.
    other: BTreeSet<String>,
}

/// `ISSUE#N` → (`ISSUE`, N), when N is written the way the parser writes it (decimal,
/// no sign, no leading zero), so that formatting it again gives back the same id.
fn split(id: &str) -> Option<(&str, u32)> {
    let (issue, n) = id.rsplit_once('#')?;
    let canonical =
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'));
    if !canonical {
        return None;
    }
    Some((issue, n.parse().ok()?))
}

fn join(issue: &str, n: u32) -> String {
    format!("{issue}#{n}")
}

impl ReadMarks {
    pub fn new() -> ReadMarks {
        ReadMarks::default()
    }

    pub fn contains(&self, id: &str) -> bool {
        match split(id) {
            Some((issue, n)) => self
                .issues
                .get(issue)
                .is_some_and(|ns| ns.binary_search(&n).is_ok()),
            None => self.other.contains(id),
        }
    }

    /// Adds `id`; false when it was there already.
    pub fn insert(&mut self, id: impl AsRef<str>) -> bool {
        let id = id.as_ref();
        let Some((issue, n)) = split(id) else {
            return self.other.insert(id.to_owned());
        };
        let ns = self.issues.entry(issue.to_owned()).or_default();
        match ns.binary_search(&n) {
            Ok(_) => false,
            Err(at) => {
                ns.insert(at, n);
                true
            }
        }
    }

    /// Removes `id`; false when it was not there.
    pub fn remove(&mut self, id: &str) -> bool {
        let Some((issue, n)) = split(id) else {
            return self.other.remove(id);
        };
        let Some(ns) = self.issues.get_mut(issue) else {
            return false;
        };
        let Ok(at) = ns.binary_search(&n) else {
            return false;
        };
        ns.remove(at);
        if ns.is_empty() {
            self.issues.remove(issue);
        }
        true
    }

    pub fn len(&self) -> usize {
        self.issues.values().map(Vec::len).sum::<usize>() + self.other.len()
    }

    pub fn is_empty(&self) -> bool {
        self.issues.is_empty() && self.other.is_empty()
    }

    /// Every id, per issue in issue order and article number order, then the others.
    pub fn iter(&self) -> impl Iterator<Item = String> + '_ {
        self.issues
            .iter()
            .flat_map(|(issue, ns)| ns.iter().map(move |&n| join(issue, n)))
            .chain(self.other.iter().cloned())
    }

    /// The ids in `self` and not in `other`: what was marked between two snapshots.
    pub fn difference<'a>(&'a self, other: &'a ReadMarks) -> impl Iterator<Item = String> + 'a {
        let numbered = self.issues.iter().flat_map(move |(issue, ns)| {
            let theirs = other
                .issues
                .get(issue)
                .map(Vec::as_slice)
                .unwrap_or_default();
            sorted_difference(ns, theirs).map(move |n| join(issue, n))
        });
        numbered.chain(self.other.difference(&other.other).cloned())
    }
}

/// The numbers of sorted `a` that are not in sorted `b`, in one merge pass.
fn sorted_difference<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let mut k = 0;
    a.iter().copied().filter(move |&n| {
        while b.get(k).is_some_and(|&m| m < n) {
            k += 1;
        }
        b.get(k) != Some(&n)
    })
}

impl<S: AsRef<str>> FromIterator<S> for ReadMarks {
    fn from_iter<I: IntoIterator<Item = S>>(ids: I) -> ReadMarks {
        let mut marks = ReadMarks::new();
        for id in ids {
            let id = id.as_ref();
            match split(id) {
                Some((issue, n)) => marks.issues.entry(issue.to_owned()).or_default().push(n),
                None => {
                    marks.other.insert(id.to_owned());
                }
            }
        }
        // Sorting once at the end: inserting one by one would shift the vectors.
        for ns in marks.issues.values_mut() {
            ns.sort_unstable();
            ns.dedup();
        }
        marks
    }
}

impl IntoIterator for ReadMarks {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter().collect::<Vec<_>>().into_iter()
    }
}

/// `[1, 2, 3, 5, 9, 10]` → `"1-3,5,9-10"`.
fn ranges(ns: &[u32]) -> String {
    let mut out = String::with_capacity(ns.len() * 2);
    let mut k = 0;
    while let Some(&start) = ns.get(k) {
        let mut end = start;
        while ns
            .get(k + 1)
            .is_some_and(|&n| Some(n) == end.checked_add(1))
        {
            k += 1;
            end += 1;
        }
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&start.to_string());
        if end != start {
            out.push('-');
            out.push_str(&end.to_string());
        }
        k += 1;
    }
    out
}

/// `"1-3,5"` → `[1, 2, 3, 5]`, appended to `out`; `budget` is how many numbers may
/// still be added in all.
fn parse_ranges(s: &str, out: &mut Vec<u32>, budget: &mut usize) -> Result<(), String> {
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let number = |t: &str| {
            t.parse::<u32>()
                .map_err(|_| format!("bad article range {part:?}"))
        };
        let (a, b) = (number(a)?, number(b)?);
        if b < a {
            return Err(format!("bad article range {part:?}"));
        }
        let count = (b - a) as usize + 1;
        if count > *budget {
            return Err(format!("more than {MAX_READ_MARKS} read marks"));
        }
        *budget -= count;
        out.extend(a..=b);
    }
    Ok(())
}

/// The on-disk forms: version 2's grouped ranges, or version 1's list of ids.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Repr {
    Compact {
        issues: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ids: Vec<String>,
    },
    Ids(Vec<String>),
}

impl Serialize for ReadMarks {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let issues = self
            .issues
            .iter()
            .map(|(issue, ns)| (issue.clone(), ranges(ns)))
            .collect();
        let ids = self.other.iter().cloned().collect();
        Repr::Compact { issues, ids }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ReadMarks {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ReadMarks, D::Error> {
        match Repr::deserialize(deserializer)? {
            Repr::Ids(ids) => {
                if ids.len() > MAX_READ_MARKS {
                    return Err(D::Error::custom(format!(
                        "more than {MAX_READ_MARKS} read marks"
                    )));
                }
                Ok(ids.into_iter().collect())
            }
            Repr::Compact { issues, ids } => {
                let mut budget = MAX_READ_MARKS.saturating_sub(ids.len());
                let mut marks = ReadMarks {
                    issues: BTreeMap::new(),
                    other: ids.into_iter().collect(),
                };
                for (issue, spec) in issues {
                    let mut ns = Vec::new();
                    parse_ranges(&spec, &mut ns, &mut budget).map_err(D::Error::custom)?;
                    ns.sort_unstable();
                    ns.dedup();
                    if !ns.is_empty() {
                        marks.issues.insert(issue, ns);
                    }
                }
                Ok(marks)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_round_trip_through_the_compact_form() {
        let ids = [
            "2023-04-26#1",
            "2023-04-26#2",
            "2023-04-26#3",
            "2023-04-26#15",
            "b#0",
            "a#b#7",
            "odd",
            "x#07",
            "y#",
            "z#-1",
        ];
        let marks: ReadMarks = ids.iter().collect();
        assert_eq!(marks.len(), ids.len());
        for id in ids {
            assert!(marks.contains(id), "{id}");
        }
        let json = serde_json::to_value(&marks).unwrap();
        assert_eq!(json["issues"]["2023-04-26"], "1-3,15");
        assert_eq!(json["issues"]["a#b"], "7");
        assert_eq!(
            json["ids"],
            serde_json::json!(["odd", "x#07", "y#", "z#-1"])
        );
        let back: ReadMarks = serde_json::from_value(json).unwrap();
        assert_eq!(back, marks);
    }

    #[test]
    fn version_1_lists_of_ids_are_read() {
        let marks: ReadMarks = serde_json::from_str(r#"["a#2", "a#1", "a#1", "other"]"#).unwrap();
        assert_eq!(marks.iter().collect::<Vec<_>>(), ["a#1", "a#2", "other"]);
    }

    #[test]
    fn insert_and_remove_keep_the_set_exact() {
        let mut marks = ReadMarks::new();
        assert!(marks.insert("a#3"));
        assert!(!marks.insert("a#3"));
        assert!(marks.insert("a#1"));
        assert!(marks.remove("a#3"));
        assert!(!marks.remove("a#3"));
        assert!(!marks.remove("b#1"));
        assert!(marks.remove("a#1"));
        assert!(marks.is_empty());
        assert_eq!(serde_json::to_string(&marks).unwrap(), r#"{"issues":{}}"#);
    }

    #[test]
    fn broken_ranges_are_errors_not_memory() {
        for bad in [
            r#"{"issues":{"a":"3-1"}}"#,
            r#"{"issues":{"a":"x"}}"#,
            r#"{"issues":{"a":"1-4000000000"}}"#,
            r#"{"issues":{"a":"-5"}}"#,
        ] {
            assert!(serde_json::from_str::<ReadMarks>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn difference_lists_what_one_snapshot_has_and_the_other_not() {
        let a: ReadMarks = ["x#1", "x#2", "x#5", "y#1", "odd"].iter().collect();
        let b: ReadMarks = ["x#2", "x#3", "z#1"].iter().collect();
        assert_eq!(
            a.difference(&b).collect::<Vec<_>>(),
            ["x#1", "x#5", "y#1", "odd"]
        );
        assert_eq!(b.difference(&a).collect::<Vec<_>>(), ["x#3", "z#1"]);
    }

    proptest! {
        #[test]
        fn behaves_like_a_set_of_strings(ops in prop::collection::vec((any::<bool>(), 0u8..4, 0u32..40), 0..200)) {
            let mut marks = ReadMarks::new();
            let mut model = BTreeSet::new();
            for (add, issue, n) in ops {
                let id = if issue == 3 { format!("odd{n}") } else { format!("i{issue}#{n}") };
                if add {
                    prop_assert_eq!(marks.insert(&id), model.insert(id.clone()));
                } else {
                    prop_assert_eq!(marks.remove(&id), model.remove(&id));
                }
            }
            prop_assert_eq!(marks.len(), model.len());
            let listed: BTreeSet<String> = marks.iter().collect();
            prop_assert_eq!(&listed, &model);
            let back: ReadMarks = serde_json::from_str(&serde_json::to_string(&marks).unwrap()).unwrap();
            prop_assert_eq!(back, marks);
        }
    }
}
