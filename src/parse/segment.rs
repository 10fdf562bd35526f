//! Lines → articles. A headline-like line starts an article only when the lines
//! around it say so: a byline follows the heading group, the group has a headline and
//! a subtitle, an author line closes it, or (for bylines printed after the text) a
//! trailing byline follows a few paragraphs on. Every other headline-like line inside
//! an article is a sub-head.

use super::byline::{author_names, is_author_line, parse_credits};
use super::classify::{Block, Kind};
use crate::model::{Byline, ParagraphKind};

/// An article as built from lines, before paragraph repair.
#[derive(Debug, Default, Clone)]
pub struct Draft {
    pub title: String,
    pub subtitles: Vec<String>,
    pub kicker: Option<String>,
    pub section: Option<String>,
    pub byline: Option<Byline>,
    pub continued_from: Option<String>,
    pub paras: Vec<DraftPara>,
    pub first_line: u32,
    pub last_line: u32,
    /// Index of the section heading run this article belongs to (for credits that
    /// cover a whole column, `(…记者/胡文洁 整理)`).
    pub section_run: usize,
}

#[derive(Debug, Clone)]
pub struct DraftPara {
    pub kind: ParagraphKind,
    pub text: String,
    /// A sub-head guessed from a short line (not marked with ●); may turn out to be text.
    pub guessed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum BylineForm {
    Inline,
    Lines,
    Authors,
    None,
}

/// Column headings: a kicker-position line ending in one of these names a section.
const SECTION_SUFFIXES: &[&str] = &["周刊", "专刊", "专版", "版", "摘登", "速递", "专栏"];

/// Short lines at most this long, above or beside a headline, are kickers.
const KICKER_MAX_CHARS: usize = 7;

/// A two-line heading starts an article only if both lines are headline-sized.
const GROUP_LINE_MAX_CHARS: usize = 40;

/// How many paragraphs may stand between a headline and a byline printed after them.
const TRAILING_BYLINE_REACH: usize = 4;

#[derive(Default)]
struct Sections {
    top: Option<String>,
    sub: Option<(String, Option<BylineForm>)>,
    run: usize,
}

impl Sections {
    fn current(&self) -> Option<String> {
        match (&self.top, &self.sub) {
            (Some(t), Some((s, _))) => Some(format!("{t} / {s}")),
            (Some(t), None) => Some(t.clone()),
            (None, Some((s, _))) => Some(s.clone()),
            (None, None) => None,
        }
    }

    fn set(&mut self, lines: &[&str]) {
        self.run += 1;
        match lines {
            [] => {}
            [one] => {
                self.top = Some((*one).to_owned());
                self.sub = None;
            }
            [top, rest @ ..] => {
                self.top = Some((*top).to_owned());
                self.sub = Some((rest.join(" / "), None));
            }
        }
    }

    /// A sub-column (医讯速递) gathers briefs of one form; an article of another form,
    /// or one with its own kicker, is back under the page heading.
    fn admit(&mut self, form: BylineForm, has_kicker: bool) {
        if let Some((_, seen)) = &mut self.sub {
            match seen {
                None if !has_kicker => *seen = Some(form),
                Some(f) if *f == form && !has_kicker => {}
                _ => {
                    self.sub = None;
                    self.run += 1;
                }
            }
        }
    }
}

pub fn segment(blocks: &[Block<'_>]) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    let mut sections = Sections::default();
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        match &b.kind {
            Kind::Short => {
                let group = HeadingGroup::collect(blocks, i);
                if let Some(next) = group.starts_article(blocks, out.last()) {
                    out.push(group.build(blocks, &mut sections));
                    i = next;
                    continue;
                }
                for b in &blocks[i..group.end] {
                    if b.kind != Kind::Credit {
                        push_line(&mut out, b);
                    }
                }
                i = group.end;
            }
            Kind::InlineByline { split } => {
                let needs_new = out.last().is_none_or(|a| a.byline.is_some());
                if needs_new {
                    out.push(Draft {
                        first_line: b.line.number,
                        section: sections.current(),
                        section_run: sections.run,
                        ..Draft::default()
                    });
                }
                let (raw, rest) = b.text().split_at(*split);
                let art = last(&mut out, b);
                art.byline = Some(parse_credits(raw.trim()));
                push_text(art, rest.trim());
                i += 1;
            }
            Kind::BylineLine => {
                let (raw, next) = byline_lines(blocks, i);
                let last_line = blocks[next - 1].line.number;
                attach_trailing_byline(&mut out, &raw, b, last_line);
                i = next;
            }
            Kind::Jump { from, split } => {
                let (marker, rest) = b.text().split_at(*split);
                let rest = rest.trim();
                let continues_current = rest.is_empty()
                    && out.last().is_some_and(|a| {
                        a.continued_from.is_none()
                            && !a.paras.iter().any(|p| p.kind == ParagraphKind::Text)
                    });
                if continues_current {
                    let art = last(&mut out, b);
                    art.continued_from = Some(from.clone());
                } else {
                    out.push(Draft {
                        title: marker.trim().to_owned(),
                        continued_from: Some(from.clone()),
                        first_line: b.line.number,
                        last_line: b.line.number,
                        section: sections.current(),
                        section_run: sections.run,
                        ..Draft::default()
                    });
                    let art = last(&mut out, b);
                    push_text(art, rest);
                }
                i += 1;
            }
            Kind::Credit => i += 1,
            _ => {
                push_line(&mut out, b);
                i += 1;
            }
        }
    }
    out
}

/// Consecutive byline lines form one byline (`株洲日报全媒体记者/邓伟勇` + `通讯员/…`).
fn byline_lines(blocks: &[Block<'_>], start: usize) -> (String, usize) {
    let mut end = start;
    while blocks.get(end).is_some_and(|b| b.kind == Kind::BylineLine) {
        end += 1;
    }
    let raw = blocks[start..end]
        .iter()
        .map(|b| b.text())
        .collect::<Vec<_>>()
        .join("\n");
    (raw, end)
}

/// A byline after the text: the article's own if it has none yet; otherwise a
/// credit for the whole column (`(…记者/胡文洁 整理)` closes a 摘登 block) or an
/// additional credit of this article.
fn attach_trailing_byline(out: &mut Vec<Draft>, raw: &str, b: &Block<'_>, last_line: u32) {
    let credit = parse_credits(raw);
    let Some(art) = out.last_mut() else {
        out.push(Draft {
            byline: Some(credit),
            first_line: b.line.number,
            last_line,
            ..Draft::default()
        });
        return;
    };
    art.last_line = last_line;
    if art.byline.is_none() {
        art.byline = Some(credit);
        return;
    }
    if let Some(by) = art.byline.as_mut() {
        by.raw.push('\n');
        by.raw.push_str(raw);
    }
    let run = art.section_run;
    let whole_column = raw.contains("整理") && art.section.is_some();
    let targets: Vec<&mut Draft> = if whole_column {
        out.iter_mut()
            .rev()
            .take_while(|a| a.section_run == run)
            .collect()
    } else {
        out.iter_mut().rev().take(1).collect()
    };
    for a in targets {
        let by = a.byline.get_or_insert_with(Byline::default);
        for r in &credit.reporters {
            if !by.reporters.contains(r) {
                by.reporters.push(r.clone());
            }
        }
        for c in &credit.correspondents {
            if !by.correspondents.contains(c) {
                by.correspondents.push(c.clone());
            }
        }
    }
}

fn last<'d>(out: &'d mut Vec<Draft>, b: &Block<'_>) -> &'d mut Draft {
    if out.is_empty() {
        out.push(Draft {
            first_line: b.line.number,
            ..Draft::default()
        });
    }
    let len = out.len();
    let art = &mut out[len - 1];
    art.last_line = art.last_line.max(b.line.number);
    art
}

fn push_text(art: &mut Draft, text: &str) {
    if !text.is_empty() {
        art.paras.push(DraftPara {
            kind: ParagraphKind::Text,
            text: text.to_owned(),
            guessed: false,
        });
    }
}

/// A line inside an article's body.
fn push_line(out: &mut Vec<Draft>, b: &Block<'_>) {
    let (kind, guessed) = match b.kind {
        Kind::Caption => (ParagraphKind::Caption, false),
        Kind::Label => (ParagraphKind::Label, false),
        Kind::Bullet => (ParagraphKind::Subhead, false),
        Kind::Short => (ParagraphKind::Subhead, true),
        _ => (ParagraphKind::Text, false),
    };
    let art = last(out, b);
    art.paras.push(DraftPara {
        kind,
        text: b.text().to_owned(),
        guessed,
    });
}

/// A run of headline-like lines (captions and page credits may sit among them).
struct HeadingGroup {
    /// Indexes of the headline-like members (Short, and Dash after the first).
    members: Vec<usize>,
    captions: Vec<usize>,
    /// Index of the first block after the group.
    end: usize,
}

impl HeadingGroup {
    fn collect(blocks: &[Block<'_>], start: usize) -> HeadingGroup {
        let mut members = vec![start];
        let mut captions = Vec::new();
        let mut j = start + 1;
        while let Some(b) = blocks.get(j) {
            match b.kind {
                Kind::Short | Kind::Dash => members.push(j),
                Kind::Caption => captions.push(j),
                Kind::Credit => {}
                _ => break,
            }
            j += 1;
        }
        // Captions after the last member belong to the body, not the heading.
        captions.retain(|&c| c < *members.last().unwrap_or(&start) || starts_byline(blocks.get(j)));
        let end = if starts_byline(blocks.get(j)) {
            j
        } else {
            // Leave trailing captions for the body loop.
            members.last().map_or(start + 1, |&m| m + 1)
        };
        HeadingGroup {
            members,
            captions,
            end,
        }
    }

    fn texts<'a>(&self, blocks: &[Block<'a>]) -> Vec<&'a str> {
        self.members.iter().map(|&k| blocks[k].text()).collect()
    }

    /// Where the article's body starts, if this group heads an article.
    fn starts_article(&self, blocks: &[Block<'_>], current: Option<&Draft>) -> Option<usize> {
        let Some(current) = current else {
            return Some(self.end);
        };
        let texts = self.texts(blocks);
        if starts_byline(blocks.get(self.end)) {
            return Some(self.end);
        }
        let headline_sized = |t: &&str| t.chars().count() <= GROUP_LINE_MAX_CHARS;
        let shorts = self
            .members
            .iter()
            .filter(|&&k| blocks[k].kind == Kind::Short)
            .count();
        // A headline and its subtitle, with text under them (two short lines at the
        // end of an article are sub-head and text cut by the page).
        let body_follows = blocks.get(self.end).is_some_and(|b| {
            matches!(
                b.kind,
                Kind::Text | Kind::Label | Kind::Caption | Kind::Bullet
            )
        });
        if shorts >= 2 && body_follows && texts.iter().all(headline_sized) {
            return Some(self.end);
        }
        if shorts >= 2 && texts.last().is_some_and(|t| is_author_line(t)) {
            return Some(self.end);
        }
        // A headline whose byline is printed after its (short) text.
        if shorts == 1 && current.byline.is_some() && texts.iter().all(headline_sized) {
            let mut k = self.end;
            let mut seen = 0;
            while let Some(b) = blocks.get(k) {
                match b.kind {
                    Kind::Text | Kind::Caption if seen < TRAILING_BYLINE_REACH => seen += 1,
                    Kind::BylineLine if seen > 0 => return Some(self.end),
                    _ => break,
                }
                k += 1;
            }
        }
        None
    }

    fn build(&self, blocks: &[Block<'_>], sections: &mut Sections) -> Draft {
        let texts = self.texts(blocks);
        let after = blocks.get(self.end);
        let mut lines: Vec<(usize, &str)> = self.members.iter().copied().zip(texts).collect();

        // Author lines close a commentary's heading: `王建设`, or an affiliation line
        // directly above (no blank line between) a line of names.
        let mut author_lines: Vec<&str> = Vec::new();
        if !starts_byline(after)
            && lines.len() >= 2
            && lines.last().is_some_and(|l| is_author_line(l.1))
            && let Some((k, t)) = lines.pop()
        {
            author_lines.push(t);
            let adjacent = blocks[k].line.blank_before == 0;
            if adjacent
                && lines.len() >= 2
                && lines
                    .last()
                    .is_some_and(|l| blocks[l.0].kind == Kind::Short)
                && let Some((_, aff)) = lines.pop()
            {
                author_lines.insert(0, aff);
            }
        }

        // Kicker and section lines above the headline.
        let mut prefix: Vec<&str> = Vec::new();
        while lines.len() >= 2
            && is_prefix_line(lines[0].1)
            && blocks[lines[1].0].kind == Kind::Short
        {
            prefix.push(lines.remove(0).1);
        }
        let mut kicker = None;
        let section_named = prefix.len() >= 2 || prefix.iter().any(|p| has_section_suffix(p));
        if section_named {
            sections.set(&prefix);
        } else if let Some(p) = prefix.first() {
            kicker = Some((*p).to_owned());
        }

        let mut draft = Draft {
            first_line: blocks[self.members[0]].line.number,
            ..Draft::default()
        };
        let mut rest = lines.into_iter().map(|l| l.1);
        draft.title = rest.next().unwrap_or_default().to_owned();
        for t in rest {
            let short = t.chars().count() <= KICKER_MAX_CHARS && !t.contains(char::is_whitespace);
            if short && kicker.is_none() && !t.starts_with("——") {
                kicker = Some(t.to_owned());
            } else {
                draft.subtitles.push(t.to_owned());
            }
        }
        draft.kicker = kicker;

        let mut form = BylineForm::None;
        if !author_lines.is_empty() {
            let raw = author_lines.join("\n");
            let authors = author_lines
                .last()
                .map(|l| author_names(l))
                .unwrap_or_default();
            draft.byline = Some(Byline {
                raw,
                authors,
                ..Byline::default()
            });
            form = BylineForm::Authors;
        }
        for &c in &self.captions {
            draft.paras.push(DraftPara {
                kind: ParagraphKind::Caption,
                text: blocks[c].text().to_owned(),
                guessed: false,
            });
        }
        draft.last_line = blocks[self.end.saturating_sub(1).max(self.members[0])]
            .line
            .number;
        // The byline right under the heading is consumed here.
        match after.map(|b| &b.kind) {
            Some(Kind::InlineByline { .. }) => form = BylineForm::Inline,
            Some(Kind::BylineLine) => form = BylineForm::Lines,
            _ => {}
        }
        sections.admit(form, draft.kicker.is_some());
        draft.section = sections.current();
        draft.section_run = sections.run;
        draft
    }
}

fn starts_byline(b: Option<&Block<'_>>) -> bool {
    b.is_some_and(|b| matches!(b.kind, Kind::InlineByline { .. } | Kind::BylineLine))
}

fn is_prefix_line(s: &str) -> bool {
    (s.chars().count() <= 6 && !s.contains(char::is_whitespace)) || has_section_suffix(s)
}

fn has_section_suffix(s: &str) -> bool {
    SECTION_SUFFIXES.iter().any(|x| s.ends_with(x))
}
