//! Paths → `Archive`: read every issue (load) and parse it (parse), on all cores, then
//! link the halves of articles that jump from one page to another.
//! One bad file costs one entry in `errors`; every good file still loads.

use crate::load::Source;
use crate::model::{Archive, Issue, LoadError};
use crate::parse::{page_key, parse_issue};
use jieba_rs::Jieba;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Reads and parses one listed issue, its jump halves linked within the file (across
/// files of a date by [`link_jumps`]).
pub fn load_issue(source: &Source, words: Option<&Jieba>) -> Result<Issue, LoadError> {
    let decoded = source.read()?;
    let parsed = parse_issue(&source.id, &decoded.text, words);
    let mut issue = Issue {
        id: source.id.clone(),
        source: source.label(),
        date: source.date.clone(),
        encoding: decoded.encoding.to_owned(),
        articles: parsed.articles,
        pages: parsed.pages,
        warnings: decoded.warnings,
    };
    // Halves printed in the same file pair now, so that an issue read on its own (a
    // command, the cache) carries them; halves in other files of its date pair when
    // those are loaded too (`link_jumps` over them, or the reader as they arrive).
    link_jumps(std::slice::from_mut(&mut issue));
    Ok(issue)
}

/// Loads everything named on a command line (the bundled issues when `paths` is empty).
pub fn load_archive(paths: &[PathBuf], words: Option<&Jieba>) -> Archive {
    let (sources, mut errors) = crate::load::sources(paths);
    let results = load_all(&sources, words);
    let mut issues = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(issue) => issues.push(issue),
            Err(e) => errors.push(e),
        }
    }
    link_jumps(&mut issues);
    Archive { issues, errors }
}

/// Parses sources in parallel, keeping their order.
pub fn load_all(sources: &[Source], words: Option<&Jieba>) -> Vec<Result<Issue, LoadError>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = sources.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sources
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| load_issue(s, words))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // A panic in the parser is a bug; report it per file rather than abort.
                Err(_) => vec![Err(LoadError {
                    path: "(parser)".into(),
                    message: "internal error while parsing".into(),
                })],
            })
            .collect()
    })
}

/// Links the halves of jumped articles among issues of the same date (or within one
/// issue when its date is unknown): the article carrying `下转02版` gets the id of the
/// one carrying `上接01版` as `continued_to_article`, and that one gets the first's as
/// `continued_from_article`. Halves pair when nothing they print contradicts it (the
/// pages they name, the pages they are on, the circled number of the jump, a repeated
/// headline) and no other pairing is as good; an ambiguous pair is left unlinked.
///
/// Idempotent: call it again with more issues of a date loaded and the links are
/// made afresh for those dates.
pub fn link_jumps(issues: &mut [Issue]) {
    let mut by_date: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, issue) in issues.iter().enumerate() {
        by_date
            .entry(jump_group(issue.printed_date(), &issue.id))
            .or_default()
            .push(i);
    }
    for group in by_date.values() {
        let mut at: Vec<(usize, usize)> = Vec::new();
        let mut halves: Vec<JumpHalf<'_>> = Vec::new();
        for &i in group {
            let issue = &issues[i];
            for (a, art) in issue.articles.iter().enumerate() {
                if art.continued_to.is_some() || art.continued_from.is_some() {
                    at.push((i, a));
                    halves.push(JumpHalf {
                        continued_from: art.continued_from.as_deref(),
                        continued_to: art.continued_to.as_deref(),
                        page_number: issue.page_of(art).and_then(|p| p.number.as_deref()),
                        headless: art.headless,
                        title: &art.title,
                    });
                }
            }
        }
        let pairs = pair_jumps(&halves);
        for &i in group {
            for art in &mut issues[i].articles {
                art.continued_from_article = None;
                art.continued_to_article = None;
            }
        }
        for (f, s) in pairs {
            let ((fi, fa), (si, sa)) = (at[f], at[s]);
            let second_id = issues[si].articles[sa].id.clone();
            let first_id = issues[fi].articles[fa].id.clone();
            issues[fi].articles[fa].continued_to_article = Some(second_id);
            issues[si].articles[sa].continued_from_article = Some(first_id);
        }
    }
}

/// The group an issue's jumps pair within: its date (from the file name, else from its
/// pages), or the issue alone when it has none.
pub fn jump_group(printed_date: Option<&str>, issue_id: &str) -> String {
    printed_date.map_or_else(|| format!("\u{0}{issue_id}"), str::to_owned)
}

/// What pairing the halves of a jump looks at, of one article.
#[derive(Debug, Clone, Copy, Default)]
pub struct JumpHalf<'a> {
    /// `上接` page, as `Article::continued_from`.
    pub continued_from: Option<&'a str>,
    /// `下转` page, as `Article::continued_to`.
    pub continued_to: Option<&'a str>,
    /// The number of the page the article is printed on, when its issue says.
    pub page_number: Option<&'a str>,
    pub headless: bool,
    pub title: &'a str,
}

/// The pairs (下转 half, 上接 half), as positions in `halves`, among the jump halves of
/// one date, in the order they are given (issue by issue, article by article). The
/// rule of [`link_jumps`]; the reader links what it has loaded with it too.
pub fn pair_jumps(halves: &[JumpHalf<'_>]) -> Vec<(usize, usize)> {
    let firsts: Vec<usize> = (0..halves.len())
        .filter(|&k| halves[k].continued_to.is_some())
        .collect();
    let seconds: Vec<usize> = (0..halves.len())
        .filter(|&k| halves[k].continued_from.is_some())
        .collect();
    let mut pairs: Vec<(i32, usize, usize)> = Vec::new();
    for &f in &firsts {
        for &s in &seconds {
            if f != s
                && let Some(score) = pairing(&halves[f], &halves[s])
            {
                pairs.push((score, f, s));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for &(score, f, s) in &pairs {
        if used.contains(&f) || used.contains(&s) {
            continue;
        }
        // Another pairing for either half, as good as this one: leave both unlinked.
        let rival = pairs.iter().any(|&(sc, f2, s2)| {
            sc == score
                && (f2, s2) != (f, s)
                && (f2 == f || s2 == s)
                && !used.contains(&f2)
                && !used.contains(&s2)
        });
        if rival {
            continue;
        }
        used.push(f);
        used.push(s);
        out.push((f, s));
    }
    out
}

/// How well a 下转 half `fa` and a 上接 half `sa` fit, or `None` when what they print
/// contradicts the pairing.
fn pairing(fa: &JumpHalf<'_>, sa: &JumpHalf<'_>) -> Option<i32> {
    let to = page_key(fa.continued_to?)?;
    let from = page_key(sa.continued_from?)?;
    let mut score = 0;
    match (to.2, from.2) {
        (Some(a), Some(b)) if a != b => return None,
        (Some(_), Some(_)) => score += 2,
        _ => {}
    }
    let number = |h: &JumpHalf<'_>| {
        h.page_number
            .and_then(page_key)
            .map(|(letter, n, _)| (letter, n))
    };
    // The page each names is the page the other is on.
    for (named, on) in [((to.0, to.1), number(sa)), ((from.0, from.1), number(fa))] {
        match on {
            Some(p) if p != named => return None,
            Some(_) => score += 1,
            None => {}
        }
    }
    if !sa.headless && !sa.title.is_empty() {
        if sa.title == fa.title {
            score += 2;
        } else {
            return None;
        }
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Page;

    fn issue(id: &str, date: &str, text: &str) -> Issue {
        let parsed = parse_issue(id, text, None);
        Issue {
            id: id.into(),
            source: String::new(),
            date: Some(date.into()),
            encoding: "UTF-8".into(),
            articles: parsed.articles,
            pages: parsed.pages,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn halves_of_a_jump_link_both_ways_across_files_of_a_date() {
        let front = "第01版：要闻\n\n全市推进项目建设\n\n株洲日报讯(记者/张三) 今年以来,全市项目建设提速,推动\n(下转02版)\n";
        let inside = "第02版：综合\n\n◀上接01版 高质量发展。各地各部门要抓好落实。\n";
        let mut issues = vec![
            issue("2023-04-26_01", "2023-04-26", front),
            issue("2023-04-26_02", "2023-04-26", inside),
            issue("2023-04-27_02", "2023-04-27", inside),
        ];
        link_jumps(&mut issues);
        let first = issues[0].articles[0].clone();
        let second = issues[1].articles[0].clone();
        assert_eq!(first.continued_to.as_deref(), Some("02版"));
        assert_eq!(
            first.continued_to_article.as_deref(),
            Some(second.id.as_str())
        );
        assert_eq!(
            second.continued_from_article.as_deref(),
            Some(first.id.as_str())
        );
        assert_eq!(
            issues[2].articles[0].continued_from_article, None,
            "another day"
        );
        link_jumps(&mut issues);
        assert_eq!(
            issues[0].articles[0].continued_to_article, first.continued_to_article,
            "idempotent"
        );
    }

    #[test]
    fn circled_numbers_pair_several_jumps_between_the_same_pages() {
        let text = "第01版：要闻\n\n标题甲\n\n株洲日报讯(记者/张三) 甲的开头,推动\n(下转02版①)\n\n标题乙\n\n株洲日报讯(记者/李四) 乙的开头,加快\n(下转02版②)\n\n第02版：综合\n\n上接01版② 乙的结尾。\n\n上接01版① 甲的结尾。\n";
        let mut issues = vec![issue("2023-04-26", "2023-04-26", text)];
        link_jumps(&mut issues);
        let a = &issues[0].articles;
        let id = |k: usize| Some(a[k].id.clone());
        assert_eq!(a[0].continued_to_article, id(3));
        assert_eq!(a[1].continued_to_article, id(2));
        assert_eq!(a[2].continued_from_article, id(1));
        assert_eq!(a[3].continued_from_article, id(0));
    }

    #[test]
    fn a_contradicting_page_number_is_no_pair() {
        let mut issues = vec![issue(
            "x",
            "2023-04-26",
            "第01版：要闻\n\n标题甲\n\n株洲日报讯(记者/张三) 开头,推动\n(下转03版)\n\n第02版：综合\n\n上接01版 结尾。\n",
        )];
        link_jumps(&mut issues);
        assert_eq!(issues[0].articles[0].continued_to_article, None);
        let _ = Page::default();
    }
}
