//! Issue text → `Issue`: pure functions over `&str`, no IO.
//!
//! Pipeline: `lines` (numbered non-blank lines with their blank-line gaps) →
//! `classify` (what each line is on its own) → `segment` (which headline-like lines
//! start articles; kickers, sections, bylines, jumps) → `repair` (re-join column
//! breaks, reunite scattered tails, drop repeated paragraphs).
//!
//! jieba is optional: without it everything but the word evidence for far-away
//! joins works, so a first screen never waits for the dictionary.

mod byline;
mod classify;
mod lines;
mod repair;
mod segment;

pub use byline::parse_credits;
pub use classify::is_cjk;
pub use repair::word_spans;

use crate::model::{Article, Paragraph};
use jieba_rs::Jieba;

/// Parses one issue's text into its articles; ids are `ISSUE#N`.
pub fn parse_articles(issue_id: &str, text: &str, words: Option<&Jieba>) -> Vec<Article> {
    let raw = lines::raw_lines(text);
    let blocks = classify::classify(&raw);
    let mut drafts = segment::segment(&blocks);
    repair::repair(&mut drafts, words);
    drafts
        .into_iter()
        .filter(|d| !d.title.is_empty() || !d.paras.is_empty() || d.byline.is_some())
        .enumerate()
        .map(|(n, d)| Article {
            id: format!("{issue_id}#{}", n + 1),
            title: d.title,
            subtitles: d.subtitles,
            kicker: d.kicker,
            section: d.section,
            byline: d.byline,
            continued_from: d.continued_from,
            paragraphs: d
                .paras
                .into_iter()
                .map(|mut p| {
                    // Joined paragraphs grew by doubling; an archive keeps millions.
                    p.text.shrink_to_fit();
                    Paragraph {
                        kind: p.kind,
                        text: p.text,
                    }
                })
                .collect(),
            lines: [d.first_line, d.last_line.max(d.first_line)],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::classify::{Kind, classify_line};
    use super::*;
    use proptest::prelude::*;

    const SEEDS: &[&str] = &[
        include_str!("../../seeds/000_03d9866ece675afd.txt"),
        include_str!("../../seeds/001_edbf5217357039bc.txt"),
        include_str!("../../seeds/002_64812303fea5ce53.txt"),
        include_str!("../../seeds/003_b4c01bcc942ed7e0.txt"),
        include_str!("../../seeds/004_32f8abd5096c7909.txt"),
    ];

    /// Everything the model says about an issue, for "no text lost" checks.
    fn haystack(articles: &[Article]) -> String {
        let mut s = String::new();
        for a in articles {
            for field in [Some(&a.title), a.kicker.as_ref(), a.section.as_ref()]
                .into_iter()
                .flatten()
            {
                s.push_str(field);
                s.push('\u{0}');
            }
            for t in &a.subtitles {
                s.push_str(t);
                s.push('\u{0}');
            }
            if let Some(b) = &a.byline {
                s.push_str(&b.raw);
                s.push('\u{0}');
            }
            for p in &a.paragraphs {
                s.push_str(&p.text);
                s.push('\u{0}');
            }
        }
        s
    }

    /// Every line of the input survives somewhere in the model, except page credits
    /// (dropped by design) and markers that became `continued_from`.
    fn assert_no_text_lost(text: &str, articles: &[Article]) {
        let hay = haystack(articles);
        for line in lines::raw_lines(text) {
            let t = line.text;
            let kept = match classify_line(t) {
                Kind::Credit => true,
                Kind::Jump { split, .. } => hay.contains(t.split_at(split).1.trim()),
                Kind::InlineByline { split } => {
                    let (raw, rest) = t.split_at(split);
                    hay.contains(raw.trim()) && hay.contains(rest.trim())
                }
                _ => hay.contains(t),
            };
            assert!(kept, "line {} lost: {t:?}", line.number);
        }
    }

    fn assert_well_formed(id: &str, text: &str, articles: &[Article]) {
        let n_lines = lines::raw_lines(text).last().map_or(0, |l| l.number);
        let mut ids = std::collections::HashSet::new();
        for a in articles {
            assert!(ids.insert(&a.id), "duplicate id {}", a.id);
            assert!(a.id.starts_with(id));
            assert!(
                a.lines[0] >= 1 && a.lines[0] <= a.lines[1] && a.lines[1] <= n_lines,
                "{:?}",
                a.lines
            );
            assert!(a.paragraphs.iter().all(|p| !p.text.is_empty()));
        }
    }

    #[test]
    fn seeds_lose_no_text() {
        let jieba = crate::words::jieba();
        for (k, text) in SEEDS.iter().enumerate() {
            let articles = parse_articles(&k.to_string(), text, Some(jieba));
            assert_well_formed(&k.to_string(), text, &articles);
            assert_no_text_lost(text, &articles);
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

    #[test]
    fn repeated_paragraph_is_kept_once() {
        let para = "强化文明治理。市人大常委会还在审议中提出“硬”措施。";
        let text = format!(
            "标题甲\n\n株洲日报讯(记者/张三) 第一段。\n\n{para}\n\n标题乙\n\n李四\n\n正文。\n\n{para}\n"
        );
        let a = parse_articles("t", &text, None);
        let copies = a
            .iter()
            .flat_map(|a| &a.paragraphs)
            .filter(|p| p.text == para)
            .count();
        assert_eq!(copies, 1);
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
            let articles = parse_articles("p", &text, None);
            assert_well_formed("p", &text, &articles);
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
            let articles = parse_articles("p", &text, Some(crate::words::jieba()));
            assert_well_formed("p", &text, &articles);
            assert_no_text_lost(&text, &articles);
        }

        #[test]
        fn decoder_and_parser_survive_byte_soup(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            if let Ok(d) = crate::load::decode(&bytes) {
                let articles = parse_articles("b", &d.text, None);
                assert_well_formed("b", &d.text, &articles);
            }
        }
    }
}
