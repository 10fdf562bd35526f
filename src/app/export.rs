//! An article as text to take away: `y` copies it with a citation line (the terminal
//! puts it on the clipboard through OSC 52), `s` saves it as Markdown. Building the
//! text is pure; the terminal shell performs the effect.

use super::App;
use crate::blocks::Role;

/// An article's text blocks with their roles, as `blocks::blocks` makes them.
type Blocks = Vec<(Role, String)>;

/// Something only the terminal shell can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put text on the clipboard (OSC 52).
    Clipboard(String),
    /// Write a file in the current directory, never over an existing one.
    Save { name: String, contents: String },
}

impl App {
    /// The citation: 《株洲日报》2023-04-26 · 标题 (the file stem when undated).
    fn citation(&self, issue: usize, title: &str) -> String {
        let when = self
            .issues
            .get(issue)
            .map(|e| e.label().to_owned())
            .unwrap_or_default();
        format!("《株洲日报》{when} · {title}")
    }

    /// The open article's issue, blocks and title; a notice when nothing is open.
    fn open_text(&mut self) -> Option<(usize, Blocks, String)> {
        let Some((issue, article)) = self.open else {
            self.message = Some("先打开一篇文章".into());
            return None;
        };
        let blocks = self.article_blocks(issue, article)?;
        let title = blocks
            .iter()
            .find(|b| b.0 == Role::Title)
            .map(|b| b.1.clone())
            .unwrap_or_default();
        Some((issue, blocks, title))
    }

    /// `y`: the open article as plain text, citation last.
    pub fn copy_article(&mut self) {
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
                Role::Caption => out.push_str("[图] "),
                _ => {}
            }
            out.push_str(text);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.citation(issue, &title));
        out.push('\n');
        self.effects.push(Effect::Clipboard(out));
        self.message = Some("已复制全文到剪贴板(OSC 52)".into());
    }

    /// `s`: the open article as Markdown, named after its issue and title.
    pub fn save_article(&mut self) {
        let Some((issue, blocks, title)) = self.open_text() else {
            return;
        };
        let article = self.open.map_or(0, |o| o.1);
        let mut md = String::new();
        for (role, text) in &blocks {
            let line = match role {
                Role::Title => format!("# {}", md_escape(text)),
                Role::Kicker => format!("**{}**", md_escape(text)),
                Role::Subtitle => format!("## {}", md_escape(text)),
                Role::Byline | Role::Note => format!("*{}*", md_escape(text)),
                Role::Subhead => format!("### {}", md_escape(text)),
                Role::Caption => format!("> 图:{}", md_escape(text)),
                Role::Label => format!("**{}**", md_escape(text)),
                Role::Text => md_escape(text),
            };
            md.push_str(&line);
            md.push_str("\n\n");
        }
        md.push_str("---\n\n");
        md.push_str(&md_escape(&self.citation(issue, &title)));
        md.push('\n');
        let stem = self
            .issues
            .get(issue)
            .map(|e| e.label().to_owned())
            .unwrap_or_default();
        let name = format!(
            "{}-{}-{}.md",
            file_safe(&stem),
            article + 1,
            file_safe(&title)
        );
        self.effects.push(Effect::Save { name, contents: md });
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

/// A file name part: no path separators, controls or characters Windows forbids,
/// at most 40 characters.
fn file_safe(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_control()
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                || c.is_whitespace()
            {
                '_'
            } else {
                c
            }
        })
        .take(40)
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == '_');
    if trimmed.is_empty() {
        "article".into()
    } else {
        trimmed.to_owned()
    }
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
    }

    #[test]
    fn markdown_markup_is_escaped() {
        assert_eq!(md_escape("#1 *重要*"), "\\#1 \\*重要\\*");
        assert_eq!(md_escape("中文"), "中文");
    }
}
