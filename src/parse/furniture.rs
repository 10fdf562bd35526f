//! Page furniture, line by line: page headers (`第03版：综合`, `03 要闻`, `株洲日报
//! 2023年4月26日 星期三`, a date line) and editor credits (`责任编辑：… 美术编辑：…
//! 校对：…`). None of it is article text; it describes the page (see `pages`).

use super::jumps::chinese_number;
use super::lines::longer_than;
use super::names::is_credited_name;
use crate::model::Editor;
use crate::text::is_han;

/// What a furniture line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Furniture {
    Header {
        number: Option<String>,
        name: Option<String>,
        date: Option<String>,
    },
    Credits(Vec<Editor>),
}

/// Roles of a page's editor credit, longest first so that 责任编辑 wins over 编辑.
const EDITOR_ROLES: &[&str] = &[
    "责任编辑",
    "本版编辑",
    "美术编辑",
    "执行编辑",
    "版式设计",
    "见习编辑",
    "实习编辑",
    "图片编辑",
    "文字编辑",
    "值班编委",
    "值班主任",
    "责任校对",
    "编辑",
    "校对",
    "版式",
    "组版",
    "排版",
    "美编",
    "审读",
    "主编",
    "设计",
];

/// Furniture is short; a longer line is text even if it names an editor.
const MAX_FURNITURE_CHARS: usize = 80;

pub fn furniture(s: &str) -> Option<Furniture> {
    if longer_than(s, MAX_FURNITURE_CHARS)
        || s.contains('。')
        || s.contains('，')
        || s.contains(',')
    {
        return None;
    }
    if EDITOR_ROLES.iter().any(|r| s.starts_with(r))
        && let Some(editors) = credits(s)
    {
        return Some(Furniture::Credits(editors));
    }
    // A header names a date, a page number or the paper: a line without a sign of
    // one (most lines) is spared the tokenising.
    let may_be_header = s.contains('版')
        || s.contains("日报")
        || s.contains("晚报")
        || (s.contains('年') && s.contains('日'))
        || s.starts_with(|c: char| c.is_ascii_alphanumeric())
        || (s.contains(|c: char| c.is_ascii_digit()) && s.contains(['-', '.', '/']));
    if may_be_header { header(s) } else { None }
}

/// `责任编辑：王建设 美术编辑：左骏 校对：杨卓`: every token a role or a name.
fn credits(s: &str) -> Option<Vec<Editor>> {
    let mut editors = Vec::new();
    let mut role: Option<&str> = None;
    let mut rest = s.trim();
    while !rest.is_empty() {
        if let Some(r) = EDITOR_ROLES.iter().find(|r| rest.starts_with(**r)) {
            let after = rest.get(r.len()..).unwrap_or("");
            // `编辑部` or `设计师` are words, not roles: a role is followed by a separator.
            if !after.is_empty() && !after.starts_with([':', '：', ' ', '\u{3000}', '/', '\t']) {
                return None;
            }
            role = Some(r);
            rest = after;
        } else {
            let role = role?;
            let end = rest
                .find(|c: char| c.is_whitespace() || "、,，/；;".contains(c))
                .unwrap_or(rest.len());
            let name = rest.get(..end).unwrap_or("");
            if EDITOR_ROLES.iter().any(|r| name.starts_with(r)) {
                // A role glued to the previous name: `王建设美术编辑：左骏` is not printed.
                return None;
            }
            if !is_credited_name(name) {
                return None;
            }
            editors.push(Editor {
                role: role.to_owned(),
                name: name.to_owned(),
            });
            rest = rest.get(end..).unwrap_or("");
        }
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ":：、,，/；;".contains(c));
    }
    (!editors.is_empty()).then_some(editors)
}

/// One piece of a header line.
#[derive(Debug, PartialEq)]
enum Token {
    Date(String),
    Weekday,
    Lunar,
    Masthead,
    /// `第03版`, `03版`, `A1版`: certainly a page number.
    Page(String),
    /// `03`, `A1`: a page number only beside a page name.
    BareNumber(String),
    Name(String),
}

fn header(s: &str) -> Option<Furniture> {
    if s.chars()
        .any(|c| matches!(c, '！' | '？' | '!' | '?' | '；' | ';' | '“' | '”'))
    {
        return None;
    }
    let mut tokens = Vec::new();
    for part in s.split(|c: char| c.is_whitespace() || matches!(c, '|' | '｜' | '丨' | ':' | '：'))
    {
        if !part.is_empty() {
            tokens.push(token(part)?);
        }
    }
    let has = |f: fn(&Token) -> bool| tokens.iter().any(f);
    let dated = has(|t| matches!(t, Token::Date(_)));
    let paged = has(|t| matches!(t, Token::Page(_)));
    let masthead = has(|t| matches!(t, Token::Masthead));
    let named = has(|t| matches!(t, Token::Name(_)));
    let bare = tokens.iter().find_map(|t| match t {
        Token::BareNumber(n) => Some(n.clone()),
        _ => None,
    });
    let bare_page = bare.as_ref().filter(|n| {
        named && (n.starts_with('0') || n.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    if !(dated || paged || bare_page.is_some() || masthead) {
        return None;
    }
    if bare.is_some() && bare_page.is_none() && !paged {
        return None;
    }
    let number = tokens
        .iter()
        .find_map(|t| match t {
            Token::Page(n) => Some(n.clone()),
            _ => None,
        })
        .or_else(|| bare_page.cloned());
    let name = tokens.iter().find_map(|t| match t {
        Token::Name(n) => Some(n.clone()),
        _ => None,
    });
    let date = tokens.iter().find_map(|t| match t {
        Token::Date(d) => Some(d.clone()),
        _ => None,
    });
    Some(Furniture::Header { number, name, date })
}

/// Names of pages are a few Han characters; anything longer is a headline.
const MAX_PAGE_NAME_CHARS: usize = 8;

fn token(t: &str) -> Option<Token> {
    if let Some(d) = date(t) {
        return Some(Token::Date(d));
    }
    if is_weekday(t) {
        return Some(Token::Weekday);
    }
    if t.starts_with("农历") && t.chars().count() <= 12 {
        return Some(Token::Lunar);
    }
    if is_masthead(t) {
        return Some(Token::Masthead);
    }
    if let Some(n) = page_with_ban(t) {
        return Some(Token::Page(n));
    }
    let alnum = t.chars().all(|c| c.is_ascii_alphanumeric());
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let letters = t.chars().filter(char::is_ascii_alphabetic).count();
    if alnum
        && (1..=2).contains(&digits)
        && letters <= 1
        && t.starts_with(|c: char| letters == 0 || c.is_ascii_alphabetic())
    {
        return Some(Token::BareNumber(t.to_ascii_uppercase()));
    }
    let n = t.chars().count();
    if (2..=MAX_PAGE_NAME_CHARS).contains(&n) && t.chars().all(is_han) {
        return Some(Token::Name(t.to_owned()));
    }
    None
}

/// `第03版`, `03版`, `A1版`, `第一版` → the page number as printed (digits Arabic).
fn page_with_ban(t: &str) -> Option<String> {
    let core = t.strip_prefix('第').unwrap_or(t).strip_suffix('版')?;
    if core.is_empty() {
        return None;
    }
    let letter = core.chars().next().filter(char::is_ascii_alphabetic);
    let digits = letter.map_or(core, |c| core.get(c.len_utf8()..).unwrap_or(""));
    if !digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit()) {
        return Some(core.to_ascii_uppercase());
    }
    chinese_number(core).map(|n| n.to_string())
}

fn is_weekday(t: &str) -> bool {
    let day = |r: &str| r.chars().count() == 1 && "一二三四五六日天".contains(r);
    t.strip_prefix("星期").is_some_and(day) || t.strip_prefix('周').is_some_and(day)
}

/// The paper's name as its masthead prints it.
fn is_masthead(t: &str) -> bool {
    let n = t.chars().count();
    (3..=8).contains(&n) && t.chars().all(is_han) && (t.ends_with("日报") || t.ends_with("晚报"))
        || t.eq_ignore_ascii_case("daily")
}

/// `2023年4月26日`, `2023-04-26`, `2023.4.26`, `2023/04/26` → `2023-04-26`.
pub fn date(t: &str) -> Option<String> {
    let nums: Vec<&str> = t
        .split(['年', '月', '日', '-', '.', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let chinese = t.contains('年');
    if nums.len() != 3 || (chinese && !(t.ends_with('日') && t.contains('月'))) {
        return None;
    }
    if !nums.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (
        nums[0].parse().ok()?,
        nums[1].parse().ok()?,
        nums[2].parse().ok()?,
    );
    if nums[0].len() != 4
        || !(1900..=2100).contains(&y)
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
    {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(s: &str) -> Option<(Option<String>, Option<String>, Option<String>)> {
        match furniture(s)? {
            Furniture::Header { number, name, date } => Some((number, name, date)),
            Furniture::Credits(_) => None,
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn page_headers_in_their_printed_shapes() {
        assert_eq!(
            head("株洲日报"),
            Some((None, None, None)),
            "the masthead alone"
        );
        assert_eq!(head("第03版：综合"), Some((some("03"), some("综合"), None)));
        assert_eq!(head("03 要闻"), Some((some("03"), some("要闻"), None)));
        assert_eq!(head("A1 要闻"), Some((some("A1"), some("要闻"), None)));
        assert_eq!(
            head("株洲日报 2023年4月26日 星期三"),
            Some((None, None, some("2023-04-26")))
        );
        assert_eq!(
            head("2023年4月26日 星期三 农历三月初七"),
            Some((None, None, some("2023-04-26")))
        );
        assert_eq!(head("第一版 要闻"), Some((some("1"), some("要闻"), None)));
        assert_eq!(
            head("03 | 要闻 | 2023年4月26日"),
            Some((some("03"), some("要闻"), some("2023-04-26")))
        );
    }

    #[test]
    fn headlines_and_text_are_not_headers() {
        for s in [
            "12个工作室获评 湖南省名师网络工作室",
            "合同引资 147亿元 完成投资 25亿余元",
            "3 要闻",
            "12345 热线",
            "天元区 开展防范非法集资宣传活动",
            "2023年4月26日,市政协召开会议。",
            "株洲日报讯(全媒体记者/刘琼)",
            "日报",
        ] {
            assert_eq!(furniture(s), None, "{s}");
        }
    }

    #[test]
    fn editor_credits_name_every_editor() {
        let Some(Furniture::Credits(e)) = furniture("责任编辑:王建设 美术编辑:左骏 校对:杨卓")
        else {
            panic!("credits")
        };
        let pairs: Vec<(&str, &str)> = e
            .iter()
            .map(|e| (e.role.as_str(), e.name.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("责任编辑", "王建设"),
                ("美术编辑", "左骏"),
                ("校对", "杨卓")
            ]
        );
        let Some(Furniture::Credits(e)) = furniture("本版编辑 张三 李四") else {
            panic!("credits")
        };
        assert_eq!(e.len(), 2);
        assert!(furniture("编辑：刘琼").is_some());
        assert_eq!(furniture("编辑部的同志们说,这很好。"), None);
        assert_eq!(furniture("校对工作要认真"), None);
    }
}
