//! The samples in data/samples/: title blocks, headings, paragraph and
//! sentence counts, all checked by hand against the files.

mod common;

use common::{check_invariants, t};
use yuelan::model::{Document, Duplicate, Format, HeadingKind, Unit};
use yuelan::source::{SAMPLES, sample_document};

/// `(heading, detail, kind, level, parent, paragraphs, sentences)` per section.
type Row<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    HeadingKind,
    u8,
    Option<usize>,
    usize,
    usize,
);

fn rows(doc: &Document) -> Vec<Row<'_>> {
    doc.sections
        .iter()
        .map(|s| {
            let sents = doc.paragraphs[s.paragraphs.clone()]
                .iter()
                .map(|p| p.sentences.len())
                .sum();
            (
                s.heading.map(|h| t(doc, h)),
                s.heading_detail.map(|h| t(doc, h)),
                s.kind,
                s.level,
                s.parent,
                s.paragraphs.len(),
                sents,
            )
        })
        .collect()
}

fn sentences(doc: &Document) -> Vec<&str> {
    doc.sentences.iter().map(|s| t(doc, s.span)).collect()
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().map(|p| t(doc, p.span)).collect()
}

use HeadingKind::{Lead, Markdown, Numbered, Subheading};

#[test]
fn every_sample_is_consistent() {
    for i in 0..SAMPLES.len() {
        check_invariants(&sample_document(i));
    }
}

#[test]
fn feature_article() {
    let doc = sample_document(0);
    assert_eq!(doc.title.map(|s| t(&doc, s)), Some("小镇电商里的“新农人”"));
    assert_eq!(
        doc.subtitle.map(|s| t(&doc, s)),
        Some("——青禾县三年培育两千多家农村电商经营主体")
    );
    assert_eq!(
        doc.byline.map(|s| t(&doc, s)),
        Some("本报记者 宋雨晴 通讯员 贺明轩")
    );
    assert_eq!(doc.kicker, None);
    assert_eq!(
        rows(&doc),
        [
            (None, None, Lead, 0, None, 2, 4),
            (
                Some("从“卖得出”到“卖得好”，品牌成了新抓手"),
                None,
                Subheading,
                1,
                None,
                3,
                4
            ),
            (
                Some("破题"),
                Some("让数据多跑路，让农民少跑腿"),
                Subheading,
                1,
                None,
                3,
                5
            ),
            (Some("人才回流带来新活力"), None, Subheading, 1, None, 3, 6),
            (Some("冷链短板仍待补齐"), None, Subheading, 1, None, 2, 5),
        ]
    );
    // 21 non-empty lines: 3 title-block lines, 5 heading lines, 13 paragraphs.
    assert_eq!(doc.paragraphs.len(), 13);
    let s = sentences(&doc);
    assert_eq!(s.len(), 24);
    assert_eq!(
        s[2],
        "据青禾县商务局统计，２０２３年全县农村网络零售额达到3.2亿元，同比增长12.5%，带动近3万人就业。"
    );
    assert!(s.contains(&"“我们希望让数据多跑路，让农民少跑腿。”他说。"));
    assert!(s.contains(
        &"“刚开始直播时，一晚上只有十几个人看。”苏晓棠笑着说，“现在每晚都有上万人在线！”"
    ));
    assert!(doc.duplicates.is_empty(), "{:?}", doc.duplicates);
}

#[test]
fn report_with_numbered_headings() {
    let doc = sample_document(1);
    assert_eq!(
        doc.title.map(|s| t(&doc, s)),
        Some("关于2023年度全市中小企业服务工作情况的报告")
    );
    assert_eq!(
        doc.subtitle.map(|s| t(&doc, s)),
        Some("——2024年1月16日在临江市人大常委会第十二次会议上")
    );
    assert_eq!(doc.byline, None);
    assert_eq!(
        rows(&doc),
        [
            (None, None, Lead, 0, None, 2, 2),
            (Some("一、主要工作及成效"), None, Numbered, 1, None, 1, 2),
            (
                Some("（一）惠企政策落实有力"),
                None,
                Numbered,
                2,
                Some(1),
                2,
                3
            ),
            (
                Some("（二）融资服务持续加强"),
                None,
                Numbered,
                2,
                Some(1),
                1,
                1
            ),
            (
                Some("（三）公共服务平台更加完善"),
                None,
                Numbered,
                2,
                Some(1),
                1,
                1
            ),
            (Some("二、存在的主要问题"), None, Numbered, 1, None, 1, 3),
            (Some("三、2024年工作打算"), None, Numbered, 1, None, 0, 0),
            (
                Some("（一）持续优化营商环境"),
                None,
                Numbered,
                2,
                Some(6),
                0,
                0
            ),
            (
                Some("1.深化“一网通办”改革"),
                None,
                Numbered,
                3,
                Some(7),
                1,
                1
            ),
            (
                Some("2. 扩大政府采购支持"),
                None,
                Numbered,
                3,
                Some(7),
                1,
                1
            ),
            (Some("（二）强化要素保障"), None, Numbered, 2, Some(6), 5, 5),
        ]
    );
    let p = paragraphs(&doc);
    // U+3000 indentation is not content; list items with sentences are body.
    assert_eq!(p[0], "主任、各位副主任、秘书长、各位委员：");
    assert_eq!(
        p[11],
        "1. 设立规模为10亿元的中小企业发展基金，由市国有资本投资运营集团负责管理。"
    );
    assert_eq!(p[14], "以上报告，请予审议。");
    let s = sentences(&doc);
    assert_eq!(s.len(), 19);
    // Decimals never end a sentence.
    assert_eq!(
        s[2],
        "2023年，全市新登记中小企业1.86万户，年末中小企业总数达到21.4万户，同比增长6.8%。"
    );
}

#[test]
fn interview_with_quotations() {
    let doc = sample_document(2);
    assert_eq!(doc.title.map(|s| t(&doc, s)), Some("把老手艺“织”进新生活"));
    assert_eq!(
        doc.subtitle.map(|s| t(&doc, s)),
        Some("——访非遗传承人、锦绣坊创始人沈若兰")
    );
    assert_eq!(doc.byline.map(|s| t(&doc, s)), Some("本报记者 钟亦凡"));
    assert_eq!(
        rows(&doc),
        [
            (None, None, Lead, 0, None, 2, 4),
            (Some("从外婆的针线筐出发"), None, Subheading, 1, None, 4, 8),
            (Some("“慢手艺”遇上快节奏"), None, Subheading, 1, None, 8, 15),
        ]
    );
    let p = paragraphs(&doc);
    // No-break-space and U+3000 indentation are excluded.
    assert!(p[8].starts_with("记者：有人说"), "{}", p[8]);
    assert!(p[10].starts_with("采访结束时"), "{}", p[10]);
    let s = sentences(&doc);
    assert_eq!(s.len(), 27);
    assert_eq!(s[6], "外婆常说：「一针一线都要对得起看它的人。」");
    assert_eq!(s[7], "这句话我记了四十多年。");
    assert_eq!(s[8], "记者：您觉得这门手艺最难的地方在哪里?");
    assert_eq!(s[13], "沈若兰：比我想象的多!");
    assert!(s[10].ends_with("静下来的心……"));
    assert_eq!(
        s[21],
        "“这批围巾要送到米兰的展会上，月底前必须完工。”她说。"
    );
    assert_eq!(
        s[26],
        "「我们不缺好手艺，缺的是让更多人看见它的机会。」方文涛说。"
    );
    // The pull quote at the top repeats the last sentence of an answer.
    assert_eq!(s[19], "好的手艺，要让人愿意天天用。");
    assert_eq!(doc.paragraphs[9].sentences.end - 1, 19);
    assert_eq!(
        doc.duplicates,
        [Duplicate {
            unit: Unit::Paragraph,
            index: 0,
            of_unit: Unit::Sentence,
            of_index: 19
        }]
    );
}

#[test]
fn markdown_notes() {
    let doc = sample_document(3);
    assert_eq!(doc.source.format, Format::Markdown);
    assert_eq!(
        doc.title.map(|s| t(&doc, s)),
        Some("读书笔记：《城市的温度》")
    );
    assert_eq!(
        rows(&doc),
        [
            (None, None, Lead, 0, None, 1, 2),
            (
                Some("第一部分 街巷里的烟火气"),
                None,
                Markdown,
                1,
                None,
                5,
                6
            ),
            (Some("第二部分 变化中的老城"), None, Markdown, 1, None, 1, 2),
            (Some("旧厂房变成了文创园"), None, Markdown, 2, Some(2), 1, 2),
            (Some("人与城的关系"), None, Markdown, 2, Some(2), 3, 3),
            (Some("我的几点想法"), None, Markdown, 1, None, 2, 4),
        ]
    );
    let p = paragraphs(&doc);
    // Lines of one Markdown paragraph are joined (without a space between
    // Chinese lines); markup is not content; list items keep a marker.
    assert_eq!(
        p[0],
        "这本书是作者许清和在江州生活十年后写下的随笔集，共收入文章三十二篇。我读了两遍，第二遍时做了下面这些笔记。"
    );
    assert_eq!(p[2], "• 凌晨三点半起床磨豆子，四点半开门。");
    assert_eq!(p[5], "城市的温度，藏在那些不起眼的小店里。");
    assert_eq!(p[8], "1. 城市不只是建筑，更是生活在其中的人。");
    assert_eq!(sentences(&doc).len(), 19);
}

#[test]
fn hard_wrapped_regulation() {
    let text = include_str!("fixtures/wrapped_regulation.txt");
    let doc = yuelan::parse::parse(text.to_string(), Format::Plain);
    check_invariants(&doc);
    assert_eq!(
        doc.title.map(|s| t(&doc, s)),
        Some("临江市社区图书室管理办法")
    );
    use HeadingKind::Chapter;
    assert_eq!(
        rows(&doc),
        [
            (None, None, Lead, 0, None, 0, 0),
            (Some("第一章 总则"), None, Chapter, 1, None, 3, 3),
            (Some("第二章 建设与服务"), None, Chapter, 1, None, 1, 1),
            // Numbered headings run into their paragraph.
            (Some("（一）面积适当。"), None, Numbered, 2, Some(2), 1, 1),
            (Some("（二）藏书充足。"), None, Numbered, 2, Some(2), 1, 1),
            // Articles after the list stay in its last section: nothing marks
            // where a numbered list ends.
            (Some("（三）设施齐全。"), None, Numbered, 2, Some(2), 3, 5),
            (Some("第三章 附则"), None, Chapter, 1, None, 2, 2),
        ]
    );
    let p = paragraphs(&doc);
    assert_eq!(p.len(), 11);
    // Hard-wrapped lines are joined back into one paragraph each.
    assert_eq!(
        p[0],
        "第一条 为了规范社区图书室的建设和管理，\n保障居民的基本阅读权利，根据有关法律法规，\n结合本市实际，制定本办法。"
    );
    assert_eq!(p[3], "第四条 社区图书室的建设应当符合下列要求：");
    assert_eq!(
        p[4],
        "新建社区图书室的使用面积\n一般不少于60平方米，阅览座位不少于20个。"
    );
    assert_eq!(p[10], "第八条 本办法自2025年3月1日起施行。");
    let s = sentences(&doc);
    assert_eq!(s.len(), 13);
    assert_eq!(s[8], "有条件的社区图书\n室可以与市图书馆实行通借通还。");
}
