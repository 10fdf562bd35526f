//! Paths → `Archive`: read every issue (load) and parse it (parse), on all cores, then
//! link the halves of articles that jump from one page to another.
//! One bad file costs one entry in `errors`; every good file still loads.

use crate::load::Source;
use crate::model::{Archive, Article, Issue, LoadError};
use crate::parse::{page_key, parse_issue};
use jieba_rs::Jieba;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Reads and parses one listed issue (jump links are made by [`link_jumps`]).
pub fn load_issue(source: &Source, words: Option<&Jieba>) -> Result<Issue, LoadError> {
    let decoded = source.read()?;
    let parsed = parse_issue(&source.id, &decoded.text, words);
    Ok(Issue {
        id: source.id.clone(),
        source: source.label(),
        date: source.date.clone(),
        encoding: decoded.encoding.to_owned(),
        articles: parsed.articles,
        pages: parsed.pages,
        warnings: decoded.warnings,
    })
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
        let key = issue
            .printed_date()
            .map_or_else(|| format!("\u{0}{}", issue.id), str::to_owned);
        by_date.entry(key).or_default().push(i);
    }
    for group in by_date.values() {
        link_group(issues, group);
    }
}

/// (issue, article) of a jump half.
type Half = (usize, usize);

fn link_group(issues: &mut [Issue], group: &[usize]) {
    let mut firsts: Vec<Half> = Vec::new();
    let mut seconds: Vec<Half> = Vec::new();
    for &i in group {
        for (a, art) in issues[i].articles.iter_mut().enumerate() {
            art.continued_from_article = None;
            art.continued_to_article = None;
            if art.continued_to.is_some() {
                firsts.push((i, a));
            }
            if art.continued_from.is_some() {
                seconds.push((i, a));
            }
        }
    }
    let mut pairs: Vec<(i32, Half, Half)> = Vec::new();
    for &f in &firsts {
        for &s in &seconds {
            if f != s
                && let Some(score) = pairing(issues, f, s)
            {
                pairs.push((score, f, s));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used: Vec<Half> = Vec::new();
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
        let second_id = issues[s.0].articles[s.1].id.clone();
        let first_id = issues[f.0].articles[f.1].id.clone();
        issues[f.0].articles[f.1].continued_to_article = Some(second_id);
        issues[s.0].articles[s.1].continued_from_article = Some(first_id);
    }
}

/// The page number an article is printed on, when its issue says.
fn page_number(issue: &Issue, article: &Article) -> Option<(Option<char>, u32)> {
    let number = issue.page_of(article)?.number.as_deref()?;
    page_key(number).map(|(letter, n, _)| (letter, n))
}

/// How well a 下转 half `f` and a 上接 half `s` fit, or `None` when what they print
/// contradicts the pairing.
fn pairing(issues: &[Issue], f: Half, s: Half) -> Option<i32> {
    let (fi, si) = (&issues[f.0], &issues[s.0]);
    let (fa, sa) = (&fi.articles[f.1], &si.articles[s.1]);
    let to = page_key(fa.continued_to.as_deref()?)?;
    let from = page_key(sa.continued_from.as_deref()?)?;
    let mut score = 0;
    match (to.2, from.2) {
        (Some(a), Some(b)) if a != b => return None,
        (Some(_), Some(_)) => score += 2,
        _ => {}
    }
    // The page each names is the page the other is on.
    for (named, on) in [
        ((to.0, to.1), page_number(si, sa)),
        ((from.0, from.1), page_number(fi, fa)),
    ] {
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
