//! The search results panel: it takes the section list's place while `/` is open.

use super::cells::{fill, put, put_with};
use super::theme;
use crate::app::App;
use crate::app::search::ROWS_PER_RESULT;
use crate::search::{block_hits, snippet};
use crate::text::{sanitize, str_width, truncate_to_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.amb;
    let Some(prompt) = &app.prompt else { return };
    let right = area.right().saturating_sub(1);
    let header = match &app.hits {
        None => "输入要搜索的文字 · 空格分隔多个词".to_string(),
        Some(h) if h.outcome.results.is_empty() => "没有找到".to_string(),
        Some(h) => {
            let mut s = match &h.outcome.fallback {
                Some(words) => format!(
                    "没有完全匹配 · 显示同时包含 {} 的文章 · ",
                    words.join(" + ")
                ),
                None => String::new(),
            };
            s.push_str(&format!(
                "{} 篇 · {} 处",
                h.outcome.results.len(),
                h.outcome.total_hits()
            ));
            s
        }
    };
    let loaded = app.loaded_count();
    let header = if loaded < app.issues.len() {
        format!("{header} · 已索引 {loaded}/{} 期", app.issues.len())
    } else {
        header
    };
    let header = sanitize(&header);
    put(
        buf,
        area.x + 1,
        area.y,
        right,
        &truncate_to_width(&header, usize::from(right.saturating_sub(area.x + 1)), amb),
        theme::issue_row(),
        amb,
    );

    let Some(hits) = &app.hits else { return };
    let index = app
        .index
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let per_screen = usize::from(area.height.saturating_sub(1)) / ROWS_PER_RESULT;
    for (slot, k) in (prompt.results_top..hits.outcome.results.len())
        .take(per_screen)
        .enumerate()
    {
        let r = &hits.outcome.results[k];
        let Some(outline) = app
            .issues
            .get(r.issue)
            .and_then(|e| e.issue())
            .and_then(|i| i.articles.get(r.article))
        else {
            continue;
        };
        let y = area.y + 1 + u16::try_from(slot * ROWS_PER_RESULT).unwrap_or(0);
        let selected = k == prompt.selected;
        let base = if selected {
            theme::cursor(true)
        } else {
            Style::new()
        };
        fill(buf, area.x, y, area.right(), base);
        fill(buf, area.x, y + 1, area.right(), base);

        let rank = format!("{:>2} ", k + 1);
        let mut x = put(
            buf,
            area.x + 1,
            y,
            right,
            &rank,
            base.patch(theme::dim()),
            amb,
        );
        let issue = sanitize(app.issues[r.issue].label());
        let count = format!(" {} 处", r.hits);
        let count_w = u16::try_from(str_width(&count, amb)).unwrap_or(0);
        let issue_room = usize::from(right.saturating_sub(x)) / 3;
        x = put(
            buf,
            x,
            y,
            right,
            &truncate_to_width(&issue, issue_room, amb),
            base.patch(theme::dim()),
            amb,
        ) + 1;
        let title = sanitize(&outline.title);
        let room = usize::from(right.saturating_sub(x).saturating_sub(count_w));
        put(
            buf,
            x,
            y,
            right,
            &truncate_to_width(&title, room, amb),
            base.patch(theme::issue_row()),
            amb,
        );
        put(
            buf,
            right.saturating_sub(count_w),
            y,
            right,
            &count,
            base.patch(theme::dim()),
            amb,
        );

        // The snippet around the first hit, hit highlighted, from the block as printed
        // (the index keeps that text).
        let Some(doc) = index.docs.get(r.doc as usize) else {
            continue;
        };
        let first_hit: Vec<_> = hits
            .outcome
            .positions(&index, k)
            .into_iter()
            .take(1)
            .collect();
        // Only the hit's block is rebuilt: an article can be megabytes long.
        let mut blocks: Vec<_> = doc.roles.iter().map(|r| (*r, String::new())).collect();
        if let Some(h) = first_hit.first() {
            let b = doc.block_at(h.start);
            if let Some(slot) = blocks.get_mut(b) {
                slot.1 = doc.block_text(b);
            }
        }
        let first = block_hits(doc, &blocks, &first_hit);
        if let Some(h) = first.first() {
            let sx = area.x + 4;
            let width = usize::from(right.saturating_sub(sx));
            let (text, hit) = snippet(&blocks[h.block].1, h.start..h.end, width, amb);
            let style = |at: usize| {
                if hit.contains(&at) {
                    base.patch(theme::hit(app.appearance))
                } else {
                    base
                }
            };
            put_with(buf, sx, y + 1, right, &text, style, amb);
        }
    }
}

/// The prompt line: `/query`, with hit status at the right. Returns the cursor cell.
pub fn render_prompt(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let amb = app.amb;
    let prompt = app.prompt.as_ref()?;
    fill(buf, area.x, area.y, area.right(), Style::new());
    let status = app.hit_status().unwrap_or_default();
    let status_w = u16::try_from(str_width(&status, amb)).unwrap_or(0);
    let input_right = if status_w + 8 < area.width {
        area.right() - status_w - 2
    } else {
        area.right()
    };
    put(buf, area.x, area.y, input_right, "/", theme::prompt(), amb);
    let room = usize::from(input_right.saturating_sub(area.x + 1));
    // Keep the cursor in view: show the tail of a long query.
    let cursor_col = prompt.cursor_column(amb);
    let input = sanitize(&prompt.input);
    let skip = cursor_col.saturating_sub(room.saturating_sub(1));
    let mut shown_from = 0;
    let mut skipped = 0;
    for (i, g) in crate::text::graphemes(&input) {
        if skipped >= skip {
            shown_from = i;
            break;
        }
        skipped += crate::text::grapheme_width(g, amb);
        shown_from = i + g.len();
    }
    let visible = input.get(shown_from..).unwrap_or("");
    put(
        buf,
        area.x + 1,
        area.y,
        input_right,
        visible,
        theme::prompt(),
        amb,
    );
    if status_w > 0 && input_right < area.right() {
        put(
            buf,
            area.right() - status_w - 1,
            area.y,
            area.right(),
            &status,
            theme::dim(),
            amb,
        );
    }
    let cx = area.x + 1 + u16::try_from(cursor_col - skipped).unwrap_or(0);
    Some((cx.min(area.right().saturating_sub(1)), area.y))
}
