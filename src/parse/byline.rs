//! Bylines: who wrote, reported and contributed, in the shapes this paper prints.
//!
//! - inline, in front of the lead: `株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日,…`
//! - standalone lines: `株洲日报全媒体记者/王娜`, `通讯员/廖肖宁 汤金毅`, `(…记者/胡文洁 整理)`
//! - author lines under a commentary or contribution: `王建设`, `退休教师 王金根`
//!
//! Roles are read from their markers (记者/, 通讯员/…); authors are recognised as
//! personal names, with a table of common surnames standing in for a name dictionary.

use super::classify::is_cjk;
use crate::model::Byline;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Reporter,
    Correspondent,
    Author,
}

/// Role markers, longest first so that 特约通讯员 wins over 通讯员.
const ROLES: &[(&str, Role)] = &[
    ("特约通讯员", Role::Correspondent),
    ("全媒体记者", Role::Reporter),
    ("特约评论员", Role::Author),
    ("特约记者", Role::Reporter),
    ("首席记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Reporter),
    ("评论员", Role::Author),
    ("记者", Role::Reporter),
];

/// Words that sit among names in a credit but are not names.
const NOT_NAMES: &[&str] = &[
    "整理", "报道", "摄影", "供图", "编辑", "综合", "采写", "撰文", "执笔",
];

/// Byte offset just past the parenthesised byline of an inline lead, if `s` opens
/// with one: an outlet name ending in 讯 or 电, then `(…记者/…)`.
pub fn inline_byline_end(s: &str) -> Option<usize> {
    let open = s.find(['(', '（'])?;
    let outlet = s.get(..open)?;
    let outlet_len = outlet.chars().count();
    if outlet_len == 0 || outlet_len > 24 || !outlet.ends_with(['讯', '电']) {
        return None;
    }
    let after = s.get(open..)?;
    let close = after.find([')', '）'])?;
    let inner = after.get(..close)?;
    if inner.chars().count() > 60 || !has_role(inner) {
        return None;
    }
    let close_len = after.get(close..)?.chars().next()?.len_utf8();
    Some(open + close + close_len)
}

/// A line that is nothing but a byline.
pub fn is_byline_line(s: &str) -> bool {
    let n = s.chars().count();
    if n > 60 || s.contains(['。', '！', '？', '!', '?', ',', '，', '；']) {
        return false;
    }
    // A role followed by a slash, or (in a short line) by a space and a name.
    ROLES.iter().any(|(marker, _)| {
        s.match_indices(marker).any(|(i, _)| {
            let after = s.get(i + marker.len()..).unwrap_or("");
            after.starts_with(['/', '／'])
                || (n <= 30 && after.starts_with(char::is_whitespace) && {
                    let name = after.trim_start();
                    name.chars().next().is_some_and(is_cjk)
                })
        })
    })
}

fn has_role(s: &str) -> bool {
    ROLES.iter().any(|(m, _)| s.contains(m))
}

/// Parses credit text (an inline byline or byline lines) into a `Byline`.
pub fn parse_credits(raw: &str) -> Byline {
    let mut byline = Byline {
        raw: raw.to_owned(),
        ..Byline::default()
    };
    // Find every role marker, then the names between it and the next marker.
    let mut marks: Vec<(usize, usize, Role)> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let rest = raw.get(i..).unwrap_or("");
        if let Some((m, role)) = ROLES.iter().find(|(m, _)| rest.starts_with(m)) {
            marks.push((i, i + m.len(), *role));
            i += m.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    for (k, &(_, end, role)) in marks.iter().enumerate() {
        let stop = marks.get(k + 1).map_or(raw.len(), |m| m.0);
        let names = raw.get(end..stop).unwrap_or("");
        for name in name_tokens(names) {
            let list = match role {
                Role::Reporter => &mut byline.reporters,
                Role::Correspondent => &mut byline.correspondents,
                Role::Author => &mut byline.authors,
            };
            if !list.contains(&name) {
                list.push(name);
            }
        }
    }
    byline
}

fn name_tokens(s: &str) -> Vec<String> {
    s.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '/' | '／' | '、' | ',' | '，' | '(' | ')' | '（' | '）' | ':' | '：'
            )
    })
    .map(|t| t.trim_matches(|c: char| !is_cjk(c) && c != '·'))
    .filter(|t| {
        let n = t.chars().count();
        (2..=5).contains(&n) && !NOT_NAMES.contains(t) && t.chars().all(|c| is_cjk(c) || c == '·')
    })
    .map(str::to_owned)
    .collect()
}

/// Common Chinese surnames; a 2–4 character token starting with one reads as a name.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "令狐", "宇文", "长孙", "慕容",
    "司徒", "夏侯", "端木", "轩辕",
];

pub fn is_person_name(t: &str) -> bool {
    let n = t.chars().count();
    if !(2..=4).contains(&n) || !t.chars().all(is_cjk) {
        return false;
    }
    if COMPOUND_SURNAMES.iter().any(|s| t.starts_with(s)) {
        return n >= 3;
    }
    n <= 3 && t.chars().next().is_some_and(|c| SURNAMES.contains(c))
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
        is_person_name(t) || (i == 0 && t.chars().count() <= 20 && t.chars().all(is_cjk))
    })
}

/// The names on an author line (affiliations dropped).
pub fn author_names(s: &str) -> Vec<String> {
    s.split_whitespace()
        .filter(|t| is_person_name(t))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_byline_in_both_outlet_forms() {
        let s = "株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼) 6月22日,湖南省";
        let end = inline_byline_end(s).expect("inline byline");
        assert_eq!(
            s.split_at(end).0,
            "株洲日报讯(全媒体记者/刘琼 通讯员/谭盼盼)"
        );
        let s = "株洲日报·掌上株洲讯(记者/刘琼 通讯员/袁银)3月30日,市妇幼";
        let end = inline_byline_end(s).expect("inline byline");
        assert_eq!(s.split_at(end).1, "3月30日,市妇幼");
        assert_eq!(inline_byline_end("据了解(记者/刘琼)说"), None);
        assert_eq!(
            inline_byline_end("株洲联诚集团控股股份有限公司(以下简称联诚集团)现场"),
            None
        );
    }

    #[test]
    fn roles_are_split_even_without_spaces() {
        let b = parse_credits("株洲日报·掌上株洲记者/杨如通讯员/张莹");
        assert_eq!(b.reporters, ["杨如"]);
        assert_eq!(b.correspondents, ["张莹"]);
        let b = parse_credits("株洲日报全媒体记者/邓伟勇\n通讯员/廖肖宁 汤金毅 刘彦辰");
        assert_eq!(b.reporters, ["邓伟勇"]);
        assert_eq!(b.correspondents, ["廖肖宁", "汤金毅", "刘彦辰"]);
        let b = parse_credits("(株洲日报全媒体记者/胡文洁 整理)");
        assert_eq!(b.reporters, ["胡文洁"]);
    }

    #[test]
    fn byline_lines_versus_text_mentioning_reporters() {
        assert!(is_byline_line("株洲日报全媒体记者/王娜"));
        assert!(is_byline_line("通讯员/廖肖宁 汤金毅 刘彦辰"));
        assert!(is_byline_line("(株洲日报全媒体记者/胡文洁 整理)"));
        assert!(is_byline_line("本报记者 张三"));
        assert!(!is_byline_line(
            "记者3月21日沿芦淞路查看,仍未发现围挡里有施工迹象。"
        ));
        assert!(!is_byline_line("记者梳理发现,大多数微建议都跟群"));
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
        assert_eq!(author_names("茶陵县政协委员 刘益华"), ["刘益华"]);
    }
}
