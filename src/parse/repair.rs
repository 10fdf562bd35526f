//! Paragraph repair: undo what page layout did to the text.
//!
//! - A paragraph cut mid-sentence by a column break continues in the next text
//!   paragraph of its article, possibly across a caption or a wide gap.
//! - A paragraph cut at the very end of an article continues somewhere else in the
//!   issue (layout scatters jump tails); the continuation is found by a dictionary
//!   word spanning the break (…都跟群 | 众生活… → 群众).
//! - A paragraph printed twice is kept once.
//! - A short line taken for a sub-head with no text after it was body text.

use super::classify::ends_sentence;
use super::segment::{Draft, DraftPara};
use crate::model::ParagraphKind;
use jieba_rs::Jieba;
use std::collections::HashMap;

/// Paragraphs shorter than this are not deduplicated (short repeats are legitimate).
const MIN_DUPLICATE_CHARS: usize = 12;

/// The longest in-article sub-head seen in the paper is ~18 characters.
const SUBHEAD_MAX_CHARS: usize = 24;

/// Characters either side of a break that the word check looks at.
const WORD_WINDOW: usize = 4;

pub fn repair(drafts: &mut [Draft], words: Option<&Jieba>) {
    for d in drafts.iter_mut() {
        demote_false_subheads(d, words);
        demote_trailing_subheads(d);
    }
    if let Some(jieba) = words {
        reunite_scattered_tails(drafts, jieba);
    }
    for d in drafts.iter_mut() {
        join_column_breaks(d);
    }
    drop_duplicates(drafts);
}

fn is_dangling(p: &DraftPara) -> bool {
    p.kind == ParagraphKind::Text && !ends_sentence(&p.text)
}

/// In-article sub-heads are short; a longer unpunctuated line, or one that forms a
/// word with the paragraph after it (…审核转 | 交、… → 转交), is text cut by a column
/// break.
fn demote_false_subheads(d: &mut Draft, words: Option<&Jieba>) {
    for i in 0..d.paras.len() {
        let p = &d.paras[i];
        if !(p.kind == ParagraphKind::Subhead && p.guessed) {
            continue;
        }
        let too_long = p.text.chars().count() > SUBHEAD_MAX_CHARS;
        let continues = words.is_some_and(|jieba| {
            next_text(&d.paras, i).is_some_and(|k| word_spans(jieba, &p.text, &d.paras[k].text))
        });
        if too_long || continues {
            d.paras[i].kind = ParagraphKind::Text;
            d.paras[i].guessed = false;
        }
    }
}

/// A guessed sub-head needs text under it; otherwise it was a short paragraph.
fn demote_trailing_subheads(d: &mut Draft) {
    let mut text_follows = false;
    for p in d.paras.iter_mut().rev() {
        match p.kind {
            ParagraphKind::Text => text_follows = true,
            ParagraphKind::Subhead if p.guessed && !text_follows => {
                p.kind = ParagraphKind::Text;
                p.guessed = false;
            }
            ParagraphKind::Subhead | ParagraphKind::Label => text_follows = false,
            ParagraphKind::Caption => {}
        }
    }
}

/// Index of the paragraph a dangling paragraph `i` continues into: the next text
/// paragraph, skipping captions only.
fn next_text(paras: &[DraftPara], i: usize) -> Option<usize> {
    paras
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(_, p)| p.kind != ParagraphKind::Caption)
        .filter(|(_, p)| p.kind == ParagraphKind::Text)
        .map(|(k, _)| k)
}

/// A list of cited documents — `《…》(文号)` then `《…` — stops without punctuation
/// but is not cut: a closing bracket meeting an opening one is a seam, not a break.
fn is_list_seam(a: &str, b: &str) -> bool {
    a.ends_with([')', '）', '》', '」', '』', '”', '】'])
        && b.starts_with(['(', '（', '《', '「', '『', '“', '【'])
}

/// One pass: a text paragraph that stops mid-sentence takes in the next text paragraph
/// (and the next, while it still dangles); captions met on the way move after it.
/// Linear, so a hostile article of thousands of cut lines costs no more than its length.
fn join_column_breaks(d: &mut Draft) {
    let mut out: Vec<DraftPara> = Vec::with_capacity(d.paras.len());
    let mut held: Vec<DraftPara> = Vec::new();
    let mut open: Option<usize> = None;
    for p in std::mem::take(&mut d.paras) {
        match (p.kind, open) {
            (ParagraphKind::Caption, Some(_)) => held.push(p),
            (ParagraphKind::Text, Some(k)) if !is_list_seam(&out[k].text, &p.text) => {
                out[k].text.push_str(&p.text);
                if !is_dangling(&out[k]) {
                    open = None;
                    out.append(&mut held);
                }
            }
            _ => {
                out.append(&mut held);
                open = is_dangling(&p).then_some(out.len());
                out.push(p);
            }
        }
    }
    out.append(&mut held);
    d.paras = out;
}

/// Article ends searched for a far-away continuation, per issue.
const MAX_TAIL_SEARCHES: usize = 32;

/// A cheap necessary condition for `word_spans`: some dictionary word of two to four
/// characters is made of the end of `a` and the start of `b` (hash look-ups only).
fn may_span(jieba: &Jieba, a: &str, b: &str) -> bool {
    let tail: Vec<char> = a.chars().rev().take(3).collect();
    let head: Vec<char> = b.chars().take(3).collect();
    for k in 1..=tail.len() {
        for m in 1..=head.len() {
            if k + m > 4 {
                continue;
            }
            let word: String = tail[..k].iter().rev().chain(&head[..m]).collect();
            if jieba.has_word(&word) {
                return true;
            }
        }
    }
    false
}

/// Whether jieba puts a dictionary word across the junction of `a` and `b`.
pub fn word_spans(jieba: &Jieba, a: &str, b: &str) -> bool {
    let tail: String = {
        let cs: Vec<char> = a.chars().rev().take(WORD_WINDOW).collect();
        cs.into_iter().rev().collect()
    };
    let head: String = b.chars().take(WORD_WINDOW).collect();
    if tail.is_empty() || head.is_empty() {
        return false;
    }
    let joint = tail.len();
    let window = format!("{tail}{head}");
    jieba
        .cut(&window, false)
        .iter()
        .any(|w| w.byte_start < joint && w.byte_end > joint && w.end - w.start >= 2)
}

/// An article's last paragraph that stops mid-sentence has its tail elsewhere in the
/// issue. Take the paragraph whose head completes a word with it, when that paragraph
/// does not also complete a word with the paragraph it currently follows.
fn reunite_scattered_tails(drafts: &mut [Draft], jieba: &Jieba) {
    let mut searched = 0;
    for a in 0..drafts.len() {
        let Some(last) = drafts[a]
            .paras
            .iter()
            .rposition(|p| p.kind == ParagraphKind::Text)
        else {
            continue;
        };
        if !is_dangling(&drafts[a].paras[last]) || next_text(&drafts[a].paras, last).is_some() {
            continue;
        }
        // A real issue has a handful of such ends; a hostile file could have thousands,
        // and each search looks at every paragraph of the issue.
        searched += 1;
        if searched > MAX_TAIL_SEARCHES {
            break;
        }
        let tail_text = drafts[a].paras[last].text.clone();
        let mut found = None;
        'search: for (b, d) in drafts.iter().enumerate() {
            for (k, p) in d.paras.iter().enumerate() {
                if (b, k) == (a, last) || p.kind != ParagraphKind::Text {
                    continue;
                }
                if !may_span(jieba, &tail_text, &p.text) || !word_spans(jieba, &tail_text, &p.text)
                {
                    continue;
                }
                // The candidate must look orphaned where it stands: the paragraph
                // before it stops mid-sentence but forms no word with it.
                let prev = d.paras[..k]
                    .iter()
                    .rposition(|q| q.kind != ParagraphKind::Caption);
                let orphaned = prev.is_some_and(|j| {
                    let q = &d.paras[j];
                    is_dangling(q) && !word_spans(jieba, &q.text, &p.text)
                });
                if orphaned {
                    found = Some((b, k));
                    break 'search;
                }
            }
        }
        if let Some((b, k)) = found {
            let tail = drafts[b].paras.remove(k);
            let last = if b == a && k < last { last - 1 } else { last };
            drafts[a].paras[last].text.push_str(&tail.text);
        }
    }
}

/// Keeps the last copy of a repeated paragraph: the dumps' misplaced repeats are
/// pulled *ahead* of where the text belongs.
fn drop_duplicates(drafts: &mut [Draft]) {
    let mut last_seen: HashMap<&str, (usize, usize)> = HashMap::new();
    for (a, d) in drafts.iter().enumerate() {
        for (k, p) in d.paras.iter().enumerate() {
            if p.kind == ParagraphKind::Text && p.text.chars().count() >= MIN_DUPLICATE_CHARS {
                last_seen.insert(p.text.as_str(), (a, k));
            }
        }
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (a, d) in drafts.iter().enumerate() {
        for (k, p) in d.paras.iter().enumerate() {
            if let Some(&keep) = last_seen.get(p.text.as_str())
                && keep != (a, k)
                && p.kind == ParagraphKind::Text
            {
                drop.push((a, k));
            }
        }
    }
    for &(a, k) in drop.iter().rev() {
        drafts[a].paras.remove(k);
    }
}
