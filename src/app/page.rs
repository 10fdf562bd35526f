//! An article laid out for the reading pane: header and paragraphs, sanitised,
//! wrapped to the text column, each line a byte range into its block.
//!
//! Pure and cheap to rebuild; the app caches one page per (article, width, settings)
//! and keeps the reading position as (block, byte offset), so a resize or a change of
//! measure lands on the same text.

pub use crate::blocks::Role;
use crate::model::Article;
use crate::text::{AmbiguousWidth, WrapOptions, str_width, wrap};

/// One visual line: `text[start..end]` of block `block`, after `indent` columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLine {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub indent: u16,
    /// The blank line that separates this block from the one before.
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub blocks: Vec<(Role, String)>,
    pub lines: Vec<PageLine>,
    pub width: u16,
}

/// Where the reader is: the first visible line, as a text position that survives
/// re-wrapping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    pub block: usize,
    pub byte: usize,
}

/// Two full-width spaces, the first-line indent of a Chinese paragraph.
pub const INDENT: u16 = 4;

impl Page {
    pub fn build(article: &Article, width: u16, amb: AmbiguousWidth) -> Page {
        Page::from_blocks(crate::blocks::blocks(article), width, amb)
    }

    /// Lays out blocks as `blocks::blocks` makes them.
    pub fn from_blocks(blocks: Vec<(Role, String)>, width: u16, amb: AmbiguousWidth) -> Page {
        let lines = layout(&blocks, width, amb);
        Page {
            blocks,
            lines,
            width,
        }
    }

    pub fn text(&self, line: &PageLine) -> &str {
        self.blocks
            .get(line.block)
            .and_then(|(_, t)| t.get(line.start..line.end))
            .unwrap_or("")
    }

    pub fn role(&self, line: &PageLine) -> Role {
        self.blocks.get(line.block).map_or(Role::Text, |b| b.0)
    }

    pub fn anchor_of(&self, top: usize) -> Anchor {
        self.lines
            .get(top)
            .map(|l| Anchor {
                block: l.block,
                byte: l.start,
            })
            .unwrap_or_default()
    }

    /// The line showing `anchor` (the last line starting at or before it).
    pub fn line_of(&self, anchor: Anchor) -> usize {
        let after = self.lines.partition_point(|l| {
            (Anchor {
                block: l.block,
                byte: l.start,
            }) <= anchor
        });
        let mut k = after.saturating_sub(1);
        // Prefer the text line over the blank gap that shares its position.
        while self.lines.get(k).is_some_and(|l| l.gap) && k + 1 < after {
            k += 1;
        }
        k
    }
}

fn layout(blocks: &[(Role, String)], width: u16, amb: AmbiguousWidth) -> Vec<PageLine> {
    let width = usize::from(width.max(1));
    let mut lines = Vec::new();
    let mut prev: Option<Role> = None;
    for (b, (role, text)) in blocks.iter().enumerate() {
        // Header lines sit together; the body starts after a gap and each body block
        // is set off by one blank line.
        let gap = match (prev, role) {
            (None, _) => false,
            (Some(p), r) => r.is_body() || p.is_body() && !r.is_body(),
        };
        if gap {
            lines.push(PageLine {
                block: b,
                start: 0,
                end: 0,
                indent: 0,
                gap: true,
            });
        }
        prev = Some(*role);
        let indent = if *role == Role::Text && width > usize::from(INDENT) * 4 {
            INDENT
        } else {
            0
        };
        let opts = WrapOptions {
            width,
            indent: usize::from(indent),
            amb,
        };
        for (k, l) in wrap(text, &opts).into_iter().enumerate() {
            lines.push(PageLine {
                block: b,
                start: l.start,
                end: l.end,
                indent: if k == 0 { indent } else { 0 },
                gap: false,
            });
        }
    }
    lines
}

/// Columns a page line occupies (for centring and tests).
pub fn line_width(page: &Page, line: &PageLine, amb: AmbiguousWidth) -> usize {
    usize::from(line.indent) + str_width(page.text(line), amb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paragraph, ParagraphKind};

    fn article() -> Article {
        Article {
            title: "我市在全省率先开通 线上医保支付".into(),
            kicker: Some("全市首家".into()),
            paragraphs: vec![
                Paragraph { kind: ParagraphKind::Text, text: "过去参保群众在进行医保结算时,必须到窗口刷医保电子凭证或刷医保卡才能支付个人费用。".repeat(3), lines: vec![] },
                Paragraph { kind: ParagraphKind::Subhead, text: "●民营孵化器让企业发展加速跑".into(), lines: vec![] },
                Paragraph { kind: ParagraphKind::Text, text: "接下来,我省将加快推进医保移动支付建设进度。".into(), lines: vec![] },
            ],
            ..Article::default()
        }
    }

    #[test]
    fn lines_fit_and_tile_every_block() {
        for width in [1u16, 10, 17, 40, 80] {
            let page = Page::build(&article(), width, AmbiguousWidth::Narrow);
            for (b, (_, text)) in page.blocks.iter().enumerate() {
                let joined: String = page
                    .lines
                    .iter()
                    .filter(|l| l.block == b && !l.gap)
                    .map(|l| page.text(l))
                    .collect();
                assert_eq!(&joined, text, "width {width}");
            }
            for l in page.lines.iter().filter(|l| !l.gap) {
                let w = line_width(&page, l, AmbiguousWidth::Narrow);
                assert!(w <= usize::from(width).max(2), "width {width}: {w}");
            }
        }
    }

    #[test]
    fn first_line_of_a_text_paragraph_is_indented() {
        let page = Page::build(&article(), 40, AmbiguousWidth::Narrow);
        let first_text = page
            .lines
            .iter()
            .find(|l| page.role(l) == Role::Text && !l.gap)
            .expect("text");
        assert_eq!(first_text.indent, INDENT);
        let second = page
            .lines
            .iter()
            .filter(|l| page.role(l) == Role::Text && !l.gap)
            .nth(1)
            .expect("2 lines");
        assert_eq!(second.indent, 0);
    }

    #[test]
    fn anchor_survives_rewrapping() {
        let narrow = Page::build(&article(), 20, AmbiguousWidth::Narrow);
        let top = narrow
            .lines
            .iter()
            .position(|l| l.block == 2 && l.start > 0 && !l.gap)
            .expect("a continuation line");
        let anchor = narrow.anchor_of(top);
        let wide = Page::build(&article(), 60, AmbiguousWidth::Narrow);
        let line = wide.lines[wide.line_of(anchor)];
        assert_eq!(line.block, anchor.block);
        assert!(line.start <= anchor.byte && anchor.byte < line.end.max(line.start + 1));
    }
}
