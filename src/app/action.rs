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
