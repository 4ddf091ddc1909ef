//! The command line: clap definitions and what each command does.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::error::{Error, decode_markdown, read_markdown};
use crate::lint::{FileReport, Linter, Selection};
use crate::registry;
use crate::render::{self, Colors, Format};

#[derive(Debug, Parser)]
#[command(
    name = "awesome-lint",
    version,
    about = "Lint curated Markdown lists of papers and links: duplicates, link forms, badges, dead links",
    long_about = "awesome-lint parses an awesome list into entries (section, title, paper link, code link, \
badges, table rows) and runs rules on them.\n\nExit codes: 0 no finding at or above --fail-on, \
1 findings at or above it, 2 usage, config or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Markdown files and report what is wrong
    Check(CheckArgs),
    /// List the rules, or print one rule's documentation
    Rules {
        /// A rule id, such as `table-shape`
        id: Option<String>,
    },
    /// Show how a file is parsed: one line per entry (line, kind, section, title, paper, code)
    Entries {
        /// A Markdown file, or `-` for standard input
        file: String,
        /// Print JSON instead of tab-separated lines
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Warning,
    Error,
    /// Exit 0 whatever is found
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Markdown files or globs; `-` reads standard input
    #[arg(default_value = "README.md")]
    pub files: Vec<String>,
    /// Output format [default: pretty]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Config file (default: .awesome-lint.toml found from each file's folder upwards)
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Run only these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding has this severity or worse
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Colour the pretty output (auto: on a terminal and without NO_COLOR)
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Skip every rule that needs the network
    #[arg(long)]
    pub offline: bool,
}

/// Run the parsed command line; the exit code is the caller's to return.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { id } => {
            rules(id.as_deref())?;
            Ok(0)
        }
        Command::Entries { file, json } => {
            entries(&file, json)?;
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut command, "awesome-lint", &mut buffer);
            write_stdout(&String::from_utf8_lossy(&buffer))?;
            Ok(0)
        }
    }
}

fn rules(id: Option<&str>) -> Result<(), Error> {
    match id {
        Some(id) => {
            let meta = registry::find(id).ok_or_else(|| Error::UnknownRule {
                id: id.to_string(),
                option: "`rules`",
            })?;
            write_stdout(meta.doc)
        }
        None => {
            let metas = registry::all_metas();
            let width = metas.iter().map(|m| m.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for meta in metas {
                let mut tags = vec![meta.default_severity.as_str()];
                if meta.fixable {
                    tags.push("fix");
                }
                if meta.network {
                    tags.push("network");
                }
                out.push_str(&format!(
                    "{:width$}  {:<22}  {}\n",
                    meta.id,
                    tags.join(", "),
                    meta.summary
                ));
            }
            write_stdout(&out)
        }
    }
}

fn entries(file: &str, json: bool) -> Result<(), Error> {
    let doc = Document::parse(read_input(file)?);
    let url = |id: Option<usize>| id.map(|id| doc.link(id).url.clone());
    let rows: Vec<serde_json::Value> = doc
        .entries()
        .iter()
        .map(|entry| {
            let at = doc.line_index().position(doc.text(), entry.range.start);
            serde_json::json!({
                "line": at.line,
                "kind": match entry.kind {
                    crate::document::EntryKind::ListItem => "item",
                    crate::document::EntryKind::TableRow { .. } => "row",
                },
                "section": doc.section_path(entry.section),
                "title": entry.title,
                "paper": url(entry.paper),
                "code": url(entry.code),
                "links": entry.links.len(),
            })
        })
        .collect();
    let out = if json {
        serde_json::to_string_pretty(&rows).expect("plain data serializes") + "\n"
    } else {
        rows.iter()
            .map(|row| {
                let field = |key: &str| match &row[key] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "-".to_string(),
                    other => other.to_string(),
                };
                ["line", "kind", "section", "title", "paper", "code"]
                    .map(field)
                    .join("\t")
                    + "\n"
            })
            .collect()
    };
    write_stdout(&out)
}

/// Expand globs; plain paths are kept as written so errors name what the user typed.
fn expand_files(patterns: &[String]) -> Result<Vec<String>, Error> {
    let mut files = Vec::new();
    for pattern in patterns {
        let is_glob = pattern.contains(['*', '?', '[']);
        if pattern == "-" || !is_glob || Path::new(pattern).exists() {
            files.push(pattern.clone());
            continue;
        }
        let matches = glob::glob(pattern).map_err(|e| Error::Glob {
            pattern: pattern.clone(),
            message: e.msg.to_string(),
        })?;
        let before = files.len();
        for path in matches.flatten() {
            if path.is_file() {
                files.push(path.to_string_lossy().into_owned());
            }
        }
        if files.len() == before {
            return Err(Error::NoMatch {
                pattern: pattern.clone(),
            });
        }
    }
    Ok(files)
}

fn read_input(file: &str) -> Result<String, Error> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Read {
                path: PathBuf::from("<stdin>"),
                source,
            })?;
        decode_markdown(bytes, Path::new("<stdin>"))
    } else {
        read_markdown(Path::new(file))
    }
}

/// Lint every file, each with the config that applies to it.
pub fn lint_files(args: &CheckArgs) -> Result<Vec<FileReport>, Error> {
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        offline: args.offline,
    };
    let explicit = match &args.config {
        Some(path) => Some(Config::load(path)?),
        None => None,
    };
    let mut linters: HashMap<Option<PathBuf>, Linter> = HashMap::new();
    let mut reports = Vec::new();
    for file in expand_files(&args.files)? {
        let text = read_input(&file)?;
        let config = match &explicit {
            Some(config) => config.clone(),
            None => {
                let dir = if file == "-" {
                    PathBuf::from(".")
                } else {
                    Path::new(&file)
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                };
                Config::discover(&dir)?
            }
        };
        let linter = match linters.entry(config.path.clone()) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Linter::new(&config, &selection)?)
            }
        };
        let document = Document::parse(text);
        let diagnostics = linter.lint(&document);
        reports.push(FileReport {
            path: if file == "-" {
                "<stdin>".to_string()
            } else {
                file
            },
            document,
            diagnostics,
        });
    }
    Ok(reports)
}

fn check(args: &CheckArgs) -> Result<u8, Error> {
    let reports = lint_files(args)?;
    let format = args.format.unwrap_or(Format::Pretty);
    let colors = Colors(match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    });
    write_stdout(&render::render(format, &reports, colors))?;
    Ok(exit_code(&reports, args.fail_on))
}

fn exit_code(reports: &[FileReport], fail_on: FailOn) -> u8 {
    let threshold = match fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
        FailOn::Never => return 0,
    };
    let failed = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= threshold);
    u8::from(failed)
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write {
            path: PathBuf::from("<stdout>"),
            source,
        }),
    }
}
