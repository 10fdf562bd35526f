//! One line of context around a hit, cut by display width.

use super::query::{Outcome, block_hit};
use crate::store::Corpus;
use crate::text::{AmbiguousWidth, grapheme_width, graphemes, str_width};
use std::ops::Range;

/// The excerpt of result `k` around its first hit, as both the reader's result list
/// and `zzread search` show it: from the hit's block as printed, at most `width`
/// columns; with the hit's byte range inside the excerpt. A result found by filters
/// alone shows its first paragraph's opening (an empty hit range).
pub fn result_snippet(
    corpus: &Corpus,
    outcome: &Outcome,
    k: usize,
    width: usize,
    amb: AmbiguousWidth,
) -> Option<(String, Range<usize>)> {
    let doc = corpus.doc(outcome.results.get(k)?.doc)?;
    let Some(hit) = outcome.positions(corpus, k).into_iter().next() else {
        // Found by its filters alone: the article's opening words.
        let b = (0..doc.block_count())
            .find(|&b| doc.role(b) == crate::store::Role::Text)
            .unwrap_or(0);
        let (text, _) = snippet(&doc.block_text(b), 0..0, width, amb);
        return Some((text, 0..0));
    };
    // Only the hit's block is unfolded: an article can be megabytes long.
    let b = doc.block_at(hit.start);
    let original = doc.block_text(b);
    let h = block_hit(&doc, b, &original, &hit)?;
    Some(snippet(&original, h.start..h.end, width, amb))
}

/// Columns of context kept before the hit, when there is room.
const LEAD_COLUMNS: usize = 12;

/// A one-line excerpt of `text` of at most `width` columns showing `hit`, with "…"
/// where it was cut; returns the excerpt and the hit's byte range inside it (clipped
/// to what fits).
pub fn snippet(
    text: &str,
    hit: Range<usize>,
    width: usize,
    amb: AmbiguousWidth,
) -> (String, Range<usize>) {
    let hs = floor_char_boundary(text, hit.start.min(text.len()));
    let he = floor_char_boundary(text, hit.end.clamp(hs, text.len()));
    let hit_w = str_width(text.get(hs..he).unwrap_or(""), amb);
    let ell_w = str_width("…", amb);
    // Context and the cut marks only where they leave room for the hit itself.
    let marks = width >= 2 * ell_w + 2;
    let lead_budget = if marks {
        LEAD_COLUMNS.min(width.saturating_sub(hit_w + 2 * ell_w) / 2)
    } else {
        0
    };

    // Walk back from the hit while the lead fits.
    let mut start = hs;
    let mut lead_w = 0;
    let before: Vec<(usize, &str)> = graphemes(text.get(..hs).unwrap_or("")).collect();
    for &(i, g) in before.iter().rev() {
        let w = grapheme_width(g, amb);
        if lead_w + w > lead_budget {
            break;
        }
        lead_w += w;
        start = i;
    }
    let mut out = String::new();
    let mut used = 0;
    if start > 0 && marks {
        out.push('…');
        used = ell_w;
    }
    let prefix = out.len();
    let rest = text.get(start..).unwrap_or("");
    let fits_whole = used + str_width(rest, amb) <= width;
    let tail_mark = !fits_whole && marks;
    let room = if tail_mark { width - ell_w } else { width };
    let mut end = start;
    for (i, g) in graphemes(rest) {
        let w = grapheme_width(g, amb);
        if used + w > room {
            break;
        }
        out.push_str(g);
        used += w;
        end = start + i + g.len();
    }
    let body = out.len();
    if end < text.len() && tail_mark {
        out.push('…');
    }
    let map = |x: usize| (prefix + x.saturating_sub(start)).min(body);
    (out, map(hs)..map(he))
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_is_inside_and_marked() {
        let text = "6月22日,湖南省医保移动支付首家医院上线仪式在省直中医院举行。该院成为全省首家开通线上医保支付的医院";
        let at = text.find("首家医院").expect("present");
        let (s, h) = snippet(text, at..at + "首家医院".len(), 30, AmbiguousWidth::Narrow);
        assert_eq!(s.get(h.clone()), Some("首家医院"), "{s}");
        assert!(str_width(&s, AmbiguousWidth::Narrow) <= 30);
        assert!(s.starts_with('…') && s.ends_with('…'));
    }

    #[test]
    fn short_text_is_whole() {
        let (s, h) = snippet("医保局", 0.."医保".len(), 40, AmbiguousWidth::Narrow);
        assert_eq!(s, "医保局");
        assert_eq!(h, 0.."医保".len());
    }

    #[test]
    fn never_wider_than_asked() {
        let text = "阳望平着重介绍了我市以产业链为抓手,采用将企业、项目、人才、技术、政策等要素串联起来的“链式”思维";
        for width in 1..40 {
            for (at, _) in text.char_indices().step_by(3) {
                let (s, _) = snippet(text, at..at, width, AmbiguousWidth::Wide);
                assert!(
                    str_width(&s, AmbiguousWidth::Wide) <= width.max(2),
                    "{width}: {s}"
                );
                assert!(
                    str_width(&s, AmbiguousWidth::Wide) <= width || s.chars().count() == 1,
                    "{width}: {s}"
                );
            }
        }
    }
}
