//! Paragraphs printed twice. The dumps repeat some paragraphs, the stray copy first
//! and out of place; two articles may also print the same sentence on purpose. Only a
//! stray copy is dropped: a copy repeated inside one article, or a copy whose words
//! belong with the article of the other copy far more than with its own.

use super::draft::Draft;
use super::evidence::{fit, han_pairs};
use crate::model::ParagraphKind;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Paragraphs shorter than this are not deduplicated (short repeats are legitimate).
const MIN_DUPLICATE_CHARS: usize = 12;

/// Copies weighed against two articles per issue (each weighing reads both).
const MAX_WEIGHINGS: usize = 16;

/// How much more a copy must share with the other copy's article than with its own
/// to be the stray one: a clear majority, and more than a few pairs.
const MISPLACED_RATIO: f32 = 1.5;
const MISPLACED_MIN_SHARE: f32 = 0.05;

pub fn drop_misplaced(drafts: &mut [Draft]) {
    // Group equal texts: sort (hash, place) and compare neighbours, which costs no
    // allocation per paragraph.
    let mut keyed: Vec<(u64, usize, usize)> = Vec::new();
    for (d, draft) in drafts.iter().enumerate() {
        for (k, p) in draft.pieces.iter().enumerate() {
            let long = p.text().len() >= MIN_DUPLICATE_CHARS * 4
                || p.text().chars().count() >= MIN_DUPLICATE_CHARS;
            if p.kind() == ParagraphKind::Text && long {
                keyed.push((FxBuildHasher.hash_one(p.text()), d, k));
            }
        }
    }
    keyed.sort_unstable();
    let text = |&(_, d, k): &(u64, usize, usize)| drafts[d].pieces[k].text();
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0 && text(a) == text(b)) {
        if run.len() > 1 {
            groups.push(run.iter().map(|&(_, d, k)| (d, k)).collect());
        }
    }
    groups.sort();
    // Earlier copies are weighed without one another: a stray block of two
    // paragraphs must not vouch for itself.
    let strays: Vec<(usize, usize)> = groups
        .iter()
        .flat_map(|g| g.iter().take(g.len() - 1).copied())
        .collect();
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let mut weighings = 0;
    for group in groups {
        let Some(&(kd, kk)) = group.last() else {
            continue;
        };
        for &(d, k) in &group[..group.len() - 1] {
            let stray = if d == kd {
                true
            } else if weighings < MAX_WEIGHINGS {
                weighings += 1;
                let text = drafts[d].pieces[k].text();
                let own = cohesion(text, &drafts[d], d, k, &strays);
                let other = cohesion(text, &drafts[kd], kd, kk, &[(kd, kk)]);
                other >= MISPLACED_MIN_SHARE && other >= own * MISPLACED_RATIO
            } else {
                false
            };
            if stray {
                drop.push((d, k));
            }
        }
    }
    drop.sort_unstable();
    for &(d, k) in drop.iter().rev() {
        drafts[d].pieces.remove(k);
    }
}

/// How well a paragraph fits article `d` around piece `at` (without the pieces in
/// `skip`): the share of its Han character pairs the headline and the paragraphs near
/// it use too.
fn cohesion(text: &str, draft: &Draft, d: usize, at: usize, skip: &[(usize, usize)]) -> f32 {
    let a = &draft.article;
    let near = at.saturating_sub(COHESION_REACH)..(at + COHESION_REACH + 1).min(draft.pieces.len());
    let rest = std::iter::once(a.title.as_str())
        .chain(a.subtitles.iter().map(String::as_str))
        .chain(
            draft.pieces[near.clone()]
                .iter()
                .zip(near)
                .filter(|&(p, k)| !skip.contains(&(d, k)) && p.text() != text)
                .map(|(p, _)| p.text()),
        );
    fit(&han_pairs(text), rest)
}

/// How many paragraphs either side of a copy its article is read for: enough to say
/// what the neighbourhood is about.
const COHESION_REACH: usize = 12;
