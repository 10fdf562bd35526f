//! Lines → articles: heading groups (see `heading`), bylines, jump markers, sections
//! and pages decide where each article starts and what its lines are.

use super::byline::parse_credits;
use super::classify::{Block, Kind, ends_sentence};
use super::draft::{Draft, Piece};
use super::heading::HeadingGroup;
use super::pages::PageMap;
use super::sections::Sections;
use crate::model::{Byline, ParagraphKind};

/// A dash line in the body this short is an attribution (`——习近平`), not text.
const ATTRIBUTION_MAX_CHARS: usize = 30;

pub fn segment(blocks: &[Block<'_>], pages: &PageMap) -> Vec<Draft> {
    let page_of = |k: usize| pages.of_block.get(k).copied().flatten();
    let page_start = |k: usize| k > 0 && page_of(k) != page_of(k - 1);
    let mut out: Vec<Draft> = Vec::new();
    let mut sections = Sections::default();
    let mut i = 0;
    while i < blocks.len() {
        if page_start(i) {
            sections.reset();
            if let Some(d) = out.last_mut() {
                d.closed = true;
            }
        }
        let b = &blocks[i];
        let next = match &b.kind {
            Kind::Furniture(_) => i + 1,
            Kind::Short => {
                let group = HeadingGroup::collect(blocks, i, &page_start);
                if let Some(next) = group.starts_article(blocks, out.last(), &sections, &page_start)
                {
                    out.push(group.build(blocks, &mut sections));
                    next
                } else {
                    for b in &blocks[i..group.end] {
                        push_line(&mut out, b, &sections);
                    }
                    group.end
                }
            }
            Kind::InlineByline { split } => {
                // A lead under an article without a byline is that article's (a 【事】
                // part opens with its own 本报讯 lead after the 【理】 quote).
                let needs_new = out
                    .last()
                    .is_none_or(|a| a.closed || a.article.byline.is_some());
                if needs_new {
                    out.push(new_draft(b, &sections, true));
                }
                let (raw, rest) = b.text().split_at(*split);
                let art = current(&mut out, b, &sections);
                art.article.byline = Some(parse_credits(raw.trim()));
                push_text(art, rest.trim(), b.line.number);
                i + 1
            }
            Kind::BylineLine => {
                let mut end = i;
                while blocks.get(end).is_some_and(|b| b.kind == Kind::BylineLine)
                    && (end == i || !page_start(end))
                {
                    end += 1;
                }
                attach_byline(&mut out, &blocks[i..end], &sections);
                end
            }
            Kind::JumpFrom { page, split } => {
                let (marker, rest) = b.text().split_at(*split);
                let rest = rest.trim();
                let continues_current = out.last().is_some_and(|a| {
                    a.headed
                        && !a.closed
                        && a.article.continued_from.is_none()
                        && !a.has_text()
                        && (!a.article.title.is_empty() || a.article.byline.is_some())
                });
                if !continues_current {
                    let mut d = new_draft(b, &sections, true);
                    d.article.title = marker.trim().to_owned();
                    d.article.headless = true;
                    out.push(d);
                }
                let art = current(&mut out, b, &sections);
                art.article.continued_from = Some(page.clone());
                push_text(art, rest, b.line.number);
                i + 1
            }
            Kind::JumpTo { page } => {
                if let Some(d) = out.last_mut() {
                    d.article.continued_to = Some(page.clone());
                    d.touch(b.line.number);
                    d.closed = true;
                }
                i + 1
            }
            _ => {
                push_line(&mut out, b, &sections);
                i + 1
            }
        };
        // A 下转 marker closing a line sends the rest of the article to another page.
        for b in &blocks[i..next] {
            if let (Some(page), Some(d)) = (&b.jump_to, out.last_mut()) {
                d.article.continued_to = Some(page.clone());
                d.closed = true;
            }
        }
        i = next;
    }
    for d in &mut out {
        d.article.page = first_page(d, pages, blocks);
    }
    out
}

/// The page a draft begins on.
fn first_page(d: &Draft, pages: &PageMap, blocks: &[Block<'_>]) -> Option<usize> {
    let line = d.article.lines[0];
    let k = blocks.partition_point(|b| b.line.number < line);
    pages.of_block.get(k).copied().flatten()
}

fn new_draft(b: &Block<'_>, sections: &Sections, headed: bool) -> Draft {
    let mut d = Draft::starting_at(b.line.number);
    d.headed = headed;
    d.article.section = sections.current();
    d.section_run = sections.run;
    d
}

/// The article a line of body belongs to: the last one, unless it is closed (then
/// the line is a fragment of something else and starts an article of its own).
fn current<'d>(out: &'d mut Vec<Draft>, b: &Block<'_>, sections: &Sections) -> &'d mut Draft {
    let open = out
        .last()
        .is_some_and(|d| !d.closed || b.kind == Kind::Caption);
    if !open {
        out.push(new_draft(b, sections, false));
    }
    let len = out.len();
    let art = &mut out[len - 1];
    art.touch(b.line.number);
    art
}

fn push_text(art: &mut Draft, text: &str, line: u32) {
    if !text.is_empty() {
        art.push(Piece::new(ParagraphKind::Text, text, line));
    }
}

/// A line inside an article's body.
fn push_line(out: &mut Vec<Draft>, b: &Block<'_>, sections: &Sections) {
    let text = b.text();
    let (kind, guessed) = match b.kind {
        Kind::Caption => (ParagraphKind::Caption, false),
        Kind::Label => (ParagraphKind::Label, false),
        Kind::Bullet => (ParagraphKind::Subhead, false),
        // A question or exclamation inside an article is a sentence, not a sub-head.
        Kind::Short if ends_sentence(text) => (ParagraphKind::Text, false),
        Kind::Short => (ParagraphKind::Subhead, true),
        Kind::ListItem => (ParagraphKind::ListItem, false),
        Kind::TableRow => (ParagraphKind::TableRow, false),
        Kind::Attribution => (ParagraphKind::Attribution, false),
        Kind::Dash if text.chars().count() <= ATTRIBUTION_MAX_CHARS && !ends_sentence(text) => {
            (ParagraphKind::Attribution, false)
        }
        _ => (ParagraphKind::Text, false),
    };
    let art = current(out, b, sections);
    let mut piece = Piece::new(kind, text, b.line.number);
    piece.guessed = guessed;
    art.push(piece);
}

/// Consecutive byline lines form one byline (`株洲日报全媒体记者/邓伟勇` + `通讯员/…`).
/// Under a headline it is the article's byline; after an article's text, its byline
/// printed last (which closes it); after a byline, more credits, and a compiler's
/// credit after a column (`(…记者/胡文洁 整理)`) credits every article of the column.
fn attach_byline(out: &mut Vec<Draft>, lines: &[Block<'_>], sections: &Sections) {
    let Some(first) = lines.first() else {
        return;
    };
    let raw = lines
        .iter()
        .map(|b| b.text())
        .collect::<Vec<_>>()
        .join("\n");
    let credit = parse_credits(&raw);
    let open = out.last().is_some_and(|d| !d.closed);
    if !open {
        out.push(new_draft(first, sections, true));
    }
    let len = out.len();
    let art = &mut out[len - 1];
    for b in lines {
        art.touch(b.line.number);
    }
    if art.article.byline.is_none() {
        art.closed = art.has_text();
        art.article.byline = Some(credit);
        return;
    }
    if let Some(by) = art.article.byline.as_mut() {
        by.raw.push('\n');
        by.raw.push_str(&raw);
    }
    let run = art.section_run;
    let whole_column = !credit.compilers.is_empty() && art.article.section.is_some();
    let targets: Vec<&mut Draft> = if whole_column {
        out.iter_mut()
            .rev()
            .take_while(|a| a.section_run == run)
            .collect()
    } else {
        out.iter_mut().rev().take(1).collect()
    };
    for a in targets {
        let by = a.article.byline.get_or_insert_with(Byline::default);
        merge(by, &credit);
    }
}

fn merge(into: &mut Byline, from: &Byline) {
    for (to, names) in [
        (&mut into.reporters, &from.reporters),
        (&mut into.correspondents, &from.correspondents),
        (&mut into.authors, &from.authors),
        (&mut into.photographers, &from.photographers),
        (&mut into.compilers, &from.compilers),
    ] {
        for n in names {
            if !to.contains(n) {
                to.push(n.clone());
            }
        }
    }
}
