//! Everything a user can ask for, in one table: each action's config name, its help
//! line, its default keys and the modes it works in. Dispatch, the `?` overlay, the
//! status-bar hints, `zzread config --default` and config.toml's `[keys]` all read this
//! table, so none of them can disagree with what a key does.

use super::keys::{Key, Named};

/// The modes an action works in (a small bit set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Modes(u8);

impl Modes {
    pub const LIST: Modes = Modes(1);
    pub const READER: Modes = Modes(2);
    /// The `/` search prompt.
    pub const SEARCH: Modes = Modes(4);
    /// The `:` go-to prompt.
    pub const GOTO: Modes = Modes(64);
    /// Either prompt: where text keys type and editing keys edit.
    pub const PROMPT: Modes = Modes(4 | 64);
    pub const HELP: Modes = Modes(8);
    pub const BOOKMARKS: Modes = Modes(16);
    /// The text views over the reader: source lines (`v`), failed files (`!`).
    pub const VIEW: Modes = Modes(32);
    /// The list and the reading pane: where most keys work.
    pub const BROWSE: Modes = Modes(1 | 2);
    /// Moving and closing: what the overlays (help, bookmarks, views) also understand.
    pub const SCROLLING: Modes = Modes(1 | 2 | 8 | 16 | 32);
    pub const ALL: Modes = Modes(127);

    pub const fn or(self, other: Modes) -> Modes {
        Modes(self.0 | other.0)
    }

    pub fn contains(self, other: Modes) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn overlaps(self, other: Modes) -> bool {
        self.0 & other.0 != 0
    }
}

/// One row of the action table.
#[derive(Debug)]
pub struct ActionDef {
    pub action: Action,
    /// The name config.toml uses.
    pub name: &'static str,
    /// The line the `?` overlay shows.
    pub help: &'static str,
    pub keys: &'static [Key],
    pub modes: Modes,
}

/// Defines the `Action` enum and its table from one list, so an action cannot exist
/// without a name, a help line and keys.
macro_rules! actions {
    ($( $(#[$doc:meta])* $variant:ident $name:literal $modes:expr, [$($key:expr),*] $help:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $( $(#[$doc])* $variant, )*
        }

        /// Every action, in the order the help overlay lists them.
        pub const TABLE: &[ActionDef] = &[
            $( ActionDef {
                action: Action::$variant,
                name: $name,
                help: $help,
                keys: &[$($key),*],
                modes: $modes,
            }, )*
        ];
    };
}

use Key::{Char as C, Ctrl, Named as N};
use Named::*;

actions! {
    /// A digit typed before a motion repeats it or says where to go: 5j, 3], 10G, 50%.
    Count "count" Modes::BROWSE, [C('1'), C('2'), C('3'), C('4'), C('5'), C('6'), C('7'), C('8'), C('9'), C('0')] "数字前缀：重复次数或位置（5j 3] 10G 50%）";
    Down "down" Modes::SCROLLING, [C('j'), N(Down), Ctrl('e')] "下移 / 向下滚动一行";
    Up "up" Modes::SCROLLING, [C('k'), N(Up), Ctrl('y')] "上移 / 向上滚动一行";
    /// Space: a page down; at the end of an article, on to the next unread one (as
    /// newsboat, mutt and slrn do).
    ReadOn "read_on" Modes::SCROLLING, [C(' ')] "向下翻页；读到末尾时打开下一篇未读";
    PageDown "page_down" Modes::SCROLLING, [C('f'), N(PageDown), Ctrl('f')] "向下翻页";
    PageUp "page_up" Modes::SCROLLING, [C('b'), N(PageUp), Ctrl('b')] "向上翻页";
    HalfPageDown "half_page_down" Modes::SCROLLING, [C('d'), Ctrl('d')] "向下半页";
    HalfPageUp "half_page_up" Modes::SCROLLING, [C('u'), Ctrl('u')] "向上半页";
    Top "top" Modes::SCROLLING, [C('g'), N(Home)] "到开头（带数字：到第几行）";
    Bottom "bottom" Modes::SCROLLING, [C('G'), N(End)] "到末尾（带数字：到第几行）";
    /// With a count: that far through the article (or the list), as less's `50%`.
    Percent "percent" Modes::BROWSE, [C('%')] "到百分之几处（50%）";
    /// Open the article under the cursor; on an issue or section, its first article.
    Open "open" Modes::BROWSE.or(Modes::BOOKMARKS), [N(Enter), C('l'), N(Right)] "打开文章（在期、栏目上：打开第一篇）";
    /// Back to the list, or in the list fold / go to the parent.
    Back "back" Modes::BROWSE.or(Modes::BOOKMARKS), [C('h'), N(Left), N(Backspace)] "返回列表 / 折叠";
    ToggleFold "toggle_fold" Modes::BROWSE, [C('z')] "展开 / 折叠期或栏目";
    SwitchPane "switch_pane" Modes::BROWSE, [N(Tab), N(BackTab)] "切换窗格";
    NextArticle "next_article" Modes::BROWSE, [C(']')] "下一篇（跨期）";
    PrevArticle "prev_article" Modes::BROWSE, [C('[')] "上一篇（跨期）";
    NextIssue "next_issue" Modes::BROWSE, [C(')')] "下一期（列表中往下）";
    PrevIssue "prev_issue" Modes::BROWSE, [C('(')] "上一期（列表中往上）";
    NewestIssue "newest_issue" Modes::BROWSE, [C('T')] "最新一期";
    /// A jumped article (下转 / 上接): open its other half, when that is loaded.
    OtherHalf "other_half" Modes::BROWSE, [C('J')] "转版文章：打开另一半（下转 / 上接）";
    /// A prompt for a date (2023-04-26, 20230426, 4月26日, 0426), an issue's name or a
    /// number, with completion.
    Goto "goto" Modes::BROWSE, [C(':'), C('t')] "跳到日期、期名或第几期";
    Wider "wider" Modes::BROWSE, [C('+')] "加宽正文栏";
    Narrower "narrower" Modes::BROWSE, [C('-')] "收窄正文栏";
    /// Back to the configured width (config.toml's text_width).
    ResetWidth "reset_width" Modes::BROWSE, [C('=')] "正文栏恢复设定宽度";
    Search "search" Modes::BROWSE, [C('/')] "搜索";
    /// The articles most like the open one: its keywords (jieba, weighed by how rare
    /// each is in this archive) searched for, the article itself left out.
    Related "related" Modes::BROWSE, [C('*')] "相关文章（按本文关键词）";
    NextHit "next_hit" Modes::BROWSE, [C('n')] "下一处匹配";
    PrevHit "prev_hit" Modes::BROWSE, [C('N')] "上一处匹配";
    /// Toggle the article's read mark; right after `A`, put back what `A` marked.
    ToggleRead "toggle_read" Modes::BROWSE, [C('r')] "标为已读 / 未读（紧接 A 之后：撤销）";
    MarkAllRead "mark_all_read" Modes::BROWSE, [C('A')] "整期标为已读（在栏目行上：整个栏目）";
    UnreadOnly "unread_only" Modes::BROWSE, [C('U')] "只看未读 / 显示全部";
    NextUnread "next_unread" Modes::BROWSE, [Ctrl('n')] "下一篇未读";
    PrevUnread "prev_unread" Modes::BROWSE, [Ctrl('p')] "上一篇未读";
    /// Bookmark the open article at this place, or remove its bookmark; in the
    /// bookmark list, remove the selected one.
    ToggleBookmark "toggle_bookmark" Modes::BROWSE.or(Modes::BOOKMARKS), [C('m')] "加入 / 取消书签";
    Bookmarks "bookmarks" Modes::BROWSE.or(Modes::BOOKMARKS), [C('\'')] "书签列表";
    Copy "copy" Modes::BROWSE, [C('y')] "复制全文（附出处）";
    Save "save" Modes::BROWSE, [C('s')] "存为 Markdown 文件";
    /// The lines of the dump the open article was built from, with the file name and
    /// line numbers.
    Source "source" Modes::BROWSE.or(Modes::VIEW), [C('v')] "查看原文行（文件名与行号）";
    /// The issue's text in $PAGER (default less), at the article's first line.
    Pager "pager" Modes::BROWSE.or(Modes::VIEW), [C('V')] "在 $PAGER（less）中打开原文";
    /// Every file that could not be loaded, with the reason.
    Errors "errors" Modes::BROWSE.or(Modes::VIEW), [C('!')] "未能载入的文件及原因";
    Help "help" Modes::BROWSE.or(Modes::HELP), [C('?')] "显示 / 关闭帮助";
    /// Close what is open (an overlay), drop search highlights, forget a count.
    Cancel "cancel" Modes::SCROLLING, [N(Esc)] "关闭 / 隐藏高亮（再按：清除搜索）";
    /// Close what is open, back to the list, then quit.
    QuitOrBack "quit_or_back" Modes::SCROLLING, [C('q')] "返回，再按退出";
    /// Quit from anywhere. Ctrl-C always does this, whatever the config says.
    Quit "quit" Modes::ALL, [Ctrl('c')] "退出";
    /// Give the terminal back to the shell; `fg` returns (as less and vim do).
    Suspend "suspend" Modes::ALL, [Ctrl('z')] "挂起（fg 回来）";

    /// Enter in the search or go-to prompt.
    Submit "search_submit" Modes::PROMPT, [N(Enter)] "打开结果 / 跳到所选的期";
    /// Esc in the search or go-to prompt.
    CancelSearch "search_cancel" Modes::PROMPT, [N(Esc)] "取消，回到原处";
    NextResult "search_next_result" Modes::PROMPT, [N(Down), Ctrl('n')] "下一个结果 / 较新的历史";
    PrevResult "search_prev_result" Modes::PROMPT, [N(Up), Ctrl('p')] "上一个结果 / 搜索历史";
    /// Tab in the go-to prompt: the selected candidate's name, then the next one's.
    Complete "prompt_complete" Modes::GOTO, [N(Tab)] "补全（跳转框）";
    /// Tab in the search prompt: the whole archive, or only the article that was open.
    SearchScope "search_scope" Modes::SEARCH, [N(Tab)] "搜索范围：全部 / 本文";
    /// The result list's order: relevance, newest first, oldest first.
    SearchSort "search_sort" Modes::SEARCH, [Ctrl('s')] "结果排序：相关度 / 最新 / 最早";
    CursorLeft "search_cursor_left" Modes::PROMPT, [N(Left), Ctrl('b')] "光标左移";
    CursorRight "search_cursor_right" Modes::PROMPT, [N(Right), Ctrl('f')] "光标右移";
    LineStart "search_line_start" Modes::PROMPT, [N(Home), Ctrl('a')] "到行首";
    LineEnd "search_line_end" Modes::PROMPT, [N(End), Ctrl('e')] "到行尾";
    DeleteBack "search_delete_back" Modes::PROMPT, [N(Backspace), Ctrl('h')] "删除前一字";
    DeleteForward "search_delete_forward" Modes::PROMPT, [N(Delete), Ctrl('d')] "删除后一字";
    DeleteToStart "search_delete_to_start" Modes::PROMPT, [Ctrl('u')] "删除到行首";
    DeleteWord "search_delete_word" Modes::PROMPT, [Ctrl('w')] "删除前一词";
}

impl Action {
    pub fn def(self) -> &'static ActionDef {
        // Every variant has a row: the macro makes both from one list.
        TABLE.iter().find(|d| d.action == self).unwrap_or(&TABLE[0])
    }

    /// The name used in config.toml.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn from_name(name: &str) -> Option<Action> {
        TABLE.iter().find(|d| d.name == name).map(|d| d.action)
    }

    /// Every action name, for config.toml checks and suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        TABLE.iter().map(|d| d.name)
    }
}

/// The key table in force: the defaults with config.toml's `[keys]` applied.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// Keys per action, in `TABLE` order.
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            keys: TABLE.iter().map(|d| d.keys.to_vec()).collect(),
        }
    }
}

impl Keymap {
    /// Replaces the keys of each overridden action; a key an override takes is removed
    /// from whatever action had it by default in the same modes. Ctrl-C is never
    /// removed from `quit` (config checking refuses to give it away).
    pub fn with_overrides(overrides: &[(Action, Vec<Key>)]) -> Keymap {
        let mut map = Keymap::default();
        for (action, keys) in overrides {
            let modes = action.def().modes;
            for (def, bound) in TABLE.iter().zip(&mut map.keys) {
                if def.action == *action {
                    *bound = keys.clone();
                    if def.action == Action::Quit && !bound.contains(&Key::QUIT) {
                        bound.push(Key::QUIT);
                    }
                } else if def.modes.overlaps(modes) {
                    bound.retain(|k| !keys.contains(k));
                }
            }
        }
        map
    }

    /// The action a key does in `mode`. In the search prompt a text key is never an
    /// action (it types).
    pub fn action_for(&self, mode: Modes, key: Key) -> Option<Action> {
        if key == Key::QUIT {
            return Some(Action::Quit);
        }
        if Modes::PROMPT.contains(mode) && key.is_text() {
            return None;
        }
        TABLE
            .iter()
            .zip(&self.keys)
            .find(|(def, keys)| def.modes.contains(mode) && keys.contains(&key))
            .map(|(def, _)| def.action)
    }

    /// The keys bound to an action.
    pub fn keys(&self, action: Action) -> &[Key] {
        TABLE
            .iter()
            .position(|d| d.action == action)
            .and_then(|k| self.keys.get(k))
            .map_or(&[], Vec::as_slice)
    }

    /// The first key of an action, as the status bar names it.
    pub fn first_label(&self, action: Action) -> Option<String> {
        self.keys(action).first().map(|k| k.label())
    }

    /// (definition, keys in force) for every action.
    pub fn entries(&self) -> impl Iterator<Item = (&'static ActionDef, &[Key])> + '_ {
        TABLE.iter().zip(self.keys.iter().map(Vec::as_slice))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const MODES: [Modes; 7] = [
        Modes::LIST,
        Modes::READER,
        Modes::SEARCH,
        Modes::GOTO,
        Modes::HELP,
        Modes::BOOKMARKS,
        Modes::VIEW,
    ];

    #[test]
    fn no_key_does_two_things_in_one_mode() {
        for mode in MODES {
            let mut seen = HashSet::new();
            for def in TABLE.iter().filter(|d| d.modes.contains(mode)) {
                for k in def.keys {
                    assert!(seen.insert(*k), "{k} bound twice in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn every_action_has_a_unique_name_a_key_and_a_mode() {
        let mut names = HashSet::new();
        for def in TABLE {
            assert!(names.insert(def.name), "{}", def.name);
            assert_eq!(Action::from_name(def.name), Some(def.action));
            assert_eq!(def.action.def().name, def.name);
            assert!(!def.keys.is_empty(), "{} has no key", def.name);
            assert!(def.modes.overlaps(Modes::ALL), "{}", def.name);
        }
    }

    #[test]
    fn prompt_commands_never_take_a_typing_key() {
        for def in TABLE.iter().filter(|d| d.modes.contains(Modes::PROMPT)) {
            if def.action != Action::Quit {
                assert!(def.keys.iter().all(|k| !k.is_text()), "{}", def.name);
            }
        }
        let map = Keymap::default();
        assert_eq!(map.action_for(Modes::PROMPT, Key::Char('q')), None);
        assert_eq!(map.action_for(Modes::PROMPT, Key::Char('医')), None);
        assert_eq!(
            map.action_for(Modes::PROMPT, Key::Named(Named::Enter)),
            Some(Action::Submit)
        );
    }

    #[test]
    fn the_same_key_means_what_its_mode_says() {
        let map = Keymap::default();
        assert_eq!(
            map.action_for(Modes::LIST, Ctrl('n')),
            Some(Action::NextUnread)
        );
        assert_eq!(
            map.action_for(Modes::PROMPT, Ctrl('n')),
            Some(Action::NextResult)
        );
        assert_eq!(map.action_for(Modes::HELP, C('j')), Some(Action::Down));
        assert_eq!(map.action_for(Modes::HELP, C('/')), None);
        assert_eq!(map.action_for(Modes::LIST, C('x')), None);
        assert_eq!(map.action_for(Modes::READER, C(' ')), Some(Action::ReadOn));
        assert_eq!(map.action_for(Modes::READER, C('5')), Some(Action::Count));
        assert_eq!(
            map.action_for(Modes::READER, Ctrl('f')),
            Some(Action::PageDown)
        );
        assert_eq!(
            map.action_for(Modes::PROMPT, Ctrl('f')),
            Some(Action::CursorRight)
        );
        assert_eq!(map.action_for(Modes::VIEW, C('j')), Some(Action::Down));
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_free_them_elsewhere() {
        let map = Keymap::with_overrides(&[(Action::NextArticle, vec![C('j')])]);
        assert_eq!(
            map.action_for(Modes::LIST, C('j')),
            Some(Action::NextArticle)
        );
        assert_eq!(
            map.action_for(Modes::LIST, C(']')),
            None,
            "] no longer bound"
        );
        assert_eq!(map.action_for(Modes::LIST, N(Down)), Some(Action::Down));
        assert_eq!(
            map.action_for(Modes::HELP, C('j')),
            None,
            "taken from down in every mode down shares with next_article"
        );
    }

    #[test]
    fn ctrl_c_quits_whatever_the_config_says() {
        let map = Keymap::with_overrides(&[(Action::Quit, vec![]), (Action::QuitOrBack, vec![])]);
        for mode in MODES {
            assert_eq!(map.action_for(mode, Key::QUIT), Some(Action::Quit));
        }
        assert_eq!(map.keys(Action::Quit), [Key::QUIT]);
        assert!(map.keys(Action::QuitOrBack).is_empty());
    }
}
