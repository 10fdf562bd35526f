//! Paragraph repair: undo what page layout did to the text.
//!
//! - Column breaks are re-joined and scattered pieces reunited (`seams`).
//! - A short line taken for a sub-head that is too long for one, or has no text
//!   under it, was body text.
//! - A sentence printed again in quotes beside its article is a pull quote.
//! - A stray repeated paragraph is dropped (`repeats`).

use super::draft::Draft;
use super::{repeats, seams};
use crate::model::ParagraphKind;
use jieba_rs::Jieba;

/// The longest in-article sub-head seen in the paper is ~18 characters.
const SUBHEAD_MAX_CHARS: usize = 24;

/// A pull quote is a sentence or two.
const PULL_QUOTE_MAX_CHARS: usize = 80;

/// Pull-quote candidates looked up per article (each a scan of the article).
const MAX_PULL_QUOTE_CHECKS: usize = 16;

pub fn repair(drafts: &mut [Draft], words: Option<&Jieba>) {
    for d in drafts.iter_mut() {
        pre(d);
    }
    seams::rejoin(drafts, words);
    post(drafts);
}

fn pre(d: &mut Draft) {
    demote_long_subheads(d);
    demote_trailing_subheads(d);
}

fn post(drafts: &mut [Draft]) {
    for d in drafts.iter_mut() {
        demote_trailing_subheads(d);
        mark_pull_quotes(d);
    }
    repeats::drop_misplaced(drafts);
}

/// In-article sub-heads are short; a longer unpunctuated line is text.
fn demote_long_subheads(d: &mut Draft) {
    for p in &mut d.pieces {
        if p.kind() == ParagraphKind::Subhead
            && p.guessed
            && p.text().chars().count() > SUBHEAD_MAX_CHARS
        {
            p.para.kind = ParagraphKind::Text;
            p.guessed = false;
        }
    }
}

/// A guessed sub-head needs text under it; otherwise it was a short paragraph.
fn demote_trailing_subheads(d: &mut Draft) {
    let mut text_follows = false;
    for p in d.pieces.iter_mut().rev() {
        match p.kind() {
            ParagraphKind::Text | ParagraphKind::ListItem | ParagraphKind::TableRow => {
                text_follows = true
            }
            ParagraphKind::Subhead if p.guessed && !text_follows => {
                p.para.kind = ParagraphKind::Text;
                p.guessed = false;
                text_follows = true;
            }
            ParagraphKind::Subhead | ParagraphKind::Label => text_follows = false,
            _ => {}
        }
    }
}

/// `“让数据多跑路”` beside an article that says 让数据多跑路: a pull quote.
fn mark_pull_quotes(d: &mut Draft) {
    let mut checks = 0;
    for k in 0..d.pieces.len() {
        let p = &d.pieces[k];
        if !(p.is_textual() && is_quoted(p.text())) || checks >= MAX_PULL_QUOTE_CHECKS {
            continue;
        }
        checks += 1;
        let inner = p
            .text()
            .trim_start_matches(['“', '"', '「'])
            .trim_end_matches(['”', '"', '」'])
            .trim_end_matches(['。', '！', '？', '!', '?', '…']);
        if inner.chars().count() < 6 {
            continue;
        }
        let repeated =
            d.pieces.iter().enumerate().any(|(j, q)| {
                j != k && q.kind() == ParagraphKind::Text && q.text().contains(inner)
            });
        if repeated {
            d.pieces[k].para.kind = ParagraphKind::PullQuote;
            d.pieces[k].guessed = false;
        }
    }
}

fn is_quoted(s: &str) -> bool {
    s.starts_with(['“', '"', '「'])
        && s.ends_with(['”', '"', '」'])
        && s.chars().count() <= PULL_QUOTE_MAX_CHARS
}
