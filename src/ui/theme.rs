//! Styles, in one place so that a light theme or NO_COLOR is one change away.

use crate::blocks::Role;
use ratatui::style::{Color, Modifier, Style};

pub fn role(r: Role) -> Style {
    match r {
        Role::Kicker => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Role::Title => Style::new().add_modifier(Modifier::BOLD),
        Role::Subtitle => Style::new().fg(Color::Cyan),
        Role::Byline => Style::new().add_modifier(Modifier::DIM),
        Role::Note => Style::new()
            .fg(Color::Yellow)
            .add_modifier(Modifier::ITALIC),
        Role::Text => Style::new(),
        Role::Subhead => Style::new().add_modifier(Modifier::BOLD),
        Role::Caption => Style::new().fg(Color::Cyan).add_modifier(Modifier::ITALIC),
        Role::Label => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    }
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn issue_row() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn section_row() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn kicker_in_list() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::DIM)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

/// The cursor row: reversed while the list has focus, a quieter mark otherwise.
pub fn cursor(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}

pub fn status() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn warning() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn separator() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// Every search hit in the reader.
pub fn hit() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow)
}

/// The hit n/N is on.
pub fn current_hit() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(Color::LightRed)
        .add_modifier(Modifier::BOLD)
}

pub fn prompt() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
