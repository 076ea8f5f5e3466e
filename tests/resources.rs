//! Issue 22 point 3: the user dictionary, the role words and the glossary
//! are general resources. Each is shown working on text written here (news
//! and report sentences of the kind the entries were chosen for), not on
//! the seed article. Before these entries: 住|建部, 碳中|和, 一带|一路,
//! 短|视频 and 大|模型; no person found after 总会计师; no gloss for
//! 政府工作报告 or 国内生产总值.

mod common;

use yuelan::model::{Format, Layer};

fn annotate(text: &str) -> yuelan::model::Annotated {
    let doc = yuelan::parse::parse(text.to_string(), Format::Plain);
    yuelan::annotate::annotate(doc, common::resources())
}

fn words(a: &yuelan::model::Annotated) -> Vec<&str> {
    a.tokens
        .iter()
        .map(|t| t.span().text(&a.doc.text))
        .collect()
}

#[test]
fn the_user_dictionary_keeps_common_news_words_whole() {
    let a = annotate(
        "通知\n\n国家卫健委和住建部联合发布通知，碳达峰、碳中和目标写入一带一路合作文件。\
         网约车司机说，短视频平台和大模型公司都在招人。\n",
    );
    let w = words(&a);
    for word in [
        "卫健委",
        "住建部",
        "碳达峰",
        "碳中和",
        "一带一路",
        "网约车",
        "短视频",
        "大模型",
    ] {
        assert!(w.contains(&word), "{word} split: {w:?}");
    }
    // Institutions by their short names are organisations.
    let orgs: Vec<&str> = a
        .layer(Layer::Entities)
        .filter(|e| e.label == "ORG")
        .map(|e| e.span.text(&a.doc.text))
        .collect();
    assert!(orgs.contains(&"住建部"), "{orgs:?}");
}

#[test]
fn a_role_word_before_a_name_marks_a_person() {
    let a = annotate(
        "会议\n\n总会计师钱可心汇报了预算。首席经济学家王晓东表示，经济运行总体平稳。\
         党组书记陈卫平出席会议。\n",
    );
    let people: Vec<&str> = a
        .layer(Layer::Entities)
        .filter(|e| e.label == "PER")
        .map(|e| e.span.text(&a.doc.text))
        .collect();
    assert_eq!(people, vec!["钱可心", "王晓东", "陈卫平"]);
}

#[test]
fn the_glossary_explains_common_report_terms() {
    let a = annotate(
        "报告\n\n政府工作报告提出，今年国内生产总值增长目标为5%左右，\
         居民消费价格指数涨幅3%左右。要推进一带一路建设，落实碳达峰行动。\n",
    );
    let terms: Vec<&str> = a
        .layer(Layer::Glossary)
        .map(|e| e.span.text(&a.doc.text))
        .collect();
    assert_eq!(
        terms,
        vec![
            "政府工作报告",
            "国内生产总值",
            "居民消费价格指数",
            "一带一路",
            "碳达峰"
        ]
    );
}
