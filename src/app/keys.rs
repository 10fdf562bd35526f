//! The one key type. The shell turns terminal events into it, config.toml spells it,
//! the action table binds it, and the help overlay and status-bar hints print it — so
//! all four agree on what a key is called.

use std::fmt;

/// A key press as zzread sees it. Shift shows in the char itself (`G`, `?`); Alt
/// combinations are not keys zzread binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A character typed without Ctrl (`' '` is Space).
    Char(char),
    /// Ctrl with a letter, always lower case: terminals cannot tell Ctrl-n from Ctrl-N.
    Ctrl(char),
    Named(Named),
}

/// The keys that have names rather than characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    /// `F1`…`F12`.
    F(u8),
}

/// Each named key: how config.toml writes it, and how the help overlay shows it.
const NAMES: [(Named, &str, &str); 14] = [
    (Named::Enter, "Enter", "Enter"),
    (Named::Esc, "Esc", "Esc"),
    (Named::Tab, "Tab", "Tab"),
    (Named::BackTab, "S-Tab", "S-Tab"),
    (Named::Backspace, "Backspace", "Bksp"),
    (Named::Delete, "Delete", "Del"),
    (Named::Up, "Up", "↑"),
    (Named::Down, "Down", "↓"),
    (Named::Left, "Left", "←"),
    (Named::Right, "Right", "→"),
    (Named::PageUp, "PageUp", "PgUp"),
    (Named::PageDown, "PageDown", "PgDn"),
    (Named::Home, "Home", "Home"),
    (Named::End, "End", "End"),
];

/// Other spellings config.toml accepts (compared without regard to case).
const ALIASES: [(Named, &str); 9] = [
    (Named::Enter, "Return"),
    (Named::Esc, "Escape"),
    (Named::BackTab, "Shift-Tab"),
    (Named::BackTab, "BackTab"),
    (Named::Backspace, "BS"),
    (Named::Delete, "Del"),
    (Named::PageUp, "PgUp"),
    (Named::PageDown, "PgDn"),
    (Named::PageDown, "PgDown"),
];

/// What a config file may write, for error messages.
pub const SPELLING_HELP: &str = "write one character (\"j\", \"G\", \"?\"), a key name (Space, \
     Enter, Esc, Tab, S-Tab, Backspace, Delete, Up, Down, Left, Right, PageUp, PageDown, \
     Home, End, F1 to F12) or Ctrl with a letter (\"C-n\")";

impl Key {
    /// The key that always quits, whatever config.toml says: a reader must never be
    /// left without a way out.
    pub const QUIT: Key = Key::Ctrl('c');

    /// Parses a key as config.toml writes it:
    ///
    /// - one character, case-sensitive: `"j"`, `"G"`, `"?"`, `"，"`, `" "` (= `Space`);
    /// - a name, not case-sensitive: `Space`, `Enter` (`Return`), `Esc` (`Escape`),
    ///   `Tab`, `S-Tab` (`Shift-Tab`, `BackTab`), `Backspace` (`BS`), `Delete` (`Del`),
    ///   `Up`, `Down`, `Left`, `Right`, `PageUp` (`PgUp`), `PageDown` (`PgDn`), `Home`,
    ///   `End`, `F1`…`F12`;
    /// - Ctrl with a letter: `C-n` or `Ctrl-n`.
    pub fn parse(spec: &str) -> Result<Key, String> {
        let mut chars = spec.chars();
        match (chars.next(), chars.next()) {
            (None, _) => return Err(format!("empty key; {SPELLING_HELP}")),
            (Some(c), None) if c.is_control() => {
                return Err(format!(
                    "{spec:?} is a control character, not a key; {SPELLING_HELP}"
                ));
            }
            (Some(c), None) => return Ok(Key::Char(c)),
            _ => {}
        }
        if spec.eq_ignore_ascii_case("space") {
            return Ok(Key::Char(' '));
        }
        if let Some(letter) =
            strip_prefix_ignore_case(spec, "ctrl-").or_else(|| strip_prefix_ignore_case(spec, "c-"))
        {
            let mut chars = letter.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Ok(Key::Ctrl(c.to_ascii_lowercase())),
                _ => Err(format!(
                    "{spec:?}: Ctrl combines with one letter a to z, as in \"C-n\""
                )),
            };
        }
        let named = NAMES
            .iter()
            .map(|(k, name, _)| (*k, *name))
            .chain(ALIASES.iter().copied())
            .find(|(_, name)| name.eq_ignore_ascii_case(spec));
        if let Some((named, _)) = named {
            return Ok(Key::Named(named));
        }
        if let Some(n) = strip_prefix_ignore_case(spec, "f")
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            return match n.parse::<u8>() {
                Ok(n @ 1..=12) => Ok(Key::Named(Named::F(n))),
                _ => Err(format!("{spec:?}: function keys are F1 to F12")),
            };
        }
        if let Some(key) = strip_prefix_ignore_case(spec, "s-")
            .or_else(|| strip_prefix_ignore_case(spec, "shift-"))
        {
            return Err(format!(
                "{spec:?}: Shift combines only with Tab (\"S-Tab\"); for a capital letter \
                 write the letter itself ({:?})",
                key.to_uppercase()
            ));
        }
        Err(format!("unknown key {spec:?}; {SPELLING_HELP}"))
    }

    /// How the help overlay and the status bar show the key (`j`, `^N`, `↓`, `PgDn`).
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("^{}", c.to_ascii_uppercase()),
            Key::Named(Named::F(n)) => format!("F{n}"),
            Key::Named(named) => NAMES
                .iter()
                .find(|(k, _, _)| *k == named)
                .map_or("?", |(_, _, label)| label)
                .into(),
        }
    }

    /// A key that types text in the search prompt (and so is never a prompt command).
    pub fn is_text(self) -> bool {
        matches!(self, Key::Char(c) if !c.is_control())
    }
}

impl fmt::Display for Key {
    /// The canonical config.toml spelling, which [`Key::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "C-{c}"),
            Key::Named(Named::F(n)) => write!(f, "F{n}"),
            Key::Named(named) => f.write_str(
                NAMES
                    .iter()
                    .find(|(k, _, _)| *k == named)
                    .map_or("?", |(_, name, _)| name),
            ),
        }
    }
}

/// `s` without `prefix`, compared without regard to ASCII case.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_names_and_ctrl_parse() {
        assert_eq!(Key::parse("j"), Ok(Key::Char('j')));
        assert_eq!(Key::parse("G"), Ok(Key::Char('G')));
        assert_eq!(Key::parse("，"), Ok(Key::Char('，')));
        assert_eq!(Key::parse(" "), Ok(Key::Char(' ')));
        assert_eq!(Key::parse("space"), Ok(Key::Char(' ')));
        assert_eq!(Key::parse("C-N"), Ok(Key::Ctrl('n')));
        assert_eq!(Key::parse("ctrl-x"), Ok(Key::Ctrl('x')));
        assert_eq!(Key::parse("pgdn"), Ok(Key::Named(Named::PageDown)));
        assert_eq!(Key::parse("Return"), Ok(Key::Named(Named::Enter)));
        assert_eq!(Key::parse("F12"), Ok(Key::Named(Named::F(12))));
        assert_eq!(Key::parse("S-Tab"), Ok(Key::Named(Named::BackTab)));
    }

    #[test]
    fn mistakes_are_explained() {
        for (spec, says) in [
            ("", "empty key"),
            ("\u{1b}", "control character"),
            ("C-1", "one letter"),
            ("F13", "F1 to F12"),
            ("S-x", "Shift combines only with Tab"),
            ("Hyper-x", "unknown key"),
        ] {
            let e = Key::parse(spec).expect_err(spec);
            assert!(e.contains(says), "{spec}: {e}");
        }
    }

    #[test]
    fn every_key_survives_a_trip_through_its_spelling() {
        let mut keys: Vec<Key> = NAMES.iter().map(|n| Key::Named(n.0)).collect();
        keys.extend((1..=12).map(|n| Key::Named(Named::F(n))));
        keys.extend(['j', 'G', ' ', '?', '，'].map(Key::Char));
        keys.extend(['a', 'z'].map(Key::Ctrl));
        for k in keys {
            assert_eq!(Key::parse(&k.to_string()), Ok(k), "{k}");
            assert!(!k.label().is_empty());
        }
    }
}
