//! `ZZREAD_TIMINGS=FILE` appends JSON lines with the milliseconds since start at the
//! first frame and when every issue is parsed and indexed, and per keystroke the time
//! from its arrival to its frame being on screen: what `scripts/bench.sh` measures.
//! Off unless asked for; the file is the user's, never inside the archive.

use crate::app::App;
use std::io::Write;
use std::time::Instant;

pub struct Timings {
    file: Option<std::fs::File>,
    start: Instant,
    first_done: bool,
    indexed_done: bool,
}

impl Timings {
    pub fn from_env() -> Timings {
        let file = std::env::var_os("ZZREAD_TIMINGS").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .ok()
        });
        Timings {
            file,
            start: process_start(),
            first_done: false,
            indexed_done: false,
        }
    }

    pub fn frame_drawn(&mut self, app: &App) {
        if self.file.is_none() {
            return;
        }
        if !self.first_done {
            self.first_done = true;
            self.log("first_frame");
        }
        if !self.indexed_done && !app.indexing() {
            self.indexed_done = true;
            self.log("indexed");
        }
    }

    /// A keystroke's frame is on screen: how long it took from the key's arrival, and
    /// where that went — the app's update (query and ranking included), laying out and
    /// rendering the frame into a buffer, and writing the difference to the terminal.
    pub fn key_done(&mut self, at: Instant, updated: Instant, drawing: Instant, rendered: Instant) {
        let Some(f) = self.file.as_mut() else {
            return;
        };
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let done = Instant::now();
        let _ = writeln!(
            f,
            "{{\"event\":\"key\",\"ms\":{:.2},\"update\":{:.2},\"render\":{:.2},\"write\":{:.2}}}",
            ms(done - at),
            ms(updated.saturating_duration_since(at)),
            ms(rendered.saturating_duration_since(drawing)),
            ms(done.saturating_duration_since(rendered)),
        );
    }

    fn log(&mut self, event: &str) {
        let ms = self.start.elapsed().as_secs_f64() * 1000.0;
        if let Some(f) = self.file.as_mut() {
            let _ = writeln!(f, "{{\"event\":\"{event}\",\"ms\":{ms:.1}}}");
        }
    }
}

/// When the process started, as near as std can tell: the first call, made at the top
/// of `shell::run`.
pub fn process_start() -> Instant {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *START.get_or_init(Instant::now)
}
