//! Drawing: a pure function of borrowed `App` state into a ratatui frame. No state
//! changes here; everything a frame needs was prepared by `App::update`.

mod cells;
mod help;
mod list;
mod reader;
mod status;
mod theme;

use crate::app::App;
use crate::app::geometry::{MIN_HEIGHT, MIN_WIDTH};
use crate::text::{str_width, truncate_to_width};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    draw(app, area, frame.buffer_mut());
}

/// Draws into any buffer (the terminal's frame or a test buffer).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let g = app.geometry();
    if g.too_small {
        too_small(area, buf, app);
        return;
    }
    if let Some(list) = g.list {
        list::render(app, list, buf);
        if g.reader.is_some() {
            let x = list.right();
            for y in list.y..list.bottom() {
                cells::put(buf, x, y, x + 1, "│", theme::separator(), app.amb);
            }
        }
    }
    if let Some(column) = g.column {
        reader::render(app, column, buf);
    }
    status::render(app, g.status, buf);
    if app.help {
        help::render(
            Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1)),
            buf,
            app.amb,
        );
    }
}

fn too_small(area: Rect, buf: &mut Buffer, app: &App) {
    let lines = [
        "终端太小".to_string(),
        format!("至少 {MIN_WIDTH}×{MIN_HEIGHT}"),
        format!("现在 {}×{}", area.width, area.height),
    ];
    let top = area.y + area.height.saturating_sub(3) / 2;
    for (k, line) in lines.iter().enumerate() {
        let y = top + u16::try_from(k).unwrap_or(0);
        if y >= area.bottom() {
            break;
        }
        let text = truncate_to_width(line, usize::from(area.width), app.amb);
        let w = u16::try_from(str_width(&text, app.amb)).unwrap_or(0);
        let x = area.x + area.width.saturating_sub(w) / 2;
        cells::put(buf, x, y, area.right(), &text, theme::issue_row(), app.amb);
    }
}
