//! An article as text to take away: `y` copies it with a citation line (the terminal
//! puts it on the clipboard through OSC 52), `s` saves it as Markdown. Both take the
//! text as the reader shows it (full-width punctuation when that is on). Building the
//! text is pure; the terminal shell performs the effect.

use super::{App, Effect};
use crate::ids::IssueIx;
use crate::store::Role;
use crate::strings;

/// An article's text blocks with their roles, as the reader shows them.
type Blocks = Vec<(Role, String)>;

/// The most text `y` sends through OSC 52. Terminals drop longer payloads silently
/// (xterm and tmux cap the base64 near 100 KB), so a longer article is refused with
/// a message rather than "copied" into nothing. No article of a daily comes near it.
pub const CLIPBOARD_MAX_BYTES: usize = 72 * 1024;

/// Bytes a saved file's name may take: file systems allow 255, and a name of Chinese
/// characters runs out of bytes long before it runs out of characters.
const NAME_PART_BYTES: usize = 120;

impl App {
    /// The citation: 《株洲日报》2023-04-26 · 标题 (the short name when undated).
    fn citation(&self, issue: IssueIx, title: &str) -> String {
        let when = self.issue(issue).map(|e| e.label()).unwrap_or_default();
        strings::citation(when, title)
    }

    /// The open article's issue, blocks and title; a notice when nothing is open.
    fn open_text(&mut self) -> Option<(IssueIx, Blocks, String)> {
        let Some(at) = self.open else {
            self.message = Some(strings::OPEN_AN_ARTICLE_FIRST.into());
            return None;
        };
        let blocks = self.shown_blocks(at)?;
        let title = blocks
            .iter()
            .find(|b| b.0 == Role::Title)
            .map(|b| b.1.clone())
            .unwrap_or_default();
        Some((at.issue, blocks, title))
    }

    /// `y`: the open article as plain text, citation last.
    pub(super) fn copy_article(&mut self) {
        let Some((issue, blocks, title)) = self.open_text() else {
            return;
        };
        let mut out = String::new();
        let mut in_body = false;
        for (role, text) in &blocks {
            if role.is_body() && !in_body {
                out.push('\n');
                in_body = true;
            }
            match role {
                Role::Text => out.push_str("\u{3000}\u{3000}"),
                Role::Caption if !text.starts_with(['▲', '△', '▼', '◀', '◁', '▶']) => {
                    out.push_str(strings::CAPTION_MARK);
                }
                Role::Subtitle if !text.starts_with(['—', '－', '-']) => {
                    out.push_str(strings::SUBTITLE_MARK);
                }
                _ => {}
            }
            out.push_str(text);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.citation(issue, &title));
        out.push('\n');
        if out.len() > CLIPBOARD_MAX_BYTES {
            let save_key = self
                .settings
                .keymap
                .first_label(super::Action::Save)
                .unwrap_or_default();
            self.message = Some(strings::too_long_to_copy(out.len() / 1024, &save_key));
            return;
        }
        self.effects.push(Effect::Clipboard(out));
        self.message = Some(strings::COPIED.into());
    }

    /// `s`: the open article as Markdown, named after its issue and title.
    pub(super) fn save_article(&mut self) {
        let Some((issue, blocks, title)) = self.open_text() else {
            return;
        };
        let article = self.open.map_or(0, |o| o.n());
        let mut md = String::new();
        for (role, text) in &blocks {
            let line = match role {
                Role::Title => format!("# {}", md_escape(text)),
                Role::Kicker => format!("**{}**", md_escape(text)),
                Role::Subtitle => format!("## {}", md_escape(text)),
                Role::Byline | Role::Note | Role::Section => format!("*{}*", md_escape(text)),
                Role::Subhead => format!("### {}", md_escape(text)),
                Role::Caption => format!("> {}{}", strings::CAPTION_LABEL, md_escape(text)),
                Role::Label => format!("**{}**", md_escape(text)),
                Role::Text => md_escape(text),
            };
            md.push_str(&line);
            md.push_str("\n\n");
        }
        md.push_str("---\n\n");
        md.push_str(&md_escape(&self.citation(issue, &title)));
        md.push('\n');
        // The file keeps the issue's date or file stem: unique, and sorts well.
        let stem = self
            .issue(issue)
            .map(|e| e.date.clone().unwrap_or_else(|| e.id.clone()))
            .unwrap_or_default();
        let name = format!(
            "{}-{}-{}.md",
            file_safe(&stem),
            article + 1,
            file_safe(&title)
        );
        self.effects.push(Effect::SaveFile { name, contents: md });
    }
}

/// Characters Markdown would read as markup at the start of a line or inline.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let special = matches!(c, '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\')
            || (i == 0 && matches!(c, '#' | '-' | '+' | '=' | '|'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A file name part: no path separators, controls, format characters or characters
/// Windows forbids; at most 40 characters and `NAME_PART_BYTES` bytes.
fn file_safe(s: &str) -> String {
    let mut cleaned = String::new();
    for c in s.chars().take(40) {
        let c = if c.is_control()
            || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || c.is_whitespace()
            || !shows_as_itself(c)
        {
            '_'
        } else {
            c
        };
        if cleaned.len() + c.len_utf8() > NAME_PART_BYTES {
            break;
        }
        cleaned.push(c);
    }
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == '_');
    if trimmed.is_empty() {
        "article".into()
    } else {
        trimmed.to_owned()
    }
}

/// Whether the terminal-safe form of `c` is `c` itself (not a control, bidi or other
/// format character).
fn shows_as_itself(c: char) -> bool {
    let mut buf = [0; 4];
    let s: &str = c.encode_utf8(&mut buf);
    matches!(crate::text::sanitize(s), std::borrow::Cow::Borrowed(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_escape_the_directory() {
        assert_eq!(file_safe("../../etc/passwd"), "etc_passwd");
        assert_eq!(file_safe("标题 一"), "标题_一");
        assert_eq!(file_safe("..."), "article");
        assert_eq!(file_safe("a\u{1b}]52;b"), "a_]52;b");
        assert_eq!(file_safe("a\u{202e}b"), "a_b", "no bidi override in a name");
    }

    #[test]
    fn file_names_fit_in_bytes_whatever_the_characters() {
        let emoji = "😀".repeat(60);
        let name = file_safe(&emoji);
        assert!(name.len() <= NAME_PART_BYTES, "{}", name.len());
        assert!(!name.is_empty());
        let cjk = file_safe(&"株".repeat(60));
        assert_eq!(cjk.chars().count(), 40);
        assert!(cjk.len() <= NAME_PART_BYTES);
    }

    #[test]
    fn markdown_markup_is_escaped() {
        assert_eq!(md_escape("#1 *重要*"), "\\#1 \\*重要\\*");
        assert_eq!(md_escape("中文"), "中文");
    }
}
