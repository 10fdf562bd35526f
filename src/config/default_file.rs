//! `zzread config --default`: a fully commented config.toml that parses to the
//! defaults and lists every action with its default keys and help line.

use super::Config;
use crate::app::actions::TABLE;

/// A fully commented `config.toml` that parses to [`Config::default`]: every setting
/// with its default, and every action with its default keys as a commented example.
pub fn default_file() -> String {
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
    out.push_str(
        "# Colours. auto asks the terminal for its background colour and picks dark or\n\
         # light (dark when it does not say). NO_COLOR in the environment turns colours off.\n",
    );
    out.push_str(&format!(
        "# theme = \"{}\"   # auto | dark | light\n\n",
        defaults.theme.name()
    ));
    out.push_str(
        "# Which issue the list starts with: newest (the cursor starts on its first\n\
         # article) or oldest.\n",
    );
    out.push_str(&format!(
        "# order = \"{}\"   # newest | oldest\n\n",
        super::order_name(defaults.order)
    ));
    out.push_str(
        "# The dumps print ASCII , ; : ( ) ! ? inside Chinese text; full-width shows them as\n\
         # ，；：（）！？ (two columns, like the text around them, so lines end flush).\n\
         # Only the display (and y / s) changes: search finds either form, dump keeps the\n\
         # text as printed.\n",
    );
    out.push_str(&format!(
        "# punctuation = \"{}\"   # full-width | as-printed\n\n",
        defaults.punctuation.name()
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
         # One key cannot be given to two actions here. Ctrl-C always quits. Actions named\n\
         # search_* work in the search prompt, where other keys type text. The lines\n\
         # below are the defaults.\n\
         [keys]\n",
    );
    let lines: Vec<(String, &str)> = TABLE
        .iter()
        .map(|def| {
            let keys: Vec<String> = def
                .keys
                .iter()
                .map(|k| toml_string(&k.to_string()))
                .collect();
            (
                format!("# {} = [{}]", toml_key(def.name), keys.join(", ")),
                def.help,
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
