//! Bytes → text. Dumps in the wild are UTF-8 (with or without a BOM), sometimes
//! UTF-16 with a BOM, and very often GB18030/GBK from older Windows tools. We detect
//! rather than ask, and never guess into mojibake:
//!
//! 1. A BOM decides: UTF-8, UTF-16LE or UTF-16BE.
//! 2. Valid UTF-8 is UTF-8 (GB18030 Chinese is practically never valid UTF-8).
//! 3. UTF-8 with a few bad sequences is still UTF-8, when the valid multi-byte chars
//!    outnumber the bad sequences at least [`UTF8_MAJORITY`] to one. Text in a legacy
//!    encoding has a bad sequence at nearly every non-ASCII char, so it never passes.
//! 4. GB18030, only when the result is plausible Chinese ([`super::plausible`]): Big5
//!    and EUC-KR bytes decode as GB18030 without errors, into rare characters.
//! 5. Anything else is refused. When the bytes look like Big5, Shift_JIS, EUC-JP or
//!    EUC-KR the message names it and the `iconv` command that converts it: zzread
//!    reads 株洲日报, a simplified-Chinese paper, and a wrong guess between legacy
//!    encodings would show garbage where a refusal shows the fix.
//!
//! Damage is repaired and reported, not a reason to lose an issue: each NUL byte and each
//! malformed sequence becomes U+FFFD, and the issue carries a warning with the count and
//! the lines. "A few" is [`allowed_bad`]: 2, plus 1 for every 500 bytes (0.2 %), counted
//! separately for NULs and for malformed sequences. More than that is a binary file or
//! another encoding, and the file is refused with the reason.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use super::plausible::{plausible_chinese, suspect};
use crate::model::IssueWarning;

/// Decoded text, the name of the encoding it came from, and what had to be repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Replaced NULs and malformed bytes, with counts and lines; empty for clean text.
    pub warnings: Vec<IssueWarning>,
}

/// Why a file is not an issue dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
    UnknownEncoding,
    /// Text in an encoding zzread recognises but does not read.
    OtherEncoding {
        name: &'static str,
        language: &'static str,
        iconv: &'static str,
    },
    /// In `encoding`, but with more malformed bytes than a damaged file has.
    TooDamaged {
        encoding: &'static str,
        bad: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty file (no text)"),
            DecodeError::Binary => f.write_str("binary data, not a text dump"),
            DecodeError::UnknownEncoding => f.write_str(
                "not valid UTF-8, UTF-16 or GB18030 text (nor plausible Chinese in GB18030)",
            ),
            DecodeError::OtherEncoding {
                name,
                language,
                iconv,
            } => write!(
                f,
                "looks like {name} ({language}), which zzread does not read; \
                 convert it: iconv -f {iconv} -t UTF-8"
            ),
            DecodeError::TooDamaged { encoding, bad } => write!(
                f,
                "{encoding} text with {bad} malformed byte sequences, more than a damaged \
                 file has: another encoding, or not text"
            ),
        }
    }
}

/// Valid multi-byte UTF-8 chars per bad sequence needed to read damaged UTF-8 as UTF-8.
pub const UTF8_MAJORITY: usize = 10;

/// How many bad bytes (NULs, or malformed sequences) a file of `len` bytes may have and
/// still be read, repaired: 2, plus one per 500 bytes.
pub fn allowed_bad(len: usize) -> usize {
    2 + len / 500
}

/// Most lines a warning lists; the count is always complete.
const LINES_LISTED: usize = 10;

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (mut decoded, bad_at) = decode_any(bytes)?;
    if !bad_at.is_empty() {
        decoded.warnings.push(warning(
            &decoded.text,
            &bad_at,
            &format!("malformed {} byte sequence", decoded.encoding),
        ));
    }
    let nul_at: Vec<usize> = memchr::memchr_iter(0, decoded.text.as_bytes()).collect();
    if nul_at.len() > allowed_bad(bytes.len()) {
        return Err(DecodeError::Binary);
    }
    if !nul_at.is_empty() {
        decoded
            .warnings
            .push(warning(&decoded.text, &nul_at, "NUL byte"));
        decoded.text = decoded.text.replace('\0', "\u{FFFD}");
    }
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if looks_binary(&decoded.text) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded)
}

/// The text, and the offsets in it of the U+FFFD that replaced malformed sequences.
fn decode_any(bytes: &[u8]) -> Result<(Decoded, Vec<usize>), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let allowed = allowed_bad(bytes.len());
    let decoded = |text: String, encoding: &'static str| Decoded {
        text,
        encoding,
        warnings: Vec::new(),
    };
    for (bom, encoding, name) in [
        (&b"\xEF\xBB\xBF"[..], UTF_8, "UTF-8 (BOM)"),
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            // The BOM settles the encoding; only the amount of damage is in question.
            let (text, bad) = decode_replacing(encoding, rest);
            if bad.len() > allowed {
                return Err(DecodeError::TooDamaged {
                    encoding: name,
                    bad: bad.len(),
                });
            }
            return Ok((decoded(text, name), bad));
        }
    }
    // Checked on the bytes, before any encoding is tried: binary data decodes as
    // *something* in most legacy encodings.
    if memchr::memchr_iter(0, bytes).count() > allowed {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((decoded(s.to_owned(), "UTF-8"), Vec::new()));
    }

    // Counted without building the text: most files that get here are GB18030.
    let (multibyte, bad_utf8) = utf8_damage(bytes);
    let mostly_utf8 = multibyte >= UTF8_MAJORITY * bad_utf8;
    if mostly_utf8 && bad_utf8 <= allowed {
        let (text, bad) = decode_replacing(UTF_8, bytes);
        return Ok((decoded(text, "UTF-8"), bad));
    }

    // Judged on a prefix, so a big file in another encoding is refused without decoding
    // all of it (a char cut at the end of the prefix is one U+FFFD, which changes
    // nothing).
    let probe = bytes.get(..PROBE_BYTES).unwrap_or(bytes);
    let (probe_text, _) = decode_replacing(GB18030, probe);
    if plausible_chinese(&probe_text) {
        drop(probe_text);
        let (gb_text, gb_bad) = decode_replacing(GB18030, bytes);
        if gb_bad.len() <= allowed {
            return Ok((decoded(gb_text, "GB18030"), gb_bad));
        }
        return Err(DecodeError::TooDamaged {
            encoding: "GB18030",
            bad: gb_bad.len(),
        });
    }
    if let Some(s) = suspect(probe, allowed_bad(probe.len()) + 1) {
        return Err(DecodeError::OtherEncoding {
            name: s.name,
            language: s.language,
            iconv: s.iconv,
        });
    }
    if mostly_utf8 {
        return Err(DecodeError::TooDamaged {
            encoding: "UTF-8",
            bad: bad_utf8,
        });
    }
    Err(DecodeError::UnknownEncoding)
}

/// How much of the file a legacy encoding is judged on.
const PROBE_BYTES: usize = 1 << 20;

/// (valid multi-byte chars, malformed sequences) of `bytes` read as UTF-8. Malformed
/// sequences are counted as U+FFFD replacement counts them (one per maximal invalid
/// subpart), the same as the decoder used afterwards.
fn utf8_damage(bytes: &[u8]) -> (usize, usize) {
    let mut multibyte = 0;
    let mut bad = 0;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    (multibyte, bad)
}

/// Decodes `bytes` (no BOM handling), replacing each malformed sequence with U+FFFD;
/// also returns where in the text each replacement went.
fn decode_replacing(encoding: &'static Encoding, bytes: &[u8]) -> (String, Vec<usize>) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut bad = Vec::new();
    let mut rest = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(rest, &mut text, true);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => text.reserve(rest.len().saturating_mul(3).max(16)),
            DecoderResult::Malformed(_, _) => {
                bad.push(text.len());
                text.push('\u{FFFD}');
            }
        }
    }
    (text, bad)
}

/// "3 NUL bytes replaced by U+FFFD (lines 4, 9)": `what` counted at the text offsets
/// `at` (ascending).
fn warning(text: &str, at: &[usize], what: &str) -> IssueWarning {
    let mut lines = Vec::new();
    let mut line = 1u32;
    let mut from = 0;
    for &offset in at {
        line = line.saturating_add(line_breaks(
            text.as_bytes().get(from..offset).unwrap_or_default(),
        ));
        from = offset;
        if lines.last() != Some(&line) && lines.len() < LINES_LISTED {
            lines.push(line);
        }
    }
    let count = at.len();
    let plural = if count == 1 { "" } else { "s" };
    let listed: Vec<String> = lines.iter().map(u32::to_string).collect();
    let more = if lines.len() == LINES_LISTED {
        ", …"
    } else {
        ""
    };
    let line_word = if lines.len() == 1 { "line" } else { "lines" };
    IssueWarning {
        message: format!(
            "{count} {what}{plural} replaced by U+FFFD ({line_word} {}{more})",
            listed.join(", ")
        ),
        count,
        lines,
    }
}

/// Line ends in `bytes` as the parser counts them: LF, CRLF and a lone CR each end one.
fn line_breaks(bytes: &[u8]) -> u32 {
    let mut n = 0u32;
    let mut after_cr = false;
    for &b in bytes {
        match b {
            b'\n' if after_cr => {}
            b'\n' | b'\r' => n = n.saturating_add(1),
            _ => {}
        }
        after_cr = b == b'\r';
    }
    n
}

/// Text dumps have next to no control characters; random bytes that happen to decode
/// have many. A few stray escapes in a real dump are hostile text, not binary: the
/// sanitiser deals with those.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    control >= 8 && control * 10 > total
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const SAMPLE: &str = "株洲日报讯(全媒体记者/刘琼) 6月22日,湖南省医保移动支付首家医院上线。";

    #[test]
    fn plain_utf8_is_reported_as_utf8() {
        let d = decode(SAMPLE.as_bytes()).expect("decodes");
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn bom_is_stripped_and_reported() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(SAMPLE.as_bytes());
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn gb18030_is_detected_and_decoded() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "fixture must not be UTF-8"
        );
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).expect("decodes");
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn empty_and_blank_files_are_rejected() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\n\r\n  \n"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Err(DecodeError::Empty));
    }

    #[test]
    fn binary_files_are_rejected() {
        // A PNG header: more NUL bytes than a damaged text has.
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
        // Control-heavy bytes without NUL that are still valid UTF-8.
        let junk: Vec<u8> = (1u8..32).cycle().take(400).collect();
        assert_eq!(decode(&junk), Err(DecodeError::Binary));
    }

    #[test]
    fn invalid_in_every_encoding_is_rejected() {
        // 0xFF can start no GB18030 sequence and no UTF-8 one.
        assert_eq!(decode(b"abc\xFF\xFFdef"), Err(DecodeError::UnknownEncoding));
    }

    #[test]
    fn line_breaks_count_like_the_parser() {
        assert_eq!(line_breaks(b"a\nb\r\nc\rd"), 3);
        assert_eq!(line_breaks(b"\r\n\r\n"), 2);
        assert_eq!(line_breaks(b"\r\r"), 2);
        assert_eq!(line_breaks(b""), 0);
    }

    proptest::proptest! {
        #[test]
        fn damage_is_counted_as_the_decoder_replaces(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let (_, bad) = decode_replacing(UTF_8, &bytes);
            proptest::prop_assert_eq!(utf8_damage(&bytes).1, bad.len());
        }
    }

    #[test]
    fn allowance_grows_with_the_file() {
        assert_eq!(allowed_bad(0), 2);
        assert_eq!(allowed_bad(499), 2);
        assert_eq!(allowed_bad(500), 3);
        assert_eq!(allowed_bad(100_000), 202);
    }
}
