//! The command line, defined once with clap (it also feeds shell completions
//! and the man page).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "yuelan",
    version,
    about = "阅览 — a terminal browser for Chinese documents",
    long_about = "阅览 — a terminal browser for Chinese documents.\n\n\
        With no command, opens the given files or directories in the browser \
        (the bundled sample when none is given)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files or directories to open in the browser (`-` reads standard input).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Split a file holding many articles (separated by runs of blank lines
    /// or form feeds) into one document each.
    #[arg(long)]
    pub split_articles: bool,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Config file (default: the XDG config directory's yuelan/config.toml).
    #[arg(long, global = true, env = "YUELAN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Extra glossary files (JSON, same shape as data/glossary.json).
    #[arg(long = "glossary", global = true, value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,

    /// Print the time spent per phase on exit.
    #[arg(long, global = true)]
    pub timings: bool,

    /// Read input as this format instead of finding it from the file's
    /// name and content.
    #[arg(long = "format-in", global = true, value_enum, value_name = "FORMAT")]
    pub format_in: Option<InputFormat>,
}

/// The formats documents are read from (`--format-in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Plain text.
    Txt,
    /// Markdown (CommonMark with tables, footnotes, front matter).
    Md,
    /// A saved web page.
    Html,
    /// An EPUB book.
    Epub,
    /// A Word document.
    Docx,
}

impl From<InputFormat> for crate::model::Format {
    fn from(f: InputFormat) -> Self {
        use crate::model::Format;
        match f {
            InputFormat::Txt => Format::Plain,
            InputFormat::Md => Format::Markdown,
            InputFormat::Html => Format::Html,
            InputFormat::Epub => Format::Epub,
            InputFormat::Docx => Format::Docx,
        }
    }
}

impl GlobalArgs {
    /// The forced input format, if any.
    pub fn forced_format(&self) -> Option<crate::model::Format> {
        self.format_in.map(Into::into)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the section tree with paragraph counts.
    Outline {
        /// The document (`-` for standard input).
        file: PathBuf,
    },
    /// Print the parsed document model.
    Parse {
        file: PathBuf,
        /// Print the model as JSON (schema yuelan/1).
        #[arg(long)]
        json: bool,
    },
    /// Annotate documents and export the result.
    Annotate {
        /// Files or directories (`-` for standard input).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// With `--format brat`: write NAME.txt (the text the offsets refer
        /// to) and NAME.ann for each document into DIR.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Print a table of the entities in a document with their counts.
    Entities { file: PathBuf },
    /// Measure annotation quality against gold files.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// The reader's word list.
    #[command(subcommand)]
    Words(WordsCommand),
    /// The reader's highlights and notes.
    #[command(subcommand)]
    Notes(NotesCommand),
    /// Show or create the configuration.
    Config {
        /// Print a commented default config file.
        #[arg(long)]
        print_default: bool,
        /// Print the path of the config file in use.
        #[arg(long)]
        path: bool,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Entity precision / recall / F1 on BIO files (`CHAR TAG` per line).
    Ner { gold: PathBuf },
    /// Segmentation precision / recall / F1 on space-separated gold text.
    Seg { gold: PathBuf },
    /// Title, heading and level scores against a structure gold file
    /// (`gold.json` of `structure-dev`).
    Structure {
        gold: PathBuf,
        /// Where the documents are (default: beside the gold file).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// List each document's misses and false finds.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Quotation and speaker scores against a structure gold file.
    Quotes {
        gold: PathBuf,
        /// Where the documents are (default: beside the gold file).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// List each miss with the expected and found speaker.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Reading accuracy on polyphone sentences (JSON lines).
    Pinyin {
        gold: PathBuf,
        /// List each wrong reading.
        #[arg(long, short)]
        verbose: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WordsCommand {
    /// Export the word list.
    Export {
        #[arg(long, value_enum, default_value_t = WordsFormat::Anki)]
        format: WordsFormat,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Export a document's notes.
    Export {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = NotesFormat::Markdown)]
        format: NotesFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The project's own schema (yuelan/1), one document.
    Json,
    /// One JSON object per line, one line per document.
    Jsonl,
    /// Shaped like spaCy's `Doc.to_json`.
    Spacy,
    /// brat standoff (`.ann`).
    Brat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WordsFormat {
    Anki,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NotesFormat {
    Markdown,
    Json,
}
