//! Is this text Chinese, and if not, which legacy encoding were the bytes in?
//!
//! GB18030 maps almost every byte pair to some character, so "decodes without error"
//! says little: Big5 and EUC-KR text decode as GB18030 without a single error, into
//! mojibake. What does not survive the wrong decoding is *frequency*: real Chinese prose
//! is mostly common characters, and text decoded with the wrong table is a scatter of
//! rare ones. Measured on the bundled issues and on news-style samples in each language
//! (`tests/decode.rs` prints the figures; run it with `--nocapture`):
//!
//! | text, decoded as GB18030          | share of its Han chars in [`COMMON_HANZI`] |
//! |-----------------------------------|--------------------------------------------|
//! | the five bundled 株洲日报 issues   | 0.91 – 0.94                                |
//! | a simplified-Chinese news sample  | 0.96                                       |
//! | EUC-JP (Japanese)                 | 0.33, and kana (no Chinese prose has them)  |
//! | EUC-KR (Korean)                   | 0.28                                       |
//! | Big5 (traditional Chinese)        | 0.14                                       |
//! | Shift_JIS (Japanese)              | 0.00                                       |
//!
//! so [`MIN_COMMON_SHARE`] = 0.5 sits well clear of both sides, and text with kana in
//! it is never taken for Chinese. With fewer than [`MIN_HAN_FOR_SHARE`] Han chars a
//! share says little, and the weaker test is that most of them are in GB2312's level 1
//! (the 3,755 everyday characters, byte rows 0xB0–0xD7). Only the first
//! [`SAMPLE_CHARS`] chars are looked at: plenty to judge by, and a 200 MB file costs no
//! more than a small one.
//!
//! For bytes that are not plausible Chinese in GB18030, [`suspect`] names the likely
//! encoding from the script the bytes decode to in it: kana for Japanese, Hangul
//! syllables for Korean, Big5's own "frequently used" block for traditional Chinese.

use encoding_rs::{BIG5, EUC_JP, EUC_KR, Encoding, GB18030, SHIFT_JIS};
use std::sync::OnceLock;

/// At least this share of the Han chars must be common ones for GB18030 text to count as
/// Chinese (see the module table for the measurements behind it).
pub const MIN_COMMON_SHARE: f64 = 0.5;

/// With fewer Han chars than this, the share of common ones is too noisy to judge by
/// (10 Korean syllables read as GB18030 reach 0.5 by chance about one time in ten; 10
/// Chinese characters fall below it about one time in five thousand).
pub const MIN_HAN_FOR_SHARE: usize = 10;

/// Chars of a text looked at to judge it.
pub const SAMPLE_CHARS: usize = 512 * 1024;

/// Kana per wide char above which text is Japanese, not Chinese (Chinese prose has none;
/// Japanese has a third or more).
const MAX_KANA_IN_CHINESE: f64 = 0.05;

/// About the 1,000 most frequent characters of modern written Chinese (simplified), which
/// cover roughly nine tenths of running newspaper text. Order does not matter; repeats
/// are harmless.
const COMMON_HANZI: &str = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得\
于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心\
她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并\
物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿\
原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感\
建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像\
难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运\
笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流\
备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研\
写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随\
选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族\
供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值\
仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若\
哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲\
射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊\
超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥\
索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾\
吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗\
藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡\
鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇\
肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥\
徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申\
缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸\
摩盟末乃悲拍丁赵尾";

/// CJK Unified Ideographs, the block [`COMMON_HANZI`] lives in.
const HAN_BLOCK: std::ops::RangeInclusive<u32> = 0x4E00..=0x9FFF;

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// One bit per char of [`HAN_BLOCK`]: set for the common ones.
fn common_set() -> &'static [u64] {
    static SET: OnceLock<Vec<u64>> = OnceLock::new();
    SET.get_or_init(|| {
        let size = HAN_BLOCK.end() - HAN_BLOCK.start() + 1;
        let mut bits = vec![0u64; (size as usize).div_ceil(64)];
        for c in COMMON_HANZI.chars() {
            if let Some(k) = u32::from(c).checked_sub(*HAN_BLOCK.start())
                && let Some(word) = bits.get_mut(k as usize / 64)
            {
                *word |= 1 << (k % 64);
            }
        }
        bits
    })
}

fn is_common(c: char) -> bool {
    u32::from(c)
        .checked_sub(*HAN_BLOCK.start())
        .and_then(|k| {
            common_set()
                .get(k as usize / 64)
                .map(|w| w >> (k % 64) & 1 == 1)
        })
        .unwrap_or(false)
}

/// How Chinese a decoded text looks: its Han chars, and how many are common ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HanCount {
    pub han: usize,
    pub common: usize,
}

impl HanCount {
    /// Counts the first [`SAMPLE_CHARS`] chars of `text`.
    pub fn of(text: &str) -> HanCount {
        let mut count = HanCount::default();
        for c in sample(text).filter(|&c| is_han(c)) {
            count.han += 1;
            count.common += usize::from(is_common(c));
        }
        count
    }

    /// The share of Han chars that are common, 0 when there are none.
    pub fn share(&self) -> f64 {
        if self.han == 0 {
            0.0
        } else {
            self.common as f64 / self.han as f64
        }
    }
}

/// Whether `text`, decoded from GB18030, reads as Chinese (see the module docs).
pub fn plausible_chinese(text: &str) -> bool {
    let (wide, kana) = sample(text)
        .filter(|c| !c.is_ascii())
        .fold((0usize, 0usize), |(wide, kana), c| {
            (wide + 1, kana + usize::from(is_kana(c)))
        });
    if kana as f64 > MAX_KANA_IN_CHINESE * wide as f64 {
        return false;
    }
    let count = HanCount::of(text);
    if count.han >= MIN_HAN_FOR_SHARE {
        return count.share() >= MIN_COMMON_SHARE;
    }
    // Too few to judge by frequency: most of them must be everyday characters.
    let level_1 = sample(text)
        .filter(|&c| is_han(c) && in_gb2312_level_1(c))
        .count();
    count.han > 0 && level_1 * 2 >= count.han
}

fn sample(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().take(SAMPLE_CHARS)
}

/// Hiragana and katakana, without the middle dot and prolonged sound mark that Chinese
/// text borrows now and then.
fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}')
}

fn in_gb2312_level_1(c: char) -> bool {
    let mut buf = [0; 4];
    let (bytes, _, _) = GB18030.encode(c.encode_utf8(&mut buf));
    matches!(*bytes, [0xB0..=0xD7, 0xA1..=0xFE])
}

/// An encoding zzread recognises but does not read, with what to tell the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspect {
    /// The encoding's usual name: `Big5`, `Shift_JIS`, `EUC-JP`, `EUC-KR`.
    pub name: &'static str,
    /// The language it is used for, for the message.
    pub language: &'static str,
    /// The name `iconv -f` knows it by.
    pub iconv: &'static str,
}

/// The legacy CJK encoding `bytes` are most likely in, if any: the first of Shift_JIS,
/// EUC-JP, EUC-KR and Big5 that decodes them with at most `allowed_errors` errors into
/// that language's own script. Japanese first because kana are unmistakable; Korean
/// before Big5 because Hangul bytes also decode cleanly as Big5, while Big5 bytes are
/// full of errors as EUC-KR.
pub fn suspect(bytes: &[u8], allowed_errors: usize) -> Option<Suspect> {
    let candidates: [Candidate; 4] = [
        (SHIFT_JIS, japanese("Shift_JIS", "SHIFT_JIS"), mostly_kana),
        (EUC_JP, japanese("EUC-JP", "EUC-JP"), mostly_kana),
        (
            EUC_KR,
            Suspect {
                name: "EUC-KR",
                language: "Korean",
                iconv: "EUC-KR",
            },
            mostly_hangul,
        ),
        (
            BIG5,
            Suspect {
                name: "Big5",
                language: "traditional Chinese",
                iconv: "BIG5",
            },
            mostly_big5_common,
        ),
    ];
    candidates
        .into_iter()
        .find(|(encoding, _, fits)| {
            let (text, errors) = decode_counting_errors(encoding, bytes);
            errors <= allowed_errors && fits(&text)
        })
        .map(|(_, suspect, _)| suspect)
}

/// An encoding, what to call it, and whether decoded text is in its language's script.
type Candidate = (&'static Encoding, Suspect, fn(&str) -> bool);

fn japanese(name: &'static str, iconv: &'static str) -> Suspect {
    Suspect {
        name,
        language: "Japanese",
        iconv,
    }
}

fn decode_counting_errors(encoding: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let errors = text.matches('\u{FFFD}').count();
    (text.into_owned(), errors)
}

/// Fewer non-ASCII chars than this are too few to name an encoding by.
const MIN_WIDE_TO_NAME: usize = 8;

/// The wide (non-ASCII) chars of `text`, the ones a legacy encoding is about.
fn wide(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| !c.is_ascii())
}

/// Japanese prose is a third or more kana; no other text decodes to full-width kana.
fn mostly_kana(text: &str) -> bool {
    let (all, kana) = wide(text).fold((0, 0), |(all, kana), c| {
        (all + 1, kana + usize::from(is_kana(c)))
    });
    all >= MIN_WIDE_TO_NAME && kana * 5 >= all
}

/// Korean prose is nearly all Hangul syllables.
fn mostly_hangul(text: &str) -> bool {
    let (all, hangul) = wide(text).fold((0, 0), |(all, hangul), c| {
        (
            all + 1,
            hangul + usize::from(matches!(c, '\u{ac00}'..='\u{d7a3}')),
        )
    });
    all >= MIN_WIDE_TO_NAME && hangul * 2 >= all
}

/// Traditional Chinese prose is mostly Big5's "frequently used" block (0xA440–0xC67E,
/// 5,401 characters).
fn mostly_big5_common(text: &str) -> bool {
    let mut buf = [0; 4];
    let (han, common) = text
        .chars()
        .filter(|&c| is_han(c))
        .fold((0, 0), |(han, common), c| {
            let (bytes, _, _) = BIG5.encode(c.encode_utf8(&mut buf));
            let code = match *bytes {
                [lead, trail] => u16::from_be_bytes([lead, trail]),
                _ => 0,
            };
            (
                han + 1,
                common + usize::from((0xA440..=0xC67E).contains(&code)),
            )
        });
    han >= MIN_WIDE_TO_NAME && common * 2 >= han
}
