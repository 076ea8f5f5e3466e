//! Every render function stays inside its area: random terminal sizes from
//! 1×1 to 300×100, interleaved with random actions, never panic — also
//! when a frame is drawn at a size the app has not seen yet (a resize
//! still in flight, as in the resize storms of issue 20).

mod tui_support;

use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::sync::OnceLock;
use tui_support::*;
use yuelan::model::Annotated;
use yuelan::tui::{Action, view};

fn doc() -> &'static Annotated {
    static DOC: OnceLock<Annotated> = OnceLock::new();
    DOC.get_or_init(|| {
        annotated(
            "长标题：关于数字经济的报告\n\n\
             一、总体情况\n\n\
             去年，全省数字经济增加值达到6904.35亿元，同比增长14.1%。\
             省长张三说：“我们要继续努力。”The quick brown fox jumps over the lazy dog.\n\n\
             （一）产业发展\n\n\
             阿里巴巴集团在杭州召开会议，《人民日报》报道了此事。\n\n\
             二、下一步工作\n\n\
             要坚持稳中求进，推动高质量发展……“好”。\n",
        )
    })
}

fn action() -> impl Strategy<Value = Action> {
    (0..Action::ALL.len()).prop_map(|i| Action::ALL[i])
}

#[derive(Debug, Clone)]
enum Step {
    Resize(u16, u16),
    Act(Action),
    Type(char),
    /// Draw into a frame of this size without telling the app.
    DrawAt(u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u16..=300, 1u16..=100).prop_map(|(w, h)| Step::Resize(w, h)),
        action().prop_map(Step::Act),
        prop_oneof![Just('数'), Just('a'), Just('j'), Just('1')].prop_map(Step::Type),
        (1u16..=300, 1u16..=100).prop_map(|(w, h)| Step::DrawAt(w, h)),
    ]
}

fn draw_at(app: &yuelan::tui::App, w: u16, h: u16) {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    view::render(app, area, &mut buf);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_sizes_and_actions_never_panic(
        start in (1u16..=300, 1u16..=100),
        steps in prop::collection::vec(step(), 1..40),
    ) {
        let mut app = app_with(doc().clone(), start.0, start.1);
        app.learner.wordlist_path = Some(std::env::temp_dir().join("yuelan-props-words.json"));
        for s in steps {
            match s {
                Step::Resize(w, h) => app.resize(w, h),
                // Quit ends the real loop; here it would only stop nothing.
                Step::Act(Action::Quit | Action::AddWord) => {}
                Step::Act(a) => app.update(a),
                Step::Type(c) => app.handle_key(yuelan::tui::keymap::Key::char(c).to_event()),
                Step::DrawAt(w, h) => draw_at(&app, w, h),
            }
            let _ = render(&app);
        }
    }
}

#[test]
fn the_resize_storm_of_the_report_never_panics() {
    // 120x40 and 70x20 alternating, a key between, each frame drawn once at
    // the old size before the app hears of the new one.
    let mut app = app_with(doc().clone(), 120, 40);
    press(&mut app, "tab");
    for i in 0..200 {
        let (w, h) = if i % 2 == 0 { (70, 20) } else { (120, 40) };
        let (ow, oh) = (app.size.width, app.size.height);
        draw_at(&app, w, h);
        app.resize(w, h);
        draw_at(&app, ow, oh);
        press(&mut app, if i % 3 == 0 { "j" } else { "]]" });
        let _ = render(&app);
    }
}
