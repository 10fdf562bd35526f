//! Stamps the build with a hash of the code whose output the on-disk cache holds
//! (loading, parsing, the model, the text store, search folding and indexing, the
//! readings the index keys initials by, the cache format itself). A cache written by
//! other such code is rebuilt, never misread: "a parser change rebuilds", without
//! anyone having to remember to bump a number.

use std::hash::{Hash, Hasher};
use std::path::Path;

/// Files and folders whose code decides what the cache holds.
const INPUTS: &[&str] = &[
    "src/load",
    "src/parse",
    "src/model.rs",
    "src/archive.rs",
    "src/store",
    "src/search/fold.rs",
    "src/search/index.rs",
    // The headline-first lists a segment holds.
    "src/search/headed.rs",
    // The index's initials lists are keyed by the readings of the `pinyin` crate
    // (whose version the lock file pins).
    "src/search/pinyin.rs",
    "Cargo.lock",
    "src/text",
    "src/cache",
    "src/app/msg.rs",
    "src/strings.rs",
    "seeds",
];

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(Path::new(input), &mut files);
    }
    files.sort();
    // FNV-1a over names and contents: stable across Rust versions, unlike DefaultHasher.
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    for file in &files {
        file.to_string_lossy().hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let code = format!(
        "/// A hash of the code that decides what the cache holds (see build.rs).\n\
         pub const CODE_VERSION: u64 = {:#018x};\n",
        hasher.finish()
    );
    let _ = std::fs::write(Path::new(&out).join("code_version.rs"), code);
}

fn collect(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        if let Ok(entries) = std::fs::read_dir(path) {
            for entry in entries.flatten() {
                collect(&entry.path(), files);
            }
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
