//! The status bar: where you are, what failed to load, and the keys that matter.

use super::cells::{fill, put};
use super::theme;
use crate::app::{Action, App};
use crate::strings;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb();
    fill(buf, area.x, area.y, area.right(), theme::status());
    let mut left = Vec::new();
    if let Some(at) = app.open
        && let Some(entry) = app.issue(at.issue)
    {
        left.push(sanitize(entry.label()).into_owned());
        left.push(strings::article_position(at.n() + 1, entry.article_count()));
        left.push(strings::percent(app.scroll_percent()));
        if let Some(h) = hit_status(app) {
            left.push(h);
        }
    } else {
        left.push(strings::issue_count(app.issues.len()));
    }
    if app.indexing() {
        left.push(strings::indexing(
            &thousands(app.loaded_count()),
            &thousands(app.issues.len()),
        ));
    }
    let left = format!(" {}", left.join(" · "));
    // A notice (copied, saved, state moved aside…) takes the warning's place until
    // the next key; failed files are counted otherwise.
    let warning = match &app.message {
        Some(m) => Some(format!(" {} ", sanitize(m))),
        None => (!app.errors.is_empty())
            .then(|| format!(" {} ", strings::files_failed(app.errors.len()))),
    };
    let hints = hints(app);
    let hints = hints.as_str();

    let width = usize::from(area.width);
    let hints_w = str_width(hints, amb);
    let warn_w = warning.as_deref().map_or(0, |w| str_width(w, amb));
    // The position comes first and is cut only by the screen's edge; a notice takes
    // the room after it (cut to fit); the hints show only when everything fits.
    let show_hints = str_width(&left, amb) + warn_w + hints_w + 2 <= width;
    let x = put(
        buf,
        area.x,
        area.y,
        area.right(),
        &truncate_to_width(&left, width, amb),
        theme::status(),
        amb,
    );
    if let Some(w) = warning {
        let room = usize::from(area.right().saturating_sub(x + 1));
        put(
            buf,
            x + 1,
            area.y,
            area.right(),
            &truncate_to_width(&w, room, amb),
            theme::warning(app.appearance()),
            amb,
        );
    }
    if show_hints {
        let hx = area
            .right()
            .saturating_sub(u16::try_from(hints_w).unwrap_or(0));
        put(buf, hx, area.y, area.right(), hints, theme::status(), amb);
    }
}

/// "第 k/N 处 · 第 a/M 篇" while search hits are in force.
pub fn hit_status(app: &App) -> Option<String> {
    let h = app.hits.as_ref()?;
    let m = h.outcome.results.len();
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

/// The keys that matter most, named as the key table in force binds them.
fn hints(app: &App) -> String {
    let keymap = app.keymap();
    let mut parts = Vec::new();
    if let Some(k) = keymap.first_label(Action::Help) {
        parts.push(strings::hint_help(&k));
    }
    let quit = keymap
        .first_label(Action::QuitOrBack)
        .or_else(|| keymap.first_label(Action::Quit));
    if let Some(k) = quit {
        parts.push(strings::hint_quit(&k));
    }
    format!("{} ", parts.join("  "))
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
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(3120), "3,120");
        assert_eq!(super::thousands(10_000), "10,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
