//! Which script a character belongs to, as far as these dumps need to know.
//!
//! One definition for the whole crate: line breaking keeps numbers with the Han unit
//! after them, the parser tells names and headlines from Latin noise, and search decides
//! when a phrase is long enough to fall back to words. If these disagreed, a char the
//! parser counts as part of a name could be one the wrapper splits from its number.

/// Han ideographs (CJK Unified Ideographs, extensions and compatibility) and 〇.
pub fn is_han(c: char) -> bool {
    matches!(
        c,
        '〇' | '\u{3400}'..='\u{4dbf}'
            | '\u{4e00}'..='\u{9fff}'
            | '\u{f900}'..='\u{faff}'
            | '\u{20000}'..='\u{323af}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_covers_the_blocks_the_paper_uses_and_nothing_else() {
        for c in [
            '株',
            '〇',
            '㐀',
            '\u{20000}',
            '\u{2b740}',
            '\u{31350}',
            '兀',
        ] {
            assert!(is_han(c), "{c:?}");
        }
        for c in ['a', '1', '，', '。', '“', '・', 'ア', '한', '\u{3000}'] {
            assert!(!is_han(c), "{c:?}");
        }
    }
}
