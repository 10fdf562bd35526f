//! `zzread dump` on real and hostile input, through the real binary.

use std::path::Path;
use std::process::{Command, Output};

/// A cache folder of this test binary's own (tests never touch the user's).
fn cache() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir"))
        .path()
}

fn zzread(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zzread"))
        .env("XDG_CACHE_HOME", cache())
        .args(args)
        .output()
        .expect("zzread runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

const ISSUE: &str = "\n\n我市在全省率先开通 线上医保支付\n\n株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日,湖南省医保移动支付首家医院上线仪式在省直中医院举行。\n\n过去参保群众在进行医保结算时,必须到窗口刷医保电子凭证。\n";

#[test]
fn dump_without_paths_shows_the_bundled_issues() {
    let out = zzread(&["dump"]);
    assert!(out.status.success());
    let v = json(&out);
    let issues = v["issues"].as_array().expect("issues");
    assert_eq!(issues.len(), 5);
    assert!(v["errors"].as_array().expect("errors").is_empty());
    let first = &issues[0]["articles"][0];
    assert_eq!(first["title"], "我市在全省率先开通 线上医保支付");
    assert_eq!(first["byline"]["reporters"][0], "刘琼");
    assert_eq!(first["id"], "000_03d9866ece675afd#1");
    assert_eq!(first["lines"], serde_json::json!([3, 11]));
    assert_eq!(first["paragraphs"][0]["kind"], "text");
}

#[test]
fn every_schema_field_is_present() {
    let v = json(&zzread(&["dump"]));
    let issue = &v["issues"][0];
    for key in ["id", "source", "date", "encoding", "articles", "pages"] {
        assert!(issue.get(key).is_some(), "issue.{key}");
    }
    let article = &issue["articles"][0];
    for key in [
        "id",
        "title",
        "subtitles",
        "kicker",
        "section",
        "byline",
        "continued_from",
        "paragraphs",
        "lines",
        "continued_to",
        "continued_from_article",
        "continued_to_article",
        "headless",
        "page",
    ] {
        assert!(article.get(key).is_some(), "article.{key}");
    }
    for key in [
        "raw",
        "reporters",
        "correspondents",
        "authors",
        "compilers",
        "photographers",
        "affiliations",
    ] {
        assert!(article["byline"].get(key).is_some(), "byline.{key}");
    }
    for key in ["kind", "text", "lines"] {
        assert!(
            article["paragraphs"][0].get(key).is_some(),
            "paragraph.{key}"
        );
    }
    let paged = v["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .flat_map(|i| i["pages"].as_array().cloned().unwrap_or_default())
        .next()
        .expect("a sample prints page furniture");
    for key in ["number", "name", "date", "editors", "printed", "lines"] {
        assert!(paged.get(key).is_some(), "page.{key}");
    }
}

#[test]
fn json_from_before_the_new_fields_still_reads() {
    // A dump written before pages, paragraph lines, jump links and byline roles.
    let old = r#"{"issues":[{"id":"x","source":"x.txt","date":null,"encoding":"UTF-8","articles":[{
        "id":"x#1","title":"标题","subtitles":[],"kicker":null,"section":null,
        "byline":{"raw":"记者/张三","reporters":["张三"],"correspondents":[],"authors":[]},
        "continued_from":null,"paragraphs":[{"kind":"text","text":"正文。"}],"lines":[1,3]}]}],
        "errors":[]}"#;
    let archive: zzread::model::Archive = serde_json::from_str(old).expect("old JSON reads");
    let a = &archive.issues[0].articles[0];
    assert!(archive.issues[0].pages.is_empty());
    assert_eq!(
        (a.continued_to.clone(), a.headless, a.page),
        (None, false, None)
    );
    assert!(a.paragraphs[0].lines.is_empty());
    assert!(a.byline.as_ref().is_some_and(|b| b.compilers.is_empty()));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("fixture written");
}

#[test]
fn bad_files_are_reported_and_good_ones_still_load() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "2023-04-26.txt", ISSUE.as_bytes());
    write(d, "20230425.txt", ISSUE.replace('\n', "\r\n").as_bytes());
    let (gbk, _, _) = encoding_rs::GB18030.encode(ISSUE);
    write(d, "2023-04-24.txt", &gbk);
    write(d, "2023-04-23.txt", b"");
    write(d, "2023-04-22.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    write(d, "notes.md", b"not an issue");
    let missing = d.join("missing.txt");
    let before: Vec<_> = std::fs::read_dir(d)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .collect();

    let out = zzread(&[
        "dump",
        d.to_str().expect("utf-8 path"),
        missing.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "some files loaded, so success");
    let v = json(&out);
    let ids: Vec<&str> = v["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        ["2023-04-24", "20230425", "2023-04-26"],
        "sorted by date in the name"
    );
    let encodings: Vec<&str> = v["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["encoding"].as_str().expect("enc"))
        .collect();
    assert_eq!(encodings, ["GB18030", "UTF-8", "UTF-8"]);
    assert_eq!(v["issues"][1]["date"], "2023-04-25");
    for issue in v["issues"].as_array().expect("issues") {
        assert_eq!(
            issue["articles"][0]["title"], "我市在全省率先开通 线上医保支付",
            "{}",
            issue["id"]
        );
    }

    let errors = v["errors"].as_array().expect("errors");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (name, reason) in [
        ("2023-04-23.txt", "empty"),
        ("2023-04-22.txt", "binary"),
        ("missing.txt", "no such file"),
    ] {
        let e = errors
            .iter()
            .find(|e| e["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("no error entry for {name}: {errors:?}"));
        assert!(
            e["message"].as_str().expect("message").contains(reason),
            "{e}"
        );
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(reason)),
            "stderr names {name}: {stderr}"
        );
    }
    assert_eq!(
        errors.len(),
        3,
        "notes.md is not an issue file and is not an error: {errors:?}"
    );

    let after: Vec<_> = std::fs::read_dir(d)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(before, after, "zzread never writes into the archive");
}

#[test]
fn exit_code_is_failure_only_when_nothing_loaded() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "empty.txt", b"\n\n");
    let out = zzread(&[
        "dump",
        dir.path().join("empty.txt").to_str().expect("path"),
        "/nonexistent/zz",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.txt") && stderr.contains("/nonexistent/zz"),
        "{stderr}"
    );
    let empty_dir = tempfile::tempdir().expect("tempdir");
    let out = zzread(&["dump", empty_dir.path().to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no .txt issue files"));
}

#[test]
fn text_outline_never_passes_escape_sequences_through() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = "\n标题\u{1b}[2J线上医保支付\u{202e}\n\n株洲日报讯(全媒体记者/刘琼) 正文\u{1b}]52;c;ZXZpbA==\u{7}内容。\n";
    write(dir.path(), "hostile.txt", hostile.as_bytes());
    // File names are archive data too.
    write(dir.path(), "\u{1b}]0;pwned\u{7}.txt", hostile.as_bytes());
    let out = zzread(&[
        "dump",
        "--format",
        "text",
        dir.path().to_str().expect("path"),
    ]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let dangerous = |c: char| {
        (c.is_control() && c != '\n')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    assert!(!stdout.chars().any(dangerous), "{stdout:?}");
    assert!(
        stdout.contains("pwned"),
        "the hostile file name is shown, defused: {stdout:?}"
    );
    assert!(stdout.contains("线上医保支付"));
    // JSON keeps the text as printed, escaped by the JSON encoder.
    let v = json(&zzread(&["dump", dir.path().to_str().expect("path")]));
    assert!(
        v["issues"][0]["articles"][0]["title"]
            .as_str()
            .expect("title")
            .contains('\u{1b}')
    );
}

#[test]
fn text_outline_lists_titles_bylines_and_counts() {
    let out = zzread(&["dump", "--format", "text"]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).expect("utf-8");
    assert!(s.contains("我市在全省率先开通 线上医保支付"));
    assert!(s.contains("记者 刘琼 · 通讯员 谭盼盼"));
    assert!(s.contains("4 段"));
}
