//! The shared jieba segmenter.
//!
//! `Jieba::new()` loads a 34 MB dictionary (~120 ms optimised, far more in a debug
//! build), so there is exactly one instance per process, built on first use. Callers
//! that must not wait (the first frame, a keystroke) build it on a background thread
//! with [`warm_up`] and only ask [`ready`] until it is there.

use jieba_rs::Jieba;
use std::sync::OnceLock;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The shared segmenter, loading the dictionary on first call.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// The shared segmenter if it has already been built; never blocks.
pub fn ready() -> Option<&'static Jieba> {
    JIEBA.get()
}

/// Starts loading the dictionary on a background thread.
pub fn warm_up() {
    if JIEBA.get().is_none() {
        std::thread::spawn(|| {
            jieba();
        });
    }
}
