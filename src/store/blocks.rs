//! An article as the reader shows it: a sequence of sanitised text blocks (kicker,
//! title, subtitles, credit line, jump note, paragraphs).
//!
//! The text store keeps exactly these blocks, and the page layout, search and its
//! highlights all address text as (block, byte offset) in them, so a hit found by
//! search lands on the very characters the reader draws. Sanitising maps one char to
//! one char, so nothing here moves text around; it only makes it safe to print.

use crate::model::{Article, ParagraphKind};
use crate::text::sanitize;

/// What a block is, and so how it is drawn. Stored as its `u8` in the text store
/// (and so in the cache: append new roles at the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
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
    /// The page or column heading the article sits under (“献策株洲”金点子摘登),
    /// shown above the headline. Last: roles are stored by number.
    Section,
}

impl Role {
    const ALL: [Role; 10] = [
        Role::Kicker,
        Role::Title,
        Role::Subtitle,
        Role::Byline,
        Role::Note,
        Role::Text,
        Role::Subhead,
        Role::Caption,
        Role::Label,
        Role::Section,
    ];

    /// The role stored as `b` (text, for a byte no role has).
    pub fn from_u8(b: u8) -> Role {
        Role::ALL
            .iter()
            .copied()
            .find(|r| *r as u8 == b)
            .unwrap_or(Role::Text)
    }

    /// Blocks that belong to the headline (hits here rank first).
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Role::Section | Role::Kicker | Role::Title | Role::Subtitle
        )
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
    if let Some(s) = &article.section {
        push(Role::Section, s);
    }
    if let Some(k) = &article.kicker {
        push(Role::Kicker, k);
    }
    push(
        Role::Title,
        if article.title.is_empty() {
            crate::strings::UNTITLED
        } else {
            &article.title
        },
    );
    for s in &article.subtitles {
        push(Role::Subtitle, s);
    }
    // The byline as printed, affiliations and dateline included (株洲日报讯(全媒体记者/
    // 刘琼 …), 退休教师 王金根): what the reader sees is what search finds.
    if let Some(b) = &article.byline {
        push(Role::Byline, &b.raw.replace('\n', " "));
    }
    if let Some(from) = &article.continued_from {
        push(Role::Note, &crate::strings::continued_from(from));
    }
    for p in &article.paragraphs {
        let role = match p.kind {
            ParagraphKind::Text => Role::Text,
            ParagraphKind::Subhead => Role::Subhead,
            ParagraphKind::Caption => Role::Caption,
            ParagraphKind::Label => Role::Label,
        };
        push(role, &p.text);
    }
    out
}
