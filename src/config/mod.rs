//! The user's `config.toml`: settings, theme and key overrides.
//!
//! The file lives at `$XDG_CONFIG_HOME/zzread/config.toml`, or
//! `$HOME/.config/zzread/config.toml` when `XDG_CONFIG_HOME` is unset, empty or relative.
//! A missing file means the defaults. Every setting is optional:
//!
//! ```toml
//! text_width = 80            # columns of the reading column, 20 to 240 (+ - = change it while reading)
//! ambiguous_width = "auto"   # auto | narrow | wide
//! theme = "auto"             # auto | dark | light (auto asks the terminal; NO_COLOR turns colours off)
//! mouse = false              # wheel scrolling and click-to-open
//! order = "newest"           # newest | oldest: which issue the list starts with
//! punctuation = "full-width" # full-width | as-printed: ASCII , ; : ( ) ! ? in Chinese text
//!
//! [keys]                     # replace an action's keys: action = ["key", ...]
//! next_article = ["]", "C-j"]
//! ```
//!
//! Keys are spelled as `app::Key::parse` reads them; actions are named as in
//! `app::actions::TABLE`.
//!
//! Checking the file ([`parse`]): serde reads its shape (with spans, so every message
//! names its line) and `serde_ignored` collects what it does not know; the values are
//! then checked here, with messages that say what was expected.
//!
//! - errors — a TOML syntax error, a value of the wrong type or out of range, an
//!   invalid key, one key given to two actions, Ctrl-C given away, a typing key given
//!   to a search-prompt command — reject the file;
//! - warnings — an unknown setting, an unknown action in `[keys]` — are ignored
//!   entries, reported (with a suggestion) so that a typo does not go unnoticed;
//! - every [`Diagnostic`] names the 1-based line and the dotted key. Checking is linear
//!   in the file, however many entries it has.

mod default_file;

pub use default_file::default_file;

use crate::app::{Action, Key, Modes};
use serde::Deserialize;
use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The narrowest reading column `text_width` accepts.
pub const MIN_TEXT_WIDTH: u16 = crate::app::MIN_MEASURE;
/// The widest reading column `text_width` accepts.
pub const MAX_TEXT_WIDTH: u16 = crate::app::MAX_MEASURE;

/// The settings in `config.toml`, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Columns of the reading column, `MIN_TEXT_WIDTH..=MAX_TEXT_WIDTH`.
    pub text_width: u16,
    pub ambiguous_width: AmbiguousSetting,
    pub theme: Theme,
    /// Wheel scrolling and click-to-open.
    pub mouse: bool,
    /// Which end of the archive the list starts with.
    pub order: crate::app::Order,
    /// How ASCII punctuation inside Chinese text is shown.
    pub punctuation: Punctuation,
    /// Actions whose keys the file replaces, in the order of the file (repeats
    /// removed; no key given to two actions).
    pub keys: Vec<(Action, Vec<Key>)>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            text_width: crate::app::DEFAULT_MEASURE,
            ambiguous_width: AmbiguousSetting::Auto,
            theme: Theme::Auto,
            mouse: false,
            order: crate::app::Order::Newest,
            punctuation: Punctuation::FullWidth,
            keys: Vec::new(),
        }
    }
}

/// How wide East Asian Ambiguous characters (“ ” — … · ●) are drawn: the setting, in
/// config.toml and on the command line. `Auto` is resolved by asking the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum AmbiguousSetting {
    /// Ask the terminal: print “ and read back the cursor position.
    #[default]
    Auto,
    /// One column.
    Narrow,
    /// Two columns (CJK-configured terminals).
    Wide,
}

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Theme {
    /// Ask the terminal for its background colour (OSC 11) and pick dark or light;
    /// dark when it does not answer.
    #[default]
    Auto,
    Dark,
    Light,
}

/// How the ASCII `, ; : ( ) ! ?` the dumps print inside Chinese text are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Punctuation {
    /// As the full-width forms (，；：（）！？): two columns like the text around them.
    #[default]
    FullWidth,
    /// Exactly as printed in the dump.
    AsPrinted,
}

impl AmbiguousSetting {
    const CHOICES: [(AmbiguousSetting, &'static str); 3] = [
        (AmbiguousSetting::Auto, "auto"),
        (AmbiguousSetting::Narrow, "narrow"),
        (AmbiguousSetting::Wide, "wide"),
    ];

    pub fn name(self) -> &'static str {
        name_of(&Self::CHOICES, self)
    }
}

impl Theme {
    const CHOICES: [(Theme, &'static str); 3] = [
        (Theme::Auto, "auto"),
        (Theme::Dark, "dark"),
        (Theme::Light, "light"),
    ];

    pub fn name(self) -> &'static str {
        name_of(&Self::CHOICES, self)
    }
}

impl Punctuation {
    const CHOICES: [(Punctuation, &'static str); 2] = [
        (Punctuation::FullWidth, "full-width"),
        (Punctuation::AsPrinted, "as-printed"),
    ];

    pub fn name(self) -> &'static str {
        name_of(&Self::CHOICES, self)
    }
}

const ORDERS: [(crate::app::Order, &str); 2] = [
    (crate::app::Order::Newest, "newest"),
    (crate::app::Order::Oldest, "oldest"),
];

/// How config.toml writes an order.
pub fn order_name(order: crate::app::Order) -> &'static str {
    name_of(&ORDERS, order)
}

fn name_of<T: PartialEq>(choices: &[(T, &'static str)], value: T) -> &'static str {
    choices
        .iter()
        .find(|(v, _)| *v == value)
        .map_or("", |(_, n)| n)
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.line, self.message)
        } else {
            write!(f, "{}: {}: {}", self.line, self.key, self.message)
        }
    }
}

/// Why the config file cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{path}: cannot read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}:{line}: not UTF-8 text")]
    NotUtf8 { path: String, line: usize },
    /// One line per problem, each starting with the path.
    #[error("{}", .lines.join("\n"))]
    Invalid { lines: Vec<String> },
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

/// Reads and checks the config file at `path`. A missing file is the defaults with no
/// warnings; render warnings with [`Diagnostic::render`].
pub fn load(path: &Path) -> Result<(Config, Vec<Diagnostic>), ConfigError> {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((Config::default(), Vec::new()));
        }
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: file,
                reason: e.to_string(),
            });
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = Lines::new(e.as_bytes()).line(offset);
            return Err(ConfigError::NotUtf8 { path: file, line });
        }
    };
    parse(&text).map_err(|errors| ConfigError::Invalid {
        lines: errors.iter().map(|d| d.render(&file)).collect(),
    })
}

/// The file's shape, as serde reads it. Values stay TOML values (with their spans) so
/// that a wrong one is reported in words about this setting, not serde's.
#[derive(Deserialize, Default)]
struct Raw {
    text_width: Option<Spanned<toml::Value>>,
    ambiguous_width: Option<Spanned<toml::Value>>,
    theme: Option<Spanned<toml::Value>>,
    mouse: Option<Spanned<toml::Value>>,
    order: Option<Spanned<toml::Value>>,
    punctuation: Option<Spanned<toml::Value>>,
    /// Read again on its own ([`KeysOnly`]): `serde_ignored` cannot pass the spans of
    /// map keys through, and every action name needs its line.
    keys: Option<serde::de::IgnoredAny>,
}

/// `[keys]`, with a span on every action and every key.
#[derive(Deserialize)]
struct KeysOnly {
    keys: Option<Spanned<Shaped<KeyEntries>>>,
}

/// The entries of `[keys]` in the order of the file.
type KeyEntries = Vec<(Spanned<String>, Spanned<Shaped<KeyItems>>)>;

/// A value that has the expected shape, or a note of what it was instead (so the
/// message can say "found 5" rather than fail the whole file).
enum Shaped<T> {
    Ok(T),
    /// What was found, when its written form does not say it well (`a table`).
    Other(Option<&'static str>),
}

/// The items of one `[keys]` array, each with its span.
type KeyItems = Vec<Spanned<toml::Value>>;

impl<'de> Deserialize<'de> for Shaped<KeyItems> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShapeVisitor::<KeyItems>(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Shaped<KeyEntries> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ShapeVisitor::<KeyEntries>(std::marker::PhantomData))
    }
}

struct ShapeVisitor<T>(std::marker::PhantomData<T>);

/// What a visitor does with the values that are not the expected shape.
macro_rules! other_shapes {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Shaped::Other(None))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Shaped::Other(None))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Shaped::Other(None))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Shaped::Other(None))
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Shaped::Other(None))
        }
    };
}

impl<'de> serde::de::Visitor<'de> for ShapeVisitor<KeyItems> {
    type Value = Shaped<KeyItems>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of keys")
    }

    other_shapes!();

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<toml::Value>>()? {
            items.push(item);
        }
        Ok(Shaped::Ok(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Shaped::Other(Some("a table")))
    }
}

impl<'de> serde::de::Visitor<'de> for ShapeVisitor<KeyEntries> {
    type Value = Shaped<KeyEntries>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of action = [\"key\", ...]")
    }

    other_shapes!();

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Shaped::Other(Some("an array")))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Shaped::Ok(entries))
    }
}

/// The top-level names [`Raw`] reads, for suggestions.
const SETTINGS: [&str; 7] = [
    "text_width",
    "ambiguous_width",
    "theme",
    "mouse",
    "order",
    "punctuation",
    "keys",
];

/// Checks the text of a config file.
///
/// `Ok` holds the config and the warnings (ignored entries); `Err` holds every error
/// found. Diagnostics are in the order of the file.
pub fn parse(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut check = Checker {
        text,
        lines: Lines::new(text.as_bytes()),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let syntax = |e: toml::de::Error, check: &Checker<'_>| {
        vec![Diagnostic {
            line: e.span().map_or(1, |s| check.lines.line(s.start)),
            key: String::new(),
            message: format!("not valid TOML: {}", e.message().trim_end()),
        }]
    };
    let de = match toml::de::Deserializer::parse(text) {
        Ok(de) => de,
        Err(e) => return Err(syntax(e, &check)),
    };
    let mut unknown: Vec<String> = Vec::new();
    let raw: Raw = match serde_ignored::deserialize(de, |path| unknown.push(path.to_string())) {
        Ok(raw) => raw,
        Err(e) => return Err(syntax(e, &check)),
    };
    check.unknown_settings(&unknown);

    let mut config = Config::default();
    if let Some(v) = &raw.text_width
        && let Some(w) = check.text_width(v)
    {
        config.text_width = w;
    }
    if let Some(v) = &raw.ambiguous_width
        && let Some(a) = check.choice("ambiguous_width", v, &AmbiguousSetting::CHOICES)
    {
        config.ambiguous_width = a;
    }
    if let Some(v) = &raw.theme
        && let Some(t) = check.choice("theme", v, &Theme::CHOICES)
    {
        config.theme = t;
    }
    if let Some(v) = &raw.mouse
        && let Some(m) = check.boolean("mouse", v)
    {
        config.mouse = m;
    }
    if let Some(v) = &raw.order
        && let Some(o) = check.choice("order", v, &ORDERS)
    {
        config.order = o;
    }
    if let Some(v) = &raw.punctuation
        && let Some(p) = check.choice("punctuation", v, &Punctuation::CHOICES)
    {
        config.punctuation = p;
    }
    if raw.keys.is_some()
        && let Ok(KeysOnly { keys: Some(keys) }) = toml::from_str::<KeysOnly>(text)
    {
        config.keys = check.keys(&keys);
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

/// Line numbers of byte offsets, found by binary search over the line starts (a file
/// with many diagnostics must not be scanned once per diagnostic).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &[u8]) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        Lines { starts }
    }

    /// The 1-based line of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// Collects diagnostics, each with the byte offset it sorts by.
struct Checker<'t> {
    text: &'t str,
    lines: Lines,
    errors: Vec<(usize, Diagnostic)>,
    warnings: Vec<(usize, Diagnostic)>,
}

impl Checker<'_> {
    fn diagnostic(&self, offset: usize, key: &str, message: String) -> (usize, Diagnostic) {
        let line = self.lines.line(offset);
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

    /// The start of the line holding byte `offset`.
    fn line_start(&self, offset: usize) -> usize {
        let line = self.lines.line(offset);
        self.lines.starts.get(line - 1).copied().unwrap_or(0)
    }

    /// Where the setting a value belongs to is written: the start of its line, or for
    /// a `[name]` table, its header line.
    fn key_offset(&self, value: &Spanned<toml::Value>) -> usize {
        let start = self.line_start(value.span().start);
        if matches!(value.get_ref(), toml::Value::Table(_)) {
            let previous = self.line_start(start.saturating_sub(1));
            if self
                .text
                .get(previous..)
                .is_some_and(|h| h.trim_start().starts_with('['))
            {
                return previous;
            }
        }
        start
    }

    /// How a value is shown in a message: scalars as written, others by their type.
    fn found(&self, value: &Spanned<toml::Value>) -> String {
        match value.get_ref() {
            toml::Value::Array(_) => "an array".into(),
            toml::Value::Table(_) => "a table".into(),
            v => {
                let written = self.text.get(value.span()).unwrap_or_default().trim();
                let mut shown: String = written.chars().take(40).collect();
                if shown.len() < written.len() {
                    shown.push('…');
                }
                if shown.is_empty() {
                    v.type_str().to_string()
                } else {
                    shown
                }
            }
        }
    }

    /// Top-level names serde did not read, with a suggestion for a likely typo. The
    /// spans come from one pass over the document's keys.
    fn unknown_settings(&mut self, unknown: &[String]) {
        if unknown.is_empty() {
            return;
        }
        let mut at: HashMap<String, usize> = HashMap::new();
        if let Ok(doc) = toml::de::DeTable::parse(self.text) {
            for (key, _) in doc.get_ref() {
                at.insert(key.get_ref().to_string(), key.span().start);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for path in unknown {
            let name = path.split('.').next().unwrap_or(path);
            // `[keys]` is read on its own, with spans (see `Raw::keys`).
            if name == "keys" || !seen.insert(name) {
                continue;
            }
            let offset = at.get(name).copied().unwrap_or(0);
            let mut message = "unknown setting, ignored".to_string();
            match suggest(name, SETTINGS.iter().copied()) {
                Some(near) => message.push_str(&format!(" (did you mean {near}?)")),
                None => message.push_str(&format!(" (the settings are {})", SETTINGS.join(", "))),
            }
            self.warn(offset, name, message);
        }
    }

    fn text_width(&mut self, value: &Spanned<toml::Value>) -> Option<u16> {
        let width = value
            .get_ref()
            .as_integer()
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (MIN_TEXT_WIDTH..=MAX_TEXT_WIDTH).contains(n));
        if width.is_none() {
            let found = self.found(value);
            self.error(
                self.key_offset(value),
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
        name: &str,
        value: &Spanned<toml::Value>,
        choices: &[(T, &'static str)],
    ) -> Option<T> {
        let chosen = value.get_ref().as_str().and_then(|s| {
            choices
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(s))
                .map(|(choice, _)| *choice)
        });
        if chosen.is_none() {
            let names: Vec<String> = choices.iter().map(|(_, n)| format!("\"{n}\"")).collect();
            let expected = match names.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
                _ => names.join(""),
            };
            let found = self.found(value);
            self.error(
                self.key_offset(value),
                name,
                format!("expected {expected}, found {found}"),
            );
        }
        chosen
    }

    fn boolean(&mut self, name: &str, value: &Spanned<toml::Value>) -> Option<bool> {
        let b = value.get_ref().as_bool();
        if b.is_none() {
            let found = self.found(value);
            self.error(
                self.key_offset(value),
                name,
                format!("expected true or false, found {found}"),
            );
        }
        b
    }

    /// What a mis-shaped value was: its own note, else as written.
    fn found_other<T>(&self, value: &Spanned<Shaped<T>>, note: Option<&'static str>) -> String {
        note.map(str::to_owned).unwrap_or_else(|| {
            let written = self.text.get(value.span()).unwrap_or_default().trim();
            let mut shown: String = written.chars().take(40).collect();
            if shown.len() < written.len() {
                shown.push('…');
            }
            shown
        })
    }

    /// `[keys]`: the overrides in the order of the file.
    fn keys(&mut self, value: &Spanned<Shaped<KeyEntries>>) -> Vec<(Action, Vec<Key>)> {
        let entries = match value.get_ref() {
            Shaped::Ok(entries) => entries,
            Shaped::Other(note) => {
                let found = self.found_other(value, *note);
                let offset = self.line_start(value.span().start);
                self.error(
                    offset,
                    "keys",
                    format!("expected a table of action = [\"key\", ...], found {found}"),
                );
                return Vec::new();
            }
        };
        // Tables come back sorted by name; the file's order is the spans'.
        let mut entries: Vec<&(Spanned<String>, Spanned<Shaped<KeyItems>>)> =
            entries.iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        let mut overrides = Vec::new();
        // Every key given so far: the action and the line.
        let mut bound: HashMap<Key, (Action, usize)> = HashMap::new();
        for (name, value) in entries {
            let offset = name.span().start;
            let path = format!("keys.{}", name.get_ref());
            let Some(action) = Action::from_name(name.get_ref()) else {
                let mut message = "unknown action, ignored".to_string();
                if let Some(near) = suggest(name.get_ref(), Action::names()) {
                    message.push_str(&format!(" (did you mean {near}?)"));
                }
                self.warn(offset, &path, message);
                continue;
            };
            let items = match value.get_ref() {
                Shaped::Ok(items) => items,
                Shaped::Other(note) => {
                    let found = self.found_other(value, *note);
                    self.error(
                        offset,
                        &path,
                        format!(
                            "expected an array of keys such as [\"j\", \"Down\"], found {found}"
                        ),
                    );
                    continue;
                }
            };
            let mut keys: Vec<Key> = Vec::new();
            for item in items {
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
                let key = match Key::parse(written) {
                    Ok(key) => key,
                    Err(message) => {
                        self.error(item_offset, &path, message);
                        continue;
                    }
                };
                if keys.contains(&key) {
                    continue;
                }
                if let Some(problem) = misuse(action, key) {
                    self.error(item_offset, &path, format!("{written:?} {problem}"));
                    continue;
                }
                let line = self.lines.line(item_offset);
                if let Some((other, other_line)) = bound.get(&key)
                    && other.def().modes.overlaps(action.def().modes)
                {
                    let message = format!(
                        "{written:?} is bound to both {} (line {other_line}) and {}",
                        other.name(),
                        action.name()
                    );
                    self.error(item_offset, &path, message);
                    continue;
                }
                bound.insert(key, (action, line));
                keys.push(key);
            }
            overrides.push((action, keys));
        }
        overrides
    }
}

/// Why a key cannot be given to an action, if it cannot.
fn misuse(action: Action, key: Key) -> Option<String> {
    if key == Key::QUIT && action != Action::Quit {
        return Some(format!(
            "always quits (so there is always a way out); it cannot be given to {}",
            action.name()
        ));
    }
    if action == Action::Count && !matches!(key, Key::Char(c) if c.is_ascii_digit()) {
        return Some("is not a digit; a count is typed with the digits 0 to 9".to_string());
    }
    if Modes::PROMPT.contains(action.def().modes) && key.is_text() {
        return Some(format!(
            "types text in the search prompt; {} needs Ctrl or a named key",
            action.name()
        ));
    }
    None
}

/// The candidate closest to `name` when it is close enough to be a typo.
fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
