//! The key table: one list drives dispatch and the `?` help overlay, so the help can
//! never disagree with what the keys do.

use super::action::{Action, PromptAction};
use super::search::Edit;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

use Key::{Char, Code, Ctrl};

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('j'), Code(KeyCode::Down)],
        action: Action::Down,
        help: "下移 / 向下滚动一行",
    },
    Binding {
        keys: &[Char('k'), Code(KeyCode::Up)],
        action: Action::Up,
        help: "上移 / 向上滚动一行",
    },
    Binding {
        keys: &[Char(' '), Char('f'), Code(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "向下翻页",
    },
    Binding {
        keys: &[Char('b'), Code(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "向上翻页",
    },
    Binding {
        keys: &[Char('d')],
        action: Action::HalfPageDown,
        help: "向下半页",
    },
    Binding {
        keys: &[Char('u')],
        action: Action::HalfPageUp,
        help: "向上半页",
    },
    Binding {
        keys: &[Char('g'), Code(KeyCode::Home)],
        action: Action::Top,
        help: "到开头",
    },
    Binding {
        keys: &[Char('G'), Code(KeyCode::End)],
        action: Action::Bottom,
        help: "到末尾",
    },
    Binding {
        keys: &[Code(KeyCode::Enter), Char('l'), Code(KeyCode::Right)],
        action: Action::Open,
        help: "打开文章 / 展开",
    },
    Binding {
        keys: &[Char('h'), Code(KeyCode::Left), Code(KeyCode::Backspace)],
        action: Action::Back,
        help: "返回列表 / 折叠",
    },
    Binding {
        keys: &[Code(KeyCode::Tab), Code(KeyCode::BackTab)],
        action: Action::SwitchPane,
        help: "切换窗格",
    },
    Binding {
        keys: &[Char(']')],
        action: Action::NextArticle,
        help: "下一篇(跨期)",
    },
    Binding {
        keys: &[Char('[')],
        action: Action::PrevArticle,
        help: "上一篇(跨期)",
    },
    Binding {
        keys: &[Char(')')],
        action: Action::NextIssue,
        help: "下一期",
    },
    Binding {
        keys: &[Char('(')],
        action: Action::PrevIssue,
        help: "上一期",
    },
    Binding {
        keys: &[Char('+')],
        action: Action::Wider,
        help: "加宽正文栏",
    },
    Binding {
        keys: &[Char('-')],
        action: Action::Narrower,
        help: "收窄正文栏",
    },
    Binding {
        keys: &[Char('=')],
        action: Action::ResetWidth,
        help: "正文栏默认宽度",
    },
    Binding {
        keys: &[Char('/')],
        action: Action::Search,
        help: "搜索",
    },
    Binding {
        keys: &[Char('n')],
        action: Action::NextHit,
        help: "下一处匹配",
    },
    Binding {
        keys: &[Char('N')],
        action: Action::PrevHit,
        help: "上一处匹配",
    },
    Binding {
        keys: &[Char('r')],
        action: Action::ToggleRead,
        help: "标为已读 / 未读",
    },
    Binding {
        keys: &[Ctrl('n')],
        action: Action::NextUnread,
        help: "下一篇未读",
    },
    Binding {
        keys: &[Ctrl('p')],
        action: Action::PrevUnread,
        help: "上一篇未读",
    },
    Binding {
        keys: &[Char('m')],
        action: Action::ToggleBookmark,
        help: "加入 / 取消书签",
    },
    Binding {
        keys: &[Char('\'')],
        action: Action::Bookmarks,
        help: "书签列表",
    },
    Binding {
        keys: &[Char('y')],
        action: Action::Copy,
        help: "复制全文(附出处)",
    },
    Binding {
        keys: &[Char('s')],
        action: Action::Save,
        help: "存为 Markdown 文件",
    },
    Binding {
        keys: &[Char('?')],
        action: Action::Help,
        help: "显示 / 关闭帮助",
    },
    Binding {
        keys: &[Code(KeyCode::Esc)],
        action: Action::Cancel,
        help: "关闭帮助 / 清除高亮",
    },
    Binding {
        keys: &[Char('q')],
        action: Action::QuitOrBack,
        help: "返回,再按退出",
    },
    Binding {
        keys: &[Ctrl('c')],
        action: Action::Quit,
        help: "退出",
    },
];

pub struct PromptBinding {
    pub keys: &'static [Key],
    pub action: PromptAction,
    pub help: &'static str,
}

/// Keys of the `/` prompt; any other printable key is typed into it.
pub const PROMPT_BINDINGS: &[PromptBinding] = &[
    PromptBinding {
        keys: &[Code(KeyCode::Enter)],
        action: PromptAction::Submit,
        help: "打开结果,停在匹配处",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Esc)],
        action: PromptAction::Cancel,
        help: "取消,回到原处",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Down), Ctrl('n')],
        action: PromptAction::Move(1),
        help: "下一个结果 / 较新的历史",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Up), Ctrl('p')],
        action: PromptAction::Move(-1),
        help: "上一个结果 / 搜索历史",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Left), Ctrl('b')],
        action: PromptAction::Edit(Edit::Left),
        help: "光标左移",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Right), Ctrl('f')],
        action: PromptAction::Edit(Edit::Right),
        help: "光标右移",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Home), Ctrl('a')],
        action: PromptAction::Edit(Edit::Home),
        help: "到行首",
    },
    PromptBinding {
        keys: &[Code(KeyCode::End), Ctrl('e')],
        action: PromptAction::Edit(Edit::End),
        help: "到行尾",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Backspace), Ctrl('h')],
        action: PromptAction::Edit(Edit::Backspace),
        help: "删除前一字",
    },
    PromptBinding {
        keys: &[Code(KeyCode::Delete), Ctrl('d')],
        action: PromptAction::Edit(Edit::Delete),
        help: "删除后一字",
    },
    PromptBinding {
        keys: &[Ctrl('u')],
        action: PromptAction::Edit(Edit::ClearToStart),
        help: "删除到行首",
    },
    PromptBinding {
        keys: &[Ctrl('w')],
        action: PromptAction::Edit(Edit::DeleteWord),
        help: "删除前一词",
    },
    PromptBinding {
        keys: &[Ctrl('c')],
        action: PromptAction::Quit,
        help: "退出",
    },
];

/// What a key does in the prompt: an action, or text to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKey {
    Action(PromptAction),
    Insert(char),
}

pub fn prompt_key(ev: &KeyEvent) -> Option<PromptKey> {
    if let Some(b) = PROMPT_BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
    {
        return Some(PromptKey::Action(b.action));
    }
    let plain = !ev
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match ev.code {
        KeyCode::Char(c) if plain && !c.is_control() => Some(PromptKey::Insert(c)),
        _ => None,
    }
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => !ctrl && !alt && ev.code == KeyCode::Char(c),
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => !ctrl && !alt && ev.code == code,
        }
    }

    /// How config.toml writes the key (`j`, `Space`, `C-n`, `PageDown`).
    pub fn spec(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("C-{c}"),
            Key::Code(code) => match code {
                KeyCode::Down => "Down".into(),
                KeyCode::Up => "Up".into(),
                KeyCode::Left => "Left".into(),
                KeyCode::Right => "Right".into(),
                KeyCode::PageDown => "PageDown".into(),
                KeyCode::PageUp => "PageUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "S-Tab".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Delete => "Delete".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }

    /// The key a config key spec names.
    pub fn from_spec(spec: crate::config::KeySpec) -> Key {
        use crate::config::{KeySpec, NamedKey};
        match spec {
            KeySpec::Char(c) => Key::Char(c),
            KeySpec::Ctrl(c) => Key::Ctrl(c),
            KeySpec::Named(n) => Key::Code(match n {
                NamedKey::Enter => KeyCode::Enter,
                NamedKey::Esc => KeyCode::Esc,
                NamedKey::Tab => KeyCode::Tab,
                NamedKey::BackTab => KeyCode::BackTab,
                NamedKey::Backspace => KeyCode::Backspace,
                NamedKey::Delete => KeyCode::Delete,
                NamedKey::Up => KeyCode::Up,
                NamedKey::Down => KeyCode::Down,
                NamedKey::Left => KeyCode::Left,
                NamedKey::Right => KeyCode::Right,
                NamedKey::PageUp => KeyCode::PageUp,
                NamedKey::PageDown => KeyCode::PageDown,
                NamedKey::Home => KeyCode::Home,
                NamedKey::End => KeyCode::End,
                NamedKey::F(n) => KeyCode::F(n),
            }),
        }
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("^{}", c.to_ascii_uppercase()),
            Key::Code(code) => match code {
                KeyCode::Down => "↓".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Backspace => "Bksp".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "S-Tab".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Delete => "Del".into(),
                other => format!("{other:?}"),
            },
        }
    }
}

/// The action bound to a key press in the default key table, if any.
pub fn action_for(ev: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action)
}

/// The key table in force: the defaults with the user's overrides (config.toml
/// `[keys]`) applied. Dispatch and the `?` overlay both read it.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub entries: Vec<(Vec<Key>, Action, &'static str)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            entries: BINDINGS
                .iter()
                .map(|b| (b.keys.to_vec(), b.action, b.help))
                .collect(),
        }
    }
}

impl Keymap {
    /// The key table with config.toml's `[keys]` applied.
    pub fn from_config(overrides: &[crate::config::KeyOverride]) -> Keymap {
        let parsed: Vec<(Action, Vec<Key>)> = overrides
            .iter()
            .filter_map(|o| {
                let action = Action::from_name(&o.action)?;
                Some((action, o.specs().into_iter().map(Key::from_spec).collect()))
            })
            .collect();
        Keymap::with_overrides(&parsed)
    }

    /// (action name, default keys as config specs, help) for `zzread config --default`.
    pub fn defaults_for_config() -> Vec<(&'static str, Vec<String>, &'static str)> {
        BINDINGS
            .iter()
            .map(|b| {
                (
                    b.action.name(),
                    b.keys.iter().map(|k| k.spec()).collect(),
                    b.help,
                )
            })
            .collect()
    }

    /// Replaces the keys of each overridden action; a key taken by an override is
    /// removed from whatever action had it by default.
    pub fn with_overrides(overrides: &[(Action, Vec<Key>)]) -> Keymap {
        let mut map = Keymap::default();
        for (action, keys) in overrides {
            for entry in &mut map.entries {
                entry.0.retain(|k| !keys.contains(k));
                if entry.1 == *action {
                    entry.0 = keys.clone();
                }
            }
        }
        map
    }

    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        self.entries
            .iter()
            .find(|(keys, _, _)| keys.iter().any(|k| k.matches(ev)))
            .map(|e| e.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(seen.insert(k.label()), "{} bound twice", k.label());
            }
        }
    }

    #[test]
    fn no_prompt_key_is_bound_twice_and_text_is_typed() {
        let mut seen = HashSet::new();
        for b in PROMPT_BINDINGS {
            for k in b.keys {
                assert!(seen.insert(k.label()), "{} bound twice", k.label());
            }
        }
        let ev = KeyEvent::new(KeyCode::Char('医'), KeyModifiers::NONE);
        assert_eq!(prompt_key(&ev), Some(PromptKey::Insert('医')));
        let ev = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            prompt_key(&ev),
            Some(PromptKey::Insert('q')),
            "q types, it does not quit"
        );
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_free_them_elsewhere() {
        let map = Keymap::with_overrides(&[(Action::NextArticle, vec![Char('j')])]);
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        let bracket = KeyEvent::new(KeyCode::Char(']'), KeyModifiers::NONE);
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        assert_eq!(map.action_for(&j), Some(Action::NextArticle));
        assert_eq!(map.action_for(&bracket), None, "] no longer bound");
        assert_eq!(
            map.action_for(&down),
            Some(Action::Down),
            "Down keeps its other key"
        );
    }

    #[test]
    fn default_keys_survive_a_trip_through_config_specs() {
        for b in BINDINGS {
            for k in b.keys {
                let spec = crate::config::parse_key_spec(&k.spec()).expect("spec parses");
                assert_eq!(Key::from_spec(spec), *k, "{}", k.spec());
            }
        }
    }

    #[test]
    fn every_action_has_a_unique_name_and_a_default_key() {
        let mut names = HashSet::new();
        for a in Action::ALL {
            assert!(names.insert(a.name()), "{}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(
                BINDINGS.iter().any(|b| b.action == *a),
                "{} has no key",
                a.name()
            );
        }
    }

    #[test]
    fn shifted_letters_and_ctrl_are_distinct() {
        let ev = |code, m| KeyEvent::new(code, m);
        assert_eq!(
            action_for(&ev(KeyCode::Char('g'), KeyModifiers::NONE)),
            Some(Action::Top)
        );
        assert_eq!(
            action_for(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            action_for(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(&ev(KeyCode::Char('c'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            action_for(&ev(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            None
        );
    }
}
