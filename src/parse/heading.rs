//! Heading groups: a run of headline-like lines, and whether it heads an article.
//!
//! A headline-like line starts an article only when the lines around it say so: a
//! byline under the group; a headline and a subtitle with text under them; an author
//! line closing the group; a byline printed after the text; a 上接 marker under a
//! repeated headline; a brief's news lead; a photo item's caption; or nothing of the
//! article before it still open. Every other headline-like line is a sub-head.

use super::byline::{author_credit, is_author_line, names_writers, parse_credits};
use super::classify::{Block, Kind};
use super::draft::{Draft, Piece};
use super::sections::{BylineForm, Sections, has_section_suffix};
use crate::model::ParagraphKind;
use crate::text::is_han;

/// Short lines at most this long, above or beside a headline, are kickers.
const KICKER_MAX_CHARS: usize = 7;

/// A two-line heading starts an article only if both lines are headline-sized.
const GROUP_LINE_MAX_CHARS: usize = 40;

/// A brief is a headline over a few paragraphs; a longer story has sub-heads.
const BRIEF_MAX_PARAGRAPHS: usize = 3;

/// A run of headline-like lines (captions may sit among them).
pub struct HeadingGroup {
    /// Indexes of the headline-like members (Short, and Dash after the first).
    pub members: Vec<usize>,
    captions: Vec<usize>,
    /// Index of the first block after the group.
    pub end: usize,
}

/// Whether block `k` opens a page (a group never runs across a page boundary).
pub type PageStart<'p> = &'p dyn Fn(usize) -> bool;

impl HeadingGroup {
    pub fn collect(blocks: &[Block<'_>], start: usize, page_start: PageStart<'_>) -> HeadingGroup {
        let mut members = vec![start];
        let mut captions = Vec::new();
        let mut j = start + 1;
        while let Some(b) = blocks.get(j) {
            if page_start(j) {
                break;
            }
            match b.kind {
                Kind::Short | Kind::Dash => members.push(j),
                Kind::Caption => {
                    // A picture inside a heading sits between the headline and its
                    // byline; one followed by another headline closes a photo item.
                    let mut k = j;
                    while blocks.get(k).is_some_and(|b| b.kind == Kind::Caption) && !page_start(k) {
                        k += 1;
                    }
                    if !starts_byline(blocks.get(k)) {
                        break;
                    }
                    captions.push(j);
                }
                _ => break,
            }
            j += 1;
        }
        let last = *members.last().unwrap_or(&start);
        let byline_next = starts_byline(blocks.get(j));
        // Captions after the last member belong to the body, not the heading.
        captions.retain(|&c| c < last || byline_next);
        let end = if byline_next { j } else { last + 1 };
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
    pub fn starts_article(
        &self,
        blocks: &[Block<'_>],
        current: Option<&Draft>,
        sections: &Sections,
        page_start: PageStart<'_>,
    ) -> Option<usize> {
        let Some(current) = current.filter(|c| !c.closed) else {
            return Some(self.end);
        };
        let after = blocks.get(self.end).filter(|_| !page_start(self.end));
        if starts_byline(after) || after.is_some_and(|b| matches!(b.kind, Kind::JumpFrom { .. })) {
            return Some(self.end);
        }
        let texts = self.texts(blocks);
        let headline_sized = texts
            .iter()
            .all(|t| t.chars().count() <= GROUP_LINE_MAX_CHARS);
        let shorts = self
            .members
            .iter()
            .filter(|&&k| blocks[k].kind == Kind::Short)
            .count();
        let body_follows = after.is_some_and(|b| is_body(&b.kind));
        // A headline and its subtitle, with text under them (two short lines at the
        // end of an article are sub-head and text cut by the page).
        if shorts >= 2 && body_follows && headline_sized {
            return Some(self.end);
        }
        if shorts >= 2 && texts.last().is_some_and(|t| is_author_line(t)) {
            return Some(self.end);
        }
        if shorts != 1 || !headline_sized {
            return None;
        }
        // A headline whose byline is printed after its text.
        if current.article.byline.is_some() && trailing_writer_byline(blocks, self.end, page_start)
        {
            return Some(self.end);
        }
        let text_follows = after.is_some_and(|b| matches!(b.kind, Kind::Text | Kind::ListItem));
        if text_follows {
            // A news lead under a headline-like line starts a brief, unless the
            // article before is a long piece with sections of its own.
            let sectioned = current
                .pieces
                .iter()
                .any(|p| p.kind() == ParagraphKind::Subhead);
            let lead = !sectioned && after.is_some_and(|b| is_news_lead(b.text()));
            if sections.in_briefs() || is_brief(current) || lead {
                return Some(self.end);
            }
        }
        // A photo item: a headline and its captioned picture, nothing else.
        if after.is_some_and(|b| b.kind == Kind::Caption) {
            let mut k = self.end;
            while blocks.get(k).is_some_and(|b| b.kind == Kind::Caption) && !page_start(k) {
                k += 1;
            }
            let next_is_body = blocks.get(k).is_some_and(|b| is_body(&b.kind)) && !page_start(k);
            if !next_is_body {
                return Some(self.end);
            }
        }
        None
    }

    pub fn build(&self, blocks: &[Block<'_>], sections: &mut Sections) -> Draft {
        let texts = self.texts(blocks);
        let after = blocks.get(self.end);
        let mut lines: Vec<(usize, &str)> = self.members.iter().copied().zip(texts).collect();

        // Author lines close a commentary's heading: `王建设`, or an organisation's
        // line directly above a line of names.
        let mut author_lines: Vec<&str> = Vec::new();
        if !starts_byline(after)
            && lines.len() >= 2
            && lines.last().is_some_and(|l| is_author_line(l.1))
            && let Some((_, t)) = lines.pop()
        {
            author_lines.push(t);
            if lines.len() >= 2
                && lines.last().is_some_and(|l| is_affiliation(l.1))
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
        // A short label among three or more headline lines (产业项目建设年) is the
        // kicker; beside a single headline line it is the headline's second part.
        if kicker.is_none()
            && lines.len() >= 3
            && let Some(k) = lines.iter().skip(1).position(|l| is_label_line(l.1))
        {
            kicker = Some(lines.remove(k + 1).1.to_owned());
        }
        // A lead-in line (引题) over the main headline: three headline lines, or two
        // over a dek (——副题). Two lines alone are headline and subtitle.
        let mains = lines.iter().filter(|l| !is_dek(l.1)).count();
        let dek_below = lines.last().is_some_and(|l| is_dek(l.1));
        if kicker.is_none() && lines.len() >= 2 && (mains >= 3 || (mains == 2 && dek_below)) {
            kicker = Some(lines.remove(0).1.to_owned());
        }

        let mut draft = Draft::starting_at(blocks[self.members[0]].line.number);
        draft.headed = true;
        for &k in self.members.iter().chain(&self.captions) {
            draft.touch(blocks[k].line.number);
        }
        let mut rest = lines.into_iter().map(|l| l.1);
        draft.article.title = rest.next().unwrap_or_default().to_owned();
        for t in rest {
            draft.article.subtitles.push(t.to_owned());
        }
        draft.article.kicker = kicker;

        let mut form = BylineForm::None;
        if !author_lines.is_empty() {
            draft.article.byline = Some(author_credit(&author_lines));
            form = BylineForm::Authors;
        }
        for &c in &self.captions {
            draft.push(Piece::new(
                ParagraphKind::Caption,
                blocks[c].text(),
                blocks[c].line.number,
            ));
        }
        match after.map(|b| &b.kind) {
            Some(Kind::InlineByline { .. }) => form = BylineForm::Inline,
            Some(Kind::BylineLine) => form = BylineForm::Lines,
            _ => {}
        }
        sections.admit(form, draft.article.kicker.is_some());
        draft.article.section = sections.current();
        draft.section_run = sections.run;
        draft
    }
}

/// A kicker-sized line: a few characters, no space, not a dek.
fn is_label_line(s: &str) -> bool {
    s.chars().count() <= KICKER_MAX_CHARS && !s.contains(char::is_whitespace) && !is_dek(s)
}

pub fn starts_byline(b: Option<&Block<'_>>) -> bool {
    b.is_some_and(|b| matches!(b.kind, Kind::InlineByline { .. } | Kind::BylineLine))
}

/// Lines an article's body is made of.
fn is_body(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Text
            | Kind::Label
            | Kind::Caption
            | Kind::Bullet
            | Kind::ListItem
            | Kind::TableRow
            | Kind::Attribution
    )
}

/// `——2022年株洲市民政工作综述`: a subtitle printed under the headline.
fn is_dek(s: &str) -> bool {
    s.starts_with("——") || s.starts_with("--")
}

fn is_prefix_line(s: &str) -> bool {
    (s.chars().count() <= 6 && !s.contains(char::is_whitespace)) || has_section_suffix(s)
}

/// Name endings of the organisations contributors write from.
const ORGANISATIONS: &[&str] = &[
    "学院",
    "大学",
    "学校",
    "中学",
    "小学",
    "幼儿园",
    "公司",
    "集团",
    "医院",
    "研究院",
    "研究所",
    "研究会",
    "协会",
    "学会",
    "中心",
    "银行",
    "委员会",
    "政府",
    "街道",
    "社区",
    "局",
    "委",
    "办",
    "厅",
    "站",
    "所",
    "院",
    "村",
    "镇",
    "乡",
    "馆",
    "社",
    "部",
    "处",
];

/// `湖南铁路科技职业技术学院`, `株洲市第二中学 教师`: an organisation named above its
/// contributors, maybe with their title after it.
fn is_affiliation(s: &str) -> bool {
    let mut words = s.split_whitespace();
    let Some(org) = words.next() else {
        return false;
    };
    let n = org.chars().count();
    let titled =
        words.all(|w| w.chars().count() <= AFFILIATION_TITLE_MAX_CHARS && w.chars().all(is_han));
    titled
        && (4..=30).contains(&n)
        && org.chars().all(is_han)
        && ORGANISATIONS.iter().any(|o| org.ends_with(o))
}

/// 教师, 主任, 副院长: a title after an organisation's name.
const AFFILIATION_TITLE_MAX_CHARS: usize = 4;

/// A byline naming a writer ahead, after some text and before anything else that
/// could head an article: the byline of the headline in front of that text.
fn trailing_writer_byline(blocks: &[Block<'_>], from: usize, page_start: PageStart<'_>) -> bool {
    let mut seen = 0;
    let mut k = from;
    while let Some(b) = blocks.get(k) {
        if page_start(k) {
            return false;
        }
        match b.kind {
            Kind::Text
            | Kind::Caption
            | Kind::ListItem
            | Kind::TableRow
            | Kind::Attribution
            | Kind::Label => {
                seen += 1;
            }
            Kind::BylineLine if seen > 0 => {
                let mut raw = String::new();
                let mut j = k;
                while blocks.get(j).is_some_and(|b| b.kind == Kind::BylineLine) {
                    raw.push_str(blocks[j].text());
                    raw.push('\n');
                    j += 1;
                }
                return names_writers(&parse_credits(&raw));
            }
            _ => return false,
        }
        k += 1;
    }
    false
}

/// A story's first paragraph as news leads open: a date (`4月25日,`), `近日,`, or the
/// reporter's source (`记者从…获悉`).
pub fn is_news_lead(s: &str) -> bool {
    const OPENERS: &[&str] = &[
        "近日",
        "日前",
        "昨日",
        "昨天",
        "今天",
        "今日",
        "记者从",
        "记者近日",
        "记者日前",
        "记者昨日",
        "本报讯",
    ];
    if OPENERS.iter().any(|o| s.starts_with(o)) {
        return true;
    }
    // M月D日
    let month = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=2).contains(&month) {
        return false;
    }
    let Some(rest) = s.get(month..).unwrap_or("").strip_prefix('月') else {
        return false;
    };
    let day = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    (1..=2).contains(&day) && rest.get(day..).unwrap_or("").starts_with('日')
}

/// A brief: a headline over a few paragraphs, no byline, no sub-heads.
fn is_brief(d: &Draft) -> bool {
    let a = &d.article;
    d.headed
        && !a.headless
        && !a.title.is_empty()
        && a.byline.is_none()
        && a.subtitles.is_empty()
        && !d.pieces.iter().any(|p| p.kind() == ParagraphKind::Subhead)
        && d.pieces
            .iter()
            .filter(|p| p.kind() == ParagraphKind::Text)
            .count()
            <= BRIEF_MAX_PARAGRAPHS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_leads_open_with_a_date_or_a_source() {
        assert!(is_news_lead("4月25日,荷塘区召开第五届群众大会"));
        assert!(is_news_lead("近日,省教育厅公布了"));
        assert!(is_news_lead("记者从市长热线服务中心获悉"));
        assert!(!is_news_lead("去年11月1日,在浏阳市工作的傅女士"));
        assert!(!is_news_lead("2月初,株洲钻石切削刀具股份有限公司"));
        assert!(!is_news_lead("2023年,我市"));
    }

    #[test]
    fn organisations_head_their_contributors() {
        assert!(is_affiliation("湖南铁路科技职业技术学院"));
        assert!(is_affiliation("湖南创林新材料科技有限公司"));
        assert!(is_affiliation("株洲市第二中学 教师"));
        assert!(!is_affiliation("加快推进教育科技人才整体性发展"));
        assert!(!is_affiliation("株洲市第二中学 推进教育科技人才发展"));
    }
}
