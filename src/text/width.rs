//! Display width: the one measure of "how many terminal columns" in the program.
//!
//! Wrapping, cursor placement, highlight mapping and truncation must agree to the
//! column, or a highlight lands one cell off and a wide char spills past the border.
//! So every caller measures through [`str_width`], and it measures the way ratatui's
//! buffer places text: one grapheme cluster (UAX #29) at a time, each cluster as wide as
//! `unicode-width` says that cluster is (so `❤️`, `👍🏽` and `👨‍👩‍👧` are 2 columns, as
//! ratatui draws them). Because the width is a sum over clusters, it is additive over
//! cluster boundaries: the width of a line is the sum of the widths of its clusters,
//! which is what lets `wrap` measure in a single pass.
//!
//! Control characters count 0 (ratatui skips them; `sanitize` replaces them before
//! anything is drawn anyway), where `unicode-width` would count them as 1 in a string.
//!
//! Emoji sequences are one glyph two columns wide, as terminals that join them draw
//! them: a ZWJ sequence (👨‍👩‍👧, 🏳‍🌈), a flag (🇨🇳), a skin tone (👍🏽), a keycap (1️⃣)
//! or a VS16 presentation (❤️). `unicode-width` mostly agrees, but sums the parts of
//! a sequence whose base is narrow by default (🏳‍🌈 would be 1 + 2 = 3), so such a
//! cluster is pinned to 2 here ([`is_emoji_sequence`]). Wrapping and drawing both
//! measure through [`grapheme_width`], so they cannot disagree.

use std::borrow::Cow;

use icu_segmenter::GraphemeClusterSegmenter;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How East Asian Ambiguous characters (“ ” — … · ● ①, about half of all paragraphs in
/// the archive hold one) are laid out: terminals disagree, so the user (or a probe of the
/// terminal) decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AmbiguousWidth {
    /// One column, as most terminals draw them.
    #[default]
    Narrow,
    /// Two columns, as CJK-configured terminals draw them (`width_cjk` tables).
    Wide,
}

/// Columns taken by one char on its own; 0 for control chars.
///
/// Prefer [`str_width`] or [`grapheme_width`] for text: a char inside an emoji sequence
/// is not as wide as it is alone.
pub fn char_width(c: char, amb: AmbiguousWidth) -> usize {
    let width = match amb {
        AmbiguousWidth::Narrow => c.width(),
        AmbiguousWidth::Wide => c.width_cjk(),
    };
    width.unwrap_or(0)
}

/// Columns taken by one grapheme cluster (as yielded by [`graphemes`]).
pub fn grapheme_width(grapheme: &str, amb: AmbiguousWidth) -> usize {
    // UAX #29 always puts a control char in a cluster of its own (or CR LF), so checking
    // the first char is enough to give controls 0 instead of unicode-width's 1.
    if grapheme.starts_with(char::is_control) {
        return 0;
    }
    if is_emoji_sequence(grapheme) {
        return 2;
    }
    match amb {
        AmbiguousWidth::Narrow => grapheme.width(),
        AmbiguousWidth::Wide => grapheme.width_cjk(),
    }
}

/// Whether a grapheme cluster is an emoji sequence: more than one char, an emoji base
/// first, held together by emoji machinery (ZWJ, VS16, a skin-tone modifier, a keycap
/// mark, or the second regional indicator of a flag).
fn is_emoji_sequence(grapheme: &str) -> bool {
    let mut chars = grapheme.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    if rest.is_empty() {
        return false;
    }
    // Regional indicators are in the emoji block, so a flag's first half is a base.
    is_emoji_base(first)
        && rest.contains(|c| {
            matches!(
                c,
                '\u{200d}'
                    | '\u{fe0f}'
                    | '\u{20e3}'
                    | '\u{1f3fb}'..='\u{1f3ff}'
                    | '\u{1f1e6}'..='\u{1f1ff}'
            )
        })
}

/// The chars an emoji sequence can start with: the emoji blocks, the symbol blocks that
/// hold text-default emoji (☺ ♀ ⛹ ‼ ™), the keycap bases, © and ®. A superset of
/// Unicode's Emoji property is harmless: the cluster must still hold emoji machinery.
fn is_emoji_base(c: char) -> bool {
    matches!(
        c,
        '#' | '*'
            | '0'..='9'
            | '\u{a9}'
            | '\u{ae}'
            | '\u{2000}'..='\u{2bff}'
            | '\u{3030}'
            | '\u{303d}'
            | '\u{3297}'
            | '\u{3299}'
            | '\u{1f000}'..='\u{1faff}'
    )
}

/// Columns taken by `s`: the sum of its grapheme clusters' widths.
pub fn str_width(s: &str, amb: AmbiguousWidth) -> usize {
    // Every ASCII char is its own cluster (CR LF aside, and both are controls), so ASCII
    // needs no segmenter: this is the common case for bylines, numbers and keys.
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    graphemes(s).map(|(_, g)| grapheme_width(g, amb)).sum()
}

/// The grapheme clusters of `s` with their byte offsets: the units that must never be
/// split across lines or cells.
pub fn graphemes(s: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut bounds = GraphemeClusterSegmenter::new().segment_str(s);
    // The segmenter always reports 0 first; every later boundary closes a cluster.
    let mut start = bounds.next();
    std::iter::from_fn(move || {
        let from = start?;
        let to = bounds.next()?;
        start = Some(to);
        // Segmenter boundaries are char boundaries, so `get` never fails here.
        s.get(from..to).map(|g| (from, g))
    })
}

/// `s` cut to at most `max` columns, with "…" marking the cut.
///
/// Cuts only between grapheme clusters, so a wide char or a letter with its accents is
/// kept whole or dropped whole. The ellipsis is counted in `max`; when not even the
/// ellipsis fits (`max` 0, or 1 with wide ambiguous chars, where … is 2 columns) the
/// result is the longest prefix that fits, without a marker. Borrowed when `s` fits.
pub fn truncate_to_width(s: &str, max: usize, amb: AmbiguousWidth) -> Cow<'_, str> {
    const ELLIPSIS: char = '…';
    let ellipsis_width = char_width(ELLIPSIS, amb);
    let (budget, marker) = match max.checked_sub(ellipsis_width) {
        Some(budget) => (budget, Some(ELLIPSIS)),
        None => (max, None),
    };

    // One pass: remember where the text stops fitting in `budget`, and find out whether
    // the whole of `s` fits in `max` (then nothing is cut and no marker is needed).
    let mut used = 0;
    let mut cut = 0;
    for (start, g) in graphemes(s) {
        used += grapheme_width(g, amb);
        if used > max {
            let head = s.get(..cut).unwrap_or_default();
            return match marker {
                Some(marker) => {
                    let mut out = String::with_capacity(cut + marker.len_utf8());
                    out.push_str(head);
                    out.push(marker);
                    Cow::Owned(out)
                }
                None => Cow::Borrowed(head),
            };
        }
        if used <= budget {
            cut = start + g.len();
        }
    }
    Cow::Borrowed(s)
}

#[cfg(test)]
mod tests {
    use super::AmbiguousWidth::{Narrow, Wide};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cjk_is_two_columns_and_ascii_one() {
        assert_eq!(str_width("株洲日报", Narrow), 8);
        assert_eq!(str_width("SYB 5G", Narrow), 6);
        assert_eq!(str_width("２０５０户", Narrow), 10);
    }

    #[test]
    fn ambiguous_chars_follow_the_setting() {
        let s = "“掌上办”…—·●①";
        assert_eq!(str_width(s, Narrow), 6 + 7);
        assert_eq!(str_width(s, Wide), 6 + 14);
        assert_eq!(char_width('“', Narrow), 1);
        assert_eq!(char_width('“', Wide), 2);
        assert_eq!(char_width('中', Narrow), 2);
    }

    #[test]
    fn control_chars_take_no_columns() {
        for c in ['\0', '\x1b', '\x07', '\n', '\r', '\t', '\x7f', '\u{9b}'] {
            assert_eq!(char_width(c, Narrow), 0, "{c:?}");
            assert_eq!(char_width(c, Wide), 0, "{c:?}");
        }
        assert_eq!(str_width("a\x1b[31mb\r\n", Narrow), "a[31mb".len());
        assert_eq!(str_width("中\u{9b}文", Narrow), 4);
    }

    #[test]
    fn combining_marks_add_nothing() {
        assert_eq!(str_width("e\u{301}", Narrow), 1);
        assert_eq!(str_width("\u{301}", Narrow), 0);
    }

    #[test]
    fn emoji_sequences_measure_as_ratatui_draws_them() {
        assert_eq!(str_width("❤\u{fe0f}", Narrow), 2);
        assert_eq!(str_width("👍🏽", Narrow), 2);
        assert_eq!(str_width("👨\u{200d}👩\u{200d}👧", Narrow), 2);
        assert_eq!(str_width("🇨🇳", Narrow), 2);
    }

    #[test]
    fn every_emoji_sequence_is_one_cluster_two_columns_wide() {
        for seq in [
            "👨\u{200d}👩\u{200d}👧",             // family, all wide parts
            "🏳\u{200d}🌈",                        // rainbow flag without VS16: 1 + 2 summed
            "🏳\u{fe0f}\u{200d}🌈",                // with VS16
            "👁\u{200d}🗨",                         // narrow + narrow
            "⛹\u{1f3fd}\u{200d}\u{2640}\u{fe0f}", // text-default base, tone, gender
            "🧑\u{1f3fd}\u{200d}🤝\u{200d}🧑\u{1f3fb}",
            "🇨🇳",
            "🇺🇦",
            "👍🏽",
            "1\u{fe0f}\u{20e3}",
            "#\u{20e3}",
            "❤\u{fe0f}",
            "☺\u{fe0f}",
        ] {
            let clusters: Vec<_> = graphemes(seq).collect();
            assert_eq!(clusters.len(), 1, "{seq:?} is one cluster");
            for amb in [Narrow, Wide] {
                assert_eq!(str_width(seq, amb), 2, "{seq:?}");
                assert_eq!(grapheme_width(seq, amb), 2, "{seq:?}");
            }
        }
    }

    #[test]
    fn joiners_after_ordinary_text_change_nothing() {
        assert_eq!(str_width("a\u{200d}", Narrow), 1);
        assert_eq!(str_width("中\u{200d}文", Narrow), 4);
        assert_eq!(str_width("1\u{fe0e}", Narrow), 1);
        // Two flags in a row are two clusters; an odd regional indicator stays alone.
        assert_eq!(graphemes("🇨🇳🇺🇦").count(), 2);
        assert_eq!(str_width("🇨🇳🇺🇦", Narrow), 4);
        assert_eq!(graphemes("🇨🇳🇺").count(), 2);
    }

    #[test]
    fn truncation_and_wrapping_keep_emoji_sequences_whole() {
        let flags = "🏳\u{200d}🌈".repeat(5);
        assert_eq!(str_width(&flags, Narrow), 10);
        assert_eq!(
            truncate_to_width(&flags, 5, Narrow),
            "🏳\u{200d}🌈🏳\u{200d}🌈…"
        );
        let opts = crate::text::WrapOptions {
            width: 6,
            indent: 0,
            amb: Narrow,
            break_at_spaces: false,
        };
        let lines = crate::text::wrap(&flags, &opts);
        let widths: Vec<usize> = lines.iter().map(|l| l.width).collect();
        assert_eq!(widths, [6, 4]);
        for line in &lines {
            let text = flags.get(line.start..line.end).unwrap_or_default();
            assert_eq!(str_width(text, Narrow), line.width);
        }
    }

    #[test]
    fn graphemes_keep_marks_and_sequences_whole() {
        let got: Vec<_> = graphemes("ae\u{301}中👨\u{200d}👩").collect();
        assert_eq!(
            got,
            vec![(0, "a"), (1, "e\u{301}"), (4, "中"), (7, "👨\u{200d}👩")]
        );
        assert_eq!(graphemes("").count(), 0);
    }

    #[test]
    fn truncate_borrows_when_the_text_fits() {
        assert!(matches!(
            truncate_to_width("株洲", 4, Narrow),
            Cow::Borrowed("株洲")
        ));
        assert!(matches!(
            truncate_to_width("", 0, Narrow),
            Cow::Borrowed("")
        ));
    }

    #[test]
    fn truncate_marks_the_cut_and_counts_the_marker() {
        assert_eq!(truncate_to_width("株洲日报", 7, Narrow), "株洲日…");
        // The ellipsis would land in the second half of 日: drop 日 whole instead.
        assert_eq!(truncate_to_width("株洲日报", 6, Narrow), "株洲…");
        assert_eq!(truncate_to_width("abcdef", 4, Narrow), "abc…");
        // In wide mode … is itself 2 columns.
        assert_eq!(truncate_to_width("株洲日报", 7, Wide), "株洲…");
        assert_eq!(truncate_to_width("abcdef", 4, Wide), "ab…");
    }

    #[test]
    fn truncate_never_splits_a_wide_char_or_a_cluster() {
        assert_eq!(truncate_to_width("中文", 2, Narrow), "…");
        assert_eq!(
            truncate_to_width("e\u{301}e\u{301}e\u{301}", 2, Narrow),
            "e\u{301}…"
        );
        assert_eq!(truncate_to_width("👍🏽👍🏽", 3, Narrow), "👍🏽…");
    }

    #[test]
    fn truncate_drops_the_marker_when_it_cannot_fit() {
        assert_eq!(truncate_to_width("abc", 0, Narrow), "");
        assert_eq!(truncate_to_width("abc", 1, Wide), "a");
        assert_eq!(truncate_to_width("中文", 1, Wide), "");
    }

    /// Emoji machinery strung together at random: every cluster that starts with an emoji
    /// base is at most two columns, whatever follows it.
    fn emoji_soup() -> impl Strategy<Value = String> {
        let parts = prop::sample::select(vec![
            "👨",
            "🏳",
            "🌈",
            "⛹",
            "♀",
            "❤",
            "1",
            "#",
            "中",
            "a",
            "🇨",
            "🇳",
            "\u{200d}",
            "\u{fe0f}",
            "\u{fe0e}",
            "\u{20e3}",
            "\u{1f3fd}",
            "\u{301}",
        ]);
        prop::collection::vec(parts, 0..12).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn emoji_clusters_are_never_wider_than_two(s in emoji_soup(), wide in any::<bool>()) {
            let amb = if wide { Wide } else { Narrow };
            for (_, g) in graphemes(&s) {
                // The soup's emoji bases; a cluster of joiners and modifiers with no
                // base (a broken sequence) is measured part by part like other text.
                let starts_with_emoji = g.starts_with(['👨', '🏳', '🌈', '⛹', '♀', '❤', '1', '#', '🇨', '🇳']);
                if starts_with_emoji && g.chars().count() > 1 {
                    prop_assert!(grapheme_width(g, amb) <= 2, "{:?} is {}", g, grapheme_width(g, amb));
                }
            }
        }

        #[test]
        fn width_is_additive_over_grapheme_boundaries(s in any::<String>(), wide in any::<bool>()) {
            let amb = if wide { Wide } else { Narrow };
            let total: usize = graphemes(&s).map(|(_, g)| grapheme_width(g, amb)).sum();
            prop_assert_eq!(str_width(&s, amb), total);
            let rebuilt: String = graphemes(&s).map(|(_, g)| g).collect();
            prop_assert_eq!(rebuilt, s);
        }

        #[test]
        fn truncated_text_fits_and_is_a_prefix(s in any::<String>(), max in 0usize..40, wide in any::<bool>()) {
            let amb = if wide { Wide } else { Narrow };
            let out = truncate_to_width(&s, max, amb);
            prop_assert!(str_width(&out, amb) <= max);
            let head = out.strip_suffix('…').unwrap_or(&out);
            prop_assert!(s.starts_with(head));
            if str_width(&s, amb) <= max {
                prop_assert!(matches!(out, Cow::Borrowed(_)));
                prop_assert_eq!(&*out, &*s);
            } else {
                prop_assert!(out.len() < s.len() + '…'.len_utf8());
            }
        }
    }
}
