//! An article laid out for the reading pane: header and paragraphs, sanitised,
//! wrapped to the text column, each line a byte range into its block.
//!
//! Pure and cheap to rebuild; the app caches one page per (article, width, settings)
//! and keeps the reading position as (block, byte offset), so a resize or a change of
//! measure lands on the same text.

use crate::model::Article;
pub use crate::store::Role;
use crate::text::{AmbiguousWidth, Punctuated, WrapOptions, full_width, str_width, wrap};

/// One visual line: the text of block `block` from stored byte `start` to `end`, after
/// `indent` columns (which hold `mark` when there is one).
///
/// Offsets are into the block's text *as stored* (as printed), whatever the display
/// punctuation: reading positions, bookmarks and search hits are stored offsets, and
/// [`Page::text`] gives what is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLine {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub indent: u16,
    /// A mark drawn in the indent of a block's first line (▲ before a caption, ——
    /// before a subtitle), so roles stay apart where colour and italics are not shown.
    pub mark: Option<&'static str>,
    /// The blank line that separates this block from the one before.
    pub gap: bool,
}

/// How a page is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Layout {
    pub width: u16,
    pub amb: AmbiguousWidth,
    /// Show ASCII , ; : ( ) ! ? in Chinese text full-width (`punctuation = "full-width"`).
    pub full_width: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Each block's role and its text as shown.
    pub blocks: Vec<(Role, Punctuated)>,
    pub lines: Vec<PageLine>,
    pub width: u16,
}

/// Where the reader is: the first visible line, as a text position that survives
/// re-wrapping and changes of display punctuation (a stored byte offset).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    pub block: usize,
    pub byte: usize,
}

/// Two full-width spaces, the first-line indent of a Chinese paragraph.
pub const INDENT: u16 = 4;

impl Page {
    pub fn build(article: &Article, layout: Layout) -> Page {
        Page::from_blocks(crate::store::blocks(article), layout)
    }

    /// Lays out blocks as `store::blocks` makes them.
    pub fn from_blocks(blocks: Vec<(Role, String)>, layout: Layout) -> Page {
        Page::from_blocks_while(blocks, layout, |_, _| true)
    }

    /// Lays out blocks one at a time while `more(blocks so far, lines so far)` says
    /// more are wanted: a search preview needs the page only down to its hit and a
    /// screen beyond, and a long article's remaining paragraphs would cost the
    /// keystroke their line breaking.
    pub fn from_blocks_while(
        blocks: impl IntoIterator<Item = (Role, String)>,
        layout: Layout,
        mut more: impl FnMut(usize, &[PageLine]) -> bool,
    ) -> Page {
        let mut page = Page {
            blocks: Vec::new(),
            lines: Vec::new(),
            width: layout.width,
        };
        let mut prev = None;
        for (role, text) in blocks {
            if !more(page.blocks.len(), &page.lines) {
                break;
            }
            let text = shown(text, layout.full_width);
            let b = page.blocks.len();
            lay_out_block(&mut page.lines, b, role, &text, prev, layout);
            prev = Some(role);
            page.blocks.push((role, text));
        }
        page
    }

    fn shown(&self, block: usize) -> Option<&Punctuated> {
        self.blocks.get(block).map(|b| &b.1)
    }

    /// What a line shows.
    pub fn text(&self, line: &PageLine) -> &str {
        self.shown(line.block)
            .and_then(|p| p.text.get(p.to_display(line.start)..p.to_display(line.end)))
            .unwrap_or("")
    }

    /// The stored offset of byte `at` of what `line` shows (for highlights).
    pub fn stored_at(&self, line: &PageLine, at: usize) -> usize {
        self.shown(line.block).map_or(line.start + at, |p| {
            p.to_stored(p.to_display(line.start) + at)
        })
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

/// A block's text as shown.
fn shown(text: String, full: bool) -> Punctuated {
    if full {
        full_width(&text)
    } else {
        Punctuated::as_printed(text)
    }
}

/// The mark a block's first line carries, unless its text already begins with one.
fn mark(role: Role, text: &str) -> Option<&'static str> {
    match role {
        Role::Caption if !text.starts_with(['▲', '△', '▼', '◀', '◁', '▶']) => {
            Some(crate::strings::CAPTION_MARK)
        }
        Role::Subtitle if !text.starts_with(['—', '－', '-', '─']) => {
            Some(crate::strings::SUBTITLE_MARK)
        }
        _ => None,
    }
}

/// Appends the lines of block `b` (after `prev`, the role of the block before it).
fn lay_out_block(
    lines: &mut Vec<PageLine>,
    b: usize,
    role: Role,
    shown: &Punctuated,
    prev: Option<Role>,
    layout: Layout,
) {
    if shown.text.is_empty() {
        // Nothing to show (the note under the headline when the dump names neither a
        // page nor a jump): no blank line stands in for it.
        return;
    }
    let width = usize::from(layout.width.max(1));
    // Header lines sit together; the body starts after a gap and each body block
    // is set off by one blank line.
    let gap = match prev {
        None => false,
        Some(p) => role.is_body() || p.is_body() && !role.is_body(),
    };
    if gap {
        lines.push(PageLine {
            block: b,
            start: 0,
            end: 0,
            indent: 0,
            mark: None,
            gap: true,
        });
    }
    let mark = mark(role, &shown.text).filter(|_| width >= 8);
    let indent = match mark {
        // Padded to an even width, so the wide chars after it stay on the grid.
        Some(m) => str_width(m, layout.amb).next_multiple_of(2),
        None if role == Role::Text && width > usize::from(INDENT) * 4 => usize::from(INDENT),
        None => 0,
    };
    let opts = WrapOptions {
        width,
        indent,
        amb: layout.amb,
        break_at_spaces: role.is_heading(),
    };
    for (k, l) in wrap(&shown.text, &opts).into_iter().enumerate() {
        lines.push(PageLine {
            block: b,
            start: shown.to_stored(l.start),
            end: shown.to_stored(l.end),
            indent: if k == 0 {
                u16::try_from(indent).unwrap_or(0)
            } else {
                0
            },
            mark: mark.filter(|_| k == 0),
            gap: false,
        });
    }
}

/// Columns a page line occupies.
#[cfg(test)]
fn line_width(page: &Page, line: &PageLine, amb: AmbiguousWidth) -> usize {
    usize::from(line.indent) + crate::text::str_width(page.text(line), amb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Paragraph, ParagraphKind};

    fn article() -> Article {
        Article {
            title: "我市在全省率先开通 线上医保支付".into(),
            kicker: Some("全市首家".into()),
            subtitles: vec!["医保电子凭证实现“掌上办”".into()],
            paragraphs: vec![
                Paragraph { kind: ParagraphKind::Text, text: "过去参保群众在进行医保结算时,必须到窗口刷医保电子凭证(或刷医保卡)才能支付个人费用。".repeat(3), lines: vec![] },
                Paragraph { kind: ParagraphKind::Subhead, text: "●民营孵化器让企业发展加速跑".into(), lines: vec![] },
                Paragraph { kind: ParagraphKind::Caption, text: "市民在窗口办理业务。".into(), lines: vec![] },
                Paragraph { kind: ParagraphKind::Text, text: "接下来,我省将加快推进医保移动支付建设进度。".into(), lines: vec![] },
            ],
            ..Article::default()
        }
    }

    fn layout(width: u16, full_width: bool) -> Layout {
        Layout {
            width,
            amb: AmbiguousWidth::Narrow,
            full_width,
        }
    }

    #[test]
    fn a_page_laid_out_in_part_is_a_prefix_of_the_whole() {
        let whole = Page::build(&article(), layout(40, true));
        for n in 0..=whole.blocks.len() {
            let part = Page::from_blocks_while(
                crate::store::blocks(&article()),
                layout(40, true),
                |b, _| b < n,
            );
            assert_eq!(part.blocks.len(), n);
            assert_eq!(part.lines[..], whole.lines[..part.lines.len()]);
            assert!(
                whole
                    .lines
                    .get(part.lines.len())
                    .is_none_or(|l| l.block >= n)
            );
        }
    }

    #[test]
    fn an_empty_note_takes_no_line() {
        let blocks = |note: &str| {
            vec![
                (Role::Title, "标题".to_owned()),
                (Role::Note, note.to_owned()),
                (Role::Byline, "记者 某某".to_owned()),
                (Role::Text, "正文。".to_owned()),
            ]
        };
        let empty = Page::from_blocks(blocks(""), layout(40, true));
        assert!(empty.lines.iter().all(|l| l.block != 1));
        let noted = Page::from_blocks(blocks("03版 综合"), layout(40, true));
        assert_eq!(noted.lines.len(), empty.lines.len() + 1);
    }

    #[test]
    fn lines_fit_and_tile_every_block() {
        for full in [false, true] {
            for width in [1u16, 10, 17, 40, 80] {
                let page = Page::build(&article(), layout(width, full));
                for (b, (_, shown)) in page.blocks.iter().enumerate() {
                    let joined: String = page
                        .lines
                        .iter()
                        .filter(|l| l.block == b && !l.gap)
                        .map(|l| page.text(l))
                        .collect();
                    assert_eq!(joined, shown.text, "width {width}");
                }
                for l in page.lines.iter().filter(|l| !l.gap) {
                    let w = line_width(&page, l, AmbiguousWidth::Narrow);
                    assert!(w <= usize::from(width).max(2), "width {width}: {w}");
                }
            }
        }
    }

    #[test]
    fn display_punctuation_changes_what_is_shown_not_where_lines_point() {
        let stored = crate::store::blocks(&article());
        let page = Page::build(&article(), layout(30, true));
        assert!(page.blocks.iter().any(|b| b.1.text.contains('，')));
        assert!(page.blocks.iter().any(|b| b.1.text.contains('（')));
        for l in page.lines.iter().filter(|l| !l.gap) {
            let printed = stored[l.block]
                .1
                .get(l.start..l.end)
                .expect("stored offsets");
            assert_eq!(crate::text::full_width(printed).text, page.text(l));
            // Every displayed byte maps back into the line.
            let shown = page.text(l);
            for (at, _) in shown.char_indices() {
                let s = page.stored_at(l, at);
                assert!(l.start <= s && s < l.end, "{at} -> {s}");
            }
        }
    }

    #[test]
    fn a_position_lands_on_the_same_text_with_punctuation_on_or_off() {
        let printed = Page::build(&article(), layout(24, false));
        let full = Page::build(&article(), layout(24, true));
        for top in 0..printed.lines.len() {
            let anchor = printed.anchor_of(top);
            let line = full.lines[full.line_of(anchor)];
            assert_eq!(line.block, anchor.block);
            assert!(line.start <= anchor.byte);
            assert!(anchor.byte < line.end.max(line.start + 1) || line.gap);
        }
    }

    #[test]
    fn first_line_of_a_text_paragraph_is_indented() {
        let page = Page::build(&article(), layout(40, true));
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
    fn captions_and_subtitles_carry_a_mark_in_their_indent() {
        let page = Page::build(&article(), layout(40, true));
        let first = |role: Role| {
            *page
                .lines
                .iter()
                .find(|l| page.role(l) == role && !l.gap)
                .expect("role shown")
        };
        let caption = first(Role::Caption);
        assert_eq!(caption.mark, Some(crate::strings::CAPTION_MARK));
        assert_eq!(caption.indent, 2, "▲ is padded to two columns");
        let subtitle = first(Role::Subtitle);
        assert_eq!(subtitle.mark, Some(crate::strings::SUBTITLE_MARK));
        assert_eq!(first(Role::Title).mark, None);
        // A caption printed with its own ▲ gets no second one.
        let mut a = article();
        a.paragraphs[2].text = "▲市民在窗口办理业务。".into();
        let page = Page::build(&a, layout(40, true));
        assert!(
            page.lines
                .iter()
                .all(|l| l.mark != Some(crate::strings::CAPTION_MARK))
        );
    }

    #[test]
    fn headlines_break_at_their_spaces() {
        let page = Page::build(&article(), layout(20, true));
        let title: Vec<&str> = page
            .lines
            .iter()
            .filter(|l| page.role(l) == Role::Title)
            .map(|l| page.text(l))
            .collect();
        assert_eq!(title, ["我市在全省率先开通 ", "线上医保支付"]);
    }

    #[test]
    fn anchor_survives_rewrapping() {
        let narrow = Page::build(&article(), layout(20, true));
        let top = narrow
            .lines
            .iter()
            .position(|l| l.block == 4 && l.start > 0 && !l.gap)
            .expect("a continuation line");
        let anchor = narrow.anchor_of(top);
        let wide = Page::build(&article(), layout(60, true));
        let line = wide.lines[wide.line_of(anchor)];
        assert_eq!(line.block, anchor.block);
        assert!(line.start <= anchor.byte && anchor.byte < line.end.max(line.start + 1));
    }
}
