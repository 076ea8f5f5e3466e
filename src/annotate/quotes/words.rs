//! The words the speaker rules read: verbs of saying (Simplified and
//! Traditional), the words around them that are not part of a verb of
//! saying (知道, 小说, 学问), titles before a name, pronouns, and the
//! manner words between a speaker and the verb.

use crate::annotate::charset::CharSet;
use std::sync::LazyLock;

/// Verbs of saying, longest first; Simplified then Traditional forms.
/// Single characters (说 道 问 答 称 指) are checked against
/// [`NOT_SPEECH`] for the word they may be part of.
pub const SAY_VERBS: &[&str] = &[
    "告诉记者",
    "告訴記者",
    "介绍说",
    "介紹說",
    "表示",
    "指出",
    "认为",
    "認為",
    "介绍",
    "介紹",
    "强调",
    "強調",
    "坦言",
    "透露",
    "说道",
    "說道",
    "提到",
    "回忆",
    "回憶",
    "憶述",
    "感慨",
    "解释",
    "解釋",
    "补充",
    "補充",
    "直言",
    "笑言",
    "谈到",
    "談到",
    "呼吁",
    "呼籲",
    "坦承",
    "承认",
    "承認",
    "说明",
    "說明",
    "总结",
    "總結",
    "回答",
    "回应",
    "回應",
    "写道",
    "寫道",
    "感叹",
    "感嘆",
    "形容",
    "规定",
    "規定",
    "宣布",
    "宣佈",
    "回复",
    "回覆",
    "询问",
    "詢問",
    "叮嘱",
    "叮囑",
    "嘱咐",
    "囑咐",
    "寄语",
    "寄語",
    "提出",
    "开口",
    "開口",
    "称",
    "稱",
    "说",
    "說",
    "讲",
    "講",
    "问",
    "問",
    "答",
    "道",
    "曰",
    "指",
];

/// The first characters of [`SAY_VERBS`].
pub static SAY_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(SAY_VERBS.iter().filter_map(|v| v.chars().next())));

/// [`SAY_VERBS`] by their first character, each list in [`SAY_VERBS`]'s
/// order.
static SAY_BY_FIRST: LazyLock<rustc_hash::FxHashMap<char, Vec<&'static str>>> =
    LazyLock::new(|| {
        let mut by_first = rustc_hash::FxHashMap::<char, Vec<&'static str>>::default();
        for v in SAY_VERBS {
            if let Some(c) = v.chars().next() {
                by_first.entry(c).or_default().push(v);
            }
        }
        by_first
    });

/// The first of [`SAY_VERBS`] that `rest` starts with (as
/// `SAY_VERBS.iter().find(|v| rest.starts_with(v))`, comparing only the
/// verbs with `rest`'s first character: a whole-text pass asks this at
/// every character of [`SAY_FIRST`]).
pub fn say_verb_at(rest: &str) -> Option<&'static str> {
    let c = rest.chars().next()?;
    SAY_BY_FIRST
        .get(&c)?
        .iter()
        .copied()
        .find(|v| rest.starts_with(v))
}

/// Two-character words holding a one-character verb of saying that are not
/// speech (知道, 报道, 小说, 学问, 名称, 手指, 说明书 is caught by 说明 + 书).
const NOT_SPEECH: &[&str] = &[
    "知道",
    "报道",
    "報道",
    "味道",
    "难道",
    "難道",
    "街道",
    "渠道",
    "轨道",
    "軌道",
    "频道",
    "頻道",
    "一道",
    "大道",
    "小道",
    "通道",
    "跑道",
    "古道",
    "霸道",
    "赤道",
    "隧道",
    "车道",
    "車道",
    "地道",
    "道路",
    "道理",
    "道德",
    "道歉",
    "道具",
    "管道",
    "坑道",
    "河道",
    "航道",
    "称道",
    "稱道",
    "其道",
    "小说",
    "小說",
    "听说",
    "聽說",
    "据说",
    "據說",
    "传说",
    "傳說",
    "虽说",
    "雖說",
    "来说",
    "來說",
    "所说",
    "所說",
    "是说",
    "是說",
    "说法",
    "說法",
    "学说",
    "學說",
    "游说",
    "遊說",
    "说服",
    "說服",
    "学问",
    "學問",
    "访问",
    "訪問",
    "顾问",
    "顧問",
    "疑问",
    "疑問",
    "慰问",
    "慰問",
    "问题",
    "問題",
    "问卷",
    "問卷",
    "名称",
    "名稱",
    "简称",
    "簡稱",
    "号称",
    "號稱",
    "堪称",
    "堪稱",
    "俗称",
    "俗稱",
    "统称",
    "統稱",
    "称号",
    "稱號",
    "称为",
    "稱為",
    "称之",
    "稱之",
    "对称",
    "對稱",
    "答案",
    "解答",
    "报答",
    "報答",
    "答卷",
    "答题",
    "答題",
    "手指",
    "指标",
    "指標",
    "指数",
    "指數",
    "指南",
    "指导",
    "指導",
    "指挥",
    "指揮",
    "指定",
    "指引",
    "指向",
    "指控",
    "指派",
    "所指",
    "指令",
    "讲座",
    "講座",
    "讲究",
    "講究",
    "讲解",
    "講解",
    "讲台",
    "講台",
    "演讲",
    "演講",
    "讲话",
    "講話",
    "说明书",
    "說明書",
    "提出了",
    "宣布了",
];

/// The characters of every word of [`NOT_SPEECH`], for a quick first test.
static NOT_SPEECH_CHARS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(NOT_SPEECH.iter().flat_map(|w| w.chars())));

/// Whether the verb at `start..end` of `text` is a verb of saying: not the
/// end or the start of a longer word that is something else.
pub fn verb_ok(text: &str, start: usize, end: usize) -> bool {
    let prev = text[..start].chars().next_back();
    let next = text[end..].chars().next();
    let verb = &text[start..end];
    let mut buf = String::with_capacity(verb.len() + 8);
    if let Some(p) = prev.filter(|&c| NOT_SPEECH_CHARS.contains(c)) {
        buf.push(p);
        buf.push_str(verb);
        if NOT_SPEECH.contains(&buf.as_str()) {
            return false;
        }
    }
    if let Some(n) = next.filter(|&c| NOT_SPEECH_CHARS.contains(c)) {
        buf.clear();
        buf.push_str(verb);
        buf.push(n);
        if NOT_SPEECH.iter().any(|w| w.starts_with(buf.as_str())) {
            return false;
        }
    }
    true
}

/// Title and role words after which a name follows (副部长郑健麟, 村民张三).
pub const TITLES: &[&str] = &[
    "董事长",
    "总经理",
    "總經理",
    "总指挥",
    "總指揮",
    "总设计师",
    "總設計師",
    "总工程师",
    "總工程師",
    "總監",
    "总理",
    "總理",
    "总编辑",
    "秘书长",
    "秘書長",
    "理事长",
    "副总裁",
    "负责人",
    "負責人",
    "创始人",
    "發言人",
    "发言人",
    "研究员",
    "研究員",
    "工程师",
    "工程師",
    "合伙人",
    "传承人",
    "总书记",
    "總書記",
    "首席执行官",
    "首席執行官",
    "执行官",
    "公使",
    "部长",
    "部長",
    "书记",
    "書記",
    "主任",
    "主席",
    "局长",
    "局長",
    "处长",
    "處長",
    "科长",
    "厅长",
    "司长",
    "司長",
    "市长",
    "省长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "村长",
    "校长",
    "校長",
    "院长",
    "院長",
    "所长",
    "会长",
    "會長",
    "社长",
    "社長",
    "台长",
    "站长",
    "馆长",
    "行长",
    "队长",
    "總裁",
    "总裁",
    "经理",
    "經理",
    "总监",
    "主编",
    "记者",
    "記者",
    "教授",
    "专家",
    "委员",
    "委員",
    "常委",
    "代表",
    "医生",
    "醫生",
    "律师",
    "律師",
    "老师",
    "老師",
    "主管",
    "CEO",
    "董事",
    "店主",
    "村民",
    "居民",
    "农民",
    "市民",
    "团长",
    "團長",
    "议员",
    "議員",
    "主持人",
    "志愿者",
    "义工",
    "學生",
    "学生",
    "大使",
    "参赞",
    "领事",
    "博士",
    "院士",
    "师傅",
    "医师",
    "护士",
    "党员",
    "干部",
];

/// The first characters of [`TITLES`].
pub static TITLE_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(TITLES.iter().filter_map(|t| t.chars().next())));

/// Third-person pronouns that stand for a named person nearby.
pub const RESOLVED_PRONOUNS: &[&str] = &["他", "她"];

/// Pronouns a speaker phrase may start with, longest first (他们 before 他).
pub const PRONOUNS: &[&str] = &[
    "他们", "她们", "我们", "他們", "她們", "我們", "咱们", "他", "她", "我", "你", "您",
];

/// Words at the start of a speaker phrase that are not part of the speaker
/// (据X介绍, 对此X表示).
pub const LEADS: &[&str] = &[
    "只听得",
    "只聽得",
    "忽听得",
    "忽聽得",
    "忽见",
    "忽見",
    "却是",
    "卻是",
    "乃是",
    "正是",
    "时有",
    "時有",
    "对此",
    "對此",
    "此外",
    "同时",
    "同時",
    "随后",
    "隨後",
    "接着",
    "接著",
    "据",
    "據",
    "而",
    "但",
    "并",
    "並",
    "也",
    "又",
    "便",
    "却",
    "卻",
    "于是",
    "於是",
    "只见",
    "只見",
    "当下",
    "當下",
    "那",
    "这",
];

/// Where a speaker phrase stops when no entity names the speaker: words
/// of manner or address between the speaker and the verb (环卫阿姨笑着说
/// → 环卫阿姨, 他对记者说 → 他).
pub const CUTS: &[&str] = &[
    "笑着", "笑著", "笑", "对", "對", "向", "跟", "给", "給", "朝", "冲", "一边", "一邊", "地",
    "着", "著", "连声", "連聲", "便", "又", "也", "却", "卻", "乃", "就", "都", "还", "還", "只",
    "再", "亦", "遂", "才", "忙", "连忙", "連忙", "低声", "低聲", "高声", "高聲", "大声", "大聲",
    "这样", "這樣", "这么", "這麼", "点头", "點頭", "摇头", "搖頭", "回头", "回頭", "冷笑", "大喜",
    "大怒", "大惊", "大驚", "大叫", "问", "問", "叫", "喝", "骂", "罵", "答", "应", "應", "喊",
    "嚷", "哭", "叹", "嘆", "在", "曾", "则", "則", "更", "常", "总", "總", "表示", "称赞", "稱讚",
    "补充", "補充", "动情", "動情", "感慨", "首先", "闻言", "聞言", "思量", "寻思", "尋思", "心中",
    "心下", "暗想", "俱", "皆", "即",
];

/// The first characters of [`CUTS`].
pub static CUT_FIRST: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new(CUTS.iter().filter_map(|t| t.chars().next())));

/// Speaker phrases that name nobody (有人说, 一位…, 众人道): the text does
/// not say who speaks.
pub const NOBODY: &[&str] = &[
    "有人",
    "有的",
    "一人",
    "人们",
    "人們",
    "有网友",
    "网友",
    "網友",
    "其",
];

/// Nouns for people that do not end in one of [`PERSON_ENDS`]: kin,
/// forms of address and roles (她爱人, 老公, 同事, 邻居们, 医生).
pub const PERSON_WORDS: &[&str] = &[
    "爱人", "愛人", "丈夫", "妻子", "老公", "老婆", "母亲", "母親", "父亲", "父親", "儿子", "兒子",
    "女儿", "女兒", "孩子", "先生", "女士", "小姐", "学生", "學生", "医生", "醫生", "同事", "邻居",
    "鄰居", "同志", "同学", "同學", "群众", "群眾", "老板", "老闆", "老乡", "老鄉", "伙伴", "夥伴",
    "家长", "家長", "专家", "專家", "作家", "主人", "村民", "居民", "农民", "農民", "市民", "网民",
    "網民", "大妈", "大媽", "大爷", "大爺", "老汉", "老漢", "小伙", "小夥", "姑娘", "闺女", "閨女",
    "媳妇", "媳婦", "老太", "老伴", "青年", "少年", "儿童", "兒童",
];

/// Last characters of nouns for people (工人, 员工, 人士, 创作者, 阿姨,
/// 大爷, 组员, 护士, 法官).
pub const PERSON_ENDS: &str =
    "人员員者士工民农農姨爷爺叔婶嬸姐哥弟妹夫妻友师師娘婆嫂爸妈媽伯舅侣侶匠兵官客";

/// Whether a word tagged `pos` names a kind of person (a role noun that
/// can be the subject of a verb of saying): a noun in [`PERSON_WORDS`] or
/// [`TITLES`], or ending in one of [`PERSON_ENDS`]; 们 after it is part of
/// it (组员们).
pub fn person_noun(word: &str, pos: &str) -> bool {
    if !pos.starts_with('n') && pos != "j" {
        return false;
    }
    let word = word
        .strip_suffix('们')
        .or_else(|| word.strip_suffix('們'))
        .unwrap_or(word);
    if word.chars().count() < 2 || !word.chars().all(is_han) {
        return false;
    }
    PERSON_WORDS.contains(&word)
        || TITLES.iter().any(|t| word.ends_with(t))
        || word
            .chars()
            .next_back()
            .is_some_and(|c| PERSON_ENDS.contains(c))
}

/// Characters that end a clause for the speaker rules.
pub fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '；'
            | '!'
            | '?'
            | ';'
            | '\n'
            | '“'
            | '”'
            | '「'
            | '」'
            | '『'
            | '』'
            | '，'
            | ','
            | '：'
            | ':'
            | '…'
            | '（'
            | '）'
            | '('
            | ')'
            | '"'
    )
}

/// Characters that end a sentence.
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '”' | '」' | '』')
}

/// Chinese characters (the unified blocks and extensions).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verb found by first character is the list's first match at
    /// every place of a text, and none where no verb starts.
    #[test]
    fn say_verb_at_is_the_lists_first_match() {
        let text = "他告诉记者，介绍说明天表示认为；宋江道：曰指出说道问答称呼。abc 告訴記者說";
        let mut found = 0;
        for (i, _) in text.char_indices() {
            let rest = &text[i..];
            let scan = SAY_VERBS.iter().copied().find(|v| rest.starts_with(v));
            assert_eq!(say_verb_at(rest), scan, "{rest}");
            found += usize::from(scan.is_some());
        }
        assert!(found >= 10, "{found}");
        assert_eq!(say_verb_at(""), None);
        assert_eq!(
            say_verb_at("告诉"),
            SAY_VERBS.iter().copied().find(|v| "告诉".starts_with(v))
        );
    }

    #[test]
    fn one_character_verbs_inside_other_words_are_not_speech() {
        let at = |s: &str, v: &str| {
            let k = s.find(v).unwrap_or(0);
            verb_ok(s, k, k + v.len())
        };
        assert!(at("宋江道：", "道"));
        assert!(!at("他知道了", "道"));
        assert!(!at("新华社报道", "道"));
        assert!(at("她说：", "说"));
        assert!(!at("这部小说", "说"));
        assert!(!at("这个说法", "说"));
        assert!(!at("他們的問題", "問"));
        assert!(at("記者問：", "問"));
        assert!(!at("这份说明书", "说明"));
        assert!(!at("这种说法大行其道", "道"));
    }

    #[test]
    fn nouns_for_people() {
        for (w, pos) in [
            ("阿姨", "nr"),
            ("工人", "n"),
            ("人士", "n"),
            ("创作者", "n"),
            ("组员们", "n"),
            ("爱人", "n"),
            ("護士", "n"),
        ] {
            assert!(person_noun(w, pos), "{w}");
        }
        for (w, pos) in [("胡同", "n"), ("说", "v"), ("工人", "v"), ("人", "n")] {
            assert!(!person_noun(w, pos), "{w}");
        }
    }
}
