//! Entity acceptance tests: the seed article, the project's samples and
//! short texts written for these tests.

use super::Label;
use crate::annotate::{Resources, annotate};
use crate::model::{Annotated, Layer};
use std::sync::OnceLock;

fn res() -> Option<&'static Resources> {
    static RES: OnceLock<Option<Resources>> = OnceLock::new();
    RES.get_or_init(|| Resources::load().ok()).as_ref()
}

fn run(text: &str) -> Annotated {
    let doc = crate::parse::parse(text.to_string(), crate::model::Format::Plain);
    match res() {
        Some(r) => annotate(doc, r),
        None => Annotated::unannotated(doc),
    }
}

/// The (label, text) pairs of the entities layer.
fn ents(a: &Annotated) -> Vec<(String, String)> {
    a.layer(Layer::Entities)
        .map(|e| (e.label.to_string(), e.span.text(&a.doc.text).to_string()))
        .collect()
}

fn has(a: &Annotated, label: Label, text: &str) -> bool {
    ents(a).iter().any(|(l, t)| l == label.name() && t == text)
}

/// How many entities of `label` read exactly `text`.
fn count(a: &Annotated, label: Label, text: &str) -> usize {
    ents(a)
        .iter()
        .filter(|(l, t)| l == label.name() && t == text)
        .count()
}

fn labelled_as(a: &Annotated, label: Label, text: &str) -> bool {
    ents(a)
        .iter()
        .any(|(l, t)| l == label.name() && t.contains(text))
}

fn seed() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/000_597f00c860135c6b.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(_) if std::env::var_os("CI").is_some() => panic!("seed article missing: {path}"),
        Err(_) => {
            eprintln!("note: seed article not found at {path}; test skipped");
            None
        }
    }
}

#[test]
fn seed_people_places_and_false_names() {
    let Some(text) = seed() else { return };
    let a = run(&text);
    for name in [
        "郑健麟",
        "吕奕昊",
        "黄红",
        "周梦梦",
        "裘皓萍",
        "杨颖婷",
        "林庭锋",
    ] {
        assert!(has(&a, Label::Per, name), "{name} not PER: {:?}", ents(&a));
    }
    for not in ["张江", "许可", "杨浦"] {
        assert!(!labelled_as(&a, Label::Per, not), "{not} tagged PER");
    }
    assert!(has(&a, Label::Loc, "张江"));
}

#[test]
fn seed_organisations_whole_and_works() {
    let Some(text) = seed() else { return };
    let a = run(&text);
    for org in [
        "上海淘璞电子商务有限公司",
        "上海微盟科技股份有限公司",
        "阅文集团",
        "汉海信息技术(上海)有限公司",
        "杨浦区委",
        "市网信办",
    ] {
        assert!(has(&a, Label::Org, org), "{org} not ORG: {:?}", ents(&a));
    }
    assert!(has(&a, Label::Work, "《人民的名义》"));
}

#[test]
fn seed_short_forms_link_to_full_names() {
    let Some(text) = seed() else { return };
    let a = run(&text);
    let short = a
        .layer(Layer::Entities)
        .find(|e| e.span.text(&a.doc.text) == "淘璞")
        .cloned();
    let Some(short) = short else {
        panic!("淘璞 not found: {:?}", ents(&a))
    };
    assert_eq!(short.label, "ORG");
    assert_eq!(
        short.attr_str("canonical"),
        Some("上海淘璞电子商务有限公司")
    );
    let id = short.attrs.get("canonical_id").and_then(|v| v.as_u64());
    let full = id.and_then(|id| a.get(id as usize));
    assert_eq!(
        full.map(|f| f.span.text(&a.doc.text)),
        Some("上海淘璞电子商务有限公司")
    );
}

#[test]
fn every_entity_has_source_and_confidence() {
    let a = run("市委组织部副部长郑健麟说，上海淘璞电子商务有限公司在杨浦区。");
    assert!(a.layer(Layer::Entities).count() >= 3, "{:?}", ents(&a));
    for e in a.layer(Layer::Entities) {
        let source = e.attr_str("source").unwrap_or("");
        assert!(
            ["rule", "dictionary", "pos", "model"].contains(&source),
            "{e:?}"
        );
        let c = e.attr_f64("confidence").unwrap_or(-1.0);
        assert!((0.0..=1.0).contains(&c), "{e:?}");
        assert!(
            a.doc.text.is_char_boundary(e.span.start) && a.doc.text.is_char_boundary(e.span.end)
        );
    }
}

/// A unit of an organisation (党支部, 党委) is read whole with it, as the
/// training data writes such names (南开大学党委, 东风汽车公司工会); the
/// organisation it belongs to is an entity inside it, and its short form
/// links to that organisation, not to the unit.
#[test]
fn own_texts_units_keep_their_organisation_inside() {
    let a = run("北京星河云图信息科技有限公司联合党支部书记王晓东介绍，\
         星河云图今年新招了四十名党员。\n浙江大学党委书记赵明说，学校工会也参加了活动。");
    for org in [
        "北京星河云图信息科技有限公司联合党支部",
        "北京星河云图信息科技有限公司",
        "浙江大学党委",
        "浙江大学",
    ] {
        assert!(has(&a, Label::Org, org), "{org} not ORG: {:?}", ents(&a));
    }
    for name in ["王晓东", "赵明"] {
        assert!(has(&a, Label::Per, name), "{name} not PER: {:?}", ents(&a));
    }
    let short = a
        .layer(Layer::Entities)
        .find(|e| e.span.text(&a.doc.text) == "星河云图");
    assert_eq!(
        short.and_then(|e| e.attr_str("canonical")),
        Some("北京星河云图信息科技有限公司"),
        "{:?}",
        ents(&a)
    );
    // A unit after something that is no organisation stays one entity.
    assert!(!has(&a, Label::Org, "学校"), "{:?}", ents(&a));
}

/// The organisation inside a unit's name: only a complete name (ending in
/// an organisation suffix) followed by a short unit name (ending in one
/// too), never a fragment or a name followed by something else.
#[test]
fn a_unit_holds_its_organisation_only_after_a_complete_name() {
    let Some(r) = res() else { return };
    let lex = &r.entities;
    let org = |text: &str, part: &str| {
        let start = text.find(part).unwrap_or(0);
        super::Entity {
            start,
            end: start + part.len(),
            label: Label::Org,
            source: super::Source::Rule,
            confidence: 0.8,
        }
    };
    let parent = |text: &str, whole: &str, inner: &str| {
        super::parent_organisation(text, &org(text, whole), &[org(text, inner)], lex)
            .map(|e| text[e.start..e.end].to_string())
    };
    let t = "南海蓝鲸海洋科技有限公司联合党支部";
    assert_eq!(
        parent(t, t, "南海蓝鲸海洋科技有限公司").as_deref(),
        Some("南海蓝鲸海洋科技有限公司")
    );
    // A fragment with no organisation suffix is no organisation.
    assert_eq!(parent(t, t, "南海蓝鲸"), None);
    // What follows must be a unit's name: a person's role is not.
    let t = "南海蓝鲸海洋科技有限公司董事长";
    assert_eq!(parent(t, t, "南海蓝鲸海洋科技有限公司"), None);
    // A long tail is a name of its own, not a unit.
    let t = "西江大学附属第一人民医院心血管内科研究所";
    assert_eq!(parent(t, t, "西江大学"), None);
}

/// A byline alone on the first line of a document, before a dateline.
#[test]
fn own_texts_byline_on_its_own_line() {
    let a = run("省长　孙立军\n\n本报讯 全省经济工作会议昨天召开。");
    assert!(has(&a, Label::Per, "孙立军"), "{:?}", ents(&a));
}

/// Texts written for these tests, with other names and other shapes.
#[test]
fn own_texts_people_by_role_and_speech() {
    let a = run("浙江省教育厅厅长欧阳明辉表示，今年将新增两所高校。\n\
         记者从杭州市卫健委获悉，主任医师诸葛晓岚说，门诊量回升了。\n\
         北京星河云图信息科技有限公司创始人兼CEO许文博认为，行业正在洗牌。");
    for name in ["欧阳明辉", "诸葛晓岚", "许文博"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", ents(&a));
    }
    assert!(
        has(&a, Label::Org, "北京星河云图信息科技有限公司"),
        "{:?}",
        ents(&a)
    );
    assert!(has(&a, Label::Org, "浙江省教育厅"), "{:?}", ents(&a));
    assert!(has(&a, Label::Org, "杭州市卫健委"), "{:?}", ents(&a));
    // 许可 is a word, 高达 a verb: neither is a person.
    let b = run("这项许可证的申请量高达三千份。");
    assert!(!ents(&b).iter().any(|(l, _)| l == "PER"), "{:?}", ents(&b));
}

#[test]
fn own_texts_places_and_short_forms() {
    let a = run("代表团昨日抵京，随后前往江苏省南京市和浦东新区考察。\n\
         中美两国在气候问题上保持沟通，中方表示欢迎。");
    for loc in ["江苏省", "南京市", "浦东新区"] {
        assert!(labelled_as(&a, Label::Loc, loc), "{loc}: {:?}", ents(&a));
    }
    assert!(has(&a, Label::Loc, "京"), "{:?}", ents(&a));
    assert!(
        has(&a, Label::Loc, "中") && has(&a, Label::Loc, "美"),
        "{:?}",
        ents(&a)
    );
}

#[test]
fn names_inside_titles_are_kept() {
    let a = run("他正在重读《鲁迅全集》和《红楼梦》。");
    assert!(has(&a, Label::Work, "《鲁迅全集》"), "{:?}", ents(&a));
    assert!(has(&a, Label::Work, "《红楼梦》"));
}

#[test]
fn samples_people_and_organisations() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/samples/01_feature.txt");
    let Ok(text) = std::fs::read_to_string(dir) else {
        eprintln!("note: data/samples/01_feature.txt not found; test skipped");
        return;
    };
    let a = run(&text);
    for name in [
        "程立峰",
        "林秀芬",
        "周启航",
        "梁子墨",
        "韩东海",
        "何静怡",
        "郑维民",
    ] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", ents(&a));
    }
    for org in [
        "江南云数科技有限公司",
        "青禾蓝莓产业协会",
        "江州农业大学",
        "青禾县商务局",
    ] {
        assert!(has(&a, Label::Org, org), "{org}: {:?}", ents(&a));
    }
    assert!(has(&a, Label::Loc, "柳湾镇"));
    assert!(!labelled_as(&a, Label::Per, "大屏幕"));
}

#[test]
fn short_form_of_company_names() {
    let Some(r) = res() else { return };
    let lex = &r.entities;
    use super::links::short_form;
    assert_eq!(
        short_form("上海淘璞电子商务有限公司", lex).as_deref(),
        Some("淘璞")
    );
    assert_eq!(
        short_form("上海微盟科技股份有限公司", lex).as_deref(),
        Some("微盟")
    );
    assert_eq!(
        short_form("汉海信息技术(上海)有限公司", lex).as_deref(),
        Some("汉海")
    );
    assert_eq!(short_form("上海市信息服务业行业协会", lex), None);
    // Named by its trade alone: no short form (every 通信 would be it).
    assert_eq!(short_form("通信公司", lex), None);
    assert_eq!(short_form("北京科技有限公司", lex), None);
    assert_eq!(short_form("浙江阳光集团", lex).as_deref(), Some("阳光"));
}

#[test]
fn foreign_names_joined_by_dots() {
    let a = run(
        "美国演员汤姆·汉克斯昨天抵达上海。他引用了马丁·路德·金的演讲，并与玛丽亚·罗德里格斯交谈。一·二八事变纪念馆今天开放。",
    );
    if res().is_none() {
        return;
    }
    assert!(has(&a, Label::Per, "汤姆·汉克斯"), "{:?}", ents(&a));
    assert!(has(&a, Label::Per, "马丁·路德·金"), "{:?}", ents(&a));
    assert!(has(&a, Label::Per, "玛丽亚·罗德里格斯"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Per, "一·二八"), "{:?}", ents(&a));
}

#[test]
fn organisation_with_place_before_glued_role_and_team_not_swallowed() {
    let a = run("法国国防部长昨天抵达北京。中国队组队不到半年就夺冠。");
    if res().is_none() {
        return;
    }
    assert!(has(&a, Label::Org, "法国国防部"), "{:?}", ents(&a));
    assert!(has(&a, Label::Org, "中国队"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "组队"), "{:?}", ents(&a));
}

#[test]
fn foreign_name_with_a_verb_glued_to_its_last_part() {
    let a = run("汤姆·汉克斯说，他很喜欢上海。荷兰人维姆·汉克斯也来了。");
    if res().is_none() {
        return;
    }
    assert!(has(&a, Label::Per, "汤姆·汉克斯"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Per, "汉克斯说"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Per, "荷兰人"), "{:?}", ents(&a));
}

#[test]
fn africa_short_form_in_pairs_only() {
    let a = run("中非关系日益密切。这并非易事，非常困难。");
    if res().is_none() {
        return;
    }
    assert!(has(&a, Label::Loc, "非"), "{:?}", ents(&a));
    assert!(has(&a, Label::Loc, "中"), "{:?}", ents(&a));
    let non_loc = ents(&a)
        .iter()
        .filter(|(l, t)| l == "LOC" && t.contains('非'))
        .count();
    assert_eq!(non_loc, 1, "{:?}", ents(&a));
}

#[test]
fn generic_heads_end_an_organisation_only_after_a_name() {
    if res().is_none() {
        return;
    }
    let a = run("记者走访了浙江传媒学院和苏州实验中学。");
    assert!(has(&a, Label::Org, "浙江传媒学院"), "{:?}", ents(&a));
    assert!(has(&a, Label::Org, "苏州实验中学"), "{:?}", ents(&a));
    assert!(!has(&a, Label::Loc, "浙江"), "{:?}", ents(&a));
    let a = run("他在中学当了三十年老师，后来去公司上班。");
    assert!(!ents(&a).iter().any(|(l, _)| l == "ORG"), "{:?}", ents(&a));
}

#[test]
fn office_heads_glued_to_their_chief() {
    if res().is_none() {
        return;
    }
    let a = run("肯尼亚卫生部长在会上发言，王部长随后讲话。");
    assert!(has(&a, Label::Org, "肯尼亚卫生部"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "王部"), "{:?}", ents(&a));
    let a = run("马来西亚教育部长访华。该校与宁波日报社长期合作，日报社社长出席。");
    assert!(has(&a, Label::Org, "马来西亚教育部"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "日报社社"), "{:?}", ents(&a));
}

#[test]
fn venues_are_places_and_keep_the_city_apart() {
    if res().is_none() {
        return;
    }
    let a = run("闭幕式在成都双流机场举行，音乐会在上海东方体育馆举行。");
    assert!(has(&a, Label::Loc, "成都双流机场"), "{:?}", ents(&a));
    assert!(labelled_as(&a, Label::Loc, "体育馆"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "机场"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "体育馆"), "{:?}", ents(&a));
}

#[test]
fn regions_lose_their_generic_tail() {
    if res().is_none() {
        return;
    }
    let a = run("东北地区和西南地区明天有雨，华北地区转晴。");
    for place in ["东北", "西南", "华北"] {
        assert!(has(&a, Label::Loc, place), "{place}: {:?}", ents(&a));
    }
    assert!(!has(&a, Label::Loc, "东北地区"), "{:?}", ents(&a));
}

#[test]
fn organisations_nest_inside_organisations() {
    if res().is_none() {
        return;
    }
    let a = run("共青团杭州市委和浙江省残联联合举办了活动。");
    assert!(has(&a, Label::Org, "共青团杭州市委"), "{:?}", ents(&a));
    assert!(has(&a, Label::Org, "浙江省残联"), "{:?}", ents(&a));
    assert!(!has(&a, Label::Loc, "浙江省"), "{:?}", ents(&a));
}

#[test]
fn names_with_an_administrative_suffix_are_places() {
    if res().is_none() {
        return;
    }
    // jieba takes 戈纳市 for a person and leaves 县 apart.
    let a = run("考察团先后到了塔拉戈纳市和阿斯图里亚斯县。");
    assert!(has(&a, Label::Loc, "塔拉戈纳市"), "{:?}", ents(&a));
    assert!(has(&a, Label::Loc, "阿斯图里亚斯县"), "{:?}", ents(&a));
    assert!(!ents(&a).iter().any(|(l, _)| l == "PER"), "{:?}", ents(&a));
}

#[test]
fn ordinary_words_tagged_as_places_are_not_places() {
    if res().is_none() {
        return;
    }
    // jieba tags 新建 and 山水 ns; neither names a place.
    let a = run("学校新建了一座图书馆，山水之间风景很好。他们在西柏坡乡住了三天。");
    assert!(!labelled_as(&a, Label::Loc, "新建"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Loc, "山水"), "{:?}", ents(&a));
    assert!(has(&a, Label::Loc, "西柏坡乡"), "{:?}", ents(&a));
}

/// The places before an organisation are part of its name, as the
/// training data writes such names (no MSRA name that begins with a
/// province is written apart from it).
#[test]
fn a_chain_of_places_stays_in_an_organisations_name() {
    if res().is_none() {
        return;
    }
    let a = run("湖北省武汉市江汉区人民检察院昨天提起公诉，四川省绵阳市游仙区教育局也派人旁听。");
    assert!(
        has(&a, Label::Org, "湖北省武汉市江汉区人民检察院"),
        "{:?}",
        ents(&a)
    );
    assert!(
        has(&a, Label::Org, "四川省绵阳市游仙区教育局"),
        "{:?}",
        ents(&a)
    );
    assert!(!has(&a, Label::Loc, "武汉市"), "{:?}", ents(&a));
}

#[test]
fn a_verb_may_stand_inside_a_long_name() {
    if res().is_none() {
        return;
    }
    // jieba tags 雇主 a verb.
    let a = run("意大利雇主协会发表声明，美国军队撤出了该地区。");
    assert!(has(&a, Label::Org, "意大利雇主协会"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "军队"), "{:?}", ents(&a));
    // A verb between two organisations does not join them.
    let a = run("1996年，美国大西洋贝尔公司买下纽新公司。");
    assert!(!labelled_as(&a, Label::Org, "买下"), "{:?}", ents(&a));
}

#[test]
fn names_of_sites_are_places_not_people() {
    if res().is_none() {
        return;
    }
    // jieba tags 沃尔夫斯堡 nrt and 普济寺 nr.
    let a = run("我们先去了萨默塞特郡，再到沃尔夫斯堡，最后住在普济寺旁边。");
    for place in ["萨默塞特郡", "沃尔夫斯堡", "普济寺"] {
        assert!(has(&a, Label::Loc, place), "{place}: {:?}", ents(&a));
    }
    assert!(!ents(&a).iter().any(|(l, _)| l == "PER"), "{:?}", ents(&a));
}

#[test]
fn a_party_and_its_central_organ_are_one_organisation() {
    if res().is_none() {
        return;
    }
    let a = run("农工党中央的负责人出席了会议，中央电视台也来了。");
    assert!(has(&a, Label::Org, "农工党中央"), "{:?}", ents(&a));
    assert!(!has(&a, Label::Org, "农工党"), "{:?}", ents(&a));
}

#[test]
fn places_glued_together_are_taken_apart() {
    if res().is_none() {
        return;
    }
    let a = run("会议在北京王府井附近举行，代表们考察了青藏高原，又去了桂林山水之间。");
    for place in ["北京", "王府井", "青", "藏", "桂林"] {
        assert!(has(&a, Label::Loc, place), "{place}: {:?}", ents(&a));
    }
    assert!(!labelled_as(&a, Label::Loc, "北京王府井"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Loc, "山水"), "{:?}", ents(&a));
}

#[test]
fn made_up_words_and_short_place_endings_do_not_widen_entities() {
    if res().is_none() {
        return;
    }
    let a = run("基金由市国有资本投资运营集团负责管理。去年镇里牵头成立了合作社。");
    assert!(
        has(&a, Label::Org, "市国有资本投资运营集团"),
        "{:?}",
        ents(&a)
    );
    assert!(!labelled_as(&a, Label::Org, "由市"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Loc, "镇里"), "{:?}", ents(&a));
}

#[test]
fn bodies_of_a_province_city_or_county_and_their_units() {
    if res().is_none() {
        return;
    }
    let a = run("市青年志愿者协会与县教育局联合开展活动，财政部农村金融司的官员出席。");
    assert!(has(&a, Label::Org, "市青年志愿者协会"), "{:?}", ents(&a));
    assert!(has(&a, Label::Org, "县教育局"), "{:?}", ents(&a));
    assert!(has(&a, Label::Org, "财政部农村金融司"), "{:?}", ents(&a));
    let a = run("四川省第十一届人大常委会今天开会，上海歌舞团在京演出。");
    assert!(
        has(&a, Label::Org, "四川省第十一届人大常委会"),
        "{:?}",
        ents(&a)
    );
    assert!(has(&a, Label::Org, "上海歌舞团"), "{:?}", ents(&a));
}

#[test]
fn periodicals_with_their_place() {
    if res().is_none() {
        return;
    }
    let a = run("英国《经济学人》杂志和法国《世界报》都做了报道，他在读《红楼梦》。");
    assert!(
        has(&a, Label::Org, "英国《经济学人》杂志"),
        "{:?}",
        ents(&a)
    );
    assert!(has(&a, Label::Org, "法国《世界报》"), "{:?}", ents(&a));
    // The titles stay works; a novel is no organisation.
    assert!(has(&a, Label::Work, "《经济学人》"), "{:?}", ents(&a));
    assert!(has(&a, Label::Work, "《红楼梦》"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "红楼梦"), "{:?}", ents(&a));
}

fn per(a: &Annotated) -> Vec<String> {
    ents(a)
        .into_iter()
        .filter(|(l, _)| l == "PER")
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn surname_forms_tag_the_surname() {
    // 钱老, 冯某, 毛主席: the surname alone is the person.
    let a = run("钱老说，年轻人要多读书。\n同村冯某被带走了。\n他们牢记毛主席的教导。");
    for name in ["钱", "冯", "毛"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    for wrong in ["钱老", "冯某", "毛主席"] {
        assert!(!has(&a, Label::Per, wrong), "{wrong}: {:?}", per(&a));
    }
    // Ordinary words of the same shape: 老公, 公主.
    let b = run("她说老公回家了。\n宫殿里住着一位公主。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn split_given_names_and_names_with_zhi() {
    // 郭|明亮 after a role; 邓志|之 before a speech verb.
    let a = run("镇长郭明亮也常来。\n厂长邓志之说，产量翻了一番。");
    for name in ["郭明亮", "邓志之"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // A role before and 时 or 中 after are not names (记者|时|表示,
    // 谈话|中说).
    let b = run("他在会见记者时表示，近日将访问。\n在随后发表的谈话中说，双方将合作。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn place_endings_are_not_people() {
    let a = run("我们来到了高新区，船停在燕子矶。");
    assert!(per(&a).is_empty(), "{:?}", per(&a));
}

#[test]
fn transliterated_names_tagged_by_jieba() {
    let a = run("他的教练亨特说，比赛很难。\n\
         外长斯坦科维奇、总理德米特罗夫斯基和议长马尔科维奇出席了会议。");
    for name in ["亨特", "斯坦科维奇", "德米特罗夫斯基", "马尔科维奇"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // Phenomena and places are not people.
    let b = run("专家说厄尔尼诺现象还会持续。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn names_in_lists_next_to_a_person() {
    let a = run("据新华社电（记者丁学军、粟明远）昨天召开会议。\n\
         演出嘉宾有歌手周涛、柳青、王珏和陶喆。");
    for name in ["丁学军", "粟明远", "周涛", "柳青", "王珏"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // A function word glued to the next item is not part of a name.
    let b = run("出席会议的有华伟光、瞿秋实等。");
    assert!(!labelled_as(&b, Label::Per, "有"), "{:?}", per(&b));
}

#[test]
fn transliterations_with_other_characters_and_dashes() {
    let a = run("主教练保罗说，球队状态很好。\n参议员约翰—史密斯在会上发言。");
    for name in ["保罗", "约翰—史密斯"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // 托人 (ask someone), a phrase said twice, a carmaker, a made-up word
    // whose first two characters are a word (英文|书).
    let b = run("她托人买了一架钢琴。\n借鉴的东西实在太多太多。\n\
         一年前罗威汽车公司被收购了。\n柜子里的英文书很多。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn surname_tagged_alone_and_a_word_after_it() {
    // 柯|宏伟, 鲍|卫国: jieba tags the lone surname as a name; 孙名|启
    // after a role.
    let a = run("大家都喜欢柯宏伟的花鸟画。\n俱乐部的鲍卫国获得冠军。\n\
         办公室副主任孙名启参加了会议。");
    for name in ["柯宏伟", "鲍卫国", "孙名启"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // A surname jieba does not tag as a name before a word is not one.
    let b = run("他从汤天才的经历中吸取了教训。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn place_tagged_words_between_role_and_speech_verb() {
    let a = run("部长丹尼洛夫说，双方将加强合作。\n作家玛拉沁夫说，草原是他的故乡。");
    for name in ["丹尼洛夫", "玛拉沁夫"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // Without a role or a speech verb it stays a place.
    let b = run("他们从丹尼洛夫出发。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn function_characters_inside_a_whole_name_word() {
    // 和 and 日 are given-name characters inside a word jieba tags as a name.
    let a = run("黄和春说，今年收成不错。\n帮助郑日华修理房屋。");
    for name in ["黄和春", "郑日华"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    let b = run("他和生产队长一起去了。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn japanese_family_names() {
    let a = run("日本队教练山田健一说，比赛很艰难。\n佐藤首相今天会见了代表团。");
    for name in ["山田健一", "佐藤"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    // Without a role or a speech verb, 田中 is "in the fields".
    let b = run("农民们在田中劳动。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn wars_and_dynasties_are_not_people() {
    let a = run("抗日战争时期，他在西周遗址附近教书。\n朝鲜战争结束后，他回到了家乡。");
    assert!(per(&a).is_empty(), "{:?}", per(&a));
    // A person from the same list still is one.
    let b = run("周恩来总理出席了会议。");
    assert!(has(&b, Label::Per, "周恩来"), "{:?}", per(&b));
}

#[test]
fn name_words_starting_with_a_word_need_context() {
    // 英文|书: a word and a character, though jieba calls it a name.
    let a = run("他把英文书放在桌上。");
    assert!(per(&a).is_empty(), "{:?}", per(&a));
    // A compound surname is a word of its own and still starts a name.
    let b = run("诸葛亮说，天下三分。");
    assert!(has(&b, Label::Per, "诸葛亮"), "{:?}", per(&b));
}

#[test]
fn cups_named_after_people() {
    let a = run("中国队夺得苏迪曼杯冠军。\n汤尤杯赛将在香港举行。");
    for name in ["苏迪曼", "汤", "尤"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    let b = run("他们举起酒杯干杯，庆祝获得金杯。\n世界杯足球赛开幕。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn players_by_shirt_number() {
    let a = run("上半场，8号王从左路突破射门。\n5号克洛泽头球破门。");
    for name in ["王", "克洛泽"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    let b = run("他住在3号楼。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn dictionary_names_and_words_ending_like_places_or_things() {
    // A three-character name in jieba's dictionary, no context needed.
    let a = run("陈省身是著名数学家。");
    assert!(has(&a, Label::Per, "陈省身"), "{:?}", per(&a));
    // 堡 and 树 end places and things, not names.
    let b = run("他们来到罗森堡参观。\n门前种着一棵杨柳树。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn rare_proper_nouns_of_a_name_shape_need_context() {
    // jieba tags 李珉宇 nz: a person after a role and before a speech verb.
    let a = run("副主席李珉宇说，会议很成功。");
    assert!(has(&a, Label::Per, "李珉宇"), "{:?}", per(&a));
    let b = run("李珉宇");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn elders_and_star_players_are_roles() {
    let a = run("政坛元老苏世清出席了仪式。\n香港名将邱文翰夺得冠军。");
    for name in ["苏世清", "邱文翰"] {
        assert!(has(&a, Label::Per, name), "{name}: {:?}", per(&a));
    }
    let b = run("队员们展现了名将风采。");
    assert!(per(&b).is_empty(), "{:?}", per(&b));
}

#[test]
fn a_leader_leading_a_team_is_a_person_not_an_organisation() {
    if res().is_none() {
        return;
    }
    let a = run("县委副书记孙立强带队走访了十个村。");
    assert!(has(&a, Label::Per, "孙立强"), "{:?}", ents(&a));
    assert!(!labelled_as(&a, Label::Org, "带队"), "{:?}", ents(&a));
}

/// The words' cache answers as the lookup itself, before and after it
/// is full (more distinct words than it keeps, asked twice over).
#[test]
fn the_word_cache_answers_as_the_lookup_past_its_size() {
    use super::{WordCache, look_up};
    let Some(r) = res() else { return };
    let mut words: Vec<String> = (0..WordCache::MAX + 300)
        .map(|i| {
            format!(
                "张{}",
                char::from_u32(0x4e00 + (i as u32 % 20_000)).unwrap_or('一')
            )
        })
        .collect();
    words.extend(["中国", "北京", "上海市", "国务院", "ABC", "的"].map(String::from));
    let mut cache = WordCache::default();
    for _ in 0..2 {
        for w in &words {
            let got = cache.get(w, r.dictionary(), &r.entities);
            assert_eq!(got, look_up(w, r.dictionary(), &r.entities), "{w}");
        }
    }
    assert_eq!(cache.0.len(), WordCache::MAX);
}

/// A word's facts looked up with it answer as the lexicon asked at the
/// token: its surname alone and read on into the text after it (司|马光),
/// its organisation or building suffix, the major place at its start, and
/// whether it has 杯 in it.
#[test]
fn the_facts_looked_up_with_a_word_answer_as_the_lexicon() {
    use super::{Facts, Sent, Tok};
    use crate::annotate::tokens::Tagged;
    let Some(r) = res() else { return };
    let lex = &r.entities;
    let text = "司马光和欧阳修在上海市人民政府与中国美术馆里看汤尤杯赛，\
                司马说中国京剧好，欧阳和北京大学的王小明、abc与国务院的人，司";
    // Every piece of one to five characters from every character, as a
    // word of the sentence (whether jieba would cut it so or not).
    let starts: Vec<usize> = text.char_indices().map(|(k, _)| k).collect();
    let mut tags = Vec::new();
    for (a, &s) in starts.iter().enumerate() {
        for e in starts
            .iter()
            .skip(a + 1)
            .take(5)
            .copied()
            .chain([text.len()])
        {
            if e > s && text[s..e].chars().count() <= 5 {
                tags.push(Tagged {
                    start: s,
                    end: e,
                    pos: "n",
                });
            }
        }
    }
    let sent = Sent::new(text, &tags, r.dictionary(), lex);
    assert_eq!(sent.toks.len(), tags.len());
    let mut checked = [0; 4];
    for t in &sent.toks {
        let asked = Tok {
            facts: Facts::default(),
            ..*t
        };
        let asked = |f: fn(&mut Facts)| {
            let mut a = asked;
            f(&mut a.facts);
            a
        };
        let all_ask = asked(|f| {
            f.surname = Facts::ASK;
            f.org_suffix = Facts::ASK;
            f.place_cut = Facts::ASK;
        });
        assert_eq!(t.surname(lex), lex.surname_of(t.word), "{}", t.word);
        assert_eq!(all_ask.surname(lex), lex.surname_of(t.word), "{}", t.word);
        let rest = &text[t.start..];
        assert_eq!(
            t.surname_at_start(rest, lex),
            lex.surname_of(rest),
            "{}",
            t.word
        );
        assert_eq!(t.org_suffix(lex), all_ask.org_suffix(lex), "{}", t.word);
        assert_eq!(
            t.major_place_cut(lex),
            all_ask.major_place_cut(lex),
            "{}",
            t.word
        );
        assert_eq!(
            t.facts.cup,
            t.chars >= 2 && t.word.contains('杯'),
            "{}",
            t.word
        );
        assert_eq!(
            t.facts.short_form_cue,
            super::place::short_form_cue(t.word, lex),
            "{}",
            t.word
        );
        checked[0] += usize::from(t.surname(lex).is_some());
        checked[1] += usize::from(t.org_suffix(lex).is_some_and(|(_, venue)| venue));
        checked[2] += usize::from(t.org_suffix(lex).is_some_and(|(_, venue)| !venue));
        checked[3] += usize::from(t.major_place_cut(lex).is_some());
    }
    // Each fact is met, not only its absence.
    assert!(checked.iter().all(|&n| n > 0), "{checked:?}");
    let word = |w: &str| sent.toks.iter().find(|t| t.word == w);
    assert_eq!(word("司马光").and_then(|t| t.surname(lex)), Some("司马"));
    assert_eq!(
        word("美术馆").and_then(|t| t.org_suffix(lex)),
        Some(("美术馆", true))
    );
    assert_eq!(
        word("北京大学")
            .and_then(|t| t.org_suffix(lex))
            .map(|(_, v)| v),
        Some(false)
    );
    assert_eq!(
        word("中国京剧").and_then(|t| t.major_place_cut(lex)),
        Some(6)
    );
}

/// A conjunction or a set phrase before a verb of saying is a phrase of
/// discourse, not someone speaking, however often the document says it
/// (可以说，如果说，比如说，); a name that speaks twice is still a person
/// everywhere.
#[test]
fn phrases_of_discourse_do_not_speak() {
    if res().is_none() {
        return;
    }
    let a = run("可以说，今年的收成很好。如果说，明年也一样，那就更好了。\n\
         比如说，村里新修了路。可以说，变化很大。如果说，还有什么不足，就是人手少。\n\
         比如说，学校缺老师。阿秀道：“我去教书。”众人都笑了。阿秀道：“真的。”\n\
         后来阿秀果然去了学校。");
    for phrase in ["可以", "如果", "比如"] {
        assert!(
            !labelled_as(&a, Label::Per, phrase),
            "{phrase}: {:?}",
            ents(&a)
        );
    }
    assert_eq!(count(&a, Label::Per, "阿秀"), 3, "{:?}", ents(&a));
}

/// A role or form of address after a name that speaks is no part of it
/// (马骏同志说 → 马骏), wherever the name is mentioned.
#[test]
fn a_speakers_title_is_no_part_of_the_name() {
    if res().is_none() {
        return;
    }
    let a = run(
        "马骏同志说，工作要抓紧。\n大家都同意。马骏同志说，明天开会。\n\
         会后，马骏同志去了工地。",
    );
    assert!(!labelled_as(&a, Label::Per, "同志"), "{:?}", ents(&a));
    assert_eq!(count(&a, Label::Per, "马骏"), 3, "{:?}", ents(&a));
}

/// The model's Latin-script entities are names only as whole words, and
/// not English prose: each case a text written for this test, the span
/// the model might give, and what stands.
#[test]
fn latin_script_entities_are_whole_words_and_not_prose() {
    use super::{Entity, Source, latin_name};
    let cases: [(&str, &str, Option<&str>); 10] = [
        ("Elements may be elided at the beginning.", "at the", None),
        ("The first quote comes before its tag here.", "its t", None),
        (
            "Line 20: the text says 朱贻芬 spoke.",
            "the text says",
            None,
        ),
        (
            "Each CSV also records where it came from.",
            "Each CSV also",
            None,
        ),
        ("<video src=\"a.mp4\">", "src", None),
        ("美国IBM公司宣布裁员。", "IBM", Some("IBM")),
        (
            "他在chinabyte网站发表文章。",
            "chinabyte",
            Some("chinabyte"),
        ),
        (
            "The Bank of China opened.",
            "Bank of China",
            Some("Bank of China"),
        ),
        (
            "由 Netscape 公司 开发。",
            "Netscape 公司 ",
            Some("Netscape 公司"),
        ),
        ("TC39 委员会负责标准。", "TC39", Some("TC39")),
    ];
    for (text, span, want) in cases {
        let start = text.find(span).unwrap_or_default();
        let e = Entity {
            start,
            end: start + span.len(),
            label: Label::Org,
            source: Source::Model,
            confidence: 0.6,
        };
        let got = latin_name(text, e).map(|e| &text[e.start..e.end]);
        assert_eq!(got, want, "{text:?}: {span:?}");
    }
}

/// A section's heading is no paragraph, but names places and people as
/// often as the text under it: until round 2 session 23 no heading was
/// read for entities (the title block was).
#[test]
fn headings_are_read_for_entities() {
    if res().is_none() {
        return;
    }
    let text = "市政府工作报告\n\n\
                过去一年，全市经济运行稳中有进。\n\n\
                一、深化与广州市的合作\n\n\
                两地签署了多项协议。\n\n\
                （一）张建国同志的先进事迹\n\n\
                他在基层工作了三十年。\n";
    let a = run(text);
    let headings: Vec<&str> = a
        .doc
        .sections
        .iter()
        .filter_map(|s| s.heading.map(|h| h.text(&a.doc.text)))
        .collect();
    assert_eq!(
        headings,
        ["一、深化与广州市的合作", "（一）张建国同志的先进事迹"],
        "the parse changed; this test needs headings"
    );
    assert!(has(&a, Label::Loc, "广州市"), "{:?}", ents(&a));
    assert!(has(&a, Label::Per, "张建国"), "{:?}", ents(&a));
}

#[test]
fn a_paragraph_longer_than_a_unit_is_read_in_pieces_cut_at_sentence_ends() {
    // A text without line breaks is one paragraph, however long.
    let sentence = "北京市副市长张建国昨天在上海市考察了复旦大学的实验室。";
    let text = sentence.repeat(2 * super::UNIT_BYTES / sentence.len() + 3);
    let doc = crate::parse::parse(text.clone(), crate::model::Format::Plain);
    assert_eq!(doc.paragraphs.len(), 1, "the parse changed: one paragraph");
    let units = super::units_of(&doc);
    assert!(units.len() >= 3, "{} units", units.len());
    let mut at = units[0].start;
    for u in &units {
        assert_eq!(u.start, at, "contiguous");
        assert!(
            u.end - u.start <= super::UNIT_BYTES,
            "{} bytes",
            u.end - u.start
        );
        assert!(
            u.text(&doc.text).starts_with("北京市"),
            "cut at a sentence end"
        );
        at = u.end;
    }
    assert_eq!(at, doc.text.len());
    // Every sentence's entities are found, in whichever piece it stands.
    if res().is_none() {
        return;
    }
    let a = run(&text);
    let n = text.matches(sentence).count();
    assert_eq!(count(&a, Label::Per, "张建国"), n, "{:?}", &ents(&a)[..6]);
    assert_eq!(count(&a, Label::Loc, "上海市"), n);
}
