//! Everything a user can ask for. Keys and mouse events become actions (see `keys`);
//! `App::update` is the only place that acts on them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Down,
    Up,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    /// Open the article under the cursor, or expand the issue/section.
    Open,
    /// Back to the list, or collapse / go to the parent in the list.
    Back,
    SwitchPane,
    NextArticle,
    PrevArticle,
    NextIssue,
    PrevIssue,
    Wider,
    Narrower,
    ResetWidth,
    Help,
    /// Close what is open (help, reader in one-pane mode), then quit.
    QuitOrBack,
    Quit,
    /// Escape: close the help overlay, drop search highlights.
    Cancel,
    /// Open the search prompt.
    Search,
    NextHit,
    PrevHit,
    /// Mark the current article read or unread.
    ToggleRead,
    NextUnread,
    PrevUnread,
    /// Bookmark the current article at the current position, or remove the bookmark.
    ToggleBookmark,
    /// Show the bookmark list.
    Bookmarks,
    /// Copy the article as text with a citation line (OSC 52).
    Copy,
    /// Save the article as Markdown in the current directory.
    Save,
}

impl Action {
    /// Every action, for the config file's `[keys]` table.
    pub const ALL: &'static [Action] = &[
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::SwitchPane,
        Action::NextArticle,
        Action::PrevArticle,
        Action::NextIssue,
        Action::PrevIssue,
        Action::Wider,
        Action::Narrower,
        Action::ResetWidth,
        Action::Help,
        Action::QuitOrBack,
        Action::Quit,
        Action::Cancel,
        Action::Search,
        Action::NextHit,
        Action::PrevHit,
        Action::ToggleRead,
        Action::NextUnread,
        Action::PrevUnread,
        Action::ToggleBookmark,
        Action::Bookmarks,
        Action::Copy,
        Action::Save,
    ];

    /// The name used in config.toml.
    pub fn name(self) -> &'static str {
        match self {
            Action::Down => "down",
            Action::Up => "up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::HalfPageDown => "half_page_down",
            Action::HalfPageUp => "half_page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Back => "back",
            Action::SwitchPane => "switch_pane",
            Action::NextArticle => "next_article",
            Action::PrevArticle => "prev_article",
            Action::NextIssue => "next_issue",
            Action::PrevIssue => "prev_issue",
            Action::Wider => "wider",
            Action::Narrower => "narrower",
            Action::ResetWidth => "reset_width",
            Action::Help => "help",
            Action::QuitOrBack => "quit_or_back",
            Action::Quit => "quit",
            Action::Cancel => "cancel",
            Action::Search => "search",
            Action::NextHit => "next_hit",
            Action::PrevHit => "prev_hit",
            Action::ToggleRead => "toggle_read",
            Action::NextUnread => "next_unread",
            Action::PrevUnread => "prev_unread",
            Action::ToggleBookmark => "toggle_bookmark",
            Action::Bookmarks => "bookmarks",
            Action::Copy => "copy",
            Action::Save => "save",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// What a key does while the search prompt is open (typed text is inserted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PromptAction {
    Edit(super::search::Edit),
    /// Move in the results (or through history when the prompt is empty).
    Move(i8),
    Submit,
    Cancel,
    Quit,
}
