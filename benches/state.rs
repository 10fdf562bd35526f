//! What the issue-9 safety work costs: a state save with a year of read marks, and a
//! directory walk through symlinks. Run: `cargo bench --bench state`.
//!
//! - `save_*`: one `state::apply` of a small change onto a file holding 200,000 read
//!   marks (365 issues): lock, re-read, merge, write, fsync, rename, fsync the folder.
//!   `contiguous` = every article of each issue read (ranges collapse), `scattered` =
//!   every other article (the worst case for the range form).
//! - `load_*`: `state::load` of the same files; `load_version_1` reads the old
//!   one-id-per-string form (what a first run after the upgrade does).
//! - `walk_links_to_dot`: `load::discover` on a folder of 1,000 issue files and eight
//!   symlinks to `.` (exponential before issue 9).

use divan::{Bencher, black_box};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use zzread::state::{Changes, State, apply, load, save};

fn main() {
    divan::main();
}

const ISSUES: usize = 365;
const KEY: &str = "/srv/zzrb";

/// 200,000 marks over a year of issues.
fn year(scattered: bool) -> State {
    let per_issue = 200_000 / ISSUES + 1;
    let mut state = State::default();
    let archive = state.archive(KEY);
    archive.read = (0..ISSUES)
        .flat_map(|i| {
            (1..=per_issue).map(move |n| {
                let n = if scattered { 2 * n } else { n };
                format!("2023-{:02}-{:02}-{i}#{n}", i % 12 + 1, i % 28 + 1)
            })
        })
        .take(200_000)
        .collect();
    state
}

/// A state directory holding `state`, made once per process.
fn dir(name: &str, state: impl FnOnce() -> State) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zzread-state-bench-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = save(&dir, &state()) {
        panic!("setting up {name}: {e}");
    }
    dir
}

fn contiguous() -> &'static Path {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| dir("contiguous", || year(false)))
}

fn scattered() -> &'static Path {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| dir("scattered", || year(true)))
}

fn version_1() -> &'static Path {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| {
        let d = dir("v1", State::default);
        let ids: Vec<String> = year(false).archives[KEY].read.iter().collect();
        let v1 = serde_json::json!({"version": 1, "archives": {KEY: {"last": null, "read": ids, "bookmarks": []}}});
        if let Err(e) = std::fs::write(d.join("state.json"), v1.to_string()) {
            panic!("{e}");
        }
        d
    })
}

fn one_change(k: usize) -> Changes {
    let mut c = Changes::new();
    // Alternate so every save writes a real change.
    if k.is_multiple_of(2) {
        c.mark_read("2024-01-01#1");
    } else {
        c.unmark_read("2024-01-01#1");
    }
    c
}

fn bench_save(bencher: Bencher, d: &Path) {
    let mut k = 0;
    bencher.bench_local(|| {
        k += 1;
        black_box(apply(d, KEY, &one_change(k)).is_ok())
    });
}

#[divan::bench(sample_count = 30)]
fn save_contiguous(bencher: Bencher) {
    bench_save(bencher, contiguous());
}

#[divan::bench(sample_count = 30)]
fn save_scattered(bencher: Bencher) {
    bench_save(bencher, scattered());
}

#[divan::bench(sample_count = 30)]
fn load_contiguous(bencher: Bencher) {
    let d = contiguous();
    bencher.bench(|| black_box(load(d)));
}

#[divan::bench(sample_count = 30)]
fn load_scattered(bencher: Bencher) {
    let d = scattered();
    bencher.bench(|| black_box(load(d)));
}

#[divan::bench(sample_count = 10)]
fn load_version_1(bencher: Bencher) {
    let d = version_1();
    bencher.bench(|| black_box(load(d)));
}

#[divan::bench(sample_count = 10)]
fn walk_links_to_dot(bencher: Bencher) {
    static D: OnceLock<PathBuf> = OnceLock::new();
    let d = D.get_or_init(|| {
        let d = std::env::temp_dir().join("zzread-walk-bench");
        let _ = std::fs::remove_dir_all(&d);
        let _ = std::fs::create_dir_all(&d);
        for k in 0..1000 {
            let _ = std::fs::write(
                d.join(format!("2023-{:02}-{:02}-{k}.txt", k % 12 + 1, k % 28 + 1)),
                "株洲日报\n",
            );
        }
        #[cfg(unix)]
        for k in 0..8 {
            let _ = std::os::unix::fs::symlink(".", d.join(format!("dot{k}")));
        }
        d
    });
    bencher.bench(|| {
        let (sources, skipped) = zzread::load::discover(std::slice::from_ref(d));
        assert_eq!((sources.len(), skipped.len()), (1000, 8));
        black_box(sources)
    });
}
