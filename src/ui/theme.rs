//! Styles, in one place: a dark and a light palette, and no colour at all when the
//! environment says NO_COLOR. Without colour, modifiers that every terminal draws
//! (bold, dim, underline, reverse; never italics alone, which many terminals do not
//! draw for CJK) carry the distinctions, and the page's marks help: ▲ before a
//! caption, —— before a subtitle.

use crate::app::Appearance;
use crate::store::Role;
use ratatui::style::{Color, Modifier, Style};

/// A colour, or nothing under NO_COLOR.
fn fg(a: Appearance, dark: Color, light: Color) -> Style {
    match (a.no_color, a.light) {
        (true, _) => Style::new(),
        (false, false) => Style::new().fg(dark),
        (false, true) => Style::new().fg(light),
    }
}

pub fn role(a: Appearance, r: Role) -> Style {
    let bold = Modifier::BOLD;
    let italic = Modifier::ITALIC;
    let dim = Modifier::DIM;
    // What stands in for the colour when there is none.
    let plain = |m: Modifier| if a.no_color { m } else { Modifier::empty() };
    match r {
        // Above the headline, in smaller type in print: underlined, not bold.
        Role::Kicker => fg(a, Color::Red, Color::Red).add_modifier(if a.no_color {
            Modifier::UNDERLINED
        } else {
            bold
        }),
        Role::Title => Style::new().add_modifier(bold),
        Role::Subtitle => fg(a, Color::Cyan, Color::Blue),
        Role::Byline => Style::new().add_modifier(dim),
        Role::Note => fg(a, Color::Yellow, Color::Magenta)
            .add_modifier(italic | plain(dim | Modifier::UNDERLINED)),
        Role::Text => Style::new(),
        Role::Subhead => Style::new().add_modifier(bold),
        Role::Caption => fg(a, Color::Cyan, Color::Blue).add_modifier(italic | plain(dim)),
        Role::Label => {
            fg(a, Color::Yellow, Color::Magenta).add_modifier(bold | plain(Modifier::UNDERLINED))
        }
        // The column heading, as the section list shows it.
        Role::Section => section_row(a).add_modifier(plain(dim | Modifier::UNDERLINED)),
    }
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn issue_row() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn section_row(a: Appearance) -> Style {
    fg(a, Color::Yellow, Color::Blue)
}

pub fn kicker_in_list(a: Appearance) -> Style {
    fg(a, Color::Red, Color::Red).add_modifier(Modifier::DIM)
}

pub fn error(a: Appearance) -> Style {
    fg(a, Color::Red, Color::Red).add_modifier(if a.no_color {
        Modifier::BOLD
    } else {
        Modifier::empty()
    })
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

pub fn warning(a: Appearance) -> Style {
    fg(a, Color::Yellow, Color::Red).add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn separator() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

/// Every search hit in the reader.
pub fn hit(a: Appearance) -> Style {
    match (a.no_color, a.light) {
        (true, _) => Style::new().add_modifier(Modifier::REVERSED),
        (false, false) => Style::new().fg(Color::Black).bg(Color::Yellow),
        (false, true) => Style::new().fg(Color::Black).bg(Color::LightYellow),
    }
}

/// The hit n/N is on.
pub fn current_hit(a: Appearance) -> Style {
    match a.no_color {
        true => {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
        false => Style::new()
            .fg(Color::Black)
            .bg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
    }
}

pub fn prompt() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_no_colour_anywhere() {
        let a = Appearance {
            light: false,
            no_color: true,
        };
        let roles = [
            Role::Kicker,
            Role::Title,
            Role::Subtitle,
            Role::Byline,
            Role::Note,
            Role::Text,
            Role::Subhead,
            Role::Caption,
            Role::Label,
            Role::Section,
        ];
        let mut styles: Vec<Style> = roles.iter().map(|r| role(a, *r)).collect();
        styles.extend([
            section_row(a),
            kicker_in_list(a),
            error(a),
            warning(a),
            hit(a),
            current_hit(a),
        ]);
        for s in styles {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
        assert_ne!(hit(a), current_hit(a), "hits stay distinguishable");
    }

    /// Blocks that sit next to each other never look alike without colour (with
    /// italics not counted: many terminals do not draw them for CJK). Subtitles and
    /// captions also carry a mark (see `app::page`).
    #[test]
    fn neighbouring_roles_stay_apart_without_colour() {
        let a = Appearance {
            light: false,
            no_color: true,
        };
        let shown = |r: Role| role(a, r).remove_modifier(Modifier::ITALIC);
        for group in [
            [Role::Kicker, Role::Title, Role::Byline, Role::Note],
            [Role::Section, Role::Kicker, Role::Title, Role::Subtitle],
            [Role::Text, Role::Subhead, Role::Caption, Role::Label],
        ] {
            for (i, x) in group.iter().enumerate() {
                for y in &group[i + 1..] {
                    assert_ne!(shown(*x), shown(*y), "{x:?} and {y:?} look alike");
                }
            }
        }
    }

    #[test]
    fn light_theme_avoids_yellow_text() {
        let a = Appearance {
            light: true,
            no_color: false,
        };
        for r in [Role::Note, Role::Label, Role::Subtitle, Role::Caption] {
            assert_ne!(role(a, r).fg, Some(Color::Yellow));
        }
        assert_ne!(section_row(a).fg, Some(Color::Yellow));
    }
}
