//! The config file: defaults, valid and partial files, unknown keys (warn),
//! invalid values and conflicting bindings (errors naming the line), the
//! `config`, `completions` and `man` commands, exit codes.

use ratatui::style::{Color, Modifier};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use yuelan::config::{AmbiguousWidth, Config, ConfigError, ThemeName};
use yuelan::model::Layer;
use yuelan::tui::{Settings, default_file};

/// The file read by `config`, then checked by the browser (actions, keys,
/// colour roles) as `yuelan config` does; the browser's warnings follow
/// the config's.
fn check(text: &str, file: &str) -> Result<Config, ConfigError> {
    let mut c = Config::parse_str(text, file)?;
    let named = Config {
        file: Some(PathBuf::from(file)),
        ..c.clone()
    };
    c.warnings = Settings::from_config(&named)?.warnings;
    Ok(c)
}

fn parse(text: &str) -> Result<Config, ConfigError> {
    check(text, "config.toml")
}

fn parse_ok(text: &str) -> Config {
    match parse(text) {
        Ok(c) => c,
        Err(e) => panic!("expected a valid config, got: {e}"),
    }
}

fn parse_err(text: &str) -> ConfigError {
    match parse(text) {
        Ok(c) => panic!("expected an error, got {c:?}"),
        Err(e) => e,
    }
}

/// Runs the binary with a private HOME/XDG config dir and no YUELAN_CONFIG.
fn yuelan(home: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(args)
        .env_remove("YUELAN_CONFIG")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .output();
    match out {
        Ok(o) => o,
        Err(e) => panic!("cannot run yuelan: {e}"),
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    }
}

fn write(path: &Path, text: &str) {
    if let Err(e) = std::fs::write(path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

#[test]
fn empty_file_means_the_defaults() {
    let c = parse_ok("");
    assert_eq!(c, Config::default());
    assert_eq!(c.theme, ThemeName::Dark);
    assert_eq!(c.ambiguous_width, AmbiguousWidth::One);
    assert!(!c.mouse);
    assert!(c.layer_on(Layer::Entities));
    assert!(!c.layer_on(Layer::Tokens));
    assert!(c.warnings.is_empty());
}

#[test]
fn printed_default_parses_back_to_the_defaults() {
    let text = default_file();
    let c = parse_ok(&text);
    assert!(c.warnings.is_empty(), "warnings: {:?}", c.warnings);
    assert_eq!(c, Config::default());
    // It is a commented file that sets every top-level setting explicitly.
    for setting in [
        "theme =",
        "ambiguous_width =",
        "mouse =",
        "layers =",
        "glossaries =",
        "hsk_level =",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(setting)),
            "{setting} is set"
        );
    }
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 20);
    assert!(text.contains("[colors]") && text.contains("[keys]"));
}

#[test]
fn a_full_valid_file() {
    let c = parse_ok(
        r##"
theme = "light"
ambiguous_width = 2
mouse = true
layers = ["tokens", "learner"]
glossaries = ["/abs/terms.json"]

[colors]
entities = { fg = "#ff8800", bold = true }
quantities = "lightblue"
search-hit = { bg = 226, fg = "black", reversed = true }
"##,
    );
    assert_eq!(c.theme, ThemeName::Light);
    assert_eq!(c.ambiguous_width, AmbiguousWidth::Two);
    assert!(c.ambiguous_width.is_wide());
    assert!(c.mouse);
    assert_eq!(c.layers, vec![Layer::Tokens, Layer::Learner]);
    assert_eq!(c.glossaries, vec![PathBuf::from("/abs/terms.json")]);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.colors.len(), 3);
    let ent = &c.colors[0];
    assert_eq!((ent.role.as_str(), ent.line), ("entities", 9));
    assert_eq!(ent.style.fg, Some(Color::Rgb(0xff, 0x88, 0x00)));
    assert!(ent.style.add_modifier.contains(Modifier::BOLD));
    assert_eq!(c.colors[1].style.fg, Some(Color::LightBlue));
    let search = &c.colors[2];
    assert_eq!(search.role, "search-hit");
    assert_eq!(search.style.bg, Some(Color::Indexed(226)));
    assert_eq!(search.style.fg, Some(Color::Black));
    assert!(search.style.add_modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_partial_file_keeps_the_other_defaults() {
    let c = parse_ok("mouse = true\n");
    assert!(c.mouse);
    let expected = Config {
        mouse: true,
        ..Config::default()
    };
    assert_eq!(c, expected);
}

#[test]
fn ambiguous_width_accepts_words_too() {
    assert_eq!(
        parse_ok("ambiguous_width = \"wide\"").ambiguous_width,
        AmbiguousWidth::Two
    );
    assert_eq!(
        parse_ok("ambiguous_width = \"1\"").ambiguous_width,
        AmbiguousWidth::One
    );
}

#[test]
fn hsk_level_is_a_level_from_1_to_7() {
    assert_eq!(Config::default().hsk_level, 4);
    assert_eq!(parse_ok("hsk_level = 1").hsk_level, 1);
    assert_eq!(parse_ok("hsk_level = 7").hsk_level, 7);
    assert_eq!(parse_ok("hsk_level = \"7-9\"").hsk_level, 7);
    assert_eq!(parse_ok("hsk_level = \"3\"").hsk_level, 3);
    for bad in [
        "hsk_level = 0",
        "hsk_level = 8",
        "hsk_level = true",
        "hsk_level = \"x\"",
    ] {
        let e = parse_err(&format!("\n{bad}"));
        assert_eq!(e.line, Some(2), "{bad}");
        assert!(
            e.message.contains("hsk_level must be a level from 1 to 7"),
            "{bad}: {e}"
        );
    }
}

#[test]
fn unknown_keys_warn_with_their_line_and_are_ignored() {
    let c = parse_ok(
        "theme = \"light\"\nfont = \"Noto\"\n\n[colors]\ncursor = \"red\"\nsparkles = \"red\"\nentities = { fg = \"red\", blink = true }\n[extra]\nx = 1\n",
    );
    assert_eq!(c.theme, ThemeName::Light);
    // The file's own warnings, in line order, then the browser's: it
    // knows which colour roles there are, and ignores `sparkles`.
    assert_eq!(c.colors.len(), 3, "read as written");
    assert_eq!(c.warnings.len(), 4, "{:?}", c.warnings);
    assert!(c.warnings[0].starts_with("config.toml:2: unknown setting `font`"));
    assert!(c.warnings[1].starts_with("config.toml:7: unknown style attribute `blink`"));
    assert!(c.warnings[2].starts_with("config.toml:8: unknown setting `extra`"));
    assert!(c.warnings[3].starts_with("config.toml:6: unknown colour role `sparkles`"));
}

#[test]
fn invalid_values_are_errors_naming_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("\ntheme = \"blue\"", 2, "unknown theme \"blue\""),
        (
            "[keys]\nquit = [\"q\"]\nfly = [\"f\"]",
            3,
            "unknown action `fly`",
        ),
        (
            "[keys]\nj = \"scroll-down\"",
            2,
            "[keys] maps action names to keys",
        ),
        ("[keys]\nhelp = [\"ctrl-\"]", 2, "help: unknown key 'ctrl-'"),
        ("[keys]\nhelp = [\"pgdown\"]", 2, "help: unknown key"),
        (
            "[colors]\nper = \"black on\"",
            2,
            "per: 'on' needs a colour",
        ),
        ("theme = 3", 1, "theme must be a string"),
        ("mouse = \"yes\"", 1, "mouse must be true or false"),
        (
            "\n\nambiguous_width = 3",
            3,
            "ambiguous_width must be 1 or 2",
        ),
        ("ambiguous_width = 1.5", 1, "ambiguous_width must be 1 or 2"),
        (
            "layers = [\n  \"entities\",\n  \"people\",\n]",
            3,
            "unknown layer \"people\"",
        ),
        ("layers = 7", 1, "layers must be a list of strings"),
        ("glossaries = [\"\"]", 1, "a glossary path is empty"),
        (
            "[colors]\nentities = \"octarine\"",
            2,
            "unknown colour 'octarine'",
        ),
        ("[colors]\nentities = 300", 2, "unknown colour 300"),
        (
            "[colors]\nentities = { fg = \"octarine\" }",
            2,
            "unknown colour \"octarine\"",
        ),
        (
            "[colors]\nentities = { bold = \"yes\" }",
            2,
            "entities.bold must be true or false",
        ),
        (
            "[colors]\nentities = true",
            2,
            "entities must be a colour or a table",
        ),
        ("colors = 1", 1, "[colors] must be a table"),
        ("[keys]\nquit = 1", 2, "keys.quit must be a list of strings"),
        ("[keys]\nquit = [\" \"]", 2, "an empty key for quit"),
    ];
    for (text, line, msg) in cases {
        let e = parse_err(text);
        assert_eq!(e.line, Some(*line), "{text:?}: {e}");
        assert!(e.message.contains(msg), "{text:?}: {e}");
        assert_eq!(e.file, "config.toml");
        assert!(e.to_string().starts_with(&format!("config.toml:{line}: ")));
    }
}

#[test]
fn toml_syntax_errors_name_the_line() {
    let e = parse_err("theme = \"dark\"\nmouse = \n");
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.starts_with("not valid TOML"), "{e}");
    assert!(!e.to_string().contains('\n'), "one line: {e}");
    // A key given twice is a TOML error too.
    let e = parse_err("[keys]\nquit = \"q\"\nquit = \"x\"\n");
    assert_eq!(e.line, Some(3), "{e}");
}

#[test]
fn key_overrides_are_kept_with_their_lines() {
    let c = parse_ok("[keys]\nquit = [\"q\", \"ctrl-c\"]\nhelp = \"?\"\nsearch = []\n");
    let got: Vec<(&str, Vec<&str>, usize)> = c
        .keys
        .iter()
        .map(|k| {
            (
                k.action.as_str(),
                k.keys.iter().map(String::as_str).collect(),
                k.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("quit", vec!["q", "ctrl-c"], 2),
            ("help", vec!["?"], 3),
            ("search", vec![], 4),
        ]
    );
}

#[test]
fn one_key_for_two_actions_is_an_error_naming_both_lines() {
    let e = parse_err("[keys]\nquit = [\"q\"]\n\nhelp = [\"?\", \"q\"]\n");
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.message.contains("\"q\""), "{e}");
    assert!(e.message.contains("quit (line 2)"), "{e}");
    assert!(e.message.contains("help"), "{e}");
}

#[test]
fn missing_files_default_only_when_not_named() {
    let dir = tempdir();
    let missing = dir.path().join("nope.toml");
    assert_eq!(Config::load_path(&missing, false), Ok(Config::default()));
    let e = match Config::load_path(&missing, true) {
        Ok(c) => panic!("explicit missing file gave {c:?}"),
        Err(e) => e,
    };
    assert!(
        e.to_string().contains("nope.toml: no such config file"),
        "{e}"
    );
    // A directory where the file should be is an error either way.
    let e = Config::load_path(dir.path(), false).err();
    assert!(
        e.as_ref().is_some_and(|e| e.message.contains("directory")),
        "{e:?}"
    );
    // Not UTF-8.
    let bad = dir.path().join("bad.toml");
    if let Err(e) = std::fs::write(&bad, b"theme = \"\xff\"\n") {
        panic!("{e}");
    }
    let e = Config::load_path(&bad, true).err();
    assert!(
        e.as_ref().is_some_and(|e| e.message.contains("not UTF-8")),
        "{e:?}"
    );
}

#[test]
fn glossary_paths_are_relative_to_the_config_file() {
    let dir = tempdir();
    let path = dir.path().join("config.toml");
    write(&path, "glossaries = [\"terms.json\", \"/abs/x.json\"]\n");
    let c = match Config::load_path(&path, true) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(c.file.as_deref(), Some(path.as_path()));
    assert_eq!(
        c.glossaries,
        vec![dir.path().join("terms.json"), PathBuf::from("/abs/x.json")]
    );
    let global = yuelan::cli::GlobalArgs {
        glossaries: vec![PathBuf::from("extra.json"), PathBuf::from("/abs/x.json")],
        ..Default::default()
    };
    assert_eq!(
        c.glossary_paths(&global),
        vec![
            dir.path().join("terms.json"),
            PathBuf::from("/abs/x.json"),
            PathBuf::from("extra.json")
        ]
    );
}

#[test]
fn command_print_default_and_check() {
    let home = tempdir();
    let o = yuelan(home.path(), &["config", "--print-default"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), default_file());
    // The printed file, saved, checks clean with no warnings.
    let path = home.path().join("printed.toml");
    write(&path, &stdout(&o));
    let p = path.to_string_lossy().into_owned();
    let o = yuelan(home.path(), &["config", "--config", &p]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{p}: ok\n"));
    assert_eq!(stderr(&o), "");
    // With no file anywhere: the defaults.
    let o = yuelan(home.path(), &["config"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("defaults are in use"));
}

#[test]
fn command_path_follows_flag_env_and_xdg() {
    let home = tempdir();
    let o = yuelan(home.path(), &["config", "--path"]);
    assert!(o.status.success());
    let default = home
        .path()
        .join(".config")
        .join("yuelan")
        .join("config.toml");
    assert_eq!(stdout(&o).trim_end(), default.to_string_lossy());
    assert!(stderr(&o).contains("does not exist"));

    let o = yuelan(home.path(), &["--config", "/x/y.toml", "config", "--path"]);
    assert_eq!(stdout(&o), "/x/y.toml\n");

    let out = Command::new(env!("CARGO_BIN_EXE_yuelan"))
        .args(["config", "--path"])
        .env("YUELAN_CONFIG", "/from/env.toml")
        .env("HOME", home.path())
        .output();
    let out = match out {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(stdout(&out), "/from/env.toml\n");
}

#[test]
fn command_errors_are_one_line_with_exit_code_1() {
    let home = tempdir();
    let cfg = home.path().join("c.toml");
    write(
        &cfg,
        "theme = \"dark\"\n\n[keys]\nquit = \"q\"\nhelp = \"q\"\n",
    );
    let p = cfg.to_string_lossy().into_owned();
    let o = yuelan(home.path(), &["config", "--config", &p]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with(&format!("yuelan: error: {p}:5: key \"q\" is bound to both")));

    let o = yuelan(home.path(), &["config", "--config", "/no/such/file.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "yuelan: error: /no/such/file.toml: no such config file\n"
    );
}

#[test]
fn command_warnings_go_to_stderr() {
    let home = tempdir();
    let cfg = home.path().join("c.toml");
    write(&cfg, "colour_scheme = \"x\"\n");
    let p = cfg.to_string_lossy().into_owned();
    let o = yuelan(home.path(), &["config", "--config", &p]);
    assert!(o.status.success());
    assert_eq!(
        stderr(&o),
        format!("yuelan: warning: {p}:1: unknown setting `colour_scheme` (ignored)\n")
    );
}

#[test]
fn global_options_may_come_before_the_command() {
    let home = tempdir();
    let o = yuelan(home.path(), &["--timings", "config", "--path"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("config.toml\n"));
}

#[test]
fn completions_for_each_shell() {
    let home = tempdir();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef yuelan"),
        ("fish", "complete -c yuelan"),
    ] {
        let o = yuelan(home.path(), &["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let s = stdout(&o);
        assert!(s.contains(marker), "{shell}: {}", &s[..s.len().min(200)]);
        // Subcommands and options are in there.
        assert!(
            s.contains("print-default") && s.contains("annotate"),
            "{shell}"
        );
    }
    let o = yuelan(home.path(), &["completions", "tcsh"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_is_roff_with_exit_status() {
    let home = tempdir();
    let o = yuelan(home.path(), &["man"]);
    assert!(o.status.success());
    let s = stdout(&o);
    assert!(s.contains(".TH yuelan 1"));
    assert!(s.contains(".SH NAME"));
    assert!(s.contains("\\-\\-config"), "options are listed");
    assert!(s.contains(".SH \"EXIT STATUS\""));
    assert!(s.contains("YUELAN_CONFIG"));
}

#[test]
fn version_and_usage_exit_codes() {
    let home = tempdir();
    let o = yuelan(home.path(), &["--version"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        format!("yuelan {}\n", env!("CARGO_PKG_VERSION"))
    );
    let o = yuelan(home.path(), &["--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = yuelan(home.path(), &["outline"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a missing argument is a usage error"
    );
}

#[test]
fn a_key_table_with_no_way_out_is_refused() {
    // Escape never quits, so unbinding quit leaves nothing that exits.
    for (text, want) in [
        ("[keys]\nquit = []\n", "no key quits"),
        ("[keys]\nquit = []\nclose = []\n", "no key quits"),
        ("[keys]\nclose = []\n", "close"),
        ("[keys]\nnext-section = [\"]\"]\n", "would have to wait"),
    ] {
        match check(text, "c.toml") {
            Ok(_) => panic!("{text:?} was accepted"),
            Err(e) => {
                let e = e.to_string();
                assert!(e.contains(want) && e.contains("c.toml"), "{text:?}: {e}");
            }
        }
    }
    assert!(check("[keys]\nquit = [\"x\"]\n", "c.toml").is_ok());
}
