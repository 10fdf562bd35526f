//! Bylines: who wrote, reported, photographed and compiled, in the shapes the paper prints.
//!
//! - inline, in front of the lead: `株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日,…`,
//!   `本报讯 记者张三 通讯员李四 4月25日,…`, `(株洲日报全媒体记者 刘琼) 近日,…`
//! - standalone lines: `株洲日报全媒体记者/王娜`, `本报记者 张三`, `文/图 张三`,
//!   `张三/文 李四/图`, `记者 张威 摄`, `(…记者/胡文洁 整理)`, `By Zhang San`
//! - author lines under a commentary or contribution: `王建设`, `退休教师 王金根`
//!
//! Roles are read from their markers. A marker in front (记者/, 通讯员) names the people
//! after it; a marker behind (整理, 摄, /文, /图) names the people just before it, and
//! wins: `记者 张威 摄` credits a photographer, `记者/胡文洁 整理` a compiler.

use super::lines::longer_than;
use super::names::{is_credited_name, is_person_name};
use crate::model::Byline;
use crate::text::is_han;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Reporter,
    Correspondent,
    Author,
    Photographer,
    Compiler,
    /// `文/图`: the author took the pictures too.
    AuthorAndPhotographer,
}

/// Markers in front of names, longest first so that 特约通讯员 wins over 通讯员.
const PREFIX_ROLES: &[(&str, Role)] = &[
    ("特约通讯员", Role::Correspondent),
    ("全媒体记者", Role::Reporter),
    ("融媒体记者", Role::Reporter),
    ("特约评论员", Role::Author),
    ("摄影记者", Role::Photographer),
    ("特约记者", Role::Reporter),
    ("首席记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("实习记者", Role::Reporter),
    ("本报记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Reporter),
    ("评论员", Role::Author),
    ("记者", Role::Reporter),
];

/// Markers behind names.
const POSTFIX_ROLES: &[(&str, Role)] = &[
    ("整理", Role::Compiler),
    ("编译", Role::Compiler),
    ("摄影", Role::Photographer),
    ("供图", Role::Photographer),
    ("摄", Role::Photographer),
];

/// Words that sit among names in a credit but are not names.
const NOT_NAMES: &[&str] = &[
    "整理",
    "报道",
    "摄影",
    "供图",
    "编辑",
    "综合",
    "采写",
    "撰文",
    "执笔",
    "本报",
    "株洲日报",
];

#[derive(Debug, Clone, Copy)]
struct Mark {
    start: usize,
    end: usize,
    role: Role,
    postfix: bool,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '/' | '／' | '、' | ',' | '，' | '(' | ')' | '（' | '）' | ':' | '：'
        )
}

/// The first characters of the markers (a cheap test before comparing whole markers).
fn is_marker_start(c: char) -> bool {
    matches!(
        c,
        '特' | '全'
            | '融'
            | '摄'
            | '首'
            | '见'
            | '实'
            | '本'
            | '通'
            | '评'
            | '记'
            | '文'
            | '图'
            | '整'
            | '编'
            | '供'
    )
}

/// Every role marker in `raw`, in order.
fn marks(raw: &str) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let rest = raw.get(i..).unwrap_or("");
        let c = rest.chars().next().unwrap_or(' ');
        if !is_marker_start(c) {
            i += c.len_utf8();
            continue;
        }
        let before = raw.get(..i).unwrap_or("").chars().next_back();
        let left_bounded = before.is_none_or(is_separator);
        if let Some((m, role)) = PREFIX_ROLES.iter().find(|(m, _)| rest.starts_with(m)) {
            out.push(Mark {
                start: i,
                end: i + m.len(),
                role: *role,
                postfix: false,
            });
            i += m.len();
            continue;
        }
        // 文 and 图 are roles only as a whole slash-delimited segment: `文/图 X`, `X/文`.
        if let Some(m) = ["文/图", "图/文", "文／图", "图／文"]
            .iter()
            .find(|m| rest.starts_with(**m))
            && left_bounded
            && rest
                .get(m.len()..)
                .unwrap_or("")
                .starts_with(|c: char| c.is_whitespace() || c == '/' || is_han(c))
        {
            out.push(Mark {
                start: i,
                end: i + m.len(),
                role: Role::AuthorAndPhotographer,
                postfix: false,
            });
            i += m.len();
            continue;
        }
        if matches!(c, '文' | '图') {
            let after = rest.get(c.len_utf8()..).unwrap_or("").chars().next();
            let role = if c == '文' {
                Role::Author
            } else {
                Role::Photographer
            };
            let whole = after.is_none_or(|a| a.is_whitespace() || "/／)）".contains(a));
            if matches!(before, Some('/' | '／')) && whole {
                out.push(Mark {
                    start: i,
                    end: i + c.len_utf8(),
                    role,
                    postfix: true,
                });
            } else if left_bounded && matches!(after, Some('/' | '／')) {
                out.push(Mark {
                    start: i,
                    end: i + c.len_utf8(),
                    role,
                    postfix: false,
                });
            }
        } else if let Some((m, role)) = POSTFIX_ROLES.iter().find(|(m, _)| rest.starts_with(m)) {
            let after = rest.get(m.len()..).unwrap_or("").chars().next();
            if before.is_some_and(|b| b.is_whitespace() || b == '/' || b == '／')
                && after.is_none_or(|a| a.is_whitespace() || ")）".contains(a))
            {
                out.push(Mark {
                    start: i,
                    end: i + m.len(),
                    role: *role,
                    postfix: true,
                });
                i += m.len();
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// The name tokens of a stretch of credit text.
fn names_in(s: &str) -> Vec<&str> {
    s.split(is_separator)
        .map(|t| t.trim_matches(|c: char| !is_han(c) && c != '·'))
        .filter(|t| is_credited_name(t) && !NOT_NAMES.contains(t))
        .collect()
}

fn push_unique(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_owned());
    }
}

fn credit(byline: &mut Byline, role: Role, name: &str) {
    match role {
        Role::Reporter => push_unique(&mut byline.reporters, name),
        Role::Correspondent => push_unique(&mut byline.correspondents, name),
        Role::Author => push_unique(&mut byline.authors, name),
        Role::Photographer => push_unique(&mut byline.photographers, name),
        Role::Compiler => push_unique(&mut byline.compilers, name),
        Role::AuthorAndPhotographer => {
            push_unique(&mut byline.authors, name);
            push_unique(&mut byline.photographers, name);
        }
    }
}

/// Parses credit text (an inline byline or byline lines) into a `Byline`.
pub fn parse_credits(raw: &str) -> Byline {
    let mut byline = Byline {
        raw: raw.to_owned(),
        ..Byline::default()
    };
    if let Some(name) = english_byline(raw) {
        byline.authors.push(name.to_owned());
        return byline;
    }
    let marks = marks(raw);
    let mut role: Option<Role> = None;
    let mut from = 0;
    for m in marks.iter().chain(std::iter::once(&Mark {
        start: raw.len(),
        end: raw.len(),
        role: Role::Author,
        postfix: false,
    })) {
        let gap = raw.get(from..m.start).unwrap_or("");
        let r = if m.postfix { Some(m.role) } else { role };
        if let Some(r) = r {
            for name in names_in(gap) {
                credit(&mut byline, r, name);
            }
        }
        if m.postfix {
            role = None;
        } else {
            role = Some(m.role);
        }
        from = m.end;
    }
    byline
}

/// `By Zhang San`: an English byline's name.
fn english_byline(s: &str) -> Option<&str> {
    let name = s.trim().strip_prefix("By ")?.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let ok = (1..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '.')
        });
    ok.then_some(name)
}

/// `株洲日报·掌上株洲讯` and the like are well under this.
const OUTLET_MAX_CHARS: usize = 24;

/// Lead-in outlets: `本报讯`, `株洲日报讯`, `株洲日报·掌上株洲讯`, `新华社北京4月25日电`.
fn is_outlet(s: &str) -> bool {
    let n = s.chars().count();
    (2..=OUTLET_MAX_CHARS).contains(&n)
        && !s.contains(char::is_whitespace)
        && ((s.ends_with('讯')
            && s.chars()
                .any(|c| matches!(c, '报' | '社' | '台' | '网' | '端' | '媒')))
            || (s.ends_with('电') && s.contains('社')))
}

/// Byte offset just past the byline of an inline lead, if `s` opens with one.
pub fn inline_byline_end(s: &str) -> Option<usize> {
    // `(株洲日报全媒体记者 刘琼) 近日,…`: a credit in brackets, then the lead.
    if s.starts_with(['(', '（']) {
        let close = s.find([')', '）'])?;
        let inner = s.get(..close).unwrap_or("");
        let end = close + s.get(close..).unwrap_or("").chars().next()?.len_utf8();
        let credited = !names_in(inner).is_empty() && marks(inner).iter().any(|m| !m.postfix);
        return (credited
            && !s.get(end..).unwrap_or("").trim().is_empty()
            && inner.chars().count() <= 60)
            .then_some(end);
    }
    // The outlet is short: look for its end among the first characters only.
    let outlet_end = s
        .char_indices()
        .take(OUTLET_MAX_CHARS + 1)
        .find(|&(_, c)| matches!(c, '(' | '（' | ' ' | '\u{3000}'))?
        .0;
    let outlet = s.get(..outlet_end).unwrap_or("");
    if !outlet.ends_with(['讯', '电']) || !is_outlet(outlet) {
        return None;
    }
    let after = s.get(outlet_end..).unwrap_or("");
    if after.starts_with(['(', '（']) {
        let close = after.find([')', '）'])?;
        let inner = after.get(..close).unwrap_or("");
        let has_role =
            PREFIX_ROLES.iter().any(|(m, _)| inner.contains(m)) || !marks(inner).is_empty();
        if inner.chars().count() > 60 || !has_role {
            return None;
        }
        return Some(
            outlet_end + close + after.get(close..).unwrap_or("").chars().next()?.len_utf8(),
        );
    }
    // `本报讯 记者张三 通讯员李四 4月25日,…`: role tokens up to the first other token.
    let mut end = outlet_end;
    let mut rest = after;
    let mut in_role = false;
    loop {
        let trimmed = rest.trim_start();
        let token_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let token = trimmed.get(..token_end).unwrap_or("");
        if token.is_empty() {
            break;
        }
        let role = PREFIX_ROLES.iter().find(|(m, _)| token.starts_with(m));
        let is_name_token = match role {
            Some((m, _)) => {
                let name = token
                    .get(m.len()..)
                    .unwrap_or("")
                    .trim_start_matches(['/', '／']);
                name.is_empty() || is_credited_name(name)
            }
            None => in_role && is_person_name(token),
        };
        if !is_name_token {
            break;
        }
        in_role = true;
        let consumed = rest.len() - trimmed.len() + token_end;
        end += consumed;
        rest = rest.get(consumed..).unwrap_or("");
    }
    Some(end)
}

/// A line that is nothing but a byline.
pub fn is_byline_line(s: &str) -> bool {
    if longer_than(s, 60)
        || s.chars()
            .any(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | ',' | '，' | '；'))
    {
        return false;
    }
    // Every role marker has one of these characters; 文 and 图 are markers only
    // beside a slash.
    let slash = s.contains('/') || s.contains('／');
    if !(slash
        || s.chars()
            .any(|c| matches!(c, '记' | '通' | '评' | '实' | '摄' | '整' | '编' | '供'))
        || s.starts_with("By "))
    {
        return false;
    }
    if english_byline(s).is_some() {
        return true;
    }
    let marks = marks(s);
    if marks.is_empty() {
        return false;
    }
    // Every stretch between markers is names (or, before the first marker in front
    // of names, the outlet: 株洲日报, 株洲日报·掌上株洲).
    let mut from = 0;
    let mut named = false;
    for (k, m) in marks.iter().enumerate() {
        let gap = s.get(from..m.start).unwrap_or("");
        let words: Vec<&str> = gap.split(is_separator).filter(|w| !w.is_empty()).collect();
        let outlet_ok = k == 0 && !m.postfix && words.len() <= 1;
        for w in &words {
            let name = is_credited_name(w) && !NOT_NAMES.contains(w);
            if !(name && (m.postfix || k > 0) || outlet_ok || NOT_NAMES.contains(w)) {
                return false;
            }
            named |= name && (m.postfix || k > 0);
        }
        // A marker in front needs a separator or a name right after it: `记者/王娜`,
        // `记者 王娜`, `记者王娜`, but not `记者梳理发现`.
        if !m.postfix {
            let after = s.get(m.end..).unwrap_or("");
            let next = marks.get(k + 1).map_or(s.len(), |x| x.start);
            let glued = s.get(m.end..next).unwrap_or("");
            let sep = after.starts_with(|c: char| is_separator(c));
            let glued_name = glued
                .split(is_separator)
                .next()
                .is_some_and(|t| t.is_empty() || is_person_name(t));
            if !sep && !glued_name {
                return false;
            }
        }
        from = m.end;
    }
    let tail = s.get(from..).unwrap_or("");
    for w in tail.split(is_separator).filter(|w| !w.is_empty()) {
        let last_prefix = marks.last().is_some_and(|m| !m.postfix);
        if !(last_prefix && is_credited_name(w) && !NOT_NAMES.contains(&w)) {
            return false;
        }
        named = true;
    }
    named
}

/// Whether a byline names who reported or wrote the story (not only who took the
/// pictures or compiled it): such a byline heads an article of its own.
pub fn names_writers(b: &Byline) -> bool {
    !b.reporters.is_empty() || !b.correspondents.is_empty() || !b.authors.is_empty()
}

/// A line crediting authors: `王建设`, `宋杰 刘蓉 李佳`, `退休教师 王金根`,
/// `湖南创林新材料科技有限公司 周业翔`. The last token is a name; an affiliation
/// may stand first.
pub fn is_author_line(s: &str) -> bool {
    let tokens: Vec<&str> = s.split_whitespace().collect();
    let Some((last, rest)) = tokens.split_last() else {
        return false;
    };
    if s.chars().count() > 30 || !is_person_name(last) {
        return false;
    }
    rest.iter().enumerate().all(|(i, t)| {
        is_person_name(t) || (i == 0 && t.chars().count() <= 20 && t.chars().all(is_han))
    })
}

/// The byline of a commentary or contribution: its author line, maybe under an
/// affiliation line (`湖南铁路科技职业技术学院` over `宋杰 刘蓉 李佳`). Affiliations
/// are kept as printed.
pub fn author_credit(lines: &[&str]) -> Byline {
    let mut byline = Byline {
        raw: lines.join("\n"),
        ..Byline::default()
    };
    let Some((names_line, above)) = lines.split_last() else {
        return byline;
    };
    for a in above {
        byline.affiliations.push((*a).to_owned());
    }
    let mut affiliation = Vec::new();
    for t in names_line.split_whitespace() {
        if is_person_name(t) {
            push_unique(&mut byline.authors, t);
        } else {
            affiliation.push(t);
        }
    }
    if !affiliation.is_empty() {
        byline.affiliations.push(affiliation.join(" "));
    }
    byline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_byline_in_every_outlet_form() {
        let s = "株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日,湖南省";
        let end = inline_byline_end(s).expect("inline byline");
        assert_eq!(
            s.get(..end).unwrap_or(""),
            "株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼)"
        );
        let s = "株洲日报·掌上株洲讯(记者/刘琼 通讯员/袁银)3月30日,市妇幼";
        let end = inline_byline_end(s).expect("inline byline");
        assert_eq!(s.get(end..).unwrap_or(""), "3月30日,市妇幼");
        let s = "本报讯 记者张三 通讯员李四 王五 4月25日,我市召开";
        let end = inline_byline_end(s).expect("inline byline");
        assert_eq!(
            s.get(..end).unwrap_or(""),
            "本报讯 记者张三 通讯员李四 王五"
        );
        let s = "(株洲日报全媒体记者 刘琼) 近日,省直中医院";
        let end = inline_byline_end(s).expect("bracketed credit");
        assert_eq!(s.get(end..).unwrap_or(""), " 近日,省直中医院");
        let s = "本报讯 4月25日,我市召开";
        assert_eq!(inline_byline_end(s), Some("本报讯".len()));
        assert_eq!(inline_byline_end("据了解(记者/刘琼)说"), None);
        assert_eq!(
            inline_byline_end("株洲联诚集团控股股份有限公司(以下简称联诚集团)现场"),
            None
        );
        assert_eq!(inline_byline_end("(以下简称联诚集团)现场"), None);
    }

    #[test]
    fn roles_are_split_even_without_spaces() {
        let b = parse_credits("株洲日报·掌上株洲记者/杨如通讯员/张莹");
        assert_eq!(b.reporters, ["杨如"]);
        assert_eq!(b.correspondents, ["张莹"]);
        let b = parse_credits("株洲日报全媒体记者/邓伟勇\n通讯员/廖肖宁 汤金毅 刘彦辰");
        assert_eq!(b.reporters, ["邓伟勇"]);
        assert_eq!(b.correspondents, ["廖肖宁", "汤金毅", "刘彦辰"]);
    }

    #[test]
    fn a_compiler_is_not_the_reporter() {
        let b = parse_credits("(株洲日报全媒体记者/胡文洁 整理)");
        assert_eq!(b.compilers, ["胡文洁"]);
        assert!(b.reporters.is_empty());
    }

    #[test]
    fn pictures_and_words_are_credited_apart() {
        let b = parse_credits("文/图 张三");
        assert_eq!(
            (b.authors.as_slice(), b.photographers.as_slice()),
            (&["张三".to_owned()][..], &["张三".to_owned()][..])
        );
        let b = parse_credits("张三/文 李四/图");
        assert_eq!(b.authors, ["张三"]);
        assert_eq!(b.photographers, ["李四"]);
        let b = parse_credits("记者 张威 摄");
        assert_eq!(b.photographers, ["张威"]);
        let b = parse_credits("本报记者 张三");
        assert_eq!(b.reporters, ["张三"]);
        let b = parse_credits("By Zhang San");
        assert_eq!(b.authors, ["Zhang San"]);
    }

    #[test]
    fn byline_lines_versus_text_mentioning_reporters() {
        for line in [
            "株洲日报全媒体记者/王娜",
            "通讯员/廖肖宁 汤金毅 刘彦辰",
            "(株洲日报全媒体记者/胡文洁 整理)",
            "本报记者 张三",
            "文/图 张三",
            "张三/文 李四/图",
            "记者 张威 摄",
            "株洲日报·掌上株洲记者/杨如通讯员/张莹",
            "By Zhang San",
        ] {
            assert!(is_byline_line(line), "{line}");
        }
        for line in [
            "记者3月21日沿芦淞路查看,仍未发现围挡里有施工迹象。",
            "记者梳理发现,大多数微建议都跟群",
            "记者梳理发现",
            "图文并茂",
            "文明城市 建设",
            "By the river",
        ] {
            assert!(!is_byline_line(line), "{line}");
        }
    }

    #[test]
    fn author_lines_need_a_name_last() {
        assert!(is_author_line("王建设"));
        assert!(is_author_line("宋杰 刘蓉 李佳"));
        assert!(is_author_line("退休教师 王金根"));
        assert!(is_author_line("湖南创林新材料科技有限公司 周业翔"));
        assert!(!is_author_line("看见 基层要情"));
        assert!(!is_author_line("天元区 开展防范非法集资宣传活动"));
        assert!(!is_author_line("农资送货上门 农产销往全国"));
    }

    #[test]
    fn affiliations_are_kept_as_printed() {
        let b = author_credit(&["茶陵县政协委员 刘益华"]);
        assert_eq!(b.authors, ["刘益华"]);
        assert_eq!(b.affiliations, ["茶陵县政协委员"]);
        let b = author_credit(&["湖南铁路科技职业技术学院", "宋杰 刘蓉 李佳"]);
        assert_eq!(b.authors, ["宋杰", "刘蓉", "李佳"]);
        assert_eq!(b.affiliations, ["湖南铁路科技职业技术学院"]);
    }
}
