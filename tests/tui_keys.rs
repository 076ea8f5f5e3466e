//! The key table drives dispatch, help and the README; overlays stack;
//! search, jumps and indexes move the cursor (annotations placed by hand
//! where a test is about the browser, not the annotators).

mod tui_support;

use tui_support::*;
use yuelan::model::{Annotated, Annotation, Layer, Span};
use yuelan::tui::KeyMap;
use yuelan::tui::keymap::{DEFAULT_BINDINGS, format_keys};

#[test]
fn help_overlay_lists_every_binding() {
    let (_, text) = &samples()[0];
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = app(text, w, h);
        press(&mut app, "?");
        assert!(app.top_layer() == Some("help"));
        let rows = app.keymap.help_rows();
        let mut seen = Vec::new();
        for _ in 0..rows.len() {
            seen.extend(screen(&render(&app)));
            press(&mut app, "j");
        }
        for (keys, action) in rows {
            assert!(
                seen.iter()
                    .any(|r| r.contains(&keys) && r.contains(action.describe())),
                "{w}x{h}: help lacks {keys} {}",
                action.name()
            );
        }
        // Every binding of the table is in some help row.
        for b in app.keymap.bindings() {
            let k = format_keys(&b.keys);
            assert!(seen.iter().any(|r| r.contains(&k)), "{k}");
        }
        press(&mut app, "q");
        assert!(app.layers().is_empty());
        assert!(!app.should_quit);
    }
}

#[test]
fn readme_lists_every_binding() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let start_tag = "<!-- keys:start";
    let end_tag = "<!-- keys:end -->";
    let a = readme.find(start_tag).expect("keys:start marker in README");
    let a = a + readme[a..].find("-->").expect("marker end") + 3;
    let b = readme.find(end_tag).expect("keys:end marker in README");
    let table = KeyMap::default().markdown_table();
    let want = format!("\n{table}");
    if readme[a..b] != want {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..a], want, &readme[b..]);
            std::fs::write(path, updated).expect("write README");
        } else {
            panic!(
                "README key table is out of date (UPDATE_README=1 cargo test --test tui_keys rewrites it):\n{table}"
            );
        }
    }
    for (k, action) in DEFAULT_BINDINGS {
        assert!(readme.contains(&format!("`{k}`")), "{k}");
        assert!(readme.contains(&format!("`{}`", action.name())));
    }
}

#[test]
fn status_hints_come_from_the_key_table() {
    let (_, text) = &samples()[0];
    let mut app = app(text, 120, 40);
    let status = screen(&render(&app)).pop().unwrap_or_default();
    assert!(
        status.contains("/ search") && status.contains("? help"),
        "{status}"
    );
    // Rebinding help changes the hint.
    assert!(app.keymap.set_action_keys("help", &["f1"]).is_ok());
    let status = screen(&render(&app)).pop().unwrap_or_default();
    assert!(
        status.contains("f1 help") && !status.contains("? help"),
        "{status}"
    );
    press(&mut app, "?");
    assert!(app.layers().is_empty());
    press(&mut app, "f1");
    assert!(app.top_layer() == Some("help"));
    // Outline focus shows the outline's hints.
    press(&mut app, "esc");
    press(&mut app, "tab");
    let status = screen(&render(&app)).pop().unwrap_or_default();
    assert!(status.contains("enter jump"), "{status}");
}

#[test]
fn overlays_stack_and_close_in_order() {
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    press(&mut app, "e");
    press(&mut app, "?");
    assert_eq!(app.layers().len(), 2);
    assert!(screen_text(&render(&app)).contains("Keys"));
    press(&mut app, "q");
    assert!(app.top_layer() == Some("entities"));
    assert!(screen_text(&render(&app)).contains("Entities"));
    press(&mut app, "esc");
    assert!(app.layers().is_empty());
    assert!(!app.should_quit);
    // Escape with nothing open says how to quit, and does not.
    press(&mut app, "esc");
    press(&mut app, "esc");
    assert!(!app.should_quit);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.contains("q quits"))
    );
    press(&mut app, "q");
    assert!(app.should_quit);
}

fn search_cycles(text: &str, query: &str) {
    let mut app = app(text, 120, 40);
    let n = text.matches(query).count();
    assert!(n >= 2, "{query} occurs {n} times");
    press(&mut app, "/");
    type_text(&mut app, query);
    // Incremental: hits found while typing.
    assert_eq!(app.search.hits.len(), n);
    let prompt = screen(&render(&app)).pop().unwrap_or_default();
    assert!(
        prompt.contains(query) && prompt.contains(&format!("1/{n}")),
        "{prompt}"
    );
    press(&mut app, "enter");
    assert!(app.layers().is_empty());
    let first = app.cursor.expect("cursor on the first hit");
    assert_eq!(&app.doc.doc.text[first..first + query.len()], query);
    // The current hit carries the current-hit style on screen.
    let theme = yuelan::tui::Theme::dark();
    let cur = theme.style(yuelan::tui::theme::Role::SearchCurrent).bg;
    let buf = render(&app);
    let cells = cells_of(&app, first, first + query.len());
    assert_eq!(cells.len(), query.chars().count());
    for c in cells {
        assert_eq!(Some(buf[c].bg), cur);
    }
    let mut seen = vec![first];
    for i in 1..n {
        press(&mut app, "n");
        let c = app.cursor.expect("cursor");
        assert_eq!(app.search.current, Some(i));
        assert!(c > *seen.last().unwrap_or(&0), "hits in order");
        assert_eq!(&app.doc.doc.text[c..c + query.len()], query);
        // The hit is on screen.
        assert!(!cells_of(&app, c, c + 1).is_empty());
        seen.push(c);
    }
    press(&mut app, "n");
    assert_eq!(app.cursor, Some(first), "wraps to the first hit");
    press(&mut app, "N");
    assert_eq!(app.cursor, seen.last().copied());
    let status = screen(&render(&app)).pop().unwrap_or_default();
    assert!(status.contains(&format!("{n}/{n}")), "{status}");
    // Esc clears the search.
    press(&mut app, "esc");
    assert!(app.search.hits.is_empty());
}

#[test]
fn search_finds_and_n_cycles() {
    for (name, text) in samples() {
        // A two-character word that repeats: the most frequent Han bigram.
        let chars: Vec<char> = text.chars().collect();
        let mut counts = std::collections::HashMap::new();
        for w in chars.windows(2) {
            if w.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c)) {
                *counts.entry(w.iter().collect::<String>()).or_insert(0usize) += 1;
            }
        }
        let Some((q, _)) = counts
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .max_by_key(|(q, n)| (*n, q.clone()))
        else {
            continue;
        };
        eprintln!("{name}: {q}");
        search_cycles(&text, &q);
    }
    if let Some(seed) = seed() {
        search_cycles(&seed, "党支部");
    }
}

#[test]
fn escape_in_search_goes_back() {
    let (_, text) = &samples()[0];
    let mut app = app(text, 100, 30);
    let top = app.top;
    press(&mut app, "/");
    let last_char: String = text
        .trim_end()
        .chars()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    type_text(&mut app, &last_char);
    press(&mut app, "esc");
    assert_eq!(app.top, top);
    assert!(app.search.query.is_empty());
}

/// PER annotations on both occurrences of a repeated word and on one
/// other word; returns them in text order.
fn with_people(text: &str) -> (Annotated, Vec<Span>) {
    let mut ann = annotated(text);
    let t = &ann.doc.text;
    let words: Vec<Span> = ann
        .tokens
        .iter()
        .filter(|tk| ann.doc.span_text(tk.span()).chars().count() >= 2)
        .map(|tk| tk.span())
        .collect();
    let twice = words
        .iter()
        .find_map(|a| {
            let b = words
                .iter()
                .find(|b| b.start > a.end && b.text(t) == a.text(t))?;
            Some((*a, *b))
        })
        .expect("a repeated word");
    let other = *words
        .iter()
        .find(|w| w.text(t) != twice.0.text(t))
        .expect("another word");
    let mut people = vec![twice.0, twice.1, other];
    let base = ann.annotations.len();
    for (i, s) in people.iter().enumerate() {
        let mut a = Annotation::new(Layer::Entities, "PER", *s).with("source", "test");
        a.id = Annotation::id_of(base + i);
        ann.annotations.push(a);
    }
    people.sort();
    (ann, people)
}

#[test]
fn person_jumps_move_the_cursor_and_details_name_it() {
    for (name, text) in samples() {
        let (ann, people) = with_people(&text);
        let mut app = app_with(ann, 120, 40);
        press(&mut app, "]p");
        assert_eq!(app.cursor, Some(people[0].start), "{name}");
        let who = app.doc.doc.span_text(people[0]).to_string();
        let details = app.areas.details.expect("details panel");
        let buf = render(&app);
        let rows: Vec<String> = (details.y..details.y + details.height)
            .map(|y| row(&buf, y, details.x, details.x + details.width))
            .collect();
        assert!(
            rows.iter().any(|r| r.contains(&format!("PER {who}"))),
            "{name}: {rows:?}"
        );
        assert!(
            rows.iter().any(|r| r.contains("source: test")),
            "{name}: {rows:?}"
        );
        press(&mut app, "]p");
        assert_eq!(app.cursor, Some(people[1].start), "{name}");
        press(&mut app, "[p");
        assert_eq!(app.cursor, Some(people[0].start), "{name}");
        // The entity index: Enter jumps, Enter again goes to the next occurrence.
        press(&mut app, "e");
        let scr = screen_text(&render(&app));
        assert!(scr.contains("PER"), "{scr}");
        // The first entry is the most frequent entity (at least the
        // repeated word's two mentions).
        let occ = yuelan::tui::layers::entities::entity_occurrences(&app.index, 0).to_vec();
        assert!(occ.len() >= 2, "{name}");
        for i in 0..=occ.len() {
            press(&mut app, "enter");
            assert_eq!(
                app.cursor,
                Some(occ[i % occ.len()].start),
                "{name}: Enter #{i} cycles"
            );
        }
    }
}

#[test]
fn quote_index_names_speakers_and_jumps() {
    let (_, text) = &samples()[0];
    let mut ann = annotated(text);
    // Only the quote added below (the quotes layer finds others).
    ann.annotations.retain(|a| a.layer != Layer::Quotes);
    for (i, a) in ann.annotations.iter_mut().enumerate() {
        a.id = Annotation::id_of(i);
    }
    let p = ann.doc.paragraphs[ann.doc.paragraphs.len() - 1].span;
    let who = ann
        .tokens
        .iter()
        .find(|t| p.contains(&t.span()) && ann.doc.span_text(t.span()).chars().count() >= 2)
        .map(|t| t.span())
        .expect("a word");
    let quote = Annotation::new(Layer::Quotes, "QUOTE", p).with(
        "speaker",
        serde_json::json!({"start": who.start, "end": who.end}),
    );
    let mut quote = quote;
    quote.id = Annotation::id_of(ann.annotations.len());
    ann.annotations.push(quote.clone());
    let id = quote.index();
    let mut app = app_with(ann, 120, 40);
    // The list groups quotes by speaker (a header row, then the quotes);
    // other speakers' groups may come before this one.
    let k = yuelan::tui::layers::quotes::rows(&app.index)
        .iter()
        .position(|r| matches!(r, yuelan::tui::layers::quotes::Row::Quote(_, q) if *q == id))
        .expect("listed");
    press(&mut app, "s");
    for _ in 0..k {
        press(&mut app, "j");
    }
    let scr = screen_text(&render(&app));
    let speaker = app.doc.doc.span_text(who).to_string();
    // The speaker's group header, with the count of their quotes.
    assert!(scr.contains(&format!("{speaker}  ×1")), "{scr}");
    press(&mut app, "enter");
    assert_eq!(app.cursor, Some(p.start));
    press(&mut app, "q");
    assert!(app.layers().is_empty());
    // The details panel says who said it.
    let scr = screen_text(&render(&app));
    assert!(scr.contains(&format!("said by {speaker}")), "{scr}");
}

#[test]
fn word_cursor_moves_by_word_and_details_show_pos() {
    let (_, text) = &samples()[0];
    let mut app = app(text, 120, 40);
    press(&mut app, "w");
    let first = app.cursor.expect("cursor");
    press(&mut app, "w");
    let second = app.cursor.expect("cursor");
    assert!(second > first);
    let tok = *app.cursor_token().expect("token");
    assert_eq!(tok.span().start, second);
    press(&mut app, "b");
    assert_eq!(app.cursor, Some(first));
    let scr = screen_text(&render(&app));
    assert!(scr.contains("in document"), "{scr}");
}
