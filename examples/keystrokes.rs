//! Keystroke → frame at scale, without a terminal: the reader's app built from the
//! warm on-disk cache exactly as `zzread DIR` builds it (the cached listing, then the
//! loader thread's messages), then keys typed through `App::update` and each frame
//! drawn into a buffer, every step timed.
//!
//! ```sh
//! cargo run --release --example gen_archive -- /tmp/zz10k --issues 10000
//! zzread search x /tmp/zz10k            # writes the cache
//! cargo run --release --example keystrokes -- /tmp/zz10k "/株洲市医保" [--size 120x40] [--rounds 5]
//! ```
//!
//! `--core-only` times the engine alone, `--settle SECS` after waiting that long
//! (default 3) for the loader's background checks to end.
//!
//! Prints, per key, the median over the rounds of update and render milliseconds (the
//! terminal write is not included: `scripts/first_frame.py` measures that in a pty).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use zzread::app::{App, Key, Msg, Named, Settings};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut keys = String::from("/株洲市医保");
    let mut size = (120u16, 40u16);
    let mut rounds = 5usize;
    let mut core_only = false;
    // Seconds the engine is left alone before it is timed (see below).
    let mut settle = 3u64;
    let mut rest = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size" => {
                let s = args.next().unwrap_or_default();
                let (w, h) = s.split_once('x').unwrap_or(("120", "40"));
                size = (w.parse().unwrap_or(120), h.parse().unwrap_or(40));
            }
            "--rounds" => rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(5),
            "--core-only" => core_only = true,
            "--settle" => settle = args.next().and_then(|r| r.parse().ok()).unwrap_or(3),
            _ => rest.push(a),
        }
    }
    if let Some(k) = rest.pop() {
        keys = k;
    }
    paths.extend(rest.into_iter().map(PathBuf::from));

    let t0 = Instant::now();
    let mut app = warm_app(&paths, size);
    eprintln!(
        "warm app: {} issues, {} docs in {:.0} ms",
        app.issues.len(),
        app.corpus.len(),
        t0.elapsed().as_secs_f64() * 1000.0
    );

    let area = Rect::new(0, 0, size.0, size.1);
    let typed: Vec<Key> = parse_keys(&keys);
    let mut per_key: Vec<Vec<(f64, f64)>> = vec![Vec::new(); typed.len()];
    // `--core-only`: time the engine alone (for profiling it).
    let app_rounds = if core_only { 0 } else { rounds };
    for round in 0..app_rounds {
        for (k, key) in typed.iter().enumerate() {
            // As a person types: the process has been idle a moment.
            std::thread::sleep(Duration::from_millis(50));
            let start = Instant::now();
            app.update(Msg::Key(*key));
            let updated = Instant::now();
            let mut buf = Buffer::empty(area);
            zzread::ui::draw(&app, area, &mut buf);
            let drawn = Instant::now();
            per_key[k].push((ms(updated - start), ms(drawn - updated)));
            if round == 0 && k + 1 == typed.len() {
                eprintln!("{}", screen(&buf));
            }
        }
        // Out of the prompt, highlights cleared: the next round starts afresh.
        app.update(Msg::Key(Key::Named(Named::Esc)));
        app.update(Msg::Key(Key::Named(Named::Esc)));
    }
    // The engine alone, on the same text the prompt held after each key.
    let newness = zzread::search::newness(app.issues.iter().map(|e| e.date.as_deref()));
    let hay = zzread::search::Haystack {
        corpus: &app.corpus,
        index: &app.index,
        newness: &newness,
    };
    let words = zzread::words::ready();
    // The loader's background checks are over by now; CPU time then is the search's
    // own (all its threads), whatever else the machine is doing.
    // At 100,000 issues the check of every cached document takes longer: `--settle`.
    std::thread::sleep(Duration::from_secs(settle));
    let mut core: Vec<Vec<f64>> = vec![Vec::new(); typed.len()];
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); typed.len()];
    let mut prompt = String::new();
    let mut results = vec![0usize; typed.len()];
    for (k, key) in typed.iter().enumerate() {
        if let Key::Char(c) = key
            && !(k == 0 && *c == '/')
        {
            prompt.push(*c);
        }
        for _ in 0..rounds {
            std::thread::sleep(Duration::from_millis(50));
            let start = Instant::now();
            let cpu_start = cpu_ms();
            // What a keystroke runs: the first results in order, the rest counted.
            let outcome = zzread::search::query::find_first(
                &hay,
                &zzread::search::Query::parse(&prompt),
                words,
                zzread::search::query::RANKED,
            );
            core[k].push(ms(start.elapsed()));
            cpu[k].push(cpu_ms() - cpu_start);
            results[k] = outcome.len();
        }
    }
    println!(
        "key      update ms (median/max)   render ms (median/max)   search() ms (median/max)  search() CPU ms (median)  results"
    );
    for (((key, times), (core, found)), cpu) in typed
        .iter()
        .zip(&per_key)
        .zip(core.iter_mut().zip(&results))
        .zip(cpu.iter_mut())
    {
        core.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        let mut u: Vec<f64> = times.iter().map(|t| t.0).collect();
        let mut r: Vec<f64> = times.iter().map(|t| t.1).collect();
        u.sort_by(f64::total_cmp);
        r.sort_by(f64::total_cmp);
        println!(
            "{:<8} {:>8.2} / {:>7.2}         {:>6.2} / {:>6.2}          {:>6.2} / {:>6.2}          {:>6.2}            {found}",
            key.label(),
            median(&u),
            max(&u),
            median(&r),
            max(&r),
            median(core),
            max(core),
            median(cpu),
        );
    }
}

/// CPU time of the whole process so far (every thread), in milliseconds.
fn cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    #[allow(unsafe_code)]
    let r = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    if r != 0 {
        return 0.0;
    }
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

/// The median of sorted figures (0 when there are none).
fn median(sorted: &[f64]) -> f64 {
    sorted.get(sorted.len() / 2).copied().unwrap_or(0.0)
}

fn max(sorted: &[f64]) -> f64 {
    sorted.last().copied().unwrap_or(0.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn parse_keys(s: &str) -> Vec<Key> {
    s.chars()
        .map(|c| match c {
            '\n' => Key::Named(Named::Enter),
            '\u{1b}' => Key::Named(Named::Esc),
            c => Key::Char(c),
        })
        .collect()
}

/// The app over the cached archive, as the reader builds it, with every cached segment
/// checked (as the loader does in the background before a person starts typing).
fn warm_app(paths: &[PathBuf], size: (u16, u16)) -> App {
    let settings = Settings::default();
    let order = settings.order;
    let mut app = App::walking(settings);
    let root = zzread::cache::root().expect("a cache root");
    let cache = zzread::cache::Cache::for_archive(&root, paths);
    let opened = cache.open();
    let mut shown = Vec::new();
    let mut installed = None;
    if let Some((msgs, keys, segment)) = zzread::shell::loader::cached_listing(&opened, order) {
        for msg in msgs {
            app.update(msg);
        }
        shown = keys;
        installed = Some(segment);
    }
    app.update(Msg::Resize {
        width: size.0,
        height: size.1,
    });
    let (tx, rx) = std::sync::mpsc::channel();
    zzread::shell::loader::spawn(
        paths.to_vec(),
        order,
        tx,
        Some(zzread::shell::loader::Warm {
            cache,
            opened,
            shown,
            installed,
        }),
    );
    let mut words = false;
    for msg in rx {
        let last = matches!(msg, Msg::Words(_));
        words |= last;
        app.update(msg);
        if words && !app.indexing() {
            break;
        }
    }
    app
}

fn screen(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut x = 0;
        while x < buf.area.width {
            let cell = &buf[(x, y)];
            out.push_str(cell.symbol());
            x += u16::try_from(zzread::text::str_width(
                cell.symbol(),
                zzread::text::AmbiguousWidth::Narrow,
            ))
            .unwrap_or(1)
            .max(1);
        }
        out.push('\n');
    }
    out
}
