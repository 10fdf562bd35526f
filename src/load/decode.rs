//! Bytes → text. Dumps in the wild are UTF-8 (with or without a BOM), sometimes
//! UTF-16 with a BOM, and very often GB18030/GBK from older Windows tools. We detect
//! rather than ask: strict UTF-8 first (GB18030 text is almost never valid UTF-8),
//! then GB18030 without replacement characters; anything else is reported, not guessed.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// Decoded text and the name of the encoding it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why a file is not an issue dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Binary,
    UnknownEncoding,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::Empty => "empty file (no text)",
            DecodeError::Binary => "binary data, not a text dump",
            DecodeError::UnknownEncoding => "not valid UTF-8, UTF-16 or GB18030 text",
        })
    }
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = decode_any(bytes)?;
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if looks_binary(&decoded.text) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded)
}

fn decode_any(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| Decoded {
                text: s.to_owned(),
                encoding: "UTF-8 (BOM)",
            })
            .map_err(|_| DecodeError::UnknownEncoding);
    }
    for (bom, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(DecodeError::UnknownEncoding);
            }
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: name,
            });
        }
    }
    // A NUL byte never occurs in UTF-8 or GB18030 text; it is the cheapest binary tell.
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: s.to_owned(),
            encoding: "UTF-8",
        });
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::UnknownEncoding);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: "GB18030",
    })
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
    use super::*;

    const SAMPLE: &str = "株洲日报讯(全媒体记者/刘琼) 6月22日,湖南省医保移动支付首家医院上线。";

    #[test]
    fn plain_utf8_is_reported_as_utf8() {
        let d = decode(SAMPLE.as_bytes()).expect("decodes");
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-8");
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
        // A PNG header: NUL bytes.
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
}
