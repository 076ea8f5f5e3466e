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

    /// The largest input read, e.g. 256M, 1G (default 256M; the config's
    /// `max_size` sets it too).
    #[arg(long, global = true, value_name = "SIZE", value_parser = crate::source::parse_size)]
    pub max_size: Option<u64>,

    /// Print the time spent per phase on exit.
    #[arg(long, global = true)]
    pub timings: bool,

    /// Read input as this format instead of finding it from the file's
    /// name and content.
    #[arg(long = "format-in", global = true, value_enum, value_name = "FORMAT")]
    pub format_in: Option<DocFormat>,
}

/// The formats documents are read from (`--format-in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
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

impl From<DocFormat> for crate::model::Format {
    fn from(f: DocFormat) -> Self {
        use crate::model::Format;
        match f {
            DocFormat::Txt => Format::Plain,
            DocFormat::Md => Format::Markdown,
            DocFormat::Html => Format::Html,
            DocFormat::Epub => Format::Epub,
            DocFormat::Docx => Format::Docx,
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
        /// How json and jsonl write the tokens: one object each (full),
        /// parallel arrays of offsets and tags (compact), or none.
        #[arg(long, value_enum, default_value_t = crate::export::TokenStyle::Full)]
        tokens: crate::export::TokenStyle,
        /// Which annotation layers to compute and write: a list
        /// (`entities,quotes`), `all`, or changes to the default (`+learner`,
        /// `--layers=-duplicates`). The default is every layer but `learner` (one
        /// annotation per word with pinyin, HSK level and gloss);
        /// docs/schema.md.
        #[arg(long, value_name = "LIST", default_value = "default")]
        layers: crate::annotate::layers::LayerSet,
        /// What the paths hold: documents (text), or JSON Lines of
        /// `{"id", "text"}` objects, each annotated into one output line
        /// with its id, in order (jsonl; a pipeline stage, docs/scale.md).
        #[arg(long, value_enum, default_value_t = InputFormat::Text)]
        input: InputFormat,
        /// With `--format brat`: write NAME.txt (the text the offsets refer
        /// to) and NAME.ann for each document into DIR.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// `source`: every annotation also carries `source_start` and
        /// `source_end` (attrs): byte offsets into the file as read (its
        /// BOM, CRLF and encoding), for plain text, Markdown and HTML files.
        #[arg(long, value_enum, default_value_t = Offsets::Text)]
        offsets: Offsets,
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
    /// Add the words of a list to the known words: a plain list (one word a
    /// line), an Anki export (TSV) or a Pleco/Skritter flashcard export.
    Import {
        file: PathBuf,
        /// Mark the words unknown instead.
        #[arg(long)]
        unknown: bool,
    },
    /// How much of the texts the reader knows: tokens, distinct words, the
    /// share known, tokens per HSK 3.0 level, the unknown words.
    Stats {
        /// Documents (files or directories).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Known words from this list (any format `words import` reads)
        /// instead of the reader's list.
        #[arg(long, value_name = "FILE")]
        known: Option<PathBuf>,
        /// Count words at or below this HSK 3.0 level (1–9; 7–9 are one
        /// band) as known.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=9))]
        hsk: Option<u8>,
        /// Print JSON: tokens, distinct, known, comprehension, hsk, unknown.
        #[arg(long)]
        json: bool,
        /// Unknown words to list (all with --json).
        #[arg(long, default_value_t = 20)]
        top: usize,
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

/// What `annotate`'s offsets point into besides the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Offsets {
    /// The document text only (code points).
    Text,
    /// Also the file's bytes (`source_start`, `source_end`).
    Source,
}

/// What `annotate` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Documents: files, directories, `-` for standard input.
    Text,
    /// JSON Lines of `{"id", "text"}` objects.
    Jsonl,
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
