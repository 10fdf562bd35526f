//! An article as the reader shows it: a sequence of sanitised text blocks (kicker,
//! title, subtitles, credit line, jump note, paragraphs).
//!
//! The page layout, the search index and search highlights all address text as
//! (block, byte offset) in exactly these strings, so a hit found by search lands on the
//! very characters the reader draws. Sanitising maps one char to one char, so nothing
//! here moves text around; it only makes it safe to print.

use crate::model::{Article, ParagraphKind};
use crate::text::sanitize;

/// What a block is, and so how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Kicker,
    Title,
    Subtitle,
    Byline,
    /// `上接01版`: made by zzread, not archive text (never searched).
    Note,
    Text,
    Subhead,
    Caption,
    Label,
}

impl Role {
    /// Blocks that belong to the headline (hits here rank first).
    pub fn is_heading(self) -> bool {
        matches!(self, Role::Kicker | Role::Title | Role::Subtitle)
    }

    pub fn is_body(self) -> bool {
        matches!(
            self,
            Role::Text | Role::Subhead | Role::Caption | Role::Label
        )
    }
}

/// The blocks of an article, in reading order.
pub fn blocks(article: &Article) -> Vec<(Role, String)> {
    let mut out: Vec<(Role, String)> = Vec::with_capacity(article.paragraphs.len() + 4);
    let mut push = |role: Role, text: &str| out.push((role, sanitize(text).into_owned()));
    if let Some(k) = &article.kicker {
        push(Role::Kicker, k);
    }
    push(
        Role::Title,
        if article.title.is_empty() {
            "(无标题)"
        } else {
            &article.title
        },
    );
    for s in &article.subtitles {
        push(Role::Subtitle, s);
    }
    if let Some(b) = &article.byline {
        push(Role::Byline, &b.credit_line());
    }
    if let Some(from) = &article.continued_from {
        push(Role::Note, &format!("上接{from}"));
    }
    for p in &article.paragraphs {
        let role = match p.kind {
            ParagraphKind::Text => Role::Text,
            ParagraphKind::Subhead => Role::Subhead,
            ParagraphKind::Caption => Role::Caption,
            ParagraphKind::Label => Role::Label,
            // Until the reader draws them apart: list items and table rows read as
            // text, an attribution sits apart like a caption, a pull quote stands out.
            ParagraphKind::ListItem | ParagraphKind::TableRow => Role::Text,
            ParagraphKind::Attribution => Role::Caption,
            ParagraphKind::PullQuote => Role::Subhead,
        };
        push(role, &p.text);
    }
    out
}
