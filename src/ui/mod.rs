//! Drawing: a pure function of borrowed `App` state into a ratatui frame. No state
//! changes here; everything a frame needs was prepared by `App::update`.

mod bookmarks;
mod cells;
mod goto;
mod help;
mod list;
mod reader;
mod results;
mod status;
mod theme;
mod view;

pub use status::hit_status;

use crate::app::geometry::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Mode};
use crate::strings;
use crate::text::{AmbiguousWidth, str_width, truncate_to_width};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, frame: &mut Frame<'_>) {
    let area = frame.area();
    if let Some((x, y)) = draw(app, area, frame.buffer_mut()) {
        // The real cursor sits in the prompt, so an input method opens its candidate
        // window where the text goes.
        frame.set_cursor_position((x, y));
    }
}

/// Draws into any buffer (the terminal's frame or a test buffer); returns where the
/// terminal cursor belongs when the search prompt is open.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<(u16, u16)> {
    let g = app.geometry();
    if g.too_small {
        too_small(area, buf, app);
        return None;
    }
    if let Some(list) = g.list {
        if app.prompt().is_some() {
            results::render(app, list, buf);
        } else if app.goto_prompt().is_some() {
            goto::render(app, list, buf);
        } else {
            list::render(app, list, buf);
        }
        if g.reader.is_some() {
            let x = list.right();
            for y in list.y..list.bottom() {
                cells::put(
                    buf,
                    x,
                    y,
                    x + 1,
                    separator(app.amb()),
                    theme::separator(),
                    app.amb(),
                );
            }
        }
    }
    if let Some(column) = g.column {
        reader::render(app, column, buf);
    }
    let cursor = if app.prompt().is_some() {
        results::render_prompt(app, g.status, buf)
    } else if app.goto_prompt().is_some() {
        goto::render_prompt(app, g.status, buf)
    } else {
        status::render(app, g.status, buf);
        None
    };
    let above_status = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    match app.mode {
        Mode::Help { top, .. } => help::render(above_status, buf, app, top),
        Mode::Bookmarks { cursor, .. } => bookmarks::render(above_status, buf, app, cursor),
        Mode::View { view, top, .. } => view::render(above_status, buf, app, view, top),
        _ => {}
    }
    cursor
}

fn too_small(area: Rect, buf: &mut Buffer, app: &App) {
    let lines = [
        strings::TOO_SMALL.to_string(),
        strings::at_least(MIN_WIDTH, MIN_HEIGHT),
        strings::now_size(area.width, area.height),
    ];
    let top = area.y + area.height.saturating_sub(3) / 2;
    for (k, line) in lines.iter().enumerate() {
        let y = top + u16::try_from(k).unwrap_or(0);
        if y >= area.bottom() {
            break;
        }
        let text = truncate_to_width(line, usize::from(area.width), app.amb());
        let w = u16::try_from(str_width(&text, app.amb())).unwrap_or(0);
        let x = area.x + area.width.saturating_sub(w) / 2;
        cells::put(
            buf,
            x,
            y,
            area.right(),
            &text,
            theme::issue_row(),
            app.amb(),
        );
    }
}

/// The pane separator: box drawing is East Asian Ambiguous, two columns in a CJK
/// terminal, where only a one-column slot exists; ASCII is narrow everywhere.
fn separator(amb: AmbiguousWidth) -> &'static str {
    match amb {
        AmbiguousWidth::Narrow => "│",
        AmbiguousWidth::Wide => "|",
    }
}

/// Borders for popups, narrow in every terminal (see `separator`).
pub(crate) fn border_set(amb: AmbiguousWidth) -> ratatui::symbols::border::Set<'static> {
    match amb {
        AmbiguousWidth::Narrow => ratatui::symbols::border::PLAIN,
        AmbiguousWidth::Wide => ratatui::symbols::border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
    }
}

/// Clears a popup's rectangle and draws its frame and title; returns the inside. A wide
/// char just left of the popup is cleared too, or it would cover the left border.
pub(crate) fn popup(popup: Rect, buf: &mut Buffer, amb: AmbiguousWidth, title: &str) -> Rect {
    use ratatui::widgets::{Block, Borders, Clear, Widget};
    if popup.x > buf.area.x {
        for y in popup.y..popup.bottom() {
            if let Some(cell) = buf.cell_mut((popup.x - 1, y))
                && str_width(cell.symbol(), amb) > 1
            {
                cell.reset();
            }
        }
    }
    Clear.render(popup, buf);
    Block::new()
        .borders(Borders::ALL)
        .border_set(border_set(amb))
        .title(title)
        .render(popup, buf);
    Rect::new(
        popup.x + 1,
        popup.y + 1,
        popup.width.saturating_sub(2),
        popup.height.saturating_sub(2),
    )
}
