//! Issue text → numbered non-blank lines, each knowing how many blank lines surround
//! it. In these dumps a line is a paragraph and the blank-line gaps carry layout: a
//! photo caption sits alone between two wide gaps, an article often ends with one.

/// One non-blank line of the dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine<'a> {
    /// 1-based line number in the file (LF, CRLF and CR all end a line).
    pub number: u32,
    /// The line without surrounding whitespace (incl. U+3000 indents).
    pub text: &'a str,
    /// Blank lines directly before / after this one.
    pub blank_before: u32,
    pub blank_after: u32,
}

/// Splits on LF, CRLF or lone CR; whitespace-only lines count as blank.
pub fn raw_lines(text: &str) -> Vec<RawLine<'_>> {
    // Most dumps have no CR at all: one scan says so and spares a second split.
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        collect(text.split('\n'), text.len())
    } else {
        collect(split_any_newline(text), text.len())
    }
}

fn collect<'a>(lines: impl Iterator<Item = &'a str>, bytes: usize) -> Vec<RawLine<'a>> {
    // Dump lines average well over 64 bytes; one allocation for most issues.
    let mut out: Vec<RawLine<'a>> = Vec::with_capacity(bytes / 64 + 1);
    let mut blanks = 0u32;
    let mut number = 0u32;
    for line in lines {
        number = number.saturating_add(1);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blanks = blanks.saturating_add(1);
            continue;
        }
        if let Some(prev) = out.last_mut() {
            prev.blank_after = blanks;
        }
        out.push(RawLine {
            number,
            text: trimmed,
            blank_before: blanks,
            blank_after: 0,
        });
        blanks = 0;
    }
    if let Some(prev) = out.last_mut() {
        prev.blank_after = blanks;
    }
    out
}

/// Whether `s` has more than `n` chars, without counting them when its byte length
/// already tells (a char is one to four bytes).
pub fn longer_than(s: &str, n: usize) -> bool {
    s.len() > 4 * n || (s.len() > n && s.chars().count() > n)
}

fn split_any_newline(text: &str) -> impl Iterator<Item = &str> {
    // Split on LF (dropping the CR of a CRLF), then on any lone CR left inside.
    text.split('\n')
        .flat_map(|piece| piece.strip_suffix('\r').unwrap_or(piece).split('\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_cr_and_lf_number_lines_alike() {
        for text in ["a\n\nb\n", "a\r\n\r\nb\r\n", "a\r\rb\r"] {
            let lines = raw_lines(text);
            assert_eq!(lines.len(), 2, "{text:?}");
            assert_eq!((lines[0].number, lines[1].number), (1, 3), "{text:?}");
            assert_eq!(lines[1].blank_before, 1);
            assert_eq!(lines[0].blank_after, 1);
        }
    }

    #[test]
    fn whitespace_only_lines_are_blank_and_text_is_trimmed() {
        let lines = raw_lines("\n \u{3000}\n\u{3000}\u{3000}正文。\u{a0}\n\n\n标题");
        assert_eq!(lines[0].text, "正文。");
        assert_eq!(lines[0].blank_before, 2);
        assert_eq!(lines[0].blank_after, 2);
        assert_eq!(lines[1].number, 6);
    }
}
