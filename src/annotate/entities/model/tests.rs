//! The model's decoding and storage, and what the shipped model does with
//! texts written for these tests: the false entities a user reported
//! (ordinary words taken for organisations, people and places) and bylines
//! with a space between the title and the name.

use super::*;
use crate::annotate::Resources;
use crate::annotate::entities::{Mode, recognize_with};

fn res() -> Option<&'static Resources> {
    static RES: OnceLock<Option<Resources>> = OnceLock::new();
    RES.get_or_init(|| Resources::load().ok()).as_ref()
}

/// The (label, text) pairs the model combined with the rules finds.
fn ents(text: &str) -> Vec<(String, String)> {
    let (Some(r), Some(m)) = (res(), shipped()) else {
        return Vec::new();
    };
    let tags = crate::annotate::tokens::tag(&r.jieba, &r.pos_overrides, text);
    recognize_with(text, &tags, r, Mode::Combined, Some(&m))
        .iter()
        .map(|e| (e.label.name().to_string(), text[e.start..e.end].to_string()))
        .collect()
}

/// A text's features as the model reads them: jieba's tags, the rules'
/// entities, then the features of the whole text as one sentence.
fn features_of(r: &Resources, m: &Model, t: &str) -> features::SentenceFeatures {
    let tags = crate::annotate::tokens::tag(&r.jieba, &r.pos_overrides, t);
    let rules = crate::annotate::entities::rules(t, &tags, r);
    features::extract(t, &tags, &rules, r.dictionary(), &r.entities, m.bits())
}

fn has(found: &[(String, String)], label: &str, text: &str) -> bool {
    found.iter().any(|(l, t)| l == label && t == text)
}

/// Whether any entity covers (contains) `text`.
fn any_over(found: &[(String, String)], text: &str) -> bool {
    found.iter().any(|(_, t)| t.contains(text))
}

#[test]
fn decoding_keeps_to_bio() {
    // Emissions that prefer I-PER everywhere, and I-ORG after it.
    let mut em = vec![[0f32; NT]; 3];
    em[0][2] = 5.0;
    em[1][2] = 5.0;
    em[2][4] = 9.0;
    let (tags, margins) = decode(&em, &Transitions::default());
    assert_eq!(margins.len(), 3);
    for (i, &t) in tags.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| tags[p] as usize);
        assert!(allowed(prev, t as usize), "{tags:?}");
    }
    // The I-ORG at the end cannot follow PER: it must open with a B-ORG,
    // so the best path is B-PER I-PER B-ORG (5 + 5 + 0) or O O B-ORG…;
    // whatever it is, it is a valid sequence and it spans what it tags.
    assert!(spans(&tags).iter().all(|&(a, b, _)| a < b && b <= 3));
    assert!(spans(&[1, 2, 0, 5, 6, 6, 3]) == vec![(0, 2, 0), (3, 6, 2), (6, 7, 1)]);
}

/// The backward pass from a character on gives, row for row, the bits
/// the whole pass gives there, and so the margins the entities read
/// (`predict_sent` runs it only from the first entity on).
#[test]
fn the_backward_pass_from_a_character_is_the_whole_pass_from_there() {
    // Emissions and transitions of every sign, from a small generator.
    let mut x: u32 = 12345;
    let mut next = || {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        ((x >> 8) % 2001) as f32 / 100.0 - 10.0
    };
    let mut t = Transitions::default();
    for s in &mut t.start {
        *s = next();
    }
    for row in &mut t.trans {
        for s in row {
            *s = next();
        }
    }
    let em: Vec<[f32; NT]> = (0..40).map(|_| std::array::from_fn(|_| next())).collect();
    let (tags, margins) = decode(&em, &t);
    let (best, alpha) = best_tags(&em, &t);
    assert_eq!(best, tags);
    let whole = backward(&em, &t, 0);
    for from in [0, 1, 17, 39, 40] {
        let part = backward(&em, &t, from);
        assert_eq!(part.len(), em.len() - from);
        for (k, row) in part.iter().enumerate() {
            let bits = |r: &[f32; NT]| r.map(f32::to_bits);
            assert_eq!(bits(row), bits(&whole[from + k]), "from {from}, row {k}");
            let i = from + k;
            let m = margin(&alpha[i], row, tags[i]);
            assert_eq!(m.to_bits(), margins[i].to_bits());
        }
    }
}

#[test]
fn tag_names_map_to_indices() {
    assert_eq!(tag_index("O"), 0);
    assert_eq!(tag_index("B-PER"), 1);
    assert_eq!(tag_index("I-PER"), 2);
    assert_eq!(tag_index("B-ORG"), 3);
    assert_eq!(tag_index("I-LOC"), 6);
    assert_eq!(tag_index("B-WORK"), 0, "labels the model does not learn");
}

#[test]
fn models_round_trip_through_their_compressed_form() {
    let bits = 8;
    let mut w = vec![[0f32; LANES]; 1 << bits];
    w[3][1] = 2.5;
    w[200][6] = -1.25;
    let mut t = Transitions::default();
    t.trans[1][2] = 0.75;
    let m = Model::quantise(bits, &w, t);
    assert_eq!(m.rows_kept(), 2);
    let bytes = match m.to_bytes() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let back = match Model::from_bytes(&bytes) {
        Ok(m) => m,
        Err(e) => panic!("{e:#}"),
    };
    assert_eq!(back.bits(), bits);
    assert_eq!(back.rows_kept(), 2);
    let e = back.emissions(&[3; features::PER_CHAR]);
    assert!(
        (e[0][1] - 2.5 * features::PER_CHAR as f32).abs() < 0.01,
        "{e:?}"
    );
    let mut ids = [4u32; features::PER_CHAR];
    ids[0] = 200;
    let e = back.emissions(&ids);
    assert!((e[0][6] + 1.25).abs() < 0.01, "{e:?}");
    assert!(e[0].iter().enumerate().all(|(k, &v)| k == 6 || v == 0.0));
    assert!((back.transitions.trans[1][2] - 0.75).abs() < 1e-6);
    assert!(Model::from_bytes(b"not a model").is_err());
    assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}

/// A small deterministic generator for the tests below.
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

/// A model stored with only its non-zero rows reads back into the same
/// sums as the weights give, computed here the plain way.
#[test]
fn models_stored_by_their_non_zero_rows_give_the_sums_of_every_bucket() {
    let bits = 12;
    let buckets = 1usize << bits;
    let mut state = 7;
    let mut w = vec![[0f32; LANES]; buckets];
    // A fifth of the buckets have weights, some of them in runs that
    // cross the index's words of 32 buckets, the first and last too.
    for (b, row) in w.iter_mut().enumerate() {
        if lcg(&mut state).is_multiple_of(5) || (60..70).contains(&b) || b == 0 || b == buckets - 1
        {
            // Rows of every size, from the largest to 2^-12 of it.
            let size = (1u32 << (lcg(&mut state) % 13)) as f32;
            for v in row.iter_mut().take(NT) {
                *v = ((lcg(&mut state) % 2001) as f32 - 1000.0) / size;
            }
        }
    }
    let m = Model::quantise(bits, &w, Transitions::default());
    let kept = w.iter().filter(|r| r.iter().any(|&v| v != 0.0)).count();
    assert_eq!(m.rows_kept(), kept);
    let ids: Vec<u32> = (0..features::PER_CHAR * 50)
        .map(|_| (lcg(&mut state) % buckets as u64) as u32)
        .collect();
    let e = m.emissions(&ids);
    // Each weight is read back within half its row's step, which is at
    // most the row's largest weight over 127.5 (or the finest step).
    let mut empty = 0;
    for (i, fs) in ids.chunks_exact(features::PER_CHAR).enumerate() {
        let mut exact = [0f64; NT];
        let mut slack = 1e-3;
        for &f in fs {
            let row = &w[f as usize];
            if row.iter().all(|&v| v == 0.0) {
                empty += 1;
            }
            for (a, &v) in exact.iter_mut().zip(row) {
                *a += f64::from(v);
            }
            let top = row.iter().fold(0f32, |t, v| t.max(v.abs()));
            slack += f64::from((top / 127.5).max(m.scale / 2.0));
        }
        for (k, a) in exact.iter().enumerate() {
            let got = f64::from(e[i][k]);
            assert!(
                (got - a).abs() <= slack,
                "character {i}, tag {k}: {got} against {a} (slack {slack})"
            );
        }
    }
    assert_eq!(m.empty_reads(&ids), empty);
    assert!(empty > 0 && empty < ids.len());
    // Stored and read again: the same sums.
    let back = match m
        .to_bytes()
        .map_err(anyhow::Error::from)
        .and_then(|b| Model::from_bytes(&b))
    {
        Ok(m) => m,
        Err(e) => panic!("{e:#}"),
    };
    assert_eq!(back.emissions(&ids), e);
    // Buckets past the table read as empty ones.
    let Some(empty_bucket) = w.iter().position(|r| r.iter().all(|&v| v == 0.0)) else {
        panic!("no empty bucket");
    };
    let mut far = ids[..features::PER_CHAR].to_vec();
    far[0] = buckets as u32 + 5;
    far[1] = u32::MAX;
    let mut near = far.clone();
    near[..2].fill(empty_bucket as u32);
    assert_eq!(m.emissions(&far), m.emissions(&near));
    assert!(Model::from_bytes(&bytes_of(&m)[..10]).is_err());
    // Read keeping only the rows with a weight (the browser's form): the
    // same sums, the same empty reads, a third of the memory, and stored
    // again into the same bytes.
    let bytes = bytes_of(&m);
    let compact = match Model::from_bytes_compact(&bytes) {
        Ok(m) => m,
        Err(e) => panic!("{e:#}"),
    };
    assert_eq!(compact.emissions(&ids), e);
    assert_eq!(compact.empty_reads(&ids), empty);
    assert_eq!(compact.rows_kept(), kept);
    assert!(
        compact.memory() * 3 < m.memory(),
        "{} against {}",
        compact.memory(),
        m.memory()
    );
    assert_eq!(compact.to_bytes().ok(), Some(bytes.clone()));
    assert_eq!(compact.emissions(&far), m.emissions(&far));
    assert!(Model::from_bytes_compact(&bytes[..bytes.len() / 2]).is_err());
}

fn bytes_of(m: &Model) -> Vec<u8> {
    match m.to_bytes() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    }
}

/// The shipped model finds the same entities through the pipeline's path
/// (rows asked for as the features are hashed and ahead of the sums) as
/// from the emissions of each character summed alone, on text written for
/// this test.
#[test]
fn sums_read_ahead_equal_each_characters_own_sums() {
    let (Some(r), Some(m)) = (res(), shipped()) else {
        return;
    };
    let text = "新华社北京三月五日电 国务院总理李克强在人民大会堂会见了来访的巴西外长，双方就中巴关系交换了意见。";
    let tags = crate::annotate::tokens::tag(&r.jieba, &r.pos_overrides, text);
    let rules = crate::annotate::entities::rules(text, &tags, r);
    let f = features::extract(text, &tags, &rules, r.dictionary(), &r.entities, m.bits());
    // One character at a time: no lookup ahead.
    let one_by_one: Vec<[f32; NT]> = f
        .ids
        .chunks_exact(features::PER_CHAR)
        .flat_map(|c| m.emissions(c))
        .collect();
    assert_eq!(m.emissions(&f.ids), one_by_one);
    let sent = super::super::Sent::new(text, &tags, r.dictionary(), &r.entities);
    let (tags_of, _) = decode(&one_by_one, &m.transitions);
    let found: Vec<_> = m
        .predict_sent(&sent, &rules, &r.entities, 0.0)
        .iter()
        .map(|e| (e.start, e.end))
        .collect();
    let want: Vec<_> = spans(&tags_of)
        .iter()
        .map(|&(a, b, _)| (f.offsets[a], f.offsets[b]))
        .collect();
    assert_eq!(found, want);
    assert!(found.len() >= 3, "{found:?}");
    // Some features of this text land on empty buckets, and not all.
    let empty = m.empty_reads(&f.ids);
    assert!(empty > 0 && empty < f.ids.len(), "{empty}");
    // The browser's form of the shipped model (only the rows with a
    // weight; features turned into places as they are hashed): the same
    // sums, entities and confidences.
    let compact = match Model::from_bytes_compact(SHIPPED) {
        Ok(c) => c,
        Err(e) => panic!("{e:#}"),
    };
    assert!(compact.memory() * 3 < m.memory());
    assert_eq!(compact.emissions(&f.ids), one_by_one);
    let dense = m.predict_sent(&sent, &rules, &r.entities, RULE_PRIOR);
    let light = compact.predict_sent(&sent, &rules, &r.entities, RULE_PRIOR);
    let key = |es: &[Entity]| -> Vec<_> {
        es.iter()
            .map(|e| (e.start, e.end, e.label, e.confidence.to_bits()))
            .collect()
    };
    assert_eq!(key(&light), key(&dense));
    assert!(!dense.is_empty());
    assert_eq!(
        found,
        compact
            .predict_sent(&sent, &rules, &r.entities, 0.0)
            .iter()
            .map(|e| (e.start, e.end))
            .collect::<Vec<_>>()
    );
}

#[test]
fn full_width_text_is_read_like_ascii() {
    assert_eq!(features::norm_char('８'), '8');
    assert_eq!(features::norm_char('Ｉ'), 'i');
    assert_eq!(features::norm_char('I'), 'i');
    assert_eq!(features::norm_char('中'), '中');
    if shipped().is_none() {
        return;
    }
    let full = ents("２０２４年，ＩＢＭ公司与北京大学签署合作协议。");
    let ascii = ents("2024年，IBM公司与北京大学签署合作协议。");
    assert!(has(&full, "ORG", "北京大学"), "{full:?}");
    assert!(has(&ascii, "ORG", "IBM公司"), "{ascii:?}");
}

#[test]
fn model_entities_say_where_they_come_from() {
    let (Some(r), Some(m)) = (res(), shipped()) else {
        return;
    };
    let text = "外交部发言人陈明说，中国愿同巴西加强合作。";
    let tags = crate::annotate::tokens::tag(&r.jieba, &r.pos_overrides, text);
    let found = recognize_with(text, &tags, r, Mode::Model, Some(&m));
    assert!(found.len() >= 3, "{found:?}");
    for e in &found {
        assert_eq!(e.source, Source::Model);
        assert!((0.5..=1.0).contains(&e.confidence), "{e:?}");
    }
    // As an annotation: the source and the confidence are attributes.
    let a = crate::annotate::entities::to_annotation(&found[0]);
    let source = a.attrs.get("source");
    assert_eq!(source.as_ref().and_then(|v| v.as_str()), Some("model"));
}

#[test]
fn ordinary_words_are_not_organisations() {
    if shipped().is_none() {
        return;
    }
    let found = ents(
        "该公司在人工智能技术方面取得了新进展。研究团队宣布了重大进展，\
         并新设两个实验室。这项技术已经成熟。",
    );
    for w in ["技术", "新进展", "重大进展", "新设"] {
        assert!(!any_over(&found, w), "{w}: {found:?}");
    }
}

#[test]
fn idioms_are_not_places() {
    if shipped().is_none() {
        return;
    }
    let found = ents("村民们喜迁新居，脸上洋溢着笑容。");
    assert!(!any_over(&found, "喜迁新居"), "{found:?}");
}

#[test]
fn bylines_with_a_space_name_the_person() {
    if shipped().is_none() {
        return;
    }
    let found = ents("国务院总理 李克强 出席会议并讲话。");
    assert!(has(&found, "PER", "李克强"), "{found:?}");
    let found = ents("省长 张国华 主持会议。");
    assert!(has(&found, "PER", "张国华"), "{found:?}");
    let found = ents("本报记者 陈思远");
    assert!(has(&found, "PER", "陈思远"), "{found:?}");
}

#[test]
fn bylines_alone_on_their_line_name_the_person() {
    if shipped().is_none() {
        return;
    }
    // A title and a name, nothing else: no context for the model; the
    // role before the spaces (ASCII or ideographic) says who it is.
    for (line, name) in [
        ("市长 陈建国", "陈建国"),
        ("县委书记　李明华", "李明华"),
        ("国务院总理 李克强", "李克强"),
        ("省长　孙立军", "孙立军"),
    ] {
        let found = ents(line);
        assert!(has(&found, "PER", name), "{line}: {found:?}");
    }
    // A word after a title and a space is no name for all that.
    let found = ents("市长 表示");
    assert!(!found.iter().any(|(l, _)| l == "PER"), "{found:?}");
}

#[test]
fn policy_words_are_not_people() {
    if shipped().is_none() {
        return;
    }
    // Words of government reports that jieba tags as names (惠民, 普惠性).
    let found = ents("各地坚持惠民生、暖民心，扩大普惠性养老服务，推出一批惠民举措。");
    for w in ["惠民生", "普惠性", "惠民", "暖民心"] {
        assert!(!any_over(&found, w), "{w}: {found:?}");
    }
    // A name in the same list shape still is one.
    let found = ents("各地代表张明华、李秀英出席了会议。");
    assert!(has(&found, "PER", "张明华"), "{found:?}");
}

#[test]
fn progress_words_in_headlines_are_not_organisations() {
    if shipped().is_none() {
        return;
    }
    // Headlines and short lines give the model little context; the words
    // of progress and setting up stay words.
    for text in [
        "量子通信研究取得重大进展",
        "重大进展！科研团队攻克芯片关键技术",
        "我省新设三个自贸试验片区",
        "新进展：两市合作项目全面开工",
        "这项新技术已在多个城市推广。",
    ] {
        let found = ents(text);
        assert!(
            !found
                .iter()
                .any(|(l, t)| l == "ORG" && ["进展", "新设", "技术"].iter().any(|w| t.contains(w))),
            "{text}: {found:?}"
        );
    }
}

/// Sentences in turn through the same thread's reused working tables, and
/// with the per-character hook, give the features of each sentence alone
/// (nothing of a longer sentence before stays in the tables).
#[test]
fn features_of_sentences_in_turn_are_those_of_each_alone() {
    let (Some(r), Some(m)) = (res(), shipped()) else {
        return;
    };
    let texts = [
        "国务院总理李克强在北京人民大会堂会见了上海淘璞电子商务有限公司的代表王建国。",
        "他说。",
        "",
        "县委书记张三和杭州市西湖区人民法院院长李四出席。",
        "ＩＢＭ公司在纽约。",
    ];
    let alone: Vec<Vec<u32>> = texts
        .iter()
        .map(|t| {
            // A fresh thread: fresh tables.
            std::thread::scope(|s| {
                s.spawn(|| features_of(r, &m, t).ids)
                    .join()
                    .unwrap_or_default()
            })
        })
        .collect();
    for _ in 0..2 {
        for (t, ids) in texts.iter().zip(&alone) {
            let tags = crate::annotate::tokens::tag(&r.jieba, &r.pos_overrides, t);
            let rules = crate::annotate::entities::rules(t, &tags, r);
            let sent = super::super::Sent::new(t, &tags, r.dictionary(), &r.entities);
            let mut seen = Vec::new();
            let f = features::extract_with(
                &sent,
                &rules,
                &r.entities,
                m.bits(),
                |f| f,
                |_, c| seen.extend_from_slice(c),
            );
            assert_eq!(&f.ids, ids, "{t}");
            assert_eq!(&seen, ids, "{t}");
            assert_eq!(f.len(), t.chars().count());
        }
    }
    assert!(alone[0].len() > 30 * features::PER_CHAR);
}

/// A released model loads again on the next use and finds the same
/// entities; whoever held the old one keeps it.
#[test]
fn a_released_model_loads_again_and_finds_the_same_entities() {
    let Some(held) = shipped() else {
        return;
    };
    let text = "外交部发言人陈明说，中国愿同巴西加强合作。";
    let before = ents(text);
    assert!(has(&before, "PER", "陈明"), "{before:?}");
    release();
    assert!(held.memory() > 0);
    let Some(again) = shipped() else {
        panic!("the model loads again after a release");
    };
    assert!(!std::sync::Arc::ptr_eq(&held, &again));
    assert_eq!(ents(text), before);
}

/// The features' ids of texts of every kind of character (ideographs,
/// full-width and ASCII letters and digits, spaces, Traditional, rare
/// symbols, names and organisations with roles) are those the shipped
/// model was trained with: their fingerprint is the one the features gave
/// when it was trained (any change to a hash, a template or a value read
/// moves it).
#[test]
fn feature_ids_are_those_the_model_was_trained_with() {
    let (Some(r), Some(m)) = (res(), shipped()) else {
        return;
    };
    let texts = [
        "国务院总理李克强在北京人民大会堂会见了上海淘璞电子商务有限公司的代表王建国。",
        "县委书记张三和杭州市西湖区人民法院院长李四出席，政协委员王五、团支部书记赵六列席。",
        "２０２４年，ＩＢＭ公司与北京大学签署合作协议；IBM CEO Arvind Krishna 表示 3.5% 的增长。",
        "北京第一中级人民法院 判决：被告人 张某 犯盗窃罪。",
        "臺灣的國立臺灣大學與香港中文大學合作，於二〇二三年成立研究中心。",
        "他说。",
        "",
        "  \t 　",
        "①②③ ㈱ ℃ ﬁ Ⅻ — “引号” 《书名》 ……",
        "一九四九年十月一日，中华人民共和国中央人民政府成立，毛泽东任主席。",
    ];
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut n = 0;
    for t in texts {
        let f = features_of(r, &m, t);
        assert_eq!(f.len(), t.chars().count(), "{t}");
        for &id in &f.ids {
            h = (h ^ u64::from(id)).wrapping_mul(0x100_0000_01b3);
            n += 1;
        }
    }
    assert_eq!(n, 262 * features::PER_CHAR);
    assert_eq!(h, 0x9086_23c0_79a4_2812, "fingerprint {h:#x}");
}

/// A rule entity inside a longer name the model reads (the rules see the
/// province and the congress, not the session between them) does not cut
/// the name in two: its prior is not added ([`whole_names`]).
#[test]
fn a_rule_entity_inside_a_longer_name_does_not_split_it() {
    let found = ents("他是贵州省第十三届人民代表大会代表。");
    if found.is_empty() {
        return;
    }
    assert!(
        has(&found, "ORG", "贵州省第十三届人民代表大会"),
        "{found:?}"
    );
    assert!(!has(&found, "LOC", "贵州省"), "{found:?}");
}

/// Which rule entities a whole name of the model's takes the prior from:
/// those strictly inside it; inside a person, only persons (a person
/// holds no place).
#[test]
fn a_whole_name_holds_the_rule_entities_strictly_inside_it() {
    let names = [(0, 3, Label::Per), (5, 12, Label::Org)];
    // 苏立 in 苏立凡; 四川 and 电视台 in 四川有线电视台.
    assert!(inside_whole_name(&names, 0, 2, Label::Per));
    assert!(inside_whole_name(&names, 5, 7, Label::Loc));
    assert!(inside_whole_name(&names, 9, 12, Label::Org));
    // A place inside a person, the same span, one reaching out: not.
    assert!(!inside_whole_name(&names, 0, 2, Label::Loc));
    assert!(!inside_whole_name(&names, 5, 12, Label::Loc));
    assert!(!inside_whole_name(&names, 4, 7, Label::Loc));
    assert!(!inside_whole_name(&names, 10, 13, Label::Org));
}

/// The model's organisation counts as a whole name only where jieba's
/// words start and end with it: 步报国家发展改革委 starts inside 同步, so
/// the rules' 国家发展改革委 inside it keeps its prior.
#[test]
fn a_whole_name_starts_and_ends_where_jiebas_words_do() {
    let Some(r) = res() else {
        return;
    };
    let text = "项目清单同步报国家发展改革委审批。";
    let tags = crate::annotate::tokens::tag(&r.jieba, &r.pos_overrides, text);
    let rules = crate::annotate::entities::rules(text, &tags, r);
    let sent = super::super::Sent::new(text, &tags, r.dictionary(), &r.entities);
    let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    offsets.push(text.len());
    // Emissions that read an organisation over characters a..b (B-ORG 3,
    // I-ORG 4; else outside).
    let reading = |a: usize, b: usize| -> Vec<[f32; NT]> {
        (0..offsets.len() - 1)
            .map(|i| {
                let mut row = [0.0; NT];
                row[match i {
                    i if i == a => 3,
                    i if i > a && i < b => 4,
                    _ => 0,
                }] = 5.0;
                row
            })
            .collect()
    };
    let t = Transitions::default();
    // 国家发展改革委 whole (characters 7..14): a name.
    assert_eq!(
        whole_names(&reading(7, 14), &t, &sent, &offsets, &r.entities, &rules),
        vec![(7, 14, Label::Org)]
    );
    // 步报国家发展改革委 (5..14): starts inside 同步, no name.
    assert_eq!(
        whole_names(&reading(5, 14), &t, &sent, &offsets, &r.entities, &rules),
        vec![]
    );
}

/// 部署 (deployment) ends in 署 like an office (公署) but names none: the
/// organisation before it stands alone (党中央决策部署 → 党中央).
#[test]
fn a_deployment_is_no_organisation() {
    if shipped().is_none() {
        return;
    }
    let found = ents("各地坚决贯彻落实党中央决策部署，认真执行省委工作部署。");
    assert!(!any_over(&found, "部署"), "{found:?}");
    assert!(has(&found, "ORG", "党中央"), "{found:?}");
    assert!(has(&found, "ORG", "省委"), "{found:?}");
}
