//! Pages: where the furniture lines split a dump, and what they say about each page.
//!
//! A run of furniture lines (a page header, a date line, editor credits, and a bare
//! page name printed right above them, like `专版`) starts a page. Credits printed
//! before the header in such a run close the page before; a run at the very end of
//! the file describes the last page. A dump with no furniture has no pages.

use super::classify::{Block, Kind};
use super::furniture::Furniture;
use crate::model::Page;
use crate::text::is_han;

/// The pages of an issue and which page each block is on.
#[derive(Debug, Default)]
pub struct PageMap {
    pub pages: Vec<Page>,
    /// Page index of each block (all `None` when the dump marks no pages).
    pub of_block: Vec<Option<usize>>,
}

/// A page name printed alone: a few Han characters.
const MAX_BARE_NAME_CHARS: usize = 6;

pub fn pages(blocks: &mut [Block<'_>]) -> PageMap {
    mark_bare_page_names(blocks);
    let mut map = PageMap {
        pages: Vec::new(),
        of_block: vec![None; blocks.len()],
    };
    if !blocks.iter().any(is_furniture) {
        return map;
    }
    let mut i = 0;
    let mut content_since = 0; // first block after the last cluster
    while i < blocks.len() {
        if !is_furniture(&blocks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while blocks.get(i).is_some_and(is_furniture) {
            i += 1;
        }
        let cluster = &blocks[start..i];
        let content_before = start > content_since;
        let content_after = i < blocks.len();
        if map.pages.is_empty() && content_before {
            map.pages.push(Page {
                lines: [blocks[content_since].line.number, 0],
                ..Page::default()
            });
        }
        let first_header = cluster
            .iter()
            .position(|b| matches!(b.kind, Kind::Furniture(Furniture::Header { .. })));
        let (closing, opening) = match (content_after, first_header) {
            (false, _) => (cluster, &cluster[..0]),
            (true, Some(h)) if content_before && !map.pages.is_empty() => cluster.split_at(h),
            _ => (&cluster[..0], cluster),
        };
        if let Some(page) = map.pages.last_mut() {
            describe(page, closing);
        } else if !closing.is_empty() {
            let mut page = Page::default();
            describe(&mut page, closing);
            page.lines[0] = cluster[0].line.number;
            map.pages.push(page);
        }
        if content_after {
            if let Some(page) = map.pages.last_mut() {
                let end = closing.last().map_or_else(
                    || blocks[start].line.number.saturating_sub(1),
                    |b| b.line.number,
                );
                page.lines[1] = end.max(page.lines[0]);
            }
            let mut page = Page {
                lines: [opening.first().unwrap_or(&cluster[0]).line.number, 0],
                ..Page::default()
            };
            describe(&mut page, opening);
            map.pages.push(page);
        }
        content_since = i;
    }
    let last_line = blocks.last().map_or(0, |b| b.line.number);
    if let Some(page) = map.pages.last_mut() {
        page.lines[1] = last_line.max(page.lines[0]);
    }
    // Which page each block is on, by line number.
    let mut p = 0;
    for (k, b) in blocks.iter().enumerate() {
        while map
            .pages
            .get(p + 1)
            .is_some_and(|next| next.lines[0] <= b.line.number)
        {
            p += 1;
        }
        map.of_block[k] = Some(p);
    }
    map
}

fn is_furniture(b: &Block<'_>) -> bool {
    matches!(b.kind, Kind::Furniture(_))
}

/// `专版` right above a page header or editor credits is the page's name.
fn mark_bare_page_names(blocks: &mut [Block<'_>]) {
    for i in 0..blocks.len().saturating_sub(1) {
        let t = blocks[i].text();
        let bare = blocks[i].kind == Kind::Short
            && (2..=MAX_BARE_NAME_CHARS).contains(&t.chars().count())
            && t.chars().all(is_han);
        if bare && is_furniture(&blocks[i + 1]) {
            blocks[i].kind = Kind::Furniture(Furniture::Header {
                number: None,
                name: Some(t.to_owned()),
                date: None,
            });
        }
    }
}

/// Adds what furniture lines say to a page.
fn describe(page: &mut Page, lines: &[Block<'_>]) {
    for b in lines {
        page.printed.push(b.text().to_owned());
        match &b.kind {
            Kind::Furniture(Furniture::Header { number, name, date }) => {
                if page.number.is_none() {
                    page.number.clone_from(number);
                }
                if page.name.is_none() {
                    page.name.clone_from(name);
                }
                if page.date.is_none() {
                    page.date.clone_from(date);
                }
            }
            Kind::Furniture(Furniture::Credits(editors)) => {
                page.editors.extend(editors.iter().cloned());
            }
            _ => {}
        }
    }
}
