//! The reading pane: the laid-out page, from the first visible line.

use super::cells::put;
use super::theme;
use crate::app::App;
use crate::text::str_width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(app: &App, column: Rect, buf: &mut Buffer) {
    let amb = app.amb;
    let Some(page) = &app.page else {
        let hint = "选择一篇文章,按 Enter 打开";
        let w = u16::try_from(str_width(hint, amb))
            .unwrap_or(0)
            .min(column.width);
        let x = column.x + (column.width - w) / 2;
        put(
            buf,
            x,
            column.y + column.height / 3,
            column.right(),
            hint,
            theme::dim(),
            amb,
        );
        return;
    };
    for (row, line) in page
        .lines
        .iter()
        .skip(app.top)
        .take(usize::from(column.height))
        .enumerate()
    {
        if line.gap {
            continue;
        }
        let y = column.y + u16::try_from(row).unwrap_or(u16::MAX);
        let x = column.x + line.indent;
        put(
            buf,
            x,
            y,
            column.right(),
            page.text(line),
            theme::role(page.role(line)),
            amb,
        );
    }
}
