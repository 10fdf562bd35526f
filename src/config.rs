//! The user's `config.toml`: settings, theme and key overrides.
//!
//! The file lives at `$XDG_CONFIG_HOME/zzread/config.toml`, or
//! `$HOME/.config/zzread/config.toml` when `XDG_CONFIG_HOME` is unset, empty or relative.
//! A missing file means the defaults. Every setting is optional:
//!
//! ```toml
//! text_width = 80            # columns of the reading column, 20 to 240 (+ - = change it while reading)
//! ambiguous_width = "auto"   # auto | narrow | wide
//! theme = "dark"             # dark | light (NO_COLOR in the environment turns colours off)
//! mouse = false              # wheel scrolling and click-to-open
//!
//! [keys]                     # replace an action's keys: action = ["key", ...]
//! next_article = ["]", "C-j"]
//! ```
//!
//! A key is written as one character (`"j"`, `"G"`, `"?"`, `"，"`; case matters), a key
//! name (`Space`, `Enter`, `Esc`, `Tab`, `S-Tab`, `Backspace`, `Delete`, `Up`, `Down`,
//! `Left`, `Right`, `PageUp`, `PageDown`, `Home`, `End`, `F1`…`F12`; names are not
//! case-sensitive) or Ctrl with a letter (`"C-n"` or `"Ctrl-n"`). See [`parse_key_spec`].
//!
//! Checking the file ([`parse`]):
//!
//! - errors — a TOML syntax error, a value of the wrong type or out of range, an
//!   invalid key, one key given to two actions in `[keys]` — reject the file;
//! - warnings — an unknown setting, an unknown action in `[keys]` — are ignored
//!   entries, reported so that a typo does not go unnoticed;
//! - each [`Diagnostic`] names the 1-based line and the dotted key
//!   (`keys.next_article`, `text_width`).
//!
//! Pure apart from [`load`] (which reads the one file) and [`path`] (which reads the
//! environment); it never touches the terminal.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The narrowest reading column `text_width` accepts.
pub const MIN_TEXT_WIDTH: u16 = 20;
/// The widest reading column `text_width` accepts.
pub const MAX_TEXT_WIDTH: u16 = 240;
/// The reading column when the file does not say.
pub const DEFAULT_TEXT_WIDTH: u16 = 80;

/// The settings in `config.toml`, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Columns of the reading column, `MIN_TEXT_WIDTH..=MAX_TEXT_WIDTH`.
    pub text_width: u16,
    pub ambiguous_width: AmbiguousSetting,
    pub theme: Theme,
    /// Wheel scrolling and click-to-open.
    pub mouse: bool,
    /// Actions whose keys the file replaces, in the order the file gives them. Every
    /// action is one of the names passed to [`parse`], every key parses with
    /// [`parse_key_spec`], and no key is given to two actions.
    pub keys: Vec<KeyOverride>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            text_width: DEFAULT_TEXT_WIDTH,
            ambiguous_width: AmbiguousSetting::Auto,
            theme: Theme::Dark,
            mouse: false,
            keys: Vec::new(),
        }
    }
}

/// How wide East Asian Ambiguous characters (“ ” — … · ●) are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AmbiguousSetting {
    /// Ask the terminal; narrow if it does not answer.
    #[default]
    Auto,
    Narrow,
    Wide,
}

impl AmbiguousSetting {
    const ALL: [(AmbiguousSetting, &'static str); 3] = [
        (AmbiguousSetting::Auto, "auto"),
        (AmbiguousSetting::Narrow, "narrow"),
        (AmbiguousSetting::Wide, "wide"),
    ];

    /// The spelling in `config.toml` (and on the command line).
    pub fn name(self) -> &'static str {
        match self {
            AmbiguousSetting::Auto => "auto",
            AmbiguousSetting::Narrow => "narrow",
            AmbiguousSetting::Wide => "wide",
        }
    }
}

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

impl Theme {
    const ALL: [(Theme, &'static str); 2] = [(Theme::Dark, "dark"), (Theme::Light, "light")];

    /// The spelling in `config.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
        }
    }
}

/// One line of `[keys]`: the keys that replace all of an action's default keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// The action's name, one of those passed to [`parse`].
    pub action: String,
    /// The keys as written; each parses with [`parse_key_spec`]. May be empty (the action
    /// then has no key). Repeats are removed.
    pub keys: Vec<String>,
}

impl KeyOverride {
    /// The keys, parsed (in a [`Config`] from [`parse`] every one of them parses).
    pub fn specs(&self) -> Vec<KeySpec> {
        self.keys
            .iter()
            .filter_map(|k| parse_key_spec(k).ok())
            .collect()
    }
}

/// A problem in the file, at a line and a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line in the file.
    pub line: usize,
    /// The dotted key, e.g. `keys.next_article` or `text_width`; empty for a TOML syntax
    /// error.
    pub key: String,
    pub message: String,
}

impl Diagnostic {
    /// One line for a person: `FILE:LINE: KEY: MESSAGE` (`FILE:LINE: MESSAGE` when there
    /// is no key).
    pub fn render(&self, file: &str) -> String {
        format!("{file}:{self}")
    }
}

impl fmt::Display for Diagnostic {
    /// `LINE: KEY: MESSAGE`, or `LINE: MESSAGE` when there is no key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.line, self.message)
        } else {
            write!(f, "{}: {}: {}", self.line, self.key, self.message)
        }
    }
}

/// A key as written in `[keys]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeySpec {
    /// A character typed without Ctrl (`"j"`, `"G"`, `"?"`; `Space` is `Char(' ')`).
    Char(char),
    /// Ctrl with a letter, always lower case (`"C-n"`, `"Ctrl-N"` → `Ctrl('n')`).
    Ctrl(char),
    Named(NamedKey),
}

/// The keys written by name (`Space` is [`KeySpec::Char`]`(' ')`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NamedKey {
    Enter,
    Esc,
    Tab,
    /// Shift-Tab, written `S-Tab` (crossterm's `BackTab`).
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

impl NamedKey {
    const NAMES: [(NamedKey, &'static str); 14] = [
        (NamedKey::Enter, "Enter"),
        (NamedKey::Esc, "Esc"),
        (NamedKey::Tab, "Tab"),
        (NamedKey::BackTab, "S-Tab"),
        (NamedKey::Backspace, "Backspace"),
        (NamedKey::Delete, "Delete"),
        (NamedKey::Up, "Up"),
        (NamedKey::Down, "Down"),
        (NamedKey::Left, "Left"),
        (NamedKey::Right, "Right"),
        (NamedKey::PageUp, "PageUp"),
        (NamedKey::PageDown, "PageDown"),
        (NamedKey::Home, "Home"),
        (NamedKey::End, "End"),
    ];

    /// Other spellings accepted (compared without regard to case).
    const ALIASES: [(NamedKey, &'static str); 9] = [
        (NamedKey::Enter, "Return"),
        (NamedKey::Esc, "Escape"),
        (NamedKey::BackTab, "Shift-Tab"),
        (NamedKey::BackTab, "BackTab"),
        (NamedKey::Backspace, "BS"),
        (NamedKey::Delete, "Del"),
        (NamedKey::PageUp, "PgUp"),
        (NamedKey::PageDown, "PgDn"),
        (NamedKey::PageDown, "PgDown"),
    ];
}

impl fmt::Display for KeySpec {
    /// The canonical spelling, which [`parse_key_spec`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            KeySpec::Char(' ') => f.write_str("Space"),
            KeySpec::Char(c) => write!(f, "{c}"),
            KeySpec::Ctrl(c) => write!(f, "C-{c}"),
            KeySpec::Named(NamedKey::F(n)) => write!(f, "F{n}"),
            KeySpec::Named(named) => {
                let name = NamedKey::NAMES
                    .iter()
                    .find(|(k, _)| *k == named)
                    .map_or("?", |(_, name)| name);
                f.write_str(name)
            }
        }
    }
}

const KEY_SPEC_HELP: &str = "write one character (\"j\", \"G\", \"?\"), a key name (Space, Enter, \
     Esc, Tab, S-Tab, Backspace, Delete, Up, Down, Left, Right, PageUp, PageDown, Home, End, \
     F1 to F12) or Ctrl with a letter (\"C-n\")";

/// Parses a key as written in `[keys]`.
///
/// - one character, case-sensitive: `"j"`, `"G"`, `"?"`, `"，"`, `" "` (= `Space`);
/// - a name, not case-sensitive: `Space`, `Enter` (`Return`), `Esc` (`Escape`), `Tab`,
///   `S-Tab` (`Shift-Tab`, `BackTab`), `Backspace` (`BS`), `Delete` (`Del`), `Up`, `Down`,
///   `Left`, `Right`, `PageUp` (`PgUp`), `PageDown` (`PgDn`), `Home`, `End`, `F1`…`F12`;
/// - Ctrl with a letter: `C-n` or `Ctrl-n` (the letter's case does not matter: terminals
///   cannot tell Ctrl-n from Ctrl-N).
pub fn parse_key_spec(spec: &str) -> Result<KeySpec, String> {
    let mut chars = spec.chars();
    let (first, rest) = (chars.next(), chars.next());
    match (first, rest) {
        (None, _) => return Err(format!("empty key; {KEY_SPEC_HELP}")),
        (Some(c), None) if c.is_control() => {
            return Err(format!(
                "{spec:?} is a control character, not a key; {KEY_SPEC_HELP}"
            ));
        }
        (Some(c), None) => return Ok(KeySpec::Char(c)),
        _ => {}
    }
    if spec.eq_ignore_ascii_case("space") {
        return Ok(KeySpec::Char(' '));
    }
    if let Some(letter) =
        strip_prefix_ignore_case(spec, "ctrl-").or_else(|| strip_prefix_ignore_case(spec, "c-"))
    {
        let mut chars = letter.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphabetic() => Ok(KeySpec::Ctrl(c.to_ascii_lowercase())),
            _ => Err(format!(
                "{spec:?}: Ctrl combines with one letter a to z, as in \"C-n\""
            )),
        };
    }
    if let Some(named) = NamedKey::NAMES
        .iter()
        .chain(NamedKey::ALIASES.iter())
        .find(|(_, name)| name.eq_ignore_ascii_case(spec))
    {
        return Ok(KeySpec::Named(named.0));
    }
    if let Some(n) = strip_prefix_ignore_case(spec, "f")
        && n.bytes().all(|b| b.is_ascii_digit())
    {
        return match n.parse::<u8>() {
            Ok(n @ 1..=12) => Ok(KeySpec::Named(NamedKey::F(n))),
            _ => Err(format!("{spec:?}: function keys are F1 to F12")),
        };
    }
    if let Some(key) =
        strip_prefix_ignore_case(spec, "s-").or_else(|| strip_prefix_ignore_case(spec, "shift-"))
    {
        return Err(format!(
            "{spec:?}: Shift combines only with Tab (\"S-Tab\"); for a capital letter write \
             the letter itself ({:?})",
            key.to_uppercase()
        ));
    }
    Err(format!("unknown key {spec:?}; {KEY_SPEC_HELP}"))
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

/// Where the config file is: `$XDG_CONFIG_HOME/zzread/config.toml`, else
/// `$HOME/.config/zzread/config.toml`; `None` when neither variable helps.
pub fn path() -> Option<PathBuf> {
    path_from(
        std::env::var_os("XDG_CONFIG_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`path`] over given values of `XDG_CONFIG_HOME` and `HOME`. An empty or relative
/// `XDG_CONFIG_HOME` is ignored (as the XDG base directory specification says), and so
/// is an empty `HOME`.
pub fn path_from(xdg_config_home: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let config_dir = crate::xdg::base_dir(xdg_config_home, home, &[".config"])?;
    Some(config_dir.join("zzread").join("config.toml"))
}

/// Reads and checks the config file at `path`.
///
/// A missing file is the defaults with no warnings. A file that cannot be read, is not
/// UTF-8 or has errors is `Err` with one line per problem, each starting with the path:
/// `/home/u/.config/zzread/config.toml:7: text_width: expected an integer from 20 to 240,
/// found "wide"`. Warnings come back with the config; render them with
/// [`Diagnostic::render`].
pub fn load(path: &Path, actions: &[&str]) -> Result<(Config, Vec<Diagnostic>), String> {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Config::default(), Vec::new()));
        }
        Err(e) => return Err(format!("{file}: cannot read: {e}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = line_at(e.as_bytes(), offset);
            return Err(format!("{file}:{line}: not UTF-8 text"));
        }
    };
    parse(&text, actions).map_err(|errors| {
        errors
            .iter()
            .map(|d| d.render(&file))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Checks the text of a config file against the action names `actions`.
///
/// `Ok` holds the config and the warnings (ignored entries); `Err` holds every error
/// found. Diagnostics are in the order of the file.
pub fn parse(text: &str, actions: &[&str]) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e
                .span()
                .map_or(1, |span| line_at(text.as_bytes(), span.start));
            return Err(vec![Diagnostic {
                line,
                key: String::new(),
                message: format!("not valid TOML: {}", e.message().trim_end()),
            }]);
        }
    };
    let mut check = Checker {
        text,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut config = Config::default();
    for (key, value) in doc.get_ref() {
        let name: &str = key.get_ref();
        match name {
            "text_width" => {
                if let Some(width) = check.text_width(key, value) {
                    config.text_width = width;
                }
            }
            "ambiguous_width" => {
                if let Some(setting) = check.choice(key, value, &AmbiguousSetting::ALL) {
                    config.ambiguous_width = setting;
                }
            }
            "theme" => {
                if let Some(theme) = check.choice(key, value, &Theme::ALL) {
                    config.theme = theme;
                }
            }
            "mouse" => {
                if let Some(mouse) = check.bool(key, value) {
                    config.mouse = mouse;
                }
            }
            "keys" => config.keys = check.keys(key, value, actions),
            _ => {
                let mut message = "unknown setting, ignored".to_string();
                if let Some(near) = nearest(name, SETTINGS.iter().copied()) {
                    message.push_str(&format!(" (did you mean {near}?)"));
                } else {
                    message.push_str(&format!(" (the settings are {})", SETTINGS.join(", ")));
                }
                check.warn(key.span().start, name, message);
            }
        }
    }
    let Checker {
        mut errors,
        mut warnings,
        ..
    } = check;
    if errors.is_empty() {
        warnings.sort_by_key(|(offset, _)| *offset);
        Ok((config, warnings.into_iter().map(|(_, d)| d).collect()))
    } else {
        errors.sort_by_key(|(offset, _)| *offset);
        Err(errors.into_iter().map(|(_, d)| d).collect())
    }
}

/// The top-level names `parse` knows.
const SETTINGS: [&str; 5] = ["text_width", "ambiguous_width", "theme", "mouse", "keys"];

type Key<'i> = Spanned<std::borrow::Cow<'i, str>>;
type Value<'i> = Spanned<DeValue<'i>>;

/// Collects diagnostics, each with the byte offset it sorts by.
struct Checker<'t> {
    text: &'t str,
    errors: Vec<(usize, Diagnostic)>,
    warnings: Vec<(usize, Diagnostic)>,
}

impl Checker<'_> {
    fn diagnostic(&self, offset: usize, key: &str, message: String) -> (usize, Diagnostic) {
        let line = line_at(self.text.as_bytes(), offset);
        let key = key.to_string();
        (offset, Diagnostic { line, key, message })
    }

    fn error(&mut self, offset: usize, key: &str, message: String) {
        let d = self.diagnostic(offset, key, message);
        self.errors.push(d);
    }

    fn warn(&mut self, offset: usize, key: &str, message: String) {
        let d = self.diagnostic(offset, key, message);
        self.warnings.push(d);
    }

    /// How a value is shown in a message: scalars as written, others by their type.
    fn found(&self, value: &Value<'_>) -> String {
        match value.get_ref() {
            DeValue::Array(_) => "an array".into(),
            DeValue::Table(_) => "a table".into(),
            _ => {
                let written = self.text.get(value.span()).unwrap_or_default().trim();
                let mut shown: String = written.chars().take(40).collect();
                if shown.len() < written.len() {
                    shown.push('…');
                }
                if shown.is_empty() {
                    value.get_ref().type_str().to_string()
                } else {
                    shown
                }
            }
        }
    }

    fn text_width(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<u16> {
        let width = match value.get_ref() {
            DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
                .ok()
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (MIN_TEXT_WIDTH..=MAX_TEXT_WIDTH).contains(n)),
            _ => None,
        };
        if width.is_none() {
            let found = self.found(value);
            self.error(
                key.span().start,
                "text_width",
                format!(
                    "expected an integer from {MIN_TEXT_WIDTH} to {MAX_TEXT_WIDTH}, found {found}"
                ),
            );
        }
        width
    }

    fn choice<T: Copy>(
        &mut self,
        key: &Key<'_>,
        value: &Value<'_>,
        choices: &[(T, &'static str)],
    ) -> Option<T> {
        let chosen = value.get_ref().as_str().and_then(|s| {
            choices
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(s))
                .map(|(choice, _)| *choice)
        });
        if chosen.is_none() {
            let names: Vec<String> = choices.iter().map(|(_, n)| format!("\"{n}\"")).collect();
            let expected = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => names.join(""),
            };
            let found = self.found(value);
            let name: &str = key.get_ref();
            self.error(
                key.span().start,
                name,
                format!("expected {expected}, found {found}"),
            );
        }
        chosen
    }

    fn bool(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<bool> {
        let b = value.get_ref().as_bool();
        if b.is_none() {
            let found = self.found(value);
            let name: &str = key.get_ref();
            self.error(
                key.span().start,
                name,
                format!("expected true or false, found {found}"),
            );
        }
        b
    }

    /// `[keys]`: the overrides in the order of the file.
    fn keys(&mut self, key: &Key<'_>, value: &Value<'_>, actions: &[&str]) -> Vec<KeyOverride> {
        let Some(table) = value.get_ref().as_table() else {
            let found = self.found(value);
            self.error(
                key.span().start,
                "keys",
                format!("expected a table of action = [\"key\", ...], found {found}"),
            );
            return Vec::new();
        };
        let mut entries: Vec<(&Key<'_>, &Value<'_>)> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);

        let mut overrides = Vec::new();
        // Every key given so far: (key, action, line).
        let mut bound: Vec<(KeySpec, String, usize)> = Vec::new();
        for (action_key, value) in entries {
            let action: &str = action_key.get_ref();
            let path = format!("keys.{action}");
            let offset = action_key.span().start;
            if !actions.contains(&action) {
                let mut message = "unknown action, ignored".to_string();
                if let Some(near) = nearest(action, actions.iter().copied()) {
                    message.push_str(&format!(" (did you mean {near}?)"));
                }
                self.warn(offset, &path, message);
                continue;
            }
            let Some(array) = value.get_ref().as_array() else {
                let found = self.found(value);
                self.error(
                    offset,
                    &path,
                    format!("expected an array of keys such as [\"j\", \"Down\"], found {found}"),
                );
                continue;
            };
            let mut keys: Vec<String> = Vec::new();
            let mut specs: Vec<KeySpec> = Vec::new();
            for item in array.iter() {
                let item_offset = item.span().start;
                let Some(written) = item.get_ref().as_str() else {
                    let found = self.found(item);
                    self.error(
                        item_offset,
                        &path,
                        format!("expected a key written as a string such as \"j\", found {found}"),
                    );
                    continue;
                };
                let spec = match parse_key_spec(written) {
                    Ok(spec) => spec,
                    Err(message) => {
                        self.error(item_offset, &path, message);
                        continue;
                    }
                };
                if specs.contains(&spec) {
                    continue;
                }
                let line = line_at(self.text.as_bytes(), item_offset);
                if let Some((_, other, other_line)) = bound.iter().find(|(s, _, _)| *s == spec) {
                    let message = format!(
                        "{written:?} is bound to both {other} (line {other_line}) and {action}"
                    );
                    self.error(item_offset, &path, message);
                    continue;
                }
                bound.push((spec, action.to_string(), line));
                specs.push(spec);
                keys.push(written.to_string());
            }
            overrides.push(KeyOverride {
                action: action.to_string(),
                keys,
            });
        }
        overrides
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &[u8], offset: usize) -> usize {
    let before = text.get(..offset.min(text.len())).unwrap_or_default();
    1 + before.iter().filter(|&&b| b == b'\n').count()
}

/// The candidate closest to `name` when it is close enough to be a typo.
fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// A fully commented `config.toml` that parses to [`Config::default`]: every setting with
/// its default, and every action in `actions` — `(name, default keys, help)` — with its
/// default keys as a commented example.
pub fn default_file(actions: &[(&str, &[&str], &str)]) -> String {
    let defaults = Config::default();
    let mut out = String::new();
    out.push_str(
        "# zzread configuration: $XDG_CONFIG_HOME/zzread/config.toml\n\
         # (or ~/.config/zzread/config.toml).\n\
         #\n\
         # Every setting is commented out, so zzread uses its defaults, shown here. To\n\
         # change one, remove the \"# \" in front of it and edit the value. A mistake is\n\
         # reported with its line number; an unknown setting or action is reported and\n\
         # ignored.\n\
         \n\
         # Columns of the reading column, 20 to 240 (+ - = change it while reading).\n",
    );
    out.push_str(&format!("# text_width = {}\n\n", defaults.text_width));
    out.push_str(
        "# East Asian Ambiguous characters (“ ” — … · ●): one column in most terminals,\n\
         # two in CJK-configured ones. auto asks the terminal and falls back to narrow.\n",
    );
    out.push_str(&format!(
        "# ambiguous_width = \"{}\"   # auto | narrow | wide\n\n",
        defaults.ambiguous_width.name()
    ));
    out.push_str(&format!(
        "# theme = \"{}\"   # dark | light (NO_COLOR in the environment turns colours off)\n\n",
        defaults.theme.name()
    ));
    out.push_str(
        "# Wheel scrolling and click-to-open. Capturing the mouse takes the terminal's own\n\
         # text selection away (most terminals still select with Shift held).\n",
    );
    out.push_str(&format!("# mouse = {}\n\n", defaults.mouse));
    out.push_str(
        "# Keys. A line replaces all the keys of one action: action = [\"key\", ...].\n\
         # A key is one character (\"j\", \"G\", \"?\"; case matters), a key name (Space,\n\
         # Enter, Esc, Tab, S-Tab, Backspace, Delete, Up, Down, Left, Right, PageUp,\n\
         # PageDown, Home, End, F1 to F12) or Ctrl with a letter (\"C-n\" or \"Ctrl-n\").\n\
         # One key cannot be given to two actions here. The lines below are the defaults.\n\
         [keys]\n",
    );
    let lines: Vec<(String, &str)> = actions
        .iter()
        .map(|(name, keys, help)| {
            let keys: Vec<String> = keys.iter().map(|k| toml_string(k)).collect();
            (
                format!("# {} = [{}]", toml_key(name), keys.join(", ")),
                *help,
            )
        })
        .collect();
    let column = lines
        .iter()
        .map(|(line, _)| line.chars().count())
        .max()
        .unwrap_or(0);
    for (line, help) in lines {
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        if help.is_empty() {
            out.push_str(&line);
        } else {
            let pad = column - line.chars().count();
            out.push_str(&format!("{line}{:pad$}   # {help}", ""));
        }
        out.push('\n');
    }
    out
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a TOML key: bare when it can be.
fn toml_key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { s.to_string() } else { toml_string(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: &[&str] = &[
        "down",
        "up",
        "next_article",
        "prev_article",
        "quit",
        "help",
        "switch_pane",
    ];

    fn ok(text: &str) -> (Config, Vec<Diagnostic>) {
        match parse(text, ACTIONS) {
            Ok(result) => result,
            Err(errors) => panic!("unexpected errors: {errors:#?}"),
        }
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        match parse(text, ACTIONS) {
            Ok(result) => panic!("expected errors, got {result:#?}"),
            Err(errors) => errors,
        }
    }

    /// (line, key) of each diagnostic.
    fn places(diagnostics: &[Diagnostic]) -> Vec<(usize, &str)> {
        diagnostics
            .iter()
            .map(|d| (d.line, d.key.as_str()))
            .collect()
    }

    #[test]
    fn defaults() {
        let config = Config::default();
        assert_eq!(config.text_width, 80);
        assert_eq!(config.ambiguous_width, AmbiguousSetting::Auto);
        assert_eq!(config.theme, Theme::Dark);
        assert!(!config.mouse);
        assert!(config.keys.is_empty());
        assert_eq!(ok(""), (Config::default(), vec![]));
        assert_eq!(ok("# nothing\n\n[keys]\n"), (Config::default(), vec![]));
    }

    #[test]
    fn every_field_is_parsed() {
        let text = "\u{feff}text_width = 100\n\
                    ambiguous_width = \"wide\"\n\
                    theme = \"light\"\n\
                    mouse = true\n\
                    \n\
                    [keys]\n\
                    next_article = [\"]\", \"C-j\"]\n\
                    quit = [\n  \"q\",\n  \"Ctrl-q\",\n]\n\
                    help = []\n";
        let (config, warnings) = ok(text);
        assert!(warnings.is_empty());
        assert_eq!(
            config,
            Config {
                text_width: 100,
                ambiguous_width: AmbiguousSetting::Wide,
                theme: Theme::Light,
                mouse: true,
                keys: vec![
                    KeyOverride {
                        action: "next_article".into(),
                        keys: vec!["]".into(), "C-j".into()],
                    },
                    KeyOverride {
                        action: "quit".into(),
                        keys: vec!["q".into(), "Ctrl-q".into()],
                    },
                    KeyOverride {
                        action: "help".into(),
                        keys: vec![],
                    },
                ],
            }
        );
        assert_eq!(
            config.keys[0].specs(),
            vec![KeySpec::Char(']'), KeySpec::Ctrl('j')]
        );
        // The other spellings: narrow/dark, case-insensitive choices, hex, inline table.
        let (config, _) = ok(
            "text_width = 0x14\nambiguous_width = \"Narrow\"\ntheme = 'DARK'\nkeys = { up = [\"k\"] }\n",
        );
        assert_eq!(config.text_width, 20);
        assert_eq!(config.ambiguous_width, AmbiguousSetting::Narrow);
        assert_eq!(config.theme, Theme::Dark);
        assert_eq!(config.keys[0].action, "up");
        assert_eq!(ok("text_width = 240").0.text_width, 240);
        assert_eq!(
            ok("ambiguous_width = \"auto\"").0.ambiguous_width,
            AmbiguousSetting::Auto
        );
    }

    #[test]
    fn wrong_types_and_ranges_are_errors_at_their_lines() {
        let text = "# settings\n\
                    text_width = \"wide\"\n\
                    \n\
                    ambiguous_width = \"half\"\n\
                    theme = 2\n\
                    mouse = \"yes\"\n";
        let errs = errors(text);
        assert_eq!(
            places(&errs),
            vec![
                (2, "text_width"),
                (4, "ambiguous_width"),
                (5, "theme"),
                (6, "mouse")
            ]
        );
        assert_eq!(
            errs[0].message,
            "expected an integer from 20 to 240, found \"wide\""
        );
        assert_eq!(
            errs[1].message,
            "expected \"auto\", \"narrow\" or \"wide\", found \"half\""
        );
        assert_eq!(errs[2].message, "expected \"dark\" or \"light\", found 2");
        assert_eq!(errs[3].message, "expected true or false, found \"yes\"");

        for (value, found) in [
            ("19", "19"),
            ("241", "241"),
            ("-80", "-80"),
            ("80.0", "80.0"),
            ("99999999999999999", "99999999999999999"),
            ("[80]", "an array"),
        ] {
            let errs = errors(&format!("\n\n\ntext_width = {value}\n"));
            assert_eq!(places(&errs), vec![(4, "text_width")], "{value}");
            assert_eq!(
                errs[0].message,
                format!("expected an integer from 20 to 240, found {found}")
            );
        }
        // A table where a value belongs.
        let errs = errors("mouse = true\n[theme]\nname = \"dark\"\n");
        assert_eq!(places(&errs), vec![(2, "theme")]);
        assert!(errs[0].message.ends_with("found a table"), "{errs:?}");
    }

    #[test]
    fn keys_errors_name_the_action_and_the_line() {
        let text = "text_width = 90\n\
                    [keys]\n\
                    up = [\"k\"]\n\
                    down = \"j\"\n\
                    quit = [\n\
                    \x20 \"q\",\n\
                    \x20 \"Hyper-q\",\n\
                    \x20 3,\n\
                    ]\n";
        let errs = errors(text);
        assert_eq!(
            places(&errs),
            vec![(4, "keys.down"), (7, "keys.quit"), (8, "keys.quit")]
        );
        assert!(errs[0].message.starts_with("expected an array of keys"));
        assert!(errs[1].message.starts_with("unknown key \"Hyper-q\""));
        assert_eq!(
            errs[2].message,
            "expected a key written as a string such as \"j\", found 3"
        );
        let errs = errors("\nkeys = 5\n");
        assert_eq!(places(&errs), vec![(2, "keys")]);
        assert!(errs[0].message.ends_with("found 5"));
    }

    #[test]
    fn one_key_for_two_actions_is_an_error_naming_both() {
        let text = "[keys]\n\
                    next_article = [\"]\", \"C-n\"]\n\
                    # a comment\n\
                    down = [\"j\"]\n\
                    prev_article = [\"[\", \"Ctrl-N\"]\n";
        let errs = errors(text);
        assert_eq!(places(&errs), vec![(5, "keys.prev_article")]);
        assert_eq!(
            errs[0].message,
            "\"Ctrl-N\" is bound to both next_article (line 2) and prev_article"
        );
        // Space and " " are one key; a key repeated within one action is harmless.
        let errs = errors("[keys]\nup = [\"Space\"]\ndown = [\" \"]\n");
        assert_eq!(places(&errs), vec![(3, "keys.down")]);
        let (config, _) = ok("[keys]\nup = [\"k\", \"k\", \"Up\", \"up\"]\n");
        assert_eq!(config.keys[0].keys, vec!["k", "Up"]);
    }

    #[test]
    fn syntax_errors_report_their_line() {
        let errs = errors("text_width = 80\ntheme = \"dark\n\nmouse = false\n");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 2);
        assert_eq!(errs[0].key, "");
        assert!(errs[0].message.starts_with("not valid TOML: "), "{errs:?}");

        let errs = errors("mouse = false\n\n[keys\nup = [\"k\"]\n");
        assert_eq!(errs[0].line, 3, "{errs:?}");

        // TOML forbids a key twice.
        let errs = errors("theme = \"dark\"\nmouse = true\ntheme = \"light\"\n");
        assert_eq!(errs[0].line, 3, "{errs:?}");

        let errs = errors("[keys]\nup = [\"k\"]\n\nup = [\"w\"]\n");
        assert_eq!(errs[0].line, 4, "{errs:?}");
    }

    #[test]
    fn unknown_settings_and_actions_are_warnings_at_their_lines() {
        let text = "text_widht = 100\n\
                    theme = \"light\"\n\
                    colour = \"red\"\n\
                    [keys]\n\
                    next_artcle = [\"n\"]\n\
                    up = [\"k\"]\n\
                    frobnicate = [\"Hyper-x\"]\n\
                    [extra]\n\
                    a = 1\n";
        let (config, warnings) = ok(text);
        assert_eq!(config.theme, Theme::Light);
        assert_eq!(config.text_width, 80);
        assert_eq!(config.keys.len(), 1);
        assert_eq!(
            places(&warnings),
            vec![
                (1, "text_widht"),
                (3, "colour"),
                (5, "keys.next_artcle"),
                (7, "keys.frobnicate"),
                (8, "extra"),
            ]
        );
        assert_eq!(
            warnings[0].message,
            "unknown setting, ignored (did you mean text_width?)"
        );
        assert!(warnings[1].message.contains("the settings are text_width"));
        assert_eq!(
            warnings[2].message,
            "unknown action, ignored (did you mean next_article?)"
        );
        assert_eq!(warnings[3].message, "unknown action, ignored");
        // Warnings do not hide errors.
        let errs = errors("foo = 1\nmouse = 1\n");
        assert_eq!(places(&errs), vec![(2, "mouse")]);
    }

    #[test]
    fn diagnostics_render_as_one_line() {
        let d = Diagnostic {
            line: 7,
            key: "text_width".into(),
            message: "expected an integer from 20 to 240, found \"wide\"".into(),
        };
        assert_eq!(
            d.render("config.toml"),
            "config.toml:7: text_width: expected an integer from 20 to 240, found \"wide\""
        );
        let syntax = Diagnostic {
            line: 2,
            key: String::new(),
            message: "not valid TOML: x".into(),
        };
        assert_eq!(syntax.render("c.toml"), "c.toml:2: not valid TOML: x");
    }

    #[test]
    fn load_reads_the_file() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let missing = dir.path().join("none").join("config.toml");
        assert_eq!(load(&missing, ACTIONS), Ok((Config::default(), vec![])));

        let file = dir.path().join("config.toml");
        std::fs::write(&file, "mouse = true\nfoo = 1\n")?;
        let (config, warnings) = match load(&file, ACTIONS) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        assert!(config.mouse);
        assert_eq!(places(&warnings), vec![(2, "foo")]);

        std::fs::write(&file, "\n\n\n\n\n\ntext_width = \"wide\"\nmouse = 2\n")?;
        let shown = file.display();
        assert_eq!(
            load(&file, ACTIONS),
            Err(format!(
                "{shown}:7: text_width: expected an integer from 20 to 240, found \"wide\"\n\
                 {shown}:8: mouse: expected true or false, found 2"
            ))
        );

        std::fs::write(&file, b"mouse = true\ntheme = \"\xff\"\n")?;
        assert_eq!(
            load(&file, ACTIONS),
            Err(format!("{shown}:2: not UTF-8 text"))
        );

        // A directory cannot be read as a file.
        let err = load(dir.path(), ACTIONS).err().unwrap_or_default();
        assert!(
            err.starts_with(&format!("{}: cannot read: ", dir.path().display())),
            "{err}"
        );
        Ok(())
    }

    const TABLE: &[(&str, &[&str], &str)] = &[
        ("down", &["j", "Down"], "下移 / 向下滚动一行"),
        ("up", &["k", "Up"], "上移 / 向上滚动一行"),
        ("next_article", &["]"], "下一篇"),
        ("prev_article", &["["], "上一篇"),
        ("quit", &["q", "\"", "\\", "C-c"], "退出"),
        ("help", &["?", "F1"], ""),
        (
            "switch_pane",
            &["Tab", "S-Tab"],
            "切换窗格\n(list ↔ article)",
        ),
    ];

    #[test]
    fn default_file_parses_to_the_defaults_and_lists_every_action() {
        let file = default_file(TABLE);
        assert_eq!(ok(&file), (Config::default(), vec![]));
        for (name, keys, _) in TABLE {
            assert!(
                file.lines()
                    .any(|l| l.starts_with(&format!("# {name} = ["))),
                "{name} missing from\n{file}"
            );
            for key in *keys {
                assert!(file.contains(&toml_string(key)), "{key}");
            }
        }
        assert!(file.contains("下移 / 向下滚动一行"));
        assert!(file.contains("NO_COLOR"));
        assert!(file.lines().any(|l| l == "[keys]"));
        assert!(!file.contains("\n(list"), "help is kept on one line");

        // Uncommenting every example gives the defaults back, spelled out.
        let uncommented: String = file
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.split_once(" = ").is_some_and(|(key, _)| {
                        key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    }) =>
                {
                    rest
                }
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let (config, warnings) = ok(&uncommented);
        assert!(warnings.is_empty());
        assert_eq!(
            Config {
                keys: vec![],
                ..config.clone()
            },
            Config::default()
        );
        let expected: Vec<KeyOverride> = TABLE
            .iter()
            .map(|(name, keys, _)| KeyOverride {
                action: name.to_string(),
                keys: keys.iter().map(|k| k.to_string()).collect(),
            })
            .collect();
        assert_eq!(config.keys, expected);
    }

    #[test]
    fn default_file_quotes_unusual_action_names() {
        let file = default_file(&[("odd name", &["x"], "h")]);
        assert!(file.contains("# \"odd name\" = [\"x\"]"), "{file}");
        assert_eq!(default_file(&[]).lines().last(), Some("[keys]"));
    }

    #[test]
    fn key_specs() {
        use KeySpec::{Char, Ctrl, Named};
        use NamedKey::*;
        let table: &[(&str, KeySpec)] = &[
            ("j", Char('j')),
            ("G", Char('G')),
            ("?", Char('?')),
            ("]", Char(']')),
            ("-", Char('-')),
            ("，", Char('，')),
            ("Space", Char(' ')),
            ("space", Char(' ')),
            (" ", Char(' ')),
            ("Enter", Named(Enter)),
            ("Return", Named(Enter)),
            ("Esc", Named(Esc)),
            ("escape", Named(Esc)),
            ("Tab", Named(Tab)),
            ("S-Tab", Named(BackTab)),
            ("Shift-Tab", Named(BackTab)),
            ("BackTab", Named(BackTab)),
            ("Backspace", Named(Backspace)),
            ("Delete", Named(Delete)),
            ("Del", Named(Delete)),
            ("Up", Named(Up)),
            ("Down", Named(Down)),
            ("Left", Named(Left)),
            ("Right", Named(Right)),
            ("PageUp", Named(PageUp)),
            ("PgDn", Named(PageDown)),
            ("PageDown", Named(PageDown)),
            ("Home", Named(Home)),
            ("End", Named(End)),
            ("C-n", Ctrl('n')),
            ("Ctrl-n", Ctrl('n')),
            ("ctrl-N", Ctrl('n')),
            ("C-J", Ctrl('j')),
            ("F1", Named(F(1))),
            ("f12", Named(F(12))),
        ];
        for (spec, key) in table {
            assert_eq!(parse_key_spec(spec), Ok(*key), "{spec}");
            // The canonical spelling reads back.
            assert_eq!(parse_key_spec(&key.to_string()), Ok(*key), "{key}");
        }
        assert_ne!(parse_key_spec("j"), parse_key_spec("J"));
        assert_eq!(Ctrl('n').to_string(), "C-n");
        assert_eq!(Named(BackTab).to_string(), "S-Tab");
        assert_eq!(Char(' ').to_string(), "Space");

        for bad in [
            "",
            "\t",
            "\u{1b}",
            "jk",
            "Hyper-x",
            "C-",
            "C-1",
            "C-nn",
            "Ctrl-Space",
            "F0",
            "F13",
            "F1x",
            "S-x",
            "Shift-Up",
            "Ente",
        ] {
            assert!(parse_key_spec(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(
            parse_key_spec("F13"),
            Err("\"F13\": function keys are F1 to F12".to_string())
        );
        assert!(parse_key_spec("S-g").is_err_and(|e| e.contains("\"G\"")));
    }

    #[test]
    fn path_honours_xdg_config_home_then_home() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(
            path_from(os("/x/conf"), os("/home/u")),
            Some(PathBuf::from("/x/conf/zzread/config.toml"))
        );
        assert_eq!(
            path_from(None, os("/home/u")),
            Some(PathBuf::from("/home/u/.config/zzread/config.toml"))
        );
        // Empty or relative XDG_CONFIG_HOME is ignored.
        assert_eq!(
            path_from(os(""), os("/home/u")),
            Some(PathBuf::from("/home/u/.config/zzread/config.toml"))
        );
        assert_eq!(
            path_from(os("conf"), os("/home/u")),
            Some(PathBuf::from("/home/u/.config/zzread/config.toml"))
        );
        assert_eq!(path_from(None, None), None);
        assert_eq!(path_from(None, os("")), None);
        assert_eq!(path_from(os("rel"), None), None);
    }

    #[test]
    fn edit_distance_and_suggestions() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(nearest("them", SETTINGS.iter().copied()), Some("theme"));
        assert_eq!(nearest("zzzzzz", SETTINGS.iter().copied()), None);
    }
}
