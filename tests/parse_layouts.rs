//! Title blocks, headings and levels for the layouts of real documents
//! (issue 13), each on a short text written for the test: a newspaper page,
//! a government work report copied from a web page, a law with its table of
//! contents, a novel chapter, a feature with one-sentence headings.

use yuelan::model::{Document, Format, Span};
use yuelan::parse::parse;

fn doc(text: &str) -> Document {
    parse(text.to_string(), Format::Plain)
}

fn s(doc: &Document, span: Option<Span>) -> Option<&str> {
    span.map(|s| doc.span_text(s))
}

/// (heading, detail, level) of every headed section.
fn heads(doc: &Document) -> Vec<(&str, Option<&str>, u8)> {
    doc.sections
        .iter()
        .filter_map(|sec| {
            let h = sec.heading?;
            Some((
                doc.span_text(h),
                sec.heading_detail.map(|d| doc.span_text(d)),
                sec.level,
            ))
        })
        .collect()
}

const P: &str = "\u{3000}\u{3000}";

#[test]
fn newspaper_slots_box_label_pairs_and_dash_labels() {
    // Line 1 kicker, line 2 title with its column tag, line 3 (empty)
    // subtitle; indented body; a box label, a heading pair, dash labels
    // each followed by an explanatory line.
    let text = format!(
        "山乡巨变看振兴\n青山村的新路子（走基层）\n\n{P}核心阅读\n{P}青山村把荒山变成了果园，村民的收入翻了一番。\n{P}本报记者  林海\n{P}一大早，村口的果园里已经热闹起来。村民们忙着采摘，合作社的货车在路边等候。\n{P}荒山披绿——\n{P}从一片石头坡到满山果树，村里用了整整五年时间\n{P}五年前，这里还是一片石头坡。老支书带着大家一锹一锹地挖坑栽树。\n{P}如今，果树已经挂果，每亩收入过万元。\n{P}果子出山——\n{P}电商平台让青山村的水果卖到了全国各地的城市\n{P}合作社请来了电商讲师，年轻人学会了直播带货。\n{P}去年一年，网上卖出的水果超过二十万斤。\n"
    );
    let d = doc(&text);
    assert_eq!(s(&d, d.kicker), Some("山乡巨变看振兴"));
    assert_eq!(s(&d, d.title), Some("青山村的新路子（走基层）"));
    assert_eq!(s(&d, d.subtitle), None);
    assert_eq!(
        heads(&d),
        [
            ("核心阅读", None, 1),
            (
                "荒山披绿——",
                Some("从一片石头坡到满山果树，村里用了整整五年时间"),
                1
            ),
            (
                "果子出山——",
                Some("电商平台让青山村的水果卖到了全国各地的城市"),
                1
            ),
        ]
    );
    // With an empty first line, the pair is title and subtitle.
    let text =
        format!("\n青山村的新路子\n——来自浙南山区的调查\n{P}正文第一段。\n{P}正文第二段。\n");
    let d = doc(&text);
    assert_eq!(s(&d, d.kicker), None);
    assert_eq!(s(&d, d.title), Some("青山村的新路子"));
    assert_eq!(s(&d, d.subtitle), Some("——来自浙南山区的调查"));
}

#[test]
fn work_report_from_a_web_page() {
    let body = "这一年，全省经济运行稳中有进，发展质量持续提升，人民生活不断改善。";
    let text = format!(
        "下载\n打印\n收藏\n【字号：\n大\n小\n】\n2031年江南省政府工作报告\n——2031年1月20日在江南省第三届人民代表大会第二次会议上\n来源：江南日报\n时间：2031-01-28\n江南省人民政府省长 王大成\n各位代表：\n现在，我代表省人民政府向大会报告工作，请予审议。\n一、过去一年的工作\n{body}\n一是稳住了经济大盘，投资和消费双双回升。{body}\n二是守住了民生底线，新增就业五十万人。{body}\n——改革开放迈出新步伐，营商环境持续改善。\n{body}\n{body}\n——创新能力显著提升，科技投入再创新高。\n{body}\n{body}\n二、今年的主要任务\n（一）扩大有效需求，推动经济稳定增长。{body}\n（二）加快科技创新，培育发展新动能。{body}\n（三）坚持民生为大，持续增进民生福祉。\n{body}\n{body}\n"
    );
    let d = doc(&text);
    assert_eq!(s(&d, d.title), Some("2031年江南省政府工作报告"));
    assert_eq!(
        s(&d, d.subtitle),
        Some("——2031年1月20日在江南省第三届人民代表大会第二次会议上")
    );
    assert_eq!(s(&d, d.byline), Some("江南省人民政府省长 王大成"));
    assert_eq!(s(&d, d.date), Some("时间：2031-01-28"));
    let h: Vec<(&str, u8)> = heads(&d).into_iter().map(|(h, _, l)| (h, l)).collect();
    assert_eq!(
        h,
        [
            ("一、过去一年的工作", 1),
            // Dash lines standing alone and opening two paragraphs.
            ("——改革开放迈出新步伐，营商环境持续改善。", 2),
            ("——创新能力显著提升，科技投入再创新高。", 2),
            ("二、今年的主要任务", 1),
            // Run-in titles with commas: the title sentence only.
            ("（一）扩大有效需求，推动经济稳定增长。", 2),
            ("（二）加快科技创新，培育发展新动能。", 2),
            // A standalone numbered line ending in 。: the whole line.
            ("（三）坚持民生为大，持续增进民生福祉。", 2),
        ]
    );
    // 一是… run-in enumeration stays body; the source line is a lead paragraph.
    let paras: Vec<&str> = d.paragraphs.iter().map(|p| d.span_text(p.span)).collect();
    assert!(paras.iter().any(|p| p.starts_with("一是稳住了经济大盘")));
    assert!(paras.contains(&"来源：江南日报"));
    assert!(!paras.contains(&"下载"));
}

#[test]
fn law_with_table_of_contents_articles_and_items() {
    let text = "江南省河道管理条例\n\n（2030年5月1日江南省人民代表大会常务委员会第九次会议通过）\n\n目录\n\n第一章　总则\n\n第二章　河道整治\n\n第一节　规划\n\n第二节　施工\n\n第三章　附则\n\n第一章　总则\n\n第一条　为了加强河道管理，保障防洪安全，制定本条例。\n\n第二条　本条例适用于本省行政区域内的河道。\n\n第二章　河道整治\n\n第一节　规划\n\n第三条　河道整治规划应当包括下列内容：\n\n（一）整治的范围；\n\n（二）整治的目标。\n\n第二节　施工\n\n第四条　施工单位应当按照规划施工。\n\n第三章　附则\n\n第五条　本条例自2031年1月1日起施行。\n";
    let d = doc(text);
    assert_eq!(s(&d, d.title), Some("江南省河道管理条例"));
    let h: Vec<(&str, u8)> = heads(&d).into_iter().map(|(h, _, l)| (h, l)).collect();
    assert_eq!(
        h,
        [
            ("第一章　总则", 1),
            ("第二章　河道整治", 1),
            ("第一节　规划", 2),
            ("第二节　施工", 2),
            ("第三章　附则", 1),
        ]
    );
}

#[test]
fn novel_chapter_verse_and_dialogue_are_not_headings() {
    let text = "第三回　山前遇故人　月下论英雄\n\n    诗曰：\n\n    青山不老水长流\n\n    明月清风伴客舟\n\n    莫道人间多险阻\n\n    英雄自古出少年\n\n    话说那日二人行到山前，只见一座古庙，庙门半掩，里面隐隐有灯火。\n\n    “何人在此？”\n\n    “过路的客人。”\n\n    那老者开了门，引二人进去坐了，又去厨下烧了茶来。三人说了半夜的话。\n";
    let d = doc(text);
    assert_eq!(s(&d, d.title), None);
    assert_eq!(heads(&d), [("第三回　山前遇故人　月下论英雄", None, 1)]);
}

#[test]
fn one_sentence_headings_nest_under_section_titles() {
    let long = "这是一段足够长的正文，讲述了这个地方这些年来发生的变化，也讲了人们的想法和做法。";
    let text = format!(
        "绿色发展的新答卷\n\n{P}{long}\n{P}生态保护和经济发展可以相互促进，不是非此即彼\n{P}{long}\n{P}越是困难越攻坚。\n{P}{long}\n{P}{long}\n{P}统筹兼顾增干劲。\n{P}{long}\n{P}{long}\n{P}“这片林子是我们的命根子。”\n{P}“可不能再砍了。”\n{P}{long}\n"
    );
    let d = doc(&text);
    assert_eq!(s(&d, d.title), Some("绿色发展的新答卷"));
    assert_eq!(
        heads(&d),
        [
            ("生态保护和经济发展可以相互促进，不是非此即彼", None, 1),
            ("越是困难越攻坚。", None, 2),
            ("统筹兼顾增干劲。", None, 2),
        ]
    );
    // Without a section title above them, such lines are short paragraphs.
    let text = format!(
        "一个人的春节\n\n{P}{long}\n{P}他推开了家门。\n{P}{long}\n{P}{long}\n{P}饭菜已经凉了。\n{P}{long}\n{P}{long}\n"
    );
    let d = doc(&text);
    assert!(heads(&d).is_empty(), "{:?}", heads(&d));
}

#[test]
fn bullets_and_bare_numerals_open_sections() {
    let long = "这是一段足够长的正文，讲述了这个地方这些年来发生的变化，也讲了人们的想法和做法。";
    let text = format!(
        "出发\n\n{P}一\n{P}{long}\n{P}{long}\n{P}二\n{P}{long}\n{P}●数据平台提供信息支撑\n{P}{long}\n{P}{long}\n{P}●智能应用提高办事效率\n{P}{long}\n{P}{long}\n{P}●一行要点，不开段落\n"
    );
    let d = doc(&text);
    let h: Vec<(&str, u8)> = heads(&d).into_iter().map(|(h, _, l)| (h, l)).collect();
    assert_eq!(
        h,
        [
            ("一", 1),
            ("二", 1),
            ("●数据平台提供信息支撑", 2),
            ("●智能应用提高办事效率", 2),
        ]
    );
}
