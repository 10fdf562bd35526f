//! Decoding fixtures for every encoding zzread meets: what it reads, what it refuses and
//! names, what it repairs and reports. The fixtures are UTF-8 texts (news-style samples
//! in tests/fixtures/encodings/ and the bundled issues), encoded here.
//!
//! `cargo test --test decode -- --nocapture` prints the plausibility measurements the
//! thresholds in `src/load/plausible.rs` rest on.
#![allow(clippy::unwrap_used)]

use encoding_rs::{BIG5, EUC_JP, EUC_KR, Encoding, GB18030, SHIFT_JIS, UTF_16BE, UTF_16LE};
use zzread::load::{DecodeError, HanCount, MIN_COMMON_SHARE, allowed_bad, bundled, decode};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/encodings/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).unwrap()
}

fn seeds() -> Vec<String> {
    bundled().iter().map(|s| s.read().unwrap().text).collect()
}

fn encode(encoding: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "fixture text fits {}", encoding.name());
    bytes.into_owned()
}

/// How the bytes read when (wrongly or rightly) decoded as GB18030.
fn gb_share(bytes: &[u8]) -> f64 {
    HanCount::of(&GB18030.decode_without_bom_handling(bytes).0).share()
}

fn refused_as(bytes: &[u8]) -> &'static str {
    match decode(bytes) {
        Err(DecodeError::OtherEncoding { name, .. }) => name,
        other => panic!("expected a named refusal, got {other:?}"),
    }
}

#[test]
fn gb18030_chinese_is_read() {
    let mut texts = seeds();
    texts.push(fixture("zh-hans.txt"));
    for text in &texts {
        let bytes = encode(GB18030, text);
        let share = gb_share(&bytes);
        eprintln!("GB18030 Chinese: common share {share:.3}");
        assert!(share >= MIN_COMMON_SHARE);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(&d.text, text);
        assert!(d.warnings.is_empty());
    }
}

#[test]
fn big5_is_refused_and_named_not_read_as_mojibake() {
    let bytes = encode(BIG5, &fixture("zh-hant.txt"));
    // The bug this guards: Big5 decodes as GB18030 without a single error.
    assert!(!GB18030.decode_without_bom_handling(&bytes).1);
    let share = gb_share(&bytes);
    eprintln!("Big5 read as GB18030: common share {share:.3}");
    assert!(share < MIN_COMMON_SHARE);
    assert_eq!(refused_as(&bytes), "Big5");
    let message = decode(&bytes).unwrap_err().to_string();
    assert!(
        message.contains("Big5 (traditional Chinese)") && message.contains("iconv -f BIG5"),
        "{message}"
    );
}

#[test]
fn korean_and_japanese_are_refused_and_named() {
    let ko = encode(EUC_KR, &fixture("ko.txt"));
    eprintln!("EUC-KR read as GB18030: common share {:.3}", gb_share(&ko));
    assert_eq!(refused_as(&ko), "EUC-KR");
    let sjis = encode(SHIFT_JIS, &fixture("ja.txt"));
    eprintln!(
        "Shift_JIS read as GB18030: common share {:.3}",
        gb_share(&sjis)
    );
    assert_eq!(refused_as(&sjis), "Shift_JIS");
    let euc_jp = encode(EUC_JP, &fixture("ja.txt"));
    eprintln!(
        "EUC-JP read as GB18030: common share {:.3}",
        gb_share(&euc_jp)
    );
    assert_eq!(refused_as(&euc_jp), "EUC-JP");
}

#[test]
fn every_language_reads_fine_in_utf8_and_utf16() {
    for name in ["zh-hans.txt", "zh-hant.txt", "ja.txt", "ko.txt"] {
        let text = fixture(name);
        assert_eq!(decode(text.as_bytes()).unwrap().encoding, "UTF-8");
        for (encoding, bom, label) in [
            (UTF_16LE, [0xFF, 0xFE], "UTF-16LE"),
            (UTF_16BE, [0xFE, 0xFF], "UTF-16BE"),
        ] {
            let units: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| {
                    if encoding == UTF_16LE {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect();
            let bytes = [&bom[..], &units].concat();
            let d = decode(&bytes).unwrap();
            assert_eq!((d.encoding, &d.text), (label, &text), "{name}");
        }
        let bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().encoding, "UTF-8 (BOM)");
    }
}

/// A long issue: the first bundled one.
fn long_issue() -> String {
    seeds().remove(0)
}

/// Byte offset of the start of 1-based `line`.
fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum()
}

#[test]
fn a_stray_nul_is_replaced_and_reported_with_its_line() {
    let text = long_issue();
    let mut bytes = text.clone().into_bytes();
    let at = line_start(&text, 5);
    bytes.insert(at, 0);
    let d = decode(&bytes).unwrap();
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.warnings.len(), 1);
    let w = &d.warnings[0];
    assert_eq!((w.count, w.lines.as_slice()), (1, &[5][..]), "{w:?}");
    assert_eq!(w.message, "1 NUL byte replaced by U+FFFD (line 5)");
    assert!(!d.text.contains('\0'));
    assert_eq!(d.text.len(), text.len() + '\u{FFFD}'.len_utf8());
}

#[test]
fn a_few_bad_bytes_in_utf8_are_replaced_and_reported() {
    let text = long_issue();
    let mut bytes = text.clone().into_bytes();
    // A lone continuation byte, and a lead byte cut from its char, on lines 3 and 12.
    for (line, junk) in [(12, &b"\xE4\xB8"[..]), (3, &b"\x80"[..])] {
        let at = line_start(&text, line);
        bytes.splice(at..at, junk.iter().copied());
    }
    let d = decode(&bytes).unwrap();
    assert_eq!(d.encoding, "UTF-8");
    let w = &d.warnings[0];
    assert_eq!((w.count, w.lines.as_slice()), (2, &[3, 12][..]), "{w:?}");
    assert_eq!(
        w.message,
        "2 malformed UTF-8 byte sequences replaced by U+FFFD (lines 3, 12)"
    );
}

#[test]
fn a_few_bad_bytes_in_gb18030_are_replaced_and_reported() {
    let text = long_issue();
    let mut bytes = encode(GB18030, &text);
    // 0xFF starts no GB18030 sequence.
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(at, 0xFF);
    let d = decode(&bytes).unwrap();
    assert_eq!(d.encoding, "GB18030");
    assert_eq!(d.warnings[0].count, 1);
    assert_eq!(d.warnings[0].lines, [2]);
}

#[test]
fn more_damage_than_a_few_bytes_refuses_the_file_with_the_reason() {
    let text = long_issue();
    let allowed = allowed_bad(text.len());
    // One bad byte after every line: far more than the allowance, still mostly UTF-8.
    let damaged: Vec<u8> = text
        .split_inclusive('\n')
        .flat_map(|l| [l.as_bytes(), b"\xFF"].concat())
        .collect();
    let lines = text.split_inclusive('\n').count();
    assert!(lines > allowed, "{lines} lines, {allowed} allowed");
    let e = decode(&damaged).unwrap_err();
    assert!(
        matches!(e, DecodeError::TooDamaged { encoding: "UTF-8", bad } if bad == lines),
        "{e:?}"
    );
    // NULs: the same allowance, then it is binary.
    let nuls: Vec<u8> = text
        .split_inclusive('\n')
        .flat_map(|l| [l.as_bytes(), b"\0"].concat())
        .collect();
    assert_eq!(decode(&nuls), Err(DecodeError::Binary));
}

#[test]
fn many_warnings_list_ten_lines_and_count_them_all() {
    let text = long_issue();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut bytes = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        if k < 12 {
            bytes.push(0);
        }
        bytes.extend_from_slice(line.as_bytes());
    }
    assert!(12 <= allowed_bad(bytes.len()));
    let d = decode(&bytes).unwrap();
    let w = &d.warnings[0];
    assert_eq!(w.count, 12);
    assert_eq!(w.lines, (1..=10).collect::<Vec<u32>>());
    assert!(
        w.message
            .ends_with("(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)"),
        "{w:?}"
    );
}
