//! Issue text → articles and pages: pure functions over `&str`, no IO.
//!
//! Pipeline: `lines` (numbered non-blank lines) → `classify` (what each line is on its
//! own: `furniture`, `jumps`, `byline` shapes, captions, lists, tables) → `pages`
//! (where page furniture splits the file) → `segment` (which headline-like lines start
//! articles, see `heading`; kickers, `sections`, bylines, jumps) → `repair` (column
//! breaks re-joined for the whole issue at once by `seams` on `evidence`; stray
//! repeats dropped by `repeats`).
//!
//! jieba is optional: without it everything but the word evidence for seams works, so
//! a first screen never waits for the dictionary.

pub mod audit;
mod byline;
mod charset;
mod classify;
mod draft;
mod evidence;
mod furniture;
mod heading;
mod jumps;
mod lines;
mod names;
mod pages;
mod repair;
mod repeats;
mod seams;
mod sections;
mod segment;

/// The crate's one Han predicate, under the name search has always used.
pub use crate::text::is_han as is_cjk;
pub use byline::parse_credits;
pub use jumps::page_key;

use crate::model::{Article, Page};
use jieba_rs::Jieba;

/// What one issue's text holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    pub articles: Vec<Article>,
    /// The pages its furniture marks (empty when it prints none).
    pub pages: Vec<Page>,
}

/// Parses one issue's text; article ids are `ISSUE#N`.
pub fn parse_issue(issue_id: &str, text: &str, words: Option<&Jieba>) -> Parsed {
    let raw = lines::raw_lines(text);
    let mut blocks = classify::classify(&raw);
    let page_map = pages::pages(&mut blocks);
    let mut drafts = segment::segment(&blocks, &page_map);
    repair::repair(&mut drafts, words);
    let articles = drafts
        .into_iter()
        .filter(|d| !d.is_empty())
        .enumerate()
        .map(|(n, d)| d.finish(format!("{issue_id}#{}", n + 1)))
        .collect();
    Parsed {
        articles,
        pages: page_map.pages,
    }
}

/// The articles of one issue's text (its pages dropped).
pub fn parse_articles(issue_id: &str, text: &str, words: Option<&Jieba>) -> Vec<Article> {
    parse_issue(issue_id, text, words).articles
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEEDS: &[&str] = &[
        include_str!("../../seeds/000_03d9866ece675afd.txt"),
        include_str!("../../seeds/001_edbf5217357039bc.txt"),
        include_str!("../../seeds/002_64812303fea5ce53.txt"),
        include_str!("../../seeds/003_b4c01bcc942ed7e0.txt"),
        include_str!("../../seeds/004_32f8abd5096c7909.txt"),
    ];

    fn assert_no_text_lost(text: &str, parsed: &Parsed) {
        assert_eq!(
            audit::lost_lines(text, parsed),
            Vec::<u32>::new(),
            "lines lost"
        );
        assert_eq!(
            audit::doubled_lines(text, parsed),
            Vec::<u32>::new(),
            "lines doubled"
        );
    }

    fn assert_well_formed(id: &str, text: &str, parsed: &Parsed) {
        let n_lines = lines::raw_lines(text).last().map_or(0, |l| l.number);
        let mut ids = std::collections::HashSet::new();
        for a in &parsed.articles {
            assert!(ids.insert(&a.id), "duplicate id {}", a.id);
            assert!(a.id.starts_with(id));
            assert!(
                a.lines[0] >= 1 && a.lines[0] <= a.lines[1] && a.lines[1] <= n_lines,
                "{:?}",
                a.lines
            );
            assert!(a.paragraphs.iter().all(|p| !p.text.is_empty()));
            assert!(a.paragraphs.iter().all(|p| !p.lines.is_empty()
                && p.lines.iter().all(|&l| a.lines[0] <= l && l <= a.lines[1])));
            assert!(a.page.is_none_or(|p| p < parsed.pages.len()));
        }
        for p in &parsed.pages {
            assert!(
                p.lines[0] <= p.lines[1] && p.lines[1] <= n_lines,
                "{:?}",
                p.lines
            );
        }
    }

    #[test]
    fn seeds_lose_no_text() {
        let jieba = crate::words::jieba();
        for (k, text) in SEEDS.iter().enumerate() {
            let parsed = parse_issue(&k.to_string(), text, Some(jieba));
            assert_well_formed(&k.to_string(), text, &parsed);
            assert_no_text_lost(text, &parsed);
        }
    }

    #[test]
    fn headless_continuation_is_its_own_article() {
        let text = "标题一行\n\n株洲日报讯(记者/张三) 正文第一段。\n\n◀上接01版“接续的文字。”\n\n后面一段。\n";
        let a = parse_articles("t", text, None);
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].title, "◀上接01版");
        assert_eq!(a[1].continued_from.as_deref(), Some("01版"));
        assert_eq!(a[1].paragraphs[0].text, "“接续的文字。”");
        assert_eq!(
            a[0].paragraphs.len(),
            1,
            "never glued onto the article before"
        );
    }

    #[test]
    fn column_break_is_rejoined_across_a_caption() {
        let text = "标题\n\n株洲日报讯(记者/张三) 会上提出,要推动\n\n\n\n现场。通讯员 供图\n\n产业项目建设。\n";
        let a = parse_articles("t", text, None);
        let texts: Vec<&str> = a[0].text_paragraphs().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["会上提出,要推动产业项目建设。"]);
        assert_eq!(
            a[0].paragraphs
                .iter()
                .filter(|p| p.kind == crate::model::ParagraphKind::Caption)
                .count(),
            1
        );
    }

    fn copies(articles: &[Article], text: &str) -> Vec<usize> {
        articles
            .iter()
            .map(|a| a.paragraphs.iter().filter(|p| p.text == text).count())
            .collect()
    }

    #[test]
    fn a_stray_copy_of_another_articles_paragraph_is_dropped() {
        let para = "强化文明治理。市人大常委会还在审议中提出文明行为促进的“硬”措施。";
        let text = format!(
            "供销社送农资上门\n\n株洲日报讯(记者/张三) 供销社把化肥送到农户家门口。\n\n供销社还帮农户卖农产品。\n\n{para}\n\n\
             为文明立法\n\n李四\n\n文明行为促进条例正在审议,文明治理有了法治保障。\n\n彰显文明自律,促进文明行为。\n\n{para}\n"
        );
        let a = parse_articles("t", &text, None);
        assert_eq!(
            copies(&a, para),
            [0, 1],
            "the copy that fits its article stays"
        );
    }

    #[test]
    fn a_sentence_two_articles_both_print_is_kept_in_both() {
        let para = "市委书记强调,要把群众的安全放在首位,切实做好各项工作。";
        let text = format!(
            "防汛工作会议召开\n\n株洲日报讯(记者/张三) 防汛工作会议昨日召开。\n\n{para}\n\n会议部署了防汛任务。\n\n\
             安全生产检查启动\n\n株洲日报讯(记者/李四) 安全生产大检查启动。\n\n{para}\n\n检查将持续一个月。\n"
        );
        let a = parse_articles("t", &text, None);
        assert_eq!(copies(&a, para), [1, 1]);
    }

    #[test]
    fn a_paragraph_repeated_inside_one_article_is_kept_once() {
        let para = "强化文明治理。市人大常委会还在审议中提出“硬”措施。";
        let text =
            format!("标题甲\n\n株洲日报讯(记者/张三) 第一段。\n\n{para}\n\n第二段。\n\n{para}\n");
        let a = parse_articles("t", &text, None);
        assert_eq!(copies(&a, para), [1]);
        assert_eq!(
            a[0].paragraphs.last().map(|p| p.text.as_str()),
            Some(para),
            "the later copy is kept"
        );
    }

    fn seed_line() -> impl Strategy<Value = String> {
        let all: Vec<&'static str> = SEEDS
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| !l.trim().is_empty())
            .collect();
        proptest::sample::select(all).prop_map(str::to_owned)
    }

    fn junk_line() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[株洲日报讯记者通讯员/()（）◀上接01版①【】●—,。 a-z0-9\u{1b}\u{0}\u{202e}\t]{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parser_never_panics_on_arbitrary_text(text in any::<String>()) {
            let parsed = parse_issue("p", &text, None);
            assert_well_formed("p", &text, &parsed);
        }

        #[test]
        fn shuffled_issue_lines_lose_no_text(
            lines in proptest::collection::vec((prop_oneof![4 => seed_line(), 1 => junk_line()], 0usize..4), 0..60),
            crlf in any::<bool>(),
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            for (line, gap) in &lines {
                text.push_str(&line.replace(['\n', '\r'], " "));
                text.push_str(&nl.repeat(gap + 1));
            }
            let parsed = parse_issue("p", &text, Some(crate::words::jieba()));
            assert_well_formed("p", &text, &parsed);
            assert_no_text_lost(&text, &parsed);
        }

        #[test]
        fn decoder_and_parser_survive_byte_soup(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            if let Ok(d) = crate::load::decode(&bytes) {
                let parsed = parse_issue("b", &d.text, None);
                assert_well_formed("b", &d.text, &parsed);
            }
        }
    }
}
