//! Display punctuation: the ASCII `, ; : ( ) ! ?` these dumps print inside Chinese
//! text, shown as the full-width forms a Chinese typesetter would have used.
//!
//! In a terminal an ASCII comma takes one column where ，takes two, so a line of
//! Chinese holding one ends a column short of its neighbours and the right edge of the
//! text goes ragged (16–23 % of body lines in the bundled issues). Only what is shown
//! changes: the model, the text store, search and `dump` keep the text as printed.
//!
//! Every converted char grows from one byte to three, so positions move. A
//! [`Punctuated`] text keeps the stored offsets of the chars it converted and maps
//! byte offsets both ways ([`Punctuated::to_display`], [`Punctuated::to_stored`]):
//! reading positions, bookmarks and search hits stay offsets into the stored text, and
//! land on the same characters whether the setting is on or off.
//!
//! # Which chars change
//!
//! - `, ; : ! ?` when the char before it (as shown, so `吗?!` becomes `吗？！`) or the
//!   char after it is Chinese: a Han char, CJK punctuation, a full-width form, or the
//!   quotes, dashes and ellipsis Chinese text uses. `1,000`, `8:00`, `http://` and
//!   `Yahoo!` stay as they are.
//! - `(` by the same test, and `)` when the `(` it closes was converted (so `措施(1)`
//!   becomes `措施（1）` and `f(x)` stays); a `)` with no `(` by the same test as `,`.

/// A text with its punctuation shown full-width, and where it changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Punctuated {
    /// The text as shown.
    pub text: String,
    /// Byte offsets in the stored text of the chars that were converted, ascending.
    /// Each became three bytes longer minus one: two bytes longer.
    at: Vec<usize>,
}

/// How many bytes a converted char grows by (one ASCII byte → three).
const GROWTH: usize = 2;

impl Punctuated {
    /// `text` unchanged (the setting is off, or nothing to convert).
    pub fn as_printed(text: String) -> Punctuated {
        Punctuated {
            text,
            at: Vec::new(),
        }
    }

    /// Whether anything was converted.
    pub fn changed(&self) -> bool {
        !self.at.is_empty()
    }

    /// The display offset of stored offset `stored` (a char boundary of the stored
    /// text).
    pub fn to_display(&self, stored: usize) -> usize {
        let before = self.at.partition_point(|&a| a < stored);
        stored + GROWTH * before
    }

    /// The stored offset of display offset `display`; an offset inside a converted
    /// char maps to that char's start.
    pub fn to_stored(&self, display: usize) -> usize {
        // Conversions whose display form ends at or before `display`.
        let (mut lo, mut hi) = (0, self.at.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.at[mid] + GROWTH * mid + 3 <= display {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let whole = lo;
        match self.at.get(whole) {
            Some(&a) if a + GROWTH * whole < display => a,
            _ => display - GROWTH * whole,
        }
    }
}

/// `text` with ASCII `, ; : ( ) ! ?` between Chinese text shown full-width.
pub fn full_width(text: &str) -> Punctuated {
    if !text.bytes().any(is_candidate_byte) {
        return Punctuated::as_printed(text.to_owned());
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = Vec::new();
    // For each open paren: whether it was converted.
    let mut parens: Vec<bool> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let chinese_beside =
            || out.chars().next_back().is_some_and(is_chinese) || next.is_some_and(is_chinese);
        let convert = match c {
            ',' | ';' | ':' | '!' | '?' => chinese_beside(),
            '(' => {
                let yes = chinese_beside();
                parens.push(yes);
                yes
            }
            ')' => match parens.pop() {
                Some(opened) => opened,
                None => chinese_beside(),
            },
            _ => false,
        };
        match full_form(c).filter(|_| convert) {
            Some(f) => {
                at.push(i);
                out.push(f);
            }
            None => out.push(c),
        }
    }
    Punctuated { text: out, at }
}

fn is_candidate_byte(b: u8) -> bool {
    matches!(b, b',' | b';' | b':' | b'(' | b')' | b'!' | b'?')
}

/// The full-width form of a convertible ASCII char.
fn full_form(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// Chars that make the punctuation beside them Chinese punctuation.
fn is_chinese(c: char) -> bool {
    matches!(c,
        // Han (CJK unified ideographs, extension A, compatibility, extensions B on)
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3134f}'
        // CJK symbols and punctuation (、。「」《》【】〔〕…), full-width forms (，：（）ＳＹＢ)
        | '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff60}' | '\u{ffe0}'..='\u{ffe6}'
        // the quotes, dash and ellipsis Chinese text uses
        | '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(s: &str) -> String {
        full_width(s).text
    }

    #[test]
    fn punctuation_between_chinese_turns_full_width() {
        assert_eq!(shown("6月22日,湖南省"), "6月22日，湖南省");
        assert_eq!(
            shown("株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日"),
            "株洲日报讯（全媒体记者/刘琼 通讯员/谭盼盼） 6月22日"
        );
        assert_eq!(shown("他说:好吗?!"), "他说：好吗？！");
        assert_eq!(shown("达到60%,同比"), "达到60%，同比");
        assert_eq!(shown("措施(1)"), "措施（1）");
        assert_eq!(shown("“掌上办”;下一步"), "“掌上办”；下一步");
    }

    #[test]
    fn latin_and_numbers_keep_their_punctuation() {
        for s in [
            "1,000",
            "8:00—21:00",
            "http://x.cn",
            "Yahoo!",
            "f(x) = 1",
            "a, b; c",
        ] {
            assert_eq!(shown(s), s);
            assert!(!full_width(s).changed());
        }
        assert_eq!(shown("网址:http://x.cn"), "网址：http://x.cn");
        assert_eq!(shown("SYB(创业)"), "SYB（创业）");
        assert_eq!(
            shown("用f(x)表示"),
            "用f(x)表示",
            "( after Latin, ) closes it"
        );
    }

    #[test]
    fn offsets_map_both_ways() {
        let stored = "日,报(株)洲";
        let p = full_width(stored);
        assert_eq!(p.text, "日，报（株）洲");
        assert_eq!(
            p.to_display(stored.find('报').expect("报")),
            p.text.find('报').expect("报")
        );
        assert_eq!(p.to_display(stored.len()), p.text.len());
        assert_eq!(p.to_stored(p.text.len()), stored.len());
        // Inside a converted char: its start.
        let comma = p.text.find('，').expect("comma");
        assert_eq!(p.to_stored(comma + 1), stored.find(',').expect(","));
    }

    proptest! {
        #[test]
        fn mapping_is_exact_for_any_text(text in "[日报株洲a1 ,;:()!?（）“”]{0,40}") {
            let p = full_width(&text);
            prop_assert_eq!(p.text.chars().count(), text.chars().count());
            // Char by char: the same char, or its full-width form, at the mapped offset.
            for ((i, s), (d, c)) in text.char_indices().zip(p.text.char_indices()) {
                prop_assert_eq!(p.to_display(i), d);
                prop_assert_eq!(p.to_stored(d), i);
                prop_assert!(c == s || full_form(s) == Some(c), "{:?} shown as {:?}", s, c);
            }
            prop_assert_eq!(p.to_display(text.len()), p.text.len());
            prop_assert_eq!(p.to_stored(p.text.len()), text.len());
        }
    }
}
