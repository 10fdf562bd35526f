//! The status bar: where you are, what failed to load, and the keys that matter.

use super::cells::{fill, put};
use super::theme;
use crate::app::App;
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb;
    fill(buf, area.x, area.y, area.right(), theme::status());
    let mut left = Vec::new();
    if let Some((i, a)) = app.open {
        let entry = &app.issues[i];
        let n = entry.issue().map_or(0, |x| x.articles.len());
        left.push(sanitize(entry.label()).into_owned());
        left.push(format!("第 {}/{n} 篇", a + 1));
        left.push(format!("{}%", app.scroll_percent()));
        if let Some(h) = app.hit_status() {
            left.push(h);
        }
    } else {
        left.push(format!("{} 期", app.issues.len()));
    }
    let loaded = app.loaded_count();
    if loaded < app.issues.len() {
        left.push(format!(
            "索引 {}/{}",
            thousands(loaded),
            thousands(app.issues.len())
        ));
    }
    let left = format!(" {}", left.join(" · "));
    // A notice (copied, saved, state moved aside…) takes the warning's place until
    // the next key; failed files are counted otherwise.
    let warning = match &app.message {
        Some(m) => Some(format!(" {} ", sanitize(m))),
        None => {
            (!app.errors.is_empty()).then(|| format!(" ⚠ {} 个文件未能载入 ", app.errors.len()))
        }
    };
    let hints = "? 帮助  q 退出 ";

    let width = usize::from(area.width);
    let hints_w = str_width(hints, amb);
    let warn_w = warning.as_deref().map_or(0, |w| str_width(w, amb));
    // The position comes first; hints go before the warning does.
    let show_hints = str_width(&left, amb) + warn_w + hints_w + 2 <= width;
    let left_room = width.saturating_sub(warn_w + if show_hints { hints_w + 1 } else { 0 });
    let x = put(
        buf,
        area.x,
        area.y,
        area.right(),
        &truncate_to_width(&left, left_room, amb),
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
            theme::warning(app.appearance),
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

/// 10000 → "10,000".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
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
