//! The ragged right edge: how many body lines end visibly short of the text column (a
//! paragraph's last line aside), over every bundled article, with the punctuation as
//! printed and shown full-width. `cargo test --test ragged_edge -- --nocapture`
//! prints the table the README quotes.

mod common;

use zzread::app::page::{Layout, Page, Role};
use zzread::text::{AmbiguousWidth, str_width};

/// What was counted at one width.
#[derive(Debug, Default, Clone, Copy)]
struct Edge {
    lines: usize,
    /// Ending at least one column short.
    short: usize,
    /// Ending at least two columns short (a whole character).
    short_by_a_char: usize,
    /// Ending short, with an ASCII , ; : ( ) ! ? on the line.
    short_with_ascii: usize,
}

impl Edge {
    fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.lines.max(1) as f64
    }
}

fn edge(app: &zzread::app::App, width: u16, amb: AmbiguousWidth, full_width: bool) -> Edge {
    let mut e = Edge::default();
    for doc in app.corpus.docs() {
        let blocks = app.article_blocks(doc.at).expect("loaded");
        let page = Page::from_blocks(
            blocks,
            Layout {
                width,
                amb,
                full_width,
            },
        );
        let lines: Vec<_> = page.lines.iter().filter(|l| !l.gap).collect();
        for (k, line) in lines.iter().enumerate() {
            let last_of_block = lines.get(k + 1).is_none_or(|n| n.block != line.block);
            if page.role(line) != Role::Text || last_of_block {
                continue;
            }
            e.lines += 1;
            let text = page.text(line);
            let w = usize::from(line.indent) + str_width(text, amb);
            let missing = usize::from(width).saturating_sub(w);
            if missing >= 1 {
                e.short += 1;
                if text.contains([',', ';', ':', '(', ')', '!', '?']) {
                    e.short_with_ascii += 1;
                }
            }
            if missing >= 2 {
                e.short_by_a_char += 1;
            }
        }
    }
    e
}

#[test]
fn full_width_punctuation_evens_the_right_edge() {
    let app = common::bundled_app(100, 30, AmbiguousWidth::Narrow);
    println!(
        "| ambiguous | column | body lines | short (as printed → full-width) | \
         short by a whole character | short with ASCII , ; : ( ) ! ? |"
    );
    println!("|---|---|---|---|---|---|");
    for amb in [AmbiguousWidth::Narrow, AmbiguousWidth::Wide] {
        for width in [30u16, 40, 46, 60, 80] {
            let before = edge(&app, width, amb, false);
            let after = edge(&app, width, amb, true);
            println!(
                "| {amb:?} | {width} | {} | {:.1} % → {:.1} % | {:.1} % → {:.1} % | {:.1} % → {:.1} % |",
                before.lines,
                before.pct(before.short),
                after.pct(after.short),
                before.pct(before.short_by_a_char),
                after.pct(after.short_by_a_char),
                before.pct(before.short_with_ascii),
                after.pct(after.short_with_ascii),
            );
            assert!(before.lines > 100, "enough lines at {width}: {before:?}");
            assert!(
                after.pct(after.short) < 0.7 * before.pct(before.short),
                "{amb:?} {width}: {after:?} vs {before:?}"
            );
            // What is left is Latin and numbers (8:00, 1,000), kept as printed.
            assert!(
                after.pct(after.short_with_ascii) < 1.0,
                "{amb:?} {width}: {after:?}"
            );
        }
    }
}
