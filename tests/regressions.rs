//! The three passages issue 10 quotes from the bundled issues, which read as nonsense
//! before: each must read as the paper printed it. (The parser has no rule naming
//! these texts; they are fixed by the seam evidence in parse::evidence and
//! parse::seams. These tests only pin the outcome.)

use zzread::model::{Article, Issue, ParagraphKind};

fn seed(prefix: &str) -> Issue {
    let source = zzread::load::bundled()
        .into_iter()
        .find(|s| s.id.starts_with(prefix))
        .expect("bundled sample");
    zzread::archive::load_issue(&source, Some(zzread::words::jieba())).expect("loads")
}

fn article<'a>(issue: &'a Issue, title: &str) -> &'a Article {
    issue
        .articles
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article {title}"))
}

fn texts(a: &Article) -> Vec<&str> {
    a.paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Text)
        .map(|p| p.text.as_str())
        .collect()
}

fn holds(a: &Article, needle: &str) -> bool {
    texts(a).iter().any(|t| t.contains(needle))
}

#[test]
fn a_cut_line_is_not_glued_to_a_line_of_another_story_printed_beside_it() {
    let issue = seed("000");
    let feature = article(&issue, "株洲选调生用星火点燃希望之光");
    let jump = article(&issue, "◀上接01版");
    let all: Vec<&str> = issue.articles.iter().flat_map(texts).collect();
    assert!(
        !all.iter().any(|t| t.contains("里面包括各市政协")),
        "…各 | 市政协… glued"
    );
    assert!(
        texts(feature).iter().any(|t| t.ends_with("里面包括各")),
        "the cut line stays a paragraph end: its continuation is not in the dump"
    );
    for stray in [
        "市政协委员邓志军建议",
        "“禄口优鲜”是深口区",
        "教育帮扶作用持续发挥",
    ] {
        assert!(holds(jump, stray), "{stray} belongs to the 政协 story");
        assert!(
            !holds(feature, stray),
            "{stray} is not part of the 选调生 feature"
        );
    }
    assert!(
        holds(
            jump,
            "委员们通过教育帮扶反映的不仅有农食行问题,也涉及产业发展。"
        ),
        "a sentence fragment is joined to its partner, not shown as a sub-head"
    );
    assert!(
        !feature
            .paragraphs
            .iter()
            .any(|p| p.kind == ParagraphKind::Subhead && p.text.starts_with("委员们"))
    );
    assert!(holds(
        jump,
        "记者梳理发现,大多数微建议都跟群众生活息息相关。"
    ));
    assert!(
        jump.paragraphs
            .iter()
            .any(|p| p.kind == ParagraphKind::Subhead && p.text == "这些微建议发挥了作用"),
        "the sub-head is not fused into the text under it"
    );
}

#[test]
fn cut_paragraphs_rejoin_their_own_partners_not_their_neighbours() {
    let issue = seed("003");
    let all: Vec<&str> = issue.articles.iter().flat_map(texts).collect();
    assert!(
        !all.iter().any(|t| t.contains("直属各余场")),
        "two cut paragraphs swapped partners"
    );
    assert!(
        all.iter()
            .any(|t| t.contains("开展主题活动1300余场,投入资金3000余万元"))
    );
    assert!(all.iter().any(|t| t.contains("直属各单位参与的工作专班")));
    assert!(
        !all.iter().any(|t| t.starts_with("单位参与")),
        "no headless paragraph left"
    );
    assert!(
        !all.iter().any(|t| t.ends_with("开展主题活动1300")),
        "no dangling figure left"
    );
}

#[test]
fn the_start_of_a_sentence_is_not_a_sub_head() {
    let issue = seed("002");
    let a = article(&issue, "上转下沉,让基层百姓看病不难");
    assert!(holds(a, "达媚医生操作的数字医联体平台由市中心医院牵头打造"));
    assert!(
        !a.paragraphs
            .iter()
            .any(|p| p.kind == ParagraphKind::Subhead && p.text.starts_with("达媚"))
    );
}
