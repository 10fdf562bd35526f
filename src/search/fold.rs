//! Folding for search: what a Chinese reader considers "the same text".
//!
//! Full-width ASCII folds to half-width (ＳＹＢ１２ ≡ SYB12, ， ≡ ,), the ideographic
//! space to a space, half-width CJK punctuation to full-width, and letters to lower
//! case. Every char maps to exactly one char, so the Nth char of folded text is the Nth
//! char of the original: hits found in folded text map back to the original characters
//! by counting chars.

/// The folded form of one char.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{FF61}' => '。',
        '\u{FF62}' => '「',
        '\u{FF63}' => '」',
        '\u{FF64}' => '、',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c.is_uppercase() {
        // Only one-to-one lower-casings keep the char-for-char mapping.
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            return l;
        }
    }
    c
}

pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Whether `c` separates query terms.
fn is_term_separator(c: char) -> bool {
    c.is_whitespace()
}

/// The query's terms, folded; empty terms dropped.
pub fn terms(query: &str) -> Vec<String> {
    query
        .split(is_term_separator)
        .filter(|t| !t.is_empty())
        .map(fold)
        .collect()
}

/// The byte offset in `original` of the char at byte offset `folded_offset` of
/// `fold(original)` (counting chars, which folding preserves).
pub fn unfold_offset(original: &str, folded: &str, folded_offset: usize) -> usize {
    let n = folded.get(..folded_offset).map_or(0, |s| s.chars().count());
    original
        .char_indices()
        .nth(n)
        .map_or(original.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold_together() {
        assert_eq!(fold("ＳＹＢ１２"), "syb12");
        assert_eq!(fold("SYB创业"), "syb创业");
        assert_eq!(fold("，"), ",");
        assert_eq!(fold("医保"), "医保");
        assert_eq!(fold("Ａｐｐ　５Ｇ"), "app 5g");
    }

    #[test]
    fn folding_keeps_char_count() {
        for s in ["ＳＹＢ１２ 医保", "İstanbul ẞ", "“引号”……", "Ǆ ǅ"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "参加ＳＹＢ创业课堂";
        let folded = fold(original);
        let at = folded.find("创业").expect("found");
        let back = unfold_offset(original, &folded, at);
        assert!(original.get(back..).is_some_and(|s| s.starts_with("创业")));
    }

    #[test]
    fn terms_split_on_any_space() {
        assert_eq!(terms(" 医保　支付  ＡＢ "), ["医保", "支付", "ab"]);
        assert!(terms("   ").is_empty());
    }
}
