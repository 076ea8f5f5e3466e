//! The entity recogniser against the People's Daily development split in
//! `../shared/corpora/ner-dev/`: the hand-written rules alone at an overall
//! exact-span F1 of at least 0.80, and the trained model combined with them
//! (the pipeline's default) at 0.928, ORG at 0.885. This guards both against regressions;
//! the split is
//! read from `../shared` (never copied into the repository) and the test
//! skips with a note when it is missing, but fails when `CI` is set.

use yuelan::annotate::Resources;
use yuelan::annotate::entities::Mode;
use yuelan::eval::ner::evaluate_with;

#[path = "common/shared.rs"]
mod shared;

#[test]
fn rules_f1_on_the_development_split_is_at_least_0_80() {
    let Some(gold) = shared::shared_text("corpora/ner-dev/peoplesdaily_dev.bio") else {
        return;
    };
    let res = match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("resources: {e:#}"),
    };
    let report = match evaluate_with(&gold, &res, Mode::Rules, None) {
        Ok(r) => r,
        Err(e) => panic!("evaluate: {e:#}"),
    };
    assert!(report.units > 2000, "{report}");
    let f1 = report.overall.f1();
    assert!(f1 >= 0.80, "overall F1 {f1:.4} below 0.80:\n{report}");
    // No label may collapse while the others carry the average.
    for (label, counts) in &report.rows {
        assert!(
            counts.f1() >= 0.70,
            "{label} F1 {:.4}:\n{report}",
            counts.f1()
        );
    }
}

/// The trained model combined with the rules (`yuelan eval ner`'s
/// "combined" report; the pipeline's default): overall F1 at least 0.928
/// and per-label floors a little under what the shipped model reaches with
/// the rules as its prior (LOC 0.944, PER 0.945, ORG 0.887; the issue's
/// targets are 0.92 and ORG 0.88).
#[test]
fn model_f1_on_the_development_split_is_at_least_0_928_and_org_0_885() {
    use yuelan::annotate::entities::model::shipped;
    let Some(gold) = shared::shared_text("corpora/ner-dev/peoplesdaily_dev.bio") else {
        return;
    };
    let res = match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("resources: {e:#}"),
    };
    let Some(model) = shipped() else {
        panic!("no entity model ships in data/entities/ner_model.bin.gz");
    };
    let report = match evaluate_with(&gold, &res, Mode::Combined, Some(&model)) {
        Ok(r) => r,
        Err(e) => panic!("evaluate: {e:#}"),
    };
    let f1 = report.overall.f1();
    assert!(f1 >= 0.928, "overall F1 {f1:.4} below 0.928:\n{report}");
    for (label, counts) in &report.rows {
        let floor = match label.as_str() {
            "LOC" => 0.942,
            "PER" => 0.943,
            _ => 0.885,
        };
        assert!(
            counts.f1() >= floor,
            "{label} F1 {:.4} below {floor}:\n{report}",
            counts.f1()
        );
    }
}
