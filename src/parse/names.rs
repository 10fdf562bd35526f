//! Personal names, recognised without a name dictionary: a common surname followed by
//! one or two given-name characters (or a compound surname and one or two more).

use super::charset::CharSet;
use crate::text::is_han;

/// Common Chinese surnames; a 2–3 character token starting with one reads as a name.
static SURNAMES: CharSet = CharSet::new(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由旷",
);
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "令狐", "宇文", "长孙", "慕容",
    "司徒", "夏侯", "端木", "轩辕",
];

/// A character that is a common surname.
pub fn is_surname(c: char) -> bool {
    SURNAMES.contains(c)
}

/// `王娜`, `邓伟勇`, `欧阳修文`: a surname and a short given name.
pub fn is_person_name(t: &str) -> bool {
    let n = t.chars().count();
    if !(2..=4).contains(&n) || !t.chars().all(is_han) {
        return false;
    }
    if COMPOUND_SURNAMES.iter().any(|s| t.starts_with(s)) {
        return n >= 3;
    }
    n <= 3 && t.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// A token that can stand for a name in a credit whose role is printed: two to five
/// Han characters (minority and transliterated names run longer, `·` joins them).
pub fn is_credited_name(t: &str) -> bool {
    let n = t.chars().filter(|&c| c != '·').count();
    let max = if t.contains('·') { 10 } else { 5 };
    (2..=max).contains(&n)
        && t.chars().all(|c| is_han(c) || c == '·')
        && !t.starts_with('·')
        && !t.ends_with('·')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_need_a_surname_and_a_short_given_name() {
        for name in ["王娜", "邓伟勇", "欧阳修文", "旷昆红"] {
            assert!(is_person_name(name), "{name}");
        }
        for not in ["基层要情", "开展", "欧阳", "王"] {
            assert!(!is_person_name(not), "{not}");
        }
        assert!(is_credited_name("雷蕾一鸣"));
        assert!(is_credited_name("阿卜杜·热合曼"));
        assert!(!is_credited_name("·热合曼"));
    }
}
