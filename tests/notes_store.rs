//! The notes store against its acceptance points: create/edit/delete,
//! reopen, re-attachment after edits, orphans, corrupt files, interrupted
//! writes, two writers. Every test uses its own temporary directory passed
//! explicitly (no environment variables).

use std::path::{Path, PathBuf};
use yuelan::model::Span;
use yuelan::notes::{Colour, How, NoteStore, ReadingPosition};

const DOC: &str = "\
春天的江南小镇

清晨，小镇的石板路上还没有多少行人。河边的茶馆已经开门，老板把一壶壶热茶端上桌。

镇上的图书馆去年翻修以后，每天都有学生来这里看书。馆长说：“我们希望孩子们多读书，读好书。”

下午，游客渐渐多了起来。河边的茶馆坐满了人，有人下棋，有人聊天。

傍晚时分，炊烟升起，小镇又恢复了平静。
";

fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in text"));
    Span::new(start, start + needle.len())
}

/// A temp dir with the document written to `doc.txt` and a `notes/` dir.
struct Fixture {
    _tmp: tempfile::TempDir,
    doc: PathBuf,
    notes: PathBuf,
}

impl Fixture {
    fn new(text: &str) -> Fixture {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let doc = tmp.path().join("doc.txt");
        std::fs::write(&doc, text).unwrap_or_else(|e| panic!("write doc: {e}"));
        let notes = tmp.path().join("notes");
        Fixture {
            _tmp: tmp,
            doc,
            notes,
        }
    }
    fn open(&self, text: &str) -> NoteStore {
        NoteStore::open_in(&self.notes, text, Some(&self.doc))
    }
    fn edit_doc(&self, text: &str) {
        std::fs::write(&self.doc, text).unwrap_or_else(|e| panic!("write doc: {e}"));
    }
    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.notes)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }
}

/// Adds a note on the `nth` `needle` of `text`: its id (the test fails if
/// the store refuses it).
fn add(
    store: &mut NoteStore,
    text: &str,
    needle: &str,
    nth: usize,
    colour: Colour,
    note: &str,
) -> String {
    store
        .add(span_of(text, needle, nth), colour, note)
        .unwrap_or_else(|| panic!("the note on {needle:?} was refused"))
}

fn save(store: &mut NoteStore) {
    if let Err(e) = store.save() {
        panic!("save failed: {e:#}");
    }
}

fn attached_text<'a>(store: &NoteStore, text: &'a str, id: &str) -> Option<&'a str> {
    store.attachment(id).map(|a| a.span.text(text))
}

#[test]
fn create_edit_delete_notes_and_bookmarks_then_reopen() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    assert!(s.notes().is_empty());
    assert!(!s.is_dirty());
    let a = add(&mut s, DOC, "图书馆", 0, Colour::Green, "翻修后的图书馆");
    let b = add(&mut s, DOC, "炊烟升起", 0, Colour::Yellow, "");
    let c = add(&mut s, DOC, "下棋", 0, Colour::Blue, "to delete");
    assert_eq!(s.notes().len(), 3);
    assert!(s.edit(&b, Some("黄昏的景色 dusk"), Some(Colour::Pink)));
    assert!(s.delete(&c));
    assert!(!s.delete(&c), "deleting twice reports no such note");
    assert!(!s.edit("no-such-id", Some("x"), None));
    s.set_bookmark(
        'a',
        ReadingPosition {
            section: 0,
            offset: 12,
        },
    );
    s.set_bookmark(
        'b',
        ReadingPosition {
            section: 0,
            offset: 40,
        },
    );
    assert!(s.delete_bookmark('b'));
    s.set_position(ReadingPosition {
        section: 0,
        offset: 57,
    });
    assert!(s.is_dirty());
    save(&mut s);
    assert!(!s.is_dirty());

    let mut r = fx.open(DOC);
    assert!(r.take_messages().is_empty());
    let ids: Vec<&str> = r.notes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, vec![a.as_str(), b.as_str()]);
    let nb = r.note(&b).unwrap_or_else(|| panic!("note b"));
    assert_eq!(nb.text, "黄昏的景色 dusk");
    assert_eq!(nb.colour, Colour::Pink);
    assert!(nb.modified >= nb.created);
    assert_eq!(attached_text(&r, DOC, &a), Some("图书馆"));
    assert_eq!(attached_text(&r, DOC, &b), Some("炊烟升起"));
    assert_eq!(r.attachment(&a).map(|x| x.how), Some(How::Exact));
    assert_eq!(
        r.bookmark('a'),
        Some(ReadingPosition {
            section: 0,
            offset: 12
        })
    );
    assert_eq!(r.bookmark('b'), None);
    assert_eq!(
        r.position(),
        Some(ReadingPosition {
            section: 0,
            offset: 57
        })
    );
    // the placed list is in text order
    let order: Vec<&str> = r.placed().iter().map(|p| p.note.id.as_str()).collect();
    assert_eq!(order, vec![a.as_str(), b.as_str()]);
    let at = span_of(DOC, "图书馆", 0).start + 3;
    assert_eq!(r.notes_at(at).len(), 1);
}

#[test]
fn empty_span_is_not_a_note() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    assert_eq!(s.add(Span::new(5, 5), Colour::Yellow, ""), None);
    assert!(!s.is_dirty());
}

#[test]
fn note_reattaches_after_paragraph_inserted_and_word_changed() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    // "河边的茶馆" occurs twice; the note is on the second one.
    let id = add(&mut s, DOC, "河边的茶馆", 1, Colour::Yellow, "下午的茶馆");
    save(&mut s);
    let old_file = s.file_path();

    // insert a paragraph before the note, change a word elsewhere
    let edited = DOC
        .replace(
            "下午，游客",
            "中午，镇上的小学放学了，孩子们在河边的茶馆门口玩耍。\n\n下午，游客",
        )
        .replace("平静", "安宁");
    fx.edit_doc(&edited);
    let mut r = fx.open(&edited);
    assert!(r.take_messages().is_empty());
    let at = r
        .attachment(&id)
        .unwrap_or_else(|| panic!("note orphaned after an unrelated edit"));
    assert_eq!(at.span.text(&edited), "河边的茶馆");
    // the right occurrence: the third one now (a new one was inserted before)
    assert_eq!(at.span, span_of(&edited, "河边的茶馆", 2));
    assert_eq!(at.how, How::Moved);
    assert!(
        r.is_dirty(),
        "found by path under an older text: migrates on save"
    );
    save(&mut r);
    assert!(!old_file.exists(), "the old text's file is absorbed");
    let json: Vec<String> = fx
        .files()
        .into_iter()
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(json.len(), 1, "{json:?}");
    let again = fx.open(&edited);
    assert_eq!(
        again.attachment(&id).map(|a| (a.span, a.how)),
        Some((span_of(&edited, "河边的茶馆", 2), How::Exact))
    );
}

#[test]
fn note_follows_an_edit_inside_its_own_text() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    let id = add(&mut s, DOC, "每天都有学生来这里看书", 0, Colour::Yellow, "");
    save(&mut s);
    let edited = DOC.replace("每天都有学生来这里看书", "每天都有很多学生来这里读书");
    fx.edit_doc(&edited);
    let r = fx.open(&edited);
    let at = r.attachment(&id).unwrap_or_else(|| panic!("orphaned"));
    assert_eq!(at.span.text(&edited), "每天都有很多学生来这里读书");
    assert_eq!(at.how, How::Edited);
}

#[test]
fn deleted_text_leaves_an_orphan_that_is_kept() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    // "茶馆" also occurs elsewhere: the note must not jump there
    let gone = add(&mut s, DOC, "茶馆", 1, Colour::Yellow, "将被删掉");
    let kept = add(&mut s, DOC, "图书馆", 0, Colour::Green, "");
    save(&mut s);
    let edited = DOC.replace(
        "下午，游客渐渐多了起来。河边的茶馆坐满了人，有人下棋，有人聊天。\n\n",
        "",
    );
    assert!(edited.contains("茶馆"));
    fx.edit_doc(&edited);
    let mut r = fx.open(&edited);
    assert_eq!(attached_text(&r, &edited, &kept), Some("图书馆"));
    let orphans: Vec<&str> = r.orphans().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(orphans, vec![gone.as_str()]);
    // orphans come last in the placed list and survive a save
    assert_eq!(
        r.placed()
            .last()
            .map(|p| (p.note.id.clone(), p.at.is_none())),
        Some((gone.clone(), true))
    );
    save(&mut r);
    let again = fx.open(&edited);
    assert_eq!(again.notes().len(), 2);
    assert_eq!(again.orphans().len(), 1);
    assert_eq!(
        again.note(&gone).map(|n| n.anchor.exact.as_str()),
        Some("茶馆")
    );
}

#[test]
fn deleting_just_the_noted_words_orphans_the_note() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    let id = add(&mut s, DOC, "读好书", 0, Colour::Yellow, "");
    save(&mut s);
    let edited = DOC.replace("，读好书", "");
    let r = fx.open(&edited);
    assert!(r.attachment(&id).is_none());
    assert_eq!(r.orphans().len(), 1);
}

#[test]
fn corrupt_file_is_moved_aside_with_a_message_and_nothing_lost() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    add(&mut s, DOC, "图书馆", 0, Colour::Green, "一");
    save(&mut s);
    let file = s.file_path();
    // Not JSON at all, and no note in it to recover.
    let broken = b"{\"schema\": \"yuelan-notes/1\", \"notes\": [ {\"id\": ";
    std::fs::write(&file, broken).unwrap_or_else(|e| panic!("{e}"));

    let mut r = fx.open(DOC);
    let msgs = r.take_messages();
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(
        msgs[0].contains("unreadable") && msgs[0].contains(".corrupt-"),
        "{msgs:?}"
    );
    assert!(!file.exists(), "moved aside, not left in place");
    let backups: Vec<String> = fx
        .files()
        .into_iter()
        .filter(|n| n.contains(".corrupt-"))
        .collect();
    assert_eq!(backups.len(), 1);
    let backup_bytes = std::fs::read(fx.notes.join(&backups[0])).unwrap_or_default();
    assert_eq!(
        backup_bytes, broken,
        "the backup holds the damaged bytes unchanged"
    );

    // new notes save into a fresh file; the backup is never overwritten
    r.add(span_of(DOC, "炊烟", 0), Colour::Yellow, "二");
    save(&mut r);
    assert_eq!(
        std::fs::read(fx.notes.join(&backups[0])).unwrap_or_default(),
        broken
    );
    let again = fx.open(DOC);
    assert_eq!(again.notes().len(), 1);
}

/// Three notes saved, the file cut in half: the notes wholly before the cut
/// are recovered, written back at once (so the next open has them without
/// any further save), and the damaged bytes are kept as a backup.
#[test]
fn a_notes_file_cut_in_half_keeps_every_complete_note() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    let words = ["清晨", "图书馆", "炊烟"];
    let ids: Vec<String> = words
        .iter()
        .map(|w| add(&mut s, DOC, w, 0, Colour::Green, &format!("关于{w}")))
        .collect();
    save(&mut s);
    let file = s.file_path();
    let good = std::fs::read_to_string(&file).unwrap_or_default();
    // Cut just after the second note's text: the first note is complete,
    // the second is not.
    let cut = good.find("关于图书馆").unwrap_or(0) + "关于图书馆".len();
    assert!(cut > 0 && cut < good.len());
    std::fs::write(&file, &good[..cut]).unwrap_or_else(|e| panic!("{e}"));

    let mut r = fx.open(DOC);
    let msgs = r.take_messages();
    assert!(
        msgs.iter().any(|m| m.contains("1 notes recovered")),
        "{msgs:?}"
    );
    let kept: Vec<&str> = r.notes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(kept, vec![ids[0].as_str()]);
    drop(r);
    // Written back: a plain reopen finds it, with no message.
    assert!(file.exists(), "the recovered notes are written back");
    let mut again = fx.open(DOC);
    assert!(again.take_messages().is_empty());
    assert_eq!(again.notes().len(), 1);
    assert_eq!(again.notes()[0].text, "关于清晨");
    let backup = fx
        .files()
        .into_iter()
        .find(|n| n.contains(".corrupt-"))
        .unwrap_or_default();
    let raw = std::fs::read_to_string(fx.notes.join(backup)).unwrap_or_default();
    assert_eq!(raw, &good[..cut], "the backup holds the damaged bytes");
}

/// The same damage seen by a read-only open (exports) changes nothing.
#[test]
fn a_read_only_open_never_changes_a_damaged_file() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    add(&mut s, DOC, "图书馆", 0, Colour::Green, "一");
    add(&mut s, DOC, "炊烟", 0, Colour::Green, "二");
    save(&mut s);
    let file = s.file_path();
    let good = std::fs::read(&file).unwrap_or_default();
    // Cut inside the second note's comment.
    let raw = String::from_utf8_lossy(&good).into_owned();
    let cut = raw.find("\"二\"").map_or(0, |i| i + 1 + "二".len());
    assert!(cut > 2, "the second note's text is in the file");
    let damaged = &good[..cut];
    std::fs::write(&file, damaged).unwrap_or_else(|e| panic!("{e}"));
    let before = fx.files();

    let mut r = NoteStore::open_read_only_in(&fx.notes, DOC, Some(&fx.doc));
    let msgs = r.take_messages();
    assert!(
        msgs.iter().any(|m| m.contains("left unchanged")),
        "{msgs:?}"
    );
    assert_eq!(r.notes().len(), 1, "the complete note is shown");
    assert!(r.save().is_err(), "a read-only store does not save");
    assert_eq!(fx.files(), before, "no file moved or added");
    assert_eq!(std::fs::read(&file).unwrap_or_default(), damaged);
}

#[test]
fn damaged_note_entries_are_salvaged_from_a_corrupt_file() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    let keep = add(&mut s, DOC, "图书馆", 0, Colour::Green, "保留");
    s.add(span_of(DOC, "炊烟", 0), Colour::Yellow, "损坏");
    s.set_bookmark(
        'q',
        ReadingPosition {
            section: 0,
            offset: 3,
        },
    );
    save(&mut s);
    let file = s.file_path();
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
    // break the second note only (wrong type for its anchor)
    v["notes"][1]["anchor"] = serde_json::Value::from(17);
    std::fs::write(&file, v.to_string()).unwrap_or_else(|e| panic!("{e}"));

    let mut r = fx.open(DOC);
    let msgs = r.take_messages();
    assert!(
        msgs.iter().any(|m| m.contains("1 notes recovered")),
        "{msgs:?}"
    );
    let ids: Vec<&str> = r.notes().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, vec![keep.as_str()]);
    assert_eq!(r.bookmark('q').map(|p| p.offset), Some(3));
    // and the backup still has the damaged note's data
    let backup = fx
        .files()
        .into_iter()
        .find(|n| n.contains(".corrupt-"))
        .unwrap_or_default();
    let raw = std::fs::read_to_string(fx.notes.join(backup)).unwrap_or_default();
    assert!(raw.contains("损坏"));
}

#[test]
fn interrupted_write_leaves_the_old_file_intact() {
    let fx = Fixture::new(DOC);
    let mut s = fx.open(DOC);
    let id = add(&mut s, DOC, "图书馆", 0, Colour::Green, "旧的");
    save(&mut s);
    let file = s.file_path();
    let before = std::fs::read(&file).unwrap_or_default();
    // A crash after writing the temporary file but before the rename:
    // a half-written temp file sits beside the real one.
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = fx.notes.join(format!(".{name}.tmp.999999"));
    std::fs::write(&tmp, &before[..before.len() / 3]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(std::fs::read(&file).unwrap_or_default(), before);

    let mut r = fx.open(DOC);
    assert!(r.take_messages().is_empty(), "the temp file is not read");
    assert_eq!(r.note(&id).map(|n| n.text.as_str()), Some("旧的"));
    assert!(r.edit(&id, Some("新的"), None));
    save(&mut r);
    let again = fx.open(DOC);
    assert_eq!(again.note(&id).map(|n| n.text.as_str()), Some("新的"));
}

#[test]
fn two_writers_merge_instead_of_overwriting() {
    let fx = Fixture::new(DOC);
    let mut seed = fx.open(DOC);
    let shared = add(&mut seed, DOC, "图书馆", 0, Colour::Green, "共同");
    let doomed = add(&mut seed, DOC, "下棋", 0, Colour::Blue, "");
    save(&mut seed);

    let mut a = fx.open(DOC);
    let mut b = fx.open(DOC);
    let from_a = add(&mut a, DOC, "石板路", 0, Colour::Yellow, "甲");
    let from_b = add(&mut b, DOC, "炊烟", 0, Colour::Pink, "乙");
    assert!(a.delete(&doomed));
    a.set_bookmark(
        'a',
        ReadingPosition {
            section: 0,
            offset: 1,
        },
    );
    b.set_bookmark(
        'b',
        ReadingPosition {
            section: 0,
            offset: 2,
        },
    );
    save(&mut a);
    // b edits the shared note after a saved; b has never seen a's changes
    assert!(b.edit(&shared, Some("乙改过"), None));
    save(&mut b);

    let r = fx.open(DOC);
    let mut ids: Vec<&str> = r.notes().iter().map(|n| n.id.as_str()).collect();
    ids.sort();
    let mut want = vec![shared.as_str(), from_a.as_str(), from_b.as_str()];
    want.sort();
    assert_eq!(
        ids, want,
        "both writers' notes kept, the deleted one stays deleted"
    );
    assert_eq!(r.note(&shared).map(|n| n.text.as_str()), Some("乙改过"));
    assert!(r.bookmark('a').is_some() && r.bookmark('b').is_some());

    // a saves again (stale view of `shared`): b's later edit is not lost
    a.set_position(ReadingPosition {
        section: 0,
        offset: 9,
    });
    save(&mut a);
    let r = fx.open(DOC);
    assert_eq!(r.note(&shared).map(|n| n.text.as_str()), Some("乙改过"));
    assert_eq!(r.notes().len(), 3);
}

#[test]
fn concurrent_writers_in_threads_lose_nothing() {
    let fx = Fixture::new(DOC);
    let dir: PathBuf = fx.notes.clone();
    let doc: PathBuf = fx.doc.clone();
    let words = ["石板路", "茶馆", "图书馆", "游客", "炊烟"];
    let handles: Vec<_> = (0..3)
        .map(|t| {
            let dir = dir.clone();
            let doc = doc.clone();
            std::thread::spawn(move || {
                let mut s = NoteStore::open_in(&dir, DOC, Some(Path::new(&doc)));
                for (i, w) in words.iter().enumerate() {
                    s.add(span_of(DOC, w, 0), Colour::Yellow, &format!("{t}-{i}"));
                    s.save().map_err(|e| format!("{e:#}"))?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for h in handles {
        match h.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("writer failed: {e}"),
            Err(_) => panic!("writer panicked"),
        }
    }
    let r = NoteStore::open_in(&dir, DOC, Some(&doc));
    assert_eq!(r.notes().len(), 15);
    let lock =
        yuelan::storage::FileLock::acquire(&fx.notes.join(".lock"), std::time::Duration::ZERO);
    assert!(lock.is_some(), "the lock is released");
}

#[test]
fn reading_position_maps_to_and_from_bytes() {
    let doc = yuelan::parse::parse(DOC.to_string(), yuelan::model::Format::Plain);
    let byte = span_of(DOC, "馆长", 0).start;
    let pos = ReadingPosition::at(&doc, byte);
    assert_eq!(pos.byte_in(&doc), byte);
    // clamped, never out of bounds
    let far = ReadingPosition {
        section: 99,
        offset: 1_000_000,
    };
    assert!(far.byte_in(&doc) <= DOC.len());
}
