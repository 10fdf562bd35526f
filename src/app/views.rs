//! Text views over the reader: the source lines an article was built from (`v`), with
//! the file name and line numbers, so the text can be checked against the dump; the
//! files that failed to load, each with its reason (`!`). Also the issue's text in
//! `$PAGER` (`V`), and where each bookmark points (for the bookmark list).
//!
//! Reading the source again is IO: the app asks with `Effect::ReadSource` and shows
//! what comes back as `Msg::SourceRead`.

use super::page::Role;
use super::{Action, App, Effect, IssueEntry, Mode, Pane, SourceText, base_mode};
use crate::state::Bookmark;
use crate::strings;
use crate::text::{AmbiguousWidth, WrapOptions, full_width, sanitize, wrap};

/// Which text view is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Source,
    Errors,
}

/// One row of a view, laid out for its width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewRow {
    /// The line number (first row of a source line), right-aligned, or empty.
    pub gutter: String,
    pub text: String,
    /// A heading row (a failed file's path), drawn stronger.
    pub strong: bool,
}

/// Where a bookmark points: how far into the article, and the sentence there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    pub percent: Option<u16>,
    pub sentence: Option<String>,
}

/// The rows of a view at `width` columns (inside its frame).
pub fn view_rows(app: &App, view: View, width: usize) -> Vec<ViewRow> {
    let amb = app.amb();
    let width = width.max(8);
    let mut rows = Vec::new();
    match view {
        View::Source => {
            let Some(src) = &app.source else {
                return rows;
            };
            let last = src
                .first
                .saturating_add(u32::try_from(src.lines.len()).unwrap_or(u32::MAX));
            let gutter_w = last.to_string().len();
            let text_w = width.saturating_sub(gutter_w + 1).max(4);
            for (k, line) in src.lines.iter().enumerate() {
                let number = src
                    .first
                    .saturating_add(u32::try_from(k).unwrap_or(u32::MAX));
                for (n, piece) in wrapped(line, text_w, amb).into_iter().enumerate() {
                    rows.push(ViewRow {
                        gutter: if n == 0 {
                            format!("{number:>gutter_w$}")
                        } else {
                            " ".repeat(gutter_w)
                        },
                        text: piece,
                        strong: false,
                    });
                }
            }
        }
        View::Errors => {
            for e in &app.errors {
                for piece in wrapped(&sanitize(&e.path), width, amb) {
                    rows.push(ViewRow {
                        gutter: String::new(),
                        text: piece,
                        strong: true,
                    });
                }
                let reason = strings::load_reason(&e.message);
                for piece in wrapped(&reason, width.saturating_sub(2), amb) {
                    rows.push(ViewRow {
                        gutter: String::new(),
                        text: format!("  {piece}"),
                        strong: false,
                    });
                }
            }
        }
    }
    rows
}

/// A line cut into pieces of at most `width` columns, by the reader's own rules.
fn wrapped(text: &str, width: usize, amb: AmbiguousWidth) -> Vec<String> {
    let opts = WrapOptions {
        width,
        indent: 0,
        amb,
        break_at_spaces: false,
    };
    wrap(text, &opts)
        .into_iter()
        .map(|l| l.text(text).to_owned())
        .collect()
}

impl App {
    /// The area a view takes and the rows that fit in its frame.
    pub fn view_area(&self) -> ratatui::layout::Rect {
        super::help::area(self.size)
    }

    /// The furthest a view can scroll.
    pub(super) fn view_last_top(&self, view: View) -> usize {
        let area = self.view_area();
        let rows = view_rows(self, view, usize::from(area.width.saturating_sub(4))).len();
        rows.saturating_sub(usize::from(area.height.saturating_sub(2)))
    }

    /// Keys in a view: scroll, close, or switch to the other view / the pager.
    pub(super) fn view_action(&mut self, action: Action, view: View, top: usize, under: Pane) {
        let last = self.view_last_top(view);
        let page = usize::from(self.view_area().height.saturating_sub(3)).max(1);
        let top = match action {
            Action::Cancel | Action::QuitOrBack | Action::Back => {
                self.mode = base_mode(under);
                return;
            }
            Action::Source if view == View::Source => {
                self.mode = base_mode(under);
                return;
            }
            Action::Errors if view == View::Errors => {
                self.mode = base_mode(under);
                return;
            }
            Action::Source => return self.ask_source(under),
            Action::Errors => return self.open_errors(under),
            Action::Pager => return self.open_pager(),
            Action::Down => top + 1,
            Action::Up => top.saturating_sub(1),
            Action::PageDown | Action::ReadOn => top + page,
            Action::PageUp => top.saturating_sub(page),
            Action::HalfPageDown => top + page / 2,
            Action::HalfPageUp => top.saturating_sub(page / 2),
            Action::Top => 0,
            Action::Bottom => last,
            _ => top,
        };
        self.mode = Mode::View {
            view,
            top: top.min(last),
            under,
        };
    }

    /// `v`: asks the shell for the source lines of the open article (or the one under
    /// the cursor).
    pub(super) fn ask_source(&mut self, under: Pane) {
        let Some(at) = self.current_article() else {
            self.message = Some(strings::OPEN_AN_ARTICLE_FIRST.into());
            return;
        };
        let (Some(meta), Some(source)) = (
            self.article(at),
            self.issue(at.issue).and_then(IssueEntry::source),
        ) else {
            self.message = Some(strings::NO_SOURCE.into());
            return;
        };
        let lines = meta.lines;
        self.source_wanted = Some(at);
        self.mode = base_mode(under);
        self.effects.push(Effect::ReadSource { source, lines });
    }

    /// The source lines arrived: shown, if the article they belong to is still the one
    /// the keys act on.
    pub(super) fn source_read(&mut self, result: Result<SourceText, String>) {
        let wanted = self.source_wanted.take();
        if wanted.is_none() || wanted != self.current_article() {
            return;
        }
        match result {
            Ok(text) => {
                self.source = Some(text);
                if matches!(self.mode, Mode::List | Mode::Reader) {
                    self.mode = Mode::View {
                        view: View::Source,
                        top: 0,
                        under: self.mode.pane(),
                    };
                }
            }
            Err(e) => self.message = Some(strings::source_unreadable(&e)),
        }
    }

    /// `V`: the issue's text in `$PAGER`, at the article's first line.
    pub(super) fn open_pager(&mut self) {
        let Some(at) = self.current_article() else {
            self.message = Some(strings::OPEN_AN_ARTICLE_FIRST.into());
            return;
        };
        let (Some(meta), Some(source)) = (
            self.article(at),
            self.issue(at.issue).and_then(IssueEntry::source),
        ) else {
            self.message = Some(strings::NO_SOURCE.into());
            return;
        };
        let line = meta.lines[0].max(1);
        self.remember_now();
        self.effects.push(Effect::Pager { source, line });
    }

    /// `!`: every file that failed to load, with its reason.
    pub(super) fn open_errors(&mut self, under: Pane) {
        if self.errors.is_empty() {
            self.message = Some(strings::NO_FAILED_FILES.into());
            return;
        }
        self.mode = Mode::View {
            view: View::Errors,
            top: 0,
            under,
        };
    }

    /// Where a bookmark points, when its issue is loaded: how far into the article's
    /// text (by characters, so it is the same at any width) and the sentence there.
    pub(super) fn place_of(&self, b: &Bookmark) -> Place {
        let Some(blocks) = self
            .find_article(&b.article)
            .and_then(|at| self.article_blocks(at))
        else {
            return Place::default();
        };
        let total: usize = blocks.iter().map(|(_, t)| t.len()).sum();
        let before: usize = blocks
            .iter()
            .take(b.block)
            .map(|(_, t)| t.len())
            .sum::<usize>()
            + b.byte.min(blocks.get(b.block).map_or(0, |(_, t)| t.len()));
        let percent = (total > 0).then(|| u16::try_from(before * 100 / total).unwrap_or(100));
        let sentence = blocks
            .get(b.block)
            .filter(|(role, _)| *role != Role::Note)
            .map(|(_, text)| sentence_at(text, b.byte))
            .filter(|s| !s.is_empty())
            .map(|s| {
                if self.settings.full_width {
                    full_width(&s).text
                } else {
                    s
                }
            });
        Place { percent, sentence }
    }
}

/// The sentence of `text` holding byte `at`: from after the last 。！？ before it to
/// its own end mark.
fn sentence_at(text: &str, at: usize) -> String {
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '；');
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (before, after) = text.split_at(at);
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| ends(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = after
        .char_indices()
        .find(|&(_, c)| ends(c))
        .map_or(text.len(), |(i, c)| at + i + c.len_utf8());
    sanitize(text.get(start..end).unwrap_or("").trim()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bookmark_shows_the_sentence_it_points_into() {
        let text = "第一句。第二句很长，还在继续！第三句";
        let at = text.find("还在").expect("present");
        assert_eq!(sentence_at(text, at), "第二句很长，还在继续！");
        assert_eq!(sentence_at(text, 0), "第一句。");
        assert_eq!(sentence_at(text, text.len()), "第三句");
        assert_eq!(sentence_at(text, 1), "第一句。", "inside a char");
    }
}
