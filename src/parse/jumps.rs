//! Jump markers: where an article continues from (`◀上接01版`) or on (`(下转02版)`).
//!
//! The paper prints them in many shapes: 01版, 1版, 第1版, 第一版, A1版; behind ◀ or
//! before ▶, in ( ) or （ ）, with a circled number (①) when one page sends several
//! articles to the same page. The page is kept as printed but with Arabic digits, and
//! the circled number is kept with it, because it is what pairs the two halves.

/// Which way a marker points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 上接: this text continues an article begun on another page.
    From,
    /// 下转: this article continues on another page.
    To,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jump {
    pub direction: Direction,
    /// `01版`, `A1版`, `1版①`.
    pub page: String,
    /// Byte range of the marker in the line (with the blank in front of a trailing one).
    pub start: usize,
    pub end: usize,
}

const OPENERS: &[char] = &['◀', '◁', '▶', '▷', '<', '(', '（', '[', '【', '〔'];
const CLOSERS: &[char] = &[')', '）', ']', '】', '〕', '▶', '▷', '◀', '◁', '>'];

/// A 上接 marker opening the line: `◀上接01版…`, `(上接第一版)…`, `上接01版①…`.
pub fn leading_from(s: &str) -> Option<Jump> {
    let jump = marker_at(s, 0)?;
    (jump.direction == Direction::From).then_some(jump)
}

/// A 下转 marker closing the line: `…发展。(下转02版)`, `▶下转A2版①`, or the whole line.
pub fn trailing_to(s: &str) -> Option<Jump> {
    let body = s.trim_end();
    // A marker ends in 版, a circled number or a closing bracket or arrow: most
    // lines are spared the search for 转.
    let last = body.chars().next_back()?;
    if last != '版' && !('①'..='⑳').contains(&last) && !CLOSERS.contains(&last) {
        return None;
    }
    let turn = body.rfind('转')?;
    // Back up over 下 and the decorations in front of the marker.
    let mut start = turn;
    if body.get(..start).is_some_and(|b| b.ends_with('下')) {
        start -= '下'.len_utf8();
    }
    while let Some(c) = body.get(..start).and_then(|b| b.chars().next_back()) {
        if !OPENERS.contains(&c) && !c.is_whitespace() {
            break;
        }
        start -= c.len_utf8();
    }
    let jump = marker_at(body, start)?;
    (jump.direction == Direction::To && jump.end == body.len()).then_some(jump)
}

/// Parses a marker starting at byte `at`.
fn marker_at(s: &str, at: usize) -> Option<Jump> {
    let tail = s.get(at..)?;
    let lead = tail.len() - tail.trim_start_matches(|c: char| c.is_whitespace()).len();
    let mut rest = tail.get(lead..)?;
    let before = rest.len();
    rest = rest.trim_start_matches(OPENERS);
    let bracketed = rest.len() < before;
    let (direction, after) = if let Some(r) = rest.strip_prefix("上接") {
        (Direction::From, r)
    } else if let Some(r) = rest.strip_prefix("下转") {
        (Direction::To, r)
    } else if let Some(r) = rest.strip_prefix('接').filter(|_| bracketed) {
        (Direction::From, r)
    } else if let Some(r) = rest.strip_prefix('转').filter(|_| bracketed) {
        (Direction::To, r)
    } else {
        return None;
    };
    let after = after.strip_prefix('第').unwrap_or(after);
    let (number, after) = page_number(after)?;
    let after = after.strip_prefix('版')?;
    let tag = after.chars().next().filter(|c| ('①'..='⑳').contains(c));
    let after = tag.map_or(after, |t| after.get(t.len_utf8()..).unwrap_or(""));
    let after = after.trim_start_matches(CLOSERS);
    let end = s.len() - after.len();
    let mut page = number;
    page.push('版');
    if let Some(t) = tag {
        page.push(t);
    }
    Some(Jump {
        direction,
        page,
        start: at,
        end,
    })
}

/// `01`, `A1`, `一`, `十二` (and full-width digits) at the start of `s`: the page
/// number with Arabic digits, and what follows.
fn page_number(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut rest = s;
    if let Some(c) = rest.chars().next().filter(char::is_ascii_alphabetic) {
        out.push(c.to_ascii_uppercase());
        rest = rest.get(1..).unwrap_or("");
    }
    let digits: String = rest
        .chars()
        .map_while(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_digit(u32::from(c) - u32::from('０'), 10),
            _ => None,
        })
        .collect();
    if !digits.is_empty() {
        if digits.chars().count() > 3 {
            return None;
        }
        let used: usize = rest
            .chars()
            .take(digits.chars().count())
            .map(char::len_utf8)
            .sum();
        out.push_str(&digits);
        return Some((out, rest.get(used..).unwrap_or("")));
    }
    if !out.is_empty() {
        return None;
    }
    let numeral: String = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十〇零".contains(*c))
        .collect();
    let value = chinese_number(&numeral)?;
    Some((value.to_string(), rest.get(numeral.len()..).unwrap_or("")))
}

/// 一 … 九十九, as printed in page numbers.
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [] => None,
        ['零'] => Some(0),
        [d] if *d != '十' => digit(*d),
        ['十'] => Some(10),
        ['十', d] => digit(*d).map(|d| 10 + d),
        [t, '十'] => digit(*t).map(|t| t * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        _ => None,
    }
}

/// A page reference split for comparison: (letter, number, circled tag); `01版` and
/// `1版` and `第一版` are the same page.
pub fn page_key(page: &str) -> Option<(Option<char>, u32, Option<char>)> {
    let letter = page.chars().next().filter(char::is_ascii_alphabetic);
    let rest = letter.map_or(page, |c| page.get(c.len_utf8()..).unwrap_or(""));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let tag = page.chars().last().filter(|c| ('①'..='⑳').contains(c));
    Some((letter, number, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(s: &str) -> Option<(String, &str)> {
        leading_from(s).map(|j| (j.page, s.get(j.end..).unwrap_or("")))
    }

    fn to(s: &str) -> Option<(String, &str)> {
        trailing_to(s).map(|j| (j.page, s.get(..j.start).unwrap_or("")))
    }

    #[test]
    fn continued_from_in_every_printed_shape() {
        assert_eq!(from("◀上接01版“微建议”"), Some(("01版".into(), "“微建议”")));
        assert_eq!(
            from("上接01版① 闲置土地"),
            Some(("01版①".into(), " 闲置土地"))
        );
        assert_eq!(from("(上接第2版)"), Some(("2版".into(), "")));
        assert_eq!(from("（上接第一版）正文"), Some(("1版".into(), "正文")));
        assert_eq!(from("上接A1版"), Some(("A1版".into(), "")));
        assert_eq!(from("(接第十二版)"), Some(("12版".into(), "")));
        assert_eq!(from("上接１版"), Some(("1版".into(), "")));
        assert_eq!(from("上接下文"), None);
        assert_eq!(from("接01版"), None, "a bare 接 is a verb");
        assert_eq!(from("他说上接01版"), None);
    }

    #[test]
    fn continued_to_closes_the_line() {
        assert_eq!(
            to("推动高质量发展。(下转02版)"),
            Some(("02版".into(), "推动高质量发展。"))
        );
        assert_eq!(to("▶下转A2版①"), Some(("A2版①".into(), "")));
        assert_eq!(to("企业的 （下转第三版）"), Some(("3版".into(), "企业的")));
        assert_eq!(to("(转02版)"), Some(("02版".into(), "")));
        assert_eq!(to("下转02版的文字还在后面"), None);
        assert_eq!(to("转02版"), None, "a bare 转 is a verb");
    }

    #[test]
    fn page_keys_compare_printed_forms() {
        assert_eq!(page_key("01版"), page_key("1版"));
        assert_eq!(page_key("01版①"), Some((None, 1, Some('①'))));
        assert_eq!(page_key("A1版"), Some((Some('A'), 1, None)));
        assert_eq!(page_key("版"), None);
    }
}
