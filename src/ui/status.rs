//! The status bar: where you are, a notice, what failed to load, and the keys that
//! matter — as much of it as fits, by priority.
//!
//! When the terminal is narrow the changing numbers stay (article k/N, how far, hit
//! k/N), then a notice that answers a key, then the issue's name, then the reading
//! time, then indexing progress and failed files, and the key hints go first.

use super::cells::{fill, put};
use super::theme;
use crate::app::{Action, App, Mode};
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Where a piece of the bar goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The position, joined with ` · `.
    Left,
    /// After the position, in the warning colours.
    Notice,
    /// At the right edge.
    Right,
}

struct Piece {
    /// Lower is more important.
    priority: u8,
    slot: Slot,
    text: String,
}

const SEPARATOR: &str = " · ";
/// Columns a notice needs to be worth showing cut.
const MIN_NOTICE: usize = 12;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    fill(buf, area.x, area.y, area.right(), theme::status());
    let pieces = pieces(app);
    let width = usize::from(area.width);
    let shown = fit(&pieces, width, |s| str_width(s, amb));

    let left: Vec<&str> = shown
        .iter()
        .filter(|p| p.slot == Slot::Left)
        .map(|p| p.text.as_str())
        .collect();
    let left = format!(" {}", left.join(SEPARATOR));
    let x = put(
        buf,
        area.x,
        area.y,
        area.right(),
        &truncate_to_width(&left, width, amb),
        theme::status(),
        amb,
    );
    let mut x = x;
    for p in shown.iter().filter(|p| p.slot == Slot::Notice) {
        let room = usize::from(area.right().saturating_sub(x + 1));
        let text = format!(" {} ", p.text);
        x = put(
            buf,
            x + 1,
            area.y,
            area.right(),
            &truncate_to_width(&text, room, amb),
            theme::warning(app.appearance()),
            amb,
        );
    }
    let right: Vec<&str> = shown
        .iter()
        .filter(|p| p.slot == Slot::Right)
        .map(|p| p.text.as_str())
        .collect();
    if !right.is_empty() {
        let text = format!("{} ", right.join("  "));
        let w = u16::try_from(str_width(&text, amb)).unwrap_or(0);
        let hx = area.right().saturating_sub(w);
        if hx > x {
            put(buf, hx, area.y, area.right(), &text, theme::status(), amb);
        }
    }
}

/// The pieces that fit in `width` columns, most important first, stopping at the first
/// that does not (so a hint never shows where the issue's name was dropped). The
/// position always shows, cut by the edge if it must be.
fn fit(pieces: &[Piece], width: usize, w: impl Fn(&str) -> usize) -> Vec<&Piece> {
    let mut order: Vec<&Piece> = pieces.iter().collect();
    order.sort_by_key(|p| p.priority);
    let cost = |chosen: &[&Piece]| -> usize {
        let left: Vec<&&Piece> = chosen.iter().filter(|p| p.slot == Slot::Left).collect();
        let mut total = 1
            + left.iter().map(|p| w(&p.text)).sum::<usize>()
            + w(SEPARATOR) * left.len().saturating_sub(1);
        for p in chosen.iter().filter(|p| p.slot == Slot::Notice) {
            total += w(&p.text) + 3;
        }
        let right: Vec<&&Piece> = chosen.iter().filter(|p| p.slot == Slot::Right).collect();
        if !right.is_empty() {
            total += 2 + right.iter().map(|p| w(&p.text) + 2).sum::<usize>();
        }
        total
    };
    let mut chosen: Vec<&Piece> = Vec::new();
    for p in order {
        chosen.push(p);
        if p.priority > 0 && cost(&chosen) > width {
            chosen.pop();
            // A notice too long for the room left is cut, not dropped: it answers
            // what the user just did. It then takes the rest of the bar.
            let room = width.saturating_sub(cost(&chosen));
            if p.slot == Slot::Notice && room >= MIN_NOTICE {
                chosen.push(p);
            }
            break;
        }
    }
    // Back in the order of the bar.
    chosen.sort_by_key(|p| pieces.iter().position(|q| std::ptr::eq(q, *p)));
    chosen
}

fn pieces(app: &App) -> Vec<Piece> {
    let keymap = app.keymap();
    let key = |a: Action| keymap.first_label(a).unwrap_or_default();
    let mut out = Vec::new();
    let mut push = |priority, slot, text: String| {
        out.push(Piece {
            priority,
            slot,
            text,
        })
    };
    if let Some(at) = app.open
        && let Some(entry) = app.issue(at.issue)
    {
        push(2, Slot::Left, sanitize(entry.label()).into_owned());
        push(
            0,
            Slot::Left,
            strings::article_position(at.n() + 1, entry.article_count()),
        );
        push(0, Slot::Left, strings::percent(app.scroll_percent()));
        // The page the article is printed on, when the dump says.
        if let Some(page) = entry
            .meta()
            .and_then(|m| m.page_of(m.articles.get(at.n())?))
            .and_then(|p| strings::page_name(p.number.as_deref(), p.name.as_deref()))
        {
            push(3, Slot::Left, sanitize(&page).into_owned());
        }
        if let Some(h) = hit_status(app) {
            push(0, Slot::Left, h);
        }
        if let Some((chars, minutes)) = app.reading {
            push(
                3,
                Slot::Left,
                strings::reading_time(&thousands(chars), minutes),
            );
        }
    } else {
        push(2, Slot::Left, strings::issue_count(app.issues.len()));
    }
    if app.indexing() {
        push(
            4,
            Slot::Left,
            strings::indexing(&thousands(app.loaded_count()), &thousands(app.issues.len())),
        );
    }
    // A notice (copied, saved, the width…) answers a key: it comes right after the
    // position. Failed files are counted when there is nothing to say.
    match &app.message {
        Some(m) => push(1, Slot::Notice, sanitize(m).into_owned()),
        None if !app.errors.is_empty() => push(
            5,
            Slot::Notice,
            strings::files_failed(app.errors.len(), &key(Action::Errors)),
        ),
        None => {}
    }
    if let Some(n) = app.count {
        push(1, Slot::Right, n.to_string());
    }
    // A jumped article: the key that opens its other half, when that is loaded.
    if matches!(app.mode, Mode::Reader)
        && let Some(a) = app.open.and_then(|at| app.article(at))
        && a.other_half().is_some()
    {
        let k = key(Action::OtherHalf);
        if !k.is_empty() {
            let what = if a.continued_to_article.is_some() {
                strings::HINT_NEXT_HALF
            } else {
                strings::HINT_PREV_HALF
            };
            push(5, Slot::Right, strings::hint(&k, what));
        }
    }
    for (action, what) in hints(app) {
        let k = key(action);
        if !k.is_empty() {
            push(6, Slot::Right, strings::hint(&k, what));
        }
    }
    out
}

/// The keys worth showing in this mode, as the key table in force binds them.
fn hints(app: &App) -> Vec<(Action, &'static str)> {
    match app.mode {
        Mode::List => vec![
            (Action::Open, strings::HINT_OPEN),
            (Action::Goto, strings::HINT_GOTO),
            (Action::Help, strings::HINT_HELP),
            (Action::QuitOrBack, strings::HINT_QUIT),
        ],
        Mode::Reader => vec![
            (Action::ReadOn, strings::HINT_READ_ON),
            (Action::Help, strings::HINT_HELP),
            (Action::QuitOrBack, strings::HINT_BACK),
        ],
        Mode::Help { .. } | Mode::Bookmarks { .. } | Mode::View { .. } => {
            vec![(Action::Cancel, strings::HINT_CLOSE)]
        }
        Mode::Search(_) | Mode::Goto(_) => Vec::new(),
    }
}

/// "第 k/N 处 · 第 a/M 篇" while search hits are in force and shown.
pub fn hit_status(app: &App) -> Option<String> {
    let h = app.hits.as_ref().filter(|h| !h.hidden)?;
    let m = h.outcome.len();
    if m == 0 {
        return None;
    }
    let n = h.blocks.len();
    Some(strings::hit_position(
        (h.hit + 1).min(n),
        n,
        h.result + 1,
        m,
    ))
}

/// 10000 → "10,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3120), "3,120");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn pieces_fit_by_priority_and_stop_at_the_first_that_does_not() {
        let piece = |priority, slot, text: &str| Piece {
            priority,
            slot,
            text: text.into(),
        };
        let pieces = [
            piece(2, Slot::Left, "issue-name"),
            piece(0, Slot::Left, "k/N"),
            piece(0, Slot::Left, "50%"),
            piece(6, Slot::Right, "? help"),
        ];
        let texts = |width| {
            fit(&pieces, width, str::len)
                .iter()
                .map(|p| p.text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(200), ["issue-name", "k/N", "50%", "? help"]);
        assert_eq!(texts(25), ["issue-name", "k/N", "50%"], "hints go first");
        assert_eq!(texts(12), ["k/N", "50%"], "then the name");
        assert_eq!(texts(3), ["k/N", "50%"], "the position always stays");
        // A long notice is cut to the room, and nothing after it shows.
        let pieces = [
            piece(0, Slot::Left, "k/N"),
            piece(1, Slot::Notice, &"x".repeat(100)),
            piece(2, Slot::Left, "issue-name"),
        ];
        let shown: Vec<&str> = fit(&pieces, 40, str::len)
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0], "k/N");
    }
}
