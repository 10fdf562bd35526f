//! Making untrusted archive text safe to print.
//!
//! A dump is text extracted from page layout by someone else's tools; it can hold any
//! char. Printed raw, `ESC ]52;c;… BEL` writes the user's clipboard, `ESC ]0;… BEL` retitles
//! the window, CSI sequences move the cursor or clear the screen, and bidi overrides make
//! text read backwards. So every char that could drive a terminal, reorder text or hide
//! it is replaced before display by a visible, harmless stand-in: the reader sees that
//! something odd is in the source instead of having it silently dropped or obeyed.
//!
//! The mapping is one char for one char (even TAB becomes a single space), so the Nth
//! char of the output is the Nth char of the input, and callers can map positions
//! between raw and sanitised text by counting chars.
//!
//! | input                                          | output                          |
//! |------------------------------------------------|---------------------------------|
//! | TAB                                            | one space                       |
//! | other C0 controls U+0000–U+001F (ESC, NUL, BEL, BS, CR, LF, …) | its Control Picture U+2400 + c (␛ ␀ ␇ ␈ ␍ ␊) |
//! | DEL U+007F                                     | ␡ U+2421                        |
//! | NEL U+0085, LINE/PARAGRAPH SEPARATOR U+2028/9  | ␤ U+2424 (a paragraph is one line) |
//! | other C1 controls U+0080–U+009F (e.g. 0x9B CSI)| U+FFFD �                        |
//! | format chars (Cf: bidi controls, ZWSP, BOM, soft hyphen, tags, …) except ZWJ/ZWNJ | U+FFFD � |
//!
//! Why two stand-ins: C0 controls have Control Pictures that name the exact byte (␛ says
//! "an escape was here"), one column wide in both ambiguous-width modes. C1 and format
//! chars have no pictures; C1 in a Chinese dump almost always means text decoded with the
//! wrong code page, and U+FFFD is the established mark for "could not show this".
//! ZWJ and ZWNJ stay because they only glue or unglue the chars on either side (emoji
//! sequences); they cannot move or hide text.
//!
//! Three ways out, one rule (the table above) behind all of them:
//!
//! - [`sanitize`]: text for a terminal line (the reader, `dump --format text`, `search`,
//!   file names in messages).
//! - [`sanitize_lines`]: the same, but newlines stay: multi-line messages on stderr.
//! - [`write_json`]: JSON whose strings keep the text exactly (scripts get the data) but
//!   spell every char of the table as `\uXXXX`, so the JSON is also safe to print. serde_json
//!   escapes only C0 controls, `"` and `\`; C1 controls (a raw U+009B is CSI to many
//!   terminals), DEL, bidi overrides and the other format chars it writes as they are.

use std::borrow::Cow;
use std::io;

/// The stand-in for a TAB: tab stops mean nothing inside reflowed paragraph text.
const TAB_STAND_IN: char = ' ';
/// SYMBOL FOR DELETE.
const DEL_PICTURE: char = '\u{2421}';
/// SYMBOL FOR NEWLINE, for the newline chars that have no picture of their own.
const NEWLINE_PICTURE: char = '\u{2424}';
/// The stand-in for controls and format chars that have no picture.
const REPLACEMENT: char = '\u{FFFD}';

/// `s` with every terminal-driving, text-reordering or invisible-format char replaced
/// (see the module table). Borrowed, without allocating, when nothing needs replacing.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    let Some(first_bad) = s.find(|c| stand_in(c).is_some()) else {
        return Cow::Borrowed(s);
    };
    // Stand-ins are at most 3 bytes and controls at least 1: a small reserve covers the
    // usual case of a few stray controls without reallocating.
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(s.get(..first_bad).unwrap_or_default());
    for c in s.get(first_bad..).unwrap_or_default().chars() {
        out.push(stand_in(c).unwrap_or(c));
    }
    Cow::Owned(out)
}

/// `s` sanitised like [`sanitize`], except that LF stays a line break (and CRLF becomes
/// one): for messages of several lines. Every other char maps as in [`sanitize`].
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    if !s.contains('\n') {
        return sanitize(s);
    }
    let lines: Vec<Cow<'_, str>> = s
        .split('\n')
        .map(|line| sanitize(line.strip_suffix('\r').unwrap_or(line)))
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// Whether `c` may not be written raw: anything [`sanitize`] replaces, except TAB (which
/// is harmless as text, and which JSON escapes anyway).
pub fn is_unsafe(c: char) -> bool {
    c != '\t' && stand_in(c).is_some()
}

/// What `c` must be shown as, or `None` when it is safe as it is.
fn stand_in(c: char) -> Option<char> {
    let code = u32::from(c);
    match c {
        '\t' => Some(TAB_STAND_IN),
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + code),
        '\u{7f}' => Some(DEL_PICTURE),
        '\u{85}' | '\u{2028}' | '\u{2029}' => Some(NEWLINE_PICTURE),
        '\u{80}'..='\u{9f}' => Some(REPLACEMENT),
        _ if is_hidden_format(c) => Some(REPLACEMENT),
        _ => None,
    }
}

/// Format chars (General_Category Cf) except ZWJ and ZWNJ: bidi embeddings, overrides,
/// isolates and marks (which reorder text), invisible separators, joiners and operators,
/// the BOM, soft hyphen, interlinear annotation and tag chars (which hide text).
///
/// The list is Unicode 16's Cf set, written out because std has no category lookup.
fn is_hidden_format(c: char) -> bool {
    // Everything below U+00AD is ASCII or C1, handled before: a fast exit for most text.
    if c < '\u{ad}' {
        return false;
    }
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200e}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// Writes `value` as pretty-printed JSON with every unsafe char (see [`is_unsafe`])
/// escaped as `\uXXXX`. The JSON means exactly what serde_json's would.
pub fn write_json<W: io::Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let formatter = SafeFormatter(serde_json::ser::PrettyFormatter::new());
    let mut serializer = serde_json::Serializer::with_formatter(writer, formatter);
    value.serialize(&mut serializer)
}

/// A serde_json formatter that escapes what serde_json leaves raw; layout is the inner
/// formatter's.
struct SafeFormatter<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeFormatter<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut clean_from = 0;
        for (at, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(fragment.as_bytes().get(clean_from..at).unwrap_or_default())?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04X}")?;
                }
                clean_from = at + c.len_utf8();
            }
        }
        writer.write_all(fragment.as_bytes().get(clean_from..).unwrap_or_default())
    }

    // Layout: everything the pretty formatter does differently from the default.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Chars that must never reach the terminal, checked independently of `stand_in`:
    /// every control, the bidi controls, and line/paragraph separators.
    fn is_dangerous(c: char) -> bool {
        c.is_control()
            || matches!(
                c,
                '\u{61c}'
                    | '\u{200e}'
                    | '\u{200f}'
                    | '\u{202a}'..='\u{202e}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{2028}'
                    | '\u{2029}'
            )
            || is_hidden_format(c)
    }

    fn assert_safe(out: &str) {
        for c in out.chars() {
            assert!(!is_dangerous(c), "{c:?} survived in {out:?}");
        }
    }

    #[test]
    fn osc_52_clipboard_write_is_defused() {
        let evil = "正文\x1b]52;c;ZWNobyBwd25lZA==\x07正文";
        let out = sanitize(evil);
        assert_safe(&out);
        assert_eq!(out, "正文␛]52;c;ZWNobyBwd25lZA==␇正文");
    }

    #[test]
    fn osc_window_title_is_defused() {
        let out = sanitize("\x1b]0;pwned\x07");
        assert_safe(&out);
        assert_eq!(out, "␛]0;pwned␇");
    }

    #[test]
    fn csi_sequences_are_defused() {
        let out = sanitize("\x1b[2J\x1b[H\x1b[31m红\x1b[0m");
        assert_safe(&out);
        assert_eq!(out, "␛[2J␛[H␛[31m红␛[0m");
    }

    #[test]
    fn c1_csi_is_replaced() {
        let out = sanitize("a\u{9b}31mb\u{9d}0;t\u{9c}");
        assert_safe(&out);
        assert_eq!(out, "a\u{fffd}31mb\u{fffd}0;t\u{fffd}");
    }

    #[test]
    fn bidi_override_is_replaced() {
        let out = sanitize("abc\u{202e}fed\u{202c} \u{2067}x\u{2069}\u{200f}\u{61c}");
        assert_safe(&out);
        assert_eq!(
            out,
            "abc\u{fffd}fed\u{fffd} \u{fffd}x\u{fffd}\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn small_c0_controls_become_their_pictures() {
        assert_eq!(sanitize("\0\x07\x08\r\n\x7f"), "␀␇␈␍␊␡");
    }

    #[test]
    fn a_lone_escape_and_c1_newline_are_shown_not_obeyed() {
        // A lone ESC (no sequence after it) still starts one in the terminal's parser.
        assert_eq!(sanitize("株\x1b洲"), "株␛洲");
        assert_eq!(sanitize("\x1b"), "␛");
        assert_eq!(sanitize("a\u{85}b"), "a␤b");
    }

    #[test]
    fn tab_becomes_one_space() {
        assert_eq!(sanitize("株洲\t日报"), "株洲 日报");
    }

    #[test]
    fn newlines_do_not_survive_inside_a_paragraph() {
        let out = sanitize("一\n二\r\n三\u{85}四\u{2028}五\u{2029}");
        assert_eq!(out, "一␊二␍␊三␤四␤五␤");
        assert!(!out.contains(['\n', '\r']));
    }

    #[test]
    fn invisible_format_chars_are_made_visible() {
        assert_eq!(
            sanitize("医\u{200b}保\u{feff}局\u{ad}\u{2060}\u{e0041}"),
            "医\u{fffd}保\u{fffd}局\u{fffd}\u{fffd}\u{fffd}"
        );
    }

    #[test]
    fn joiners_stay_so_emoji_sequences_still_render() {
        let family = "👨\u{200d}👩\u{200d}👧 a\u{200c}b";
        assert!(matches!(sanitize(family), Cow::Borrowed(s) if s == family));
    }

    #[test]
    fn ordinary_chinese_text_is_borrowed_unchanged() {
        let text = include_str!("../../seeds/000_03d9866ece675afd.txt");
        for paragraph in text.lines() {
            assert!(
                matches!(sanitize(paragraph), Cow::Borrowed(s) if s == paragraph),
                "{paragraph}"
            );
        }
    }

    #[test]
    fn lines_keep_their_breaks_and_nothing_else() {
        assert_eq!(
            sanitize_lines("a\x1b[2J\r\nb\u{202e}\nc"),
            "a␛[2J\nb\u{fffd}\nc"
        );
        assert!(matches!(sanitize_lines("一\n二"), Cow::Owned(s) if s == "一\n二"));
        assert!(matches!(sanitize_lines("一二"), Cow::Borrowed("一二")));
    }

    fn json_of(value: &impl serde::Serialize) -> String {
        let mut out = Vec::new();
        write_json(&mut out, value).expect("serialises");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn json_escapes_c1_del_bidi_and_format_chars() {
        let hostile = "a\u{9b}31m\u{9d}0;t\u{7f}\u{202e}\u{2066}\u{200f}\u{61c}\u{feff}\u{2028}\u{e0041}\x1b]52;\x07\0";
        let json = json_of(&serde_json::json!({ hostile: [hostile] }));
        assert!(json.chars().all(|c| c == '\n' || !c.is_control()), "{json}");
        assert!(!json.chars().any(|c| c != '\n' && is_unsafe(c)), "{json}");
        for escape in [
            "\\u009B",
            "\\u009D",
            "\\u007F",
            "\\u202E",
            "\\u2066",
            "\\u200F",
            "\\u061C",
            "\\uFEFF",
            "\\u2028",
            "\\uDB40\\uDC41",
            "\\u001b",
            "\\u0007",
            "\\u0000",
        ] {
            assert_eq!(json.matches(escape).count(), 2, "{escape} in {json}");
        }
        // The data itself is unchanged: it parses back to the same strings.
        let back: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(back, serde_json::json!({ hostile: [hostile] }));
    }

    #[test]
    fn json_layout_is_serde_jsons_pretty_layout() {
        let value = serde_json::json!({"issues": [{"id": "株洲", "n": [1, 2]}], "errors": []});
        let expected = serde_json::to_string_pretty(&value).expect("serialises");
        assert_eq!(json_of(&value), expected);
    }

    proptest! {
        #[test]
        fn json_round_trips_and_carries_nothing_unsafe(s in any::<String>()) {
            let json = json_of(&s);
            prop_assert!(!json.chars().any(|c| c.is_control() || is_unsafe(c)), "{:?}", json);
            let back: String = serde_json::from_str(&json).expect("valid JSON");
            prop_assert_eq!(back, s);
        }

        #[test]
        fn nothing_dangerous_survives(s in any::<String>()) {
            let out = sanitize(&s);
            for c in out.chars() {
                prop_assert!(!is_dangerous(c), "{:?} survived", c);
            }
        }

        #[test]
        fn replacement_is_char_for_char(s in any::<String>()) {
            let out = sanitize(&s);
            prop_assert_eq!(out.chars().count(), s.chars().count());
            for (before, after) in s.chars().zip(out.chars()) {
                if !is_dangerous(before) && before != '\t' {
                    prop_assert_eq!(before, after);
                }
            }
        }

        #[test]
        fn safe_text_is_borrowed(s in "[\\p{Han}\\p{L}\\p{N}\\p{P}\\p{S} 　]*") {
            prop_assume!(!s.chars().any(is_dangerous));
            let out = sanitize(&s);
            prop_assert!(matches!(out, Cow::Borrowed(_)));
            prop_assert_eq!(&*out, &*s);
        }
    }
}
