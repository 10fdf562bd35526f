//! Paragraphs printed twice. The dumps repeat some paragraphs, the stray copy first
//! and out of place; two articles may also print the same sentence on purpose. Only a
//! stray copy is dropped: a copy repeated inside one article, or a copy whose words
//! belong with the article of the other copy far more than with its own.

use super::draft::Draft;
use super::evidence::{han_pairs, share};
use crate::model::ParagraphKind;
use std::collections::HashMap;

/// Paragraphs shorter than this are not deduplicated (short repeats are legitimate).
const MIN_DUPLICATE_CHARS: usize = 12;

/// Copies weighed against two articles per issue (each weighing reads both).
const MAX_WEIGHINGS: usize = 16;

/// How much more a copy must share with the other copy's article than with its own
/// to be the stray one: a clear majority, and more than a few pairs.
const MISPLACED_RATIO: f32 = 1.5;
const MISPLACED_MIN_SHARE: f32 = 0.15;

pub fn drop_misplaced(drafts: &mut [Draft]) {
    let mut copies: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (d, draft) in drafts.iter().enumerate() {
        for (k, p) in draft.pieces.iter().enumerate() {
            if p.kind() == ParagraphKind::Text && p.text().chars().count() >= MIN_DUPLICATE_CHARS {
                copies.entry(p.text()).or_default().push((d, k));
            }
        }
    }
    let mut groups: Vec<Vec<(usize, usize)>> =
        copies.into_values().filter(|v| v.len() > 1).collect();
    groups.sort();
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
                let own = cohesion(text, &drafts[d], k);
                let other = cohesion(text, &drafts[kd], kk);
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

/// How well a paragraph fits an article (without piece `skip`): the share of its
/// Han character pairs the rest of the article, headline included, uses too.
fn cohesion(text: &str, draft: &Draft, skip: usize) -> f32 {
    let mut rest = draft.article.title.clone();
    for t in &draft.article.subtitles {
        rest.push('\n');
        rest.push_str(t);
    }
    for (k, p) in draft.pieces.iter().enumerate() {
        if k != skip && p.text() != text {
            rest.push('\n');
            rest.push_str(p.text());
        }
    }
    share(&han_pairs(text), &han_pairs(&rest))
}
