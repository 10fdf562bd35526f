//! Nothing from a hostile archive drives the terminal: every byte that `dump` (JSON and
//! text), `search` (JSON and text) and `config` write to stdout and to stderr is
//! scanned for control, bidi and format characters, and none may be there but the
//! newlines and tabs zzread writes itself.
//!
//! The archive carries the attacks in both places a dump can: file names (including
//! dangling symlinks, a FIFO, a loop, names that are not UTF-8) and file text (OSC 52
//! clipboard writes, OSC 0 titles, CSI screen clears, C1 CSI and OSC, BEL, bidi
//! overrides and isolates, NUL, DEL, a lone ESC, line separators, tag chars).
//!
//! The reader is covered too: run in a pty, every byte it writes while showing the
//! hostile articles, names, search results and overlays is scanned the same way, its
//! own CSI drawing sequences aside.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every attack, in one string: it goes into names and text alike.
const ATTACKS: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}31m\u{9d}0;t\u{9c}\u{7}\u{202e}AB\u{202c}\u{2066}\u{2067}\u{2068}\u{2069}\u{200f}\u{61c}\u{7f}\u{1b}\u{2028}\u{feff}\u{e0041}\u{85}\u{8}";

/// An issue whose headline, byline, body and caption all carry the attacks (NUL added
/// once: one stray NUL is repaired and reported, not refused).
fn hostile_issue() -> String {
    format!(
        "\n\n测试标题{ATTACKS}线上医保支付\n\n\
         株洲日报讯(全媒体记者/刘琼{ATTACKS}) 6月22日,湖南省医保移动支付首家医院上线{ATTACKS}。\n\n\
         过去参保群众在进行医保结算时\0,必须到窗口刷医保电子凭证{ATTACKS}测试。\n\n\
         ▲图为现场{ATTACKS} 通讯员 供图\n\n{}",
        // Ordinary paragraphs: a dump this dense in controls would be taken for binary.
        "据了解,医保移动支付上线后,群众在手机上即可完成挂号、缴费和医保结算,不再排队。\n\n"
            .repeat(30)
    )
}

/// A file name carrying the attacks (a name cannot hold `/` or NUL).
fn hostile_name(prefix: &str, suffix: &str) -> String {
    format!("{prefix}{}{suffix}", ATTACKS.replace(['/', '\0'], ""))
}

struct Archive {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    config_home: PathBuf,
    named: Vec<PathBuf>,
}

fn build() -> Archive {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    fs::create_dir_all(&root).unwrap();
    let text = hostile_issue();
    let good = root.join(hostile_name("2023-05-01_", ".txt"));
    fs::write(&good, &text).unwrap();
    fs::write(root.join("2023-05-02_plain.txt"), &text).unwrap();
    // A name that is not UTF-8 at all: a raw C1 CSI byte, then ESC [2J.
    let raw = OsStr::from_bytes(b"2023-05-03_\x9b31m\x1b[2J\x9d0;x\x07.txt");
    fs::write(root.join(raw), &text).unwrap();
    // Refused files: each message names the file.
    fs::write(root.join(hostile_name("2023-05-04_empty", ".txt")), "").unwrap();
    let traditional = "臺北市政府今天上午舉行記者會，宣布擴大推動公共運輸優惠方案。".repeat(4);
    let (big5, _, _) = encoding_rs::BIG5.encode(&traditional);
    fs::write(root.join(hostile_name("2023-05-05_big5", ".txt")), &big5).unwrap();
    // Skipped entries: a dangling link (with a hostile target too), a loop, a FIFO.
    symlink(
        format!("/nonexistent/{}", hostile_name("", "")),
        root.join(hostile_name("gone", ".txt")),
    )
    .unwrap();
    symlink(".", root.join(hostile_name("loop", ""))).unwrap();
    let fifo = root.join(hostile_name("fifo", ".txt"));
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );

    // A config directory and file with hostile names, keys and values.
    let config_home = tmp.path().join(hostile_name("config", ""));
    fs::create_dir_all(config_home.join("zzread")).unwrap();
    let escaped: String = ATTACKS
        .chars()
        .map(|c| format!("\\U{:08X}", u32::from(c)))
        .collect();
    fs::write(
        config_home.join("zzread/config.toml"),
        format!("\"{escaped}\" = 1\n[keys]\n\"{escaped}\" = [\"q\"]\ntext_widht = 80\n"),
    )
    .unwrap();

    let named = vec![
        good,
        fifo,
        root.join(hostile_name("missing", ".txt")),
        PathBuf::from("/dev/zero"),
    ];
    Archive {
        _tmp: tmp,
        root,
        config_home,
        named,
    }
}

fn zzread(archive: &Archive, args: &[&OsStr]) -> Output {
    common::zzread()
        .args(args)
        .env("XDG_CONFIG_HOME", &archive.config_home)
        .env("XDG_STATE_HOME", archive.root.parent().unwrap())
        .output()
        .unwrap()
}

/// Chars that drive, reorder or hide: C0 but LF and TAB, DEL, C1, bidi controls, and
/// the other invisible format chars. Written out independently of `text::sanitize`.
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

fn assert_clean(what: &str, bytes: &[u8]) {
    // Raw bytes that are not UTF-8 could be C1 controls to an 8-bit terminal.
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| {
        panic!(
            "{what}: not UTF-8 ({e}): {:?}",
            String::from_utf8_lossy(bytes)
        )
    });
    for (line_no, line) in text.lines().enumerate() {
        if let Some(c) = line.chars().find(|&c| forbidden(c)) {
            panic!("{what}, line {}: {c:?} in {line:?}", line_no + 1);
        }
    }
}

fn check(archive: &Archive, label: &str, args: &[&OsStr]) -> Output {
    let out = zzread(archive, args);
    assert_clean(&format!("{label}: stdout"), &out.stdout);
    assert_clean(&format!("{label}: stderr"), &out.stderr);
    out
}

fn s(arg: &str) -> &OsStr {
    OsStr::new(arg)
}

/// The paths of a command line: the folder, and each hostile path named on its own.
fn paths(archive: &Archive) -> Vec<&OsStr> {
    std::iter::once(archive.root.as_os_str())
        .chain(archive.named.iter().map(|p| p.as_os_str()))
        .collect()
}

#[test]
fn dump_writes_no_control_chars_for_a_hostile_archive() {
    let archive = build();
    for format in ["json", "text"] {
        let mut args = vec![s("dump"), s("--format"), s(format)];
        args.extend(paths(&archive));
        let out = check(&archive, &format!("dump --format {format}"), &args);
        assert!(out.status.success(), "{format}: {out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Not vacuous: the hostile names and text are there, defused.
        if format == "json" {
            assert!(stdout.contains("\\u001b]52;c;ZXZpbA=="), "{stdout}");
            assert!(stdout.contains("\\u009B31m") && stdout.contains("\\u202E"));
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["issues"].as_array().unwrap().len(), 3);
            // The stray NUL: repaired, and reported in the issue's warnings.
            assert_eq!(v["issues"][0]["warnings"][0]["count"], 1);
            assert_eq!(v["issues"][0]["warnings"][0]["lines"][0], 7);
        } else {
            assert!(stdout.contains("␛]52;c;ZXZpbA==␇"), "{stdout}");
            assert!(stdout.contains("1 NUL byte replaced"), "{stdout}");
        }
        for reason in [
            "broken symbolic link",
            "symbolic link loop",
            "named pipe",
            "empty file",
            "looks like Big5",
            "no such file",
            "character device",
            "warning: 1 NUL byte replaced by U+FFFD (line 7)",
        ] {
            assert!(stderr.contains(reason), "{reason}: {stderr}");
        }
        assert!(stderr.contains("gone␛]52;c;ZXZpbA==␇"), "{stderr}");
    }
}

#[test]
fn search_writes_no_control_chars_for_a_hostile_archive() {
    let archive = build();
    for format in ["json", "text"] {
        // A hostile query too: it is echoed back.
        for query in ["测试", "医保\u{1b}]0;q\u{7}"] {
            let mut args = vec![s("search"), s(query), s("--format"), s(format)];
            args.extend(paths(&archive));
            let out = check(
                &archive,
                &format!("search {query:?} --format {format}"),
                &args,
            );
            // Nothing matches the hostile one: exit 1, as grep.
            let code = if query == "测试" { 0 } else { 1 };
            assert_eq!(out.status.code(), Some(code), "{out:?}");
            let stdout = String::from_utf8_lossy(&out.stdout);
            if query == "测试" {
                assert!(stdout.contains("测试"), "{stdout}");
                assert!(!stdout.contains(" 0 篇") && !stdout.contains("\"total\": 0"));
            }
        }
    }
}

#[test]
fn config_writes_no_control_chars_for_a_hostile_config() {
    let archive = build();
    let out = check(&archive, "config", &[s("config")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("unknown setting"), "{stdout}");
    assert!(stdout.contains("␛]52;c;ZXZpbA=="), "{stdout}");
    check(&archive, "config --default", &[s("config"), s("--default")]);
}

#[test]
fn a_stray_nul_is_reported_not_a_lost_issue() {
    let archive = build();
    let out = zzread(&archive, &[s("dump"), archive.named[0].as_os_str()]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issue = &v["issues"][0];
    assert!(issue["articles"].as_array().is_some_and(|a| !a.is_empty()));
    assert_eq!(
        issue["warnings"][0]["message"],
        "1 NUL byte replaced by U+FFFD (line 7)"
    );
}

fn named(archive: &Archive) -> &Path {
    &archive.named[0]
}

#[test]
fn a_closed_pipe_is_success_and_a_full_disk_is_an_error() {
    let archive = build();
    let run_sh = |script: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .env("ZZREAD", env!("CARGO_BIN_EXE_zzread"))
            .env("XDG_CACHE_HOME", common::private_cache())
            .env("ARCHIVE", named(&archive))
            .env("STATUS", archive.root.parent().unwrap().join("status"))
            .env("XDG_CONFIG_HOME", &archive.config_home)
            .output()
            .unwrap()
    };
    // The exit status of zzread itself, not of head: `set -o pipefail` is not POSIX,
    // so the status travels through a file.
    for cmd in [
        "\"$ZZREAD\" man",
        "\"$ZZREAD\" completions bash",
        "\"$ZZREAD\" dump",
        "\"$ZZREAD\" dump --format text",
        "\"$ZZREAD\" search 医保",
        "\"$ZZREAD\" config --default",
    ] {
        let out = run_sh(&format!(
            "{{ {cmd}; echo $? > \"$STATUS\"; }} | head -c 1 > /dev/null; cat \"$STATUS\""
        ));
        let status = String::from_utf8_lossy(&out.stdout);
        assert_eq!(status.trim(), "0", "{cmd} | head: {out:?}");
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{cmd}: {out:?}"
        );
    }
    for cmd in [
        "\"$ZZREAD\" man",
        "\"$ZZREAD\" completions bash",
        "\"$ZZREAD\" dump \"$ARCHIVE\"",
        "\"$ZZREAD\" dump --format text \"$ARCHIVE\"",
        "\"$ZZREAD\" search 医保 \"$ARCHIVE\"",
        "\"$ZZREAD\" config",
    ] {
        let out = run_sh(&format!("{cmd} > /dev/full"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd} > /dev/full: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{cmd}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{cmd}: {stderr}");
    }
    // stderr full: nowhere to say it, so the exit status does (the stray NUL's warning
    // is the diagnostic that cannot be written).
    let out = run_sh("\"$ZZREAD\" dump \"$ARCHIVE\" 2> /dev/full > /dev/null");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let out = run_sh("\"$ZZREAD\" dump 2> /dev/full > /dev/null");
    assert_eq!(out.status.code(), Some(0), "nothing to report: {out:?}");
}

/// The reader, in a terminal, on the hostile archive (names, text and config): every
/// byte it writes is either text with no control, bidi or format character, or an
/// escape sequence of its own drawing (CSI). No OSC (clipboard, title), no C1, no bare
/// ESC, whatever article, search, help or list is on screen.
#[test]
fn the_reader_writes_only_its_own_control_sequences_for_a_hostile_archive() {
    let archive = build();
    let (pty, slave) = common::pty::Pty::open();
    let mut command = common::zzread();
    command
        .args(paths(&archive))
        .args(["--ambiguous-width", "narrow"])
        .env("XDG_CONFIG_HOME", &archive.config_home)
        .env("XDG_STATE_HOME", archive.root.parent().unwrap());
    let mut child = common::pty::spawn(&slave, command);
    drop(slave);
    pty.wait_for("the list", |s| s.contains("篇") && !s.contains("载入中"));
    let pause = || std::thread::sleep(std::time::Duration::from_millis(150));
    // Every article (and the issue rows between them), the help, a bookmark and the
    // bookmark list, a search with its results and preview, the files that failed.
    for keys in [
        &b"]"[..],
        b"]",
        b"]",
        b"]",
        b"?",
        b"?",
        b"m",
        b"'",
        b"\x1b",
        b"G",
        b"/",
        "医保".as_bytes(),
        b"\r",
        b"n",
        b"\t",
        b"jjjj",
        b"\x03",
    ] {
        pty.send(keys);
        pause();
    }
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed().as_secs() < 10, "zzread did not quit");
        pause();
    }
    let raw = pty.raw();
    assert!(raw.len() > 1000, "the reader drew: {} bytes", raw.len());
    assert_only_own_sequences(&raw);
}

/// The one OSC the reader sends: its question for the background colour (`theme =
/// "auto"`), which carries nothing from the archive.
const BACKGROUND_QUERY: &str = "\u{1b}]11;?\u{1b}\\";

/// Fails on any byte the reader must not send: invalid UTF-8, an escape that is not a
/// CSI sequence (or the background query), or a forbidden char in the text between
/// sequences (CR and LF aside).
fn assert_only_own_sequences(raw: &[u8]) {
    let text = std::str::from_utf8(raw).unwrap_or_else(|e| panic!("not UTF-8: {e}"));
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\u{1b}'
            && text
                .get(at..)
                .is_some_and(|t| t.starts_with(BACKGROUND_QUERY))
        {
            for _ in 1..BACKGROUND_QUERY.chars().count() {
                chars.next();
            }
            continue;
        }
        if c == '\u{1b}' {
            let context = text.get(at..(at + 40).min(text.len())).unwrap_or("");
            assert_eq!(
                chars.next().map(|x| x.1),
                Some('['),
                "an escape that is not CSI at byte {at}: {context:?}"
            );
            // Parameters and intermediates, then one final byte.
            loop {
                match chars.next().map(|x| x.1) {
                    Some('\u{20}'..='\u{3f}') => continue,
                    Some('\u{40}'..='\u{7e}') => break,
                    other => panic!("a broken CSI at byte {at} ({other:?}): {context:?}"),
                }
            }
            continue;
        }
        if c != '\r' && c != '\n' {
            assert!(
                !forbidden(c),
                "{c:?} at byte {at}: {:?}",
                text.get(at.saturating_sub(30)..(at + 30).min(text.len()))
            );
        }
    }
}
