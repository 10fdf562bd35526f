//! Discovery on hostile trees: only regular files, each directory once, every skip
//! reported once with its reason, and a walk that streams.
#![cfg(unix)]
#![allow(clippy::unwrap_used)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use zzread::load::{Found, MAX_DEPTH, discover, walk};
use zzread::model::LoadError;

const ISSUE: &str = "株洲日报讯 6月22日,湖南省医保移动支付首家医院上线。\n";

fn write(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, ISSUE).unwrap();
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

fn ids(paths: &[PathBuf]) -> (Vec<String>, Vec<LoadError>) {
    let (sources, skipped) = discover(paths);
    (sources.into_iter().map(|s| s.id).collect(), skipped)
}

/// The skip reports whose path ends with `name`.
fn reports<'a>(skipped: &'a [LoadError], name: &str) -> Vec<&'a LoadError> {
    skipped.iter().filter(|e| e.path.ends_with(name)).collect()
}

#[test]
fn a_fifo_named_on_the_command_line_is_skipped_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("2023-05-01.txt");
    mkfifo(&fifo);
    // Opening a FIFO for reading blocks until a writer comes: if discovery opened it,
    // this test would hang rather than fail.
    let (ids, skipped) = ids(std::slice::from_ref(&fifo));
    assert!(ids.is_empty());
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].message.contains("named pipe"), "{skipped:?}");
    assert!(skipped[0].message.contains("not a regular file"));
}

#[test]
fn devices_and_sockets_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let socket = tmp.path().join("s.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let (ids, skipped) = ids(&[PathBuf::from("/dev/zero"), socket]);
    assert!(ids.is_empty());
    assert!(
        skipped[0].message.contains("character device"),
        "{skipped:?}"
    );
    assert!(skipped[1].message.contains("socket"), "{skipped:?}");
}

#[test]
fn special_files_in_a_folder_are_reported_only_when_named_as_issues() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(&root.join("2023-04-26.txt"));
    mkfifo(&root.join("2023-04-27.txt"));
    // Not named like an issue: ignored like any other non-.txt file.
    mkfifo(&root.join("pipe.jpg"));
    let (ids, skipped) = ids(&[root.to_path_buf()]);
    assert_eq!(ids, ["2023-04-26"]);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].path.ends_with("2023-04-27.txt"));
    assert!(skipped[0].message.contains("named pipe"));
}

#[test]
fn eight_links_to_the_same_folder_finish_and_each_is_reported_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    for day in 1..=3 {
        write(&root.join(format!("2023-05-0{day}.txt")));
    }
    for k in 0..8 {
        symlink(".", root.join(format!("dot{k}"))).unwrap();
    }
    // A deeper folder with links to its parent and to the root: more loops.
    write(&root.join("sub/2023-06-01.txt"));
    symlink("..", root.join("sub/up")).unwrap();
    symlink(&root, root.join("sub/home")).unwrap();

    let started = Instant::now();
    let (ids, skipped) = ids(std::slice::from_ref(&root));
    // Linear: a handful of stats. Exponential (8^depth) never finishes.
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        ids,
        ["2023-05-01", "2023-05-02", "2023-05-03", "2023-06-01"]
    );
    assert_eq!(skipped.len(), 10, "{skipped:#?}");
    for name in (0..8)
        .map(|k| format!("dot{k}"))
        .chain(["up".into(), "home".into()])
    {
        let found = reports(&skipped, &name);
        assert_eq!(found.len(), 1, "{name}: {skipped:#?}");
        assert!(found[0].message.contains("loop"), "{found:?}");
    }
}

#[test]
fn a_cycle_between_two_folders_is_cut_once() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    write(&a.join("2023-01-01.txt"));
    write(&b.join("2023-01-02.txt"));
    symlink(&b, a.join("to-b")).unwrap();
    symlink(&a, b.join("to-a")).unwrap();
    let (ids, skipped) = ids(&[a.clone(), b.clone()]);
    assert_eq!(ids, ["2023-01-01", "2023-01-02"]);
    // a → to-b (b, first visit) → to-a: back to a, which contains it.
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert!(skipped[0].path.ends_with("to-a"));
    assert!(skipped[0].message.contains("loop"));
}

#[test]
fn second_names_for_files_and_folders_are_listed_once_without_noise() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    write(&root.join("2023/2023-04-26.txt"));
    symlink(root.join("2023"), root.join("latest")).unwrap();
    symlink(
        root.join("2023/2023-04-26.txt"),
        root.join("today-2023-04-26.txt"),
    )
    .unwrap();
    let file = root.join("2023/2023-04-26.txt");
    let (ids, skipped) = ids(&[root.clone(), file.clone(), file]);
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert!(skipped.is_empty(), "{skipped:#?}");
}

#[test]
fn folders_too_deep_are_reported_not_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("deep");
    let mut dir = root.clone();
    // The root is level 1; a file at level MAX_DEPTH is read, one level below is not.
    for level in 1..=MAX_DEPTH + 1 {
        if level > 1 {
            dir = dir.join("d");
        }
        write(&dir.join(format!("2023-01-01-{level:03}.txt")));
    }
    let (ids, skipped) = ids(std::slice::from_ref(&root));
    assert_eq!(ids.len(), MAX_DEPTH);
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert!(skipped[0].message.contains("levels deep"), "{skipped:?}");
    assert!(skipped[0].path.ends_with("/d"));
}

#[test]
fn broken_links_and_missing_paths_say_what_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    write(&root.join("2023-04-26.txt"));
    symlink("/nonexistent/target", root.join("gone.txt")).unwrap();
    symlink("/nonexistent/folder", root.join("gone-folder")).unwrap();
    let missing = tmp.path().join("missing.txt");
    let (ids, skipped) = ids(&[root, missing]);
    assert_eq!(ids, ["2023-04-26"]);
    assert_eq!(skipped.len(), 3, "{skipped:#?}");
    for name in ["gone.txt", "gone-folder"] {
        let found = reports(&skipped, name);
        assert_eq!(found.len(), 1, "{name}");
        assert!(
            found[0]
                .message
                .contains("broken symbolic link (to /nonexistent/"),
            "{found:?}"
        );
    }
    assert_eq!(
        reports(&skipped, "missing.txt")[0].message,
        "no such file or directory"
    );
}

#[test]
fn an_empty_folder_is_reported_and_hidden_entries_are_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    write(&root.join(".git/2023-04-26.txt"));
    write(&root.join(".hidden.txt"));
    fs::write(root.join("photo.jpg"), b"\xff\xd8").unwrap();
    let (ids, skipped) = ids(std::slice::from_ref(&root));
    assert!(ids.is_empty());
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].message, "directory holds no .txt issue files");
}

#[test]
fn an_unlistable_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    write(&root.join("2023-04-26.txt"));
    let locked = root.join("locked");
    write(&locked.join("2023-04-27.txt"));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any folder whatever its mode: nothing to test then.
    let unreadable = fs::read_dir(&locked).is_err();
    let (ids, skipped) = ids(std::slice::from_ref(&root));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();
    if unreadable {
        assert_eq!(ids, ["2023-04-26"]);
        assert_eq!(skipped.len(), 1, "{skipped:#?}");
        assert!(skipped[0].path.ends_with("locked"));
        assert_eq!(skipped[0].message, "permission denied");
    } else {
        assert_eq!(ids.len(), 2);
    }
}

#[test]
fn the_walk_is_a_stream() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    write(&root.join("a/2023-01-01.txt"));
    fs::create_dir_all(root.join("b")).unwrap();
    let mut walk = walk(std::slice::from_ref(&root));
    let first = walk.next();
    assert!(
        matches!(&first, Some(Found::Source(s)) if s.id == "2023-01-01"),
        "{first:?}"
    );
    // Folder b has not been listed yet: a file that appears in it now is still found,
    // which a walk that had finished before handing out its first result would miss.
    write(&root.join("b/2023-01-02.txt"));
    let rest: Vec<Found> = walk.collect();
    assert!(
        matches!(rest.as_slice(), [Found::Source(s)] if s.id == "2023-01-02"),
        "{rest:?}"
    );
}

#[test]
fn no_paths_means_the_bundled_issues() {
    let all: Vec<Found> = walk(&[]).collect();
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|f| matches!(f, Found::Source(_))));
}
