//! The command line: clap definitions and what each command does.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::changed::{ChangedArgs, ChangedLines};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::error::{Error, read_limited, read_markdown};
use crate::lint::{FileReport, Linter, Selection};
use crate::network::{Needs, NetworkSettings, OnlineData};
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
    /// Apply safe fixes (unsafe ones with --unsafe-fixes) and report what remains
    Fix(FixArgs),
    /// List the rules, or print one rule's documentation
    Rules {
        /// A rule id, such as `table-shape`
        id: Option<String>,
    },
    /// Show how a file is parsed: one line per entry (line, kind, place, title, paper, code);
    /// --json prints every field (docs/layouts.md)
    Entries {
        /// A Markdown file, or `-` for standard input
        file: String,
        /// Print JSON instead of tab-separated lines
        #[arg(long)]
        json: bool,
    },
    /// List every link: line, column, role (paper, code, badge, other), entry and the URL as written
    Links {
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

/// What to lint and with which rules: shared by `check` and `fix`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Markdown files or globs; `-` reads standard input [default: readme.md in any letter
    /// case, in the current folder]
    pub files: Vec<String>,
    /// Config file (default: .awesome-lint.toml found from each file's folder upwards)
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Run only these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,
    /// Skip every rule that needs the network
    #[arg(long, env = "AWESOME_LINT_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
    pub offline: bool,
    /// The awesome guideline rules: on with the Awesome badge (auto), always, or never
    /// [default: the config's `preset`, else auto]
    #[arg(long, value_enum, value_name = "PRESET")]
    pub preset: Option<crate::config::Preset>,
    #[command(flatten)]
    pub network: NetworkArgs,
}

/// How network rules reach the network (override `[links]` in the config).
#[derive(Debug, Args)]
#[command(next_help_heading = "Network")]
pub struct NetworkArgs {
    /// Seconds before one request gives up [default: 10]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// Retries of a failing link before it is reported [default: 3]
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// Requests in flight at once [default: 256]
    #[arg(long, value_name = "N")]
    pub max_concurrency: Option<usize>,
    /// Most requests in flight at once to one host; each host's limit adapts below it [default: 32]
    #[arg(long, value_name = "N")]
    pub host_concurrency: Option<usize>,
    /// Seconds links may wait for hosts that answer 429 before they are left unchecked [default: 180]
    #[arg(long, value_name = "SECS")]
    pub max_wait: Option<f64>,
    /// Also request hosts listed as refusing automated clients (rules/blocking-hosts.toml)
    #[arg(long)]
    pub check_blocking_hosts: bool,
    /// Check links that resolve to private, loopback or link-local addresses
    #[arg(long)]
    pub allow_private: bool,
    /// GitHub token, sent only to github.com, api.github.com and the --github-api host
    #[arg(
        long,
        env = "GITHUB_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub github_token: Option<String>,
    /// GitHub API base trusted with the token (GitHub Enterprise Server) [default: https://api.github.com]
    #[arg(long, env = "GITHUB_API_URL", value_name = "URL")]
    pub github_api: Option<String>,
    /// Reuse good link results from this file (failures are never cached)
    #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = ".awesome-lint-cache.json")]
    pub cache: Option<PathBuf>,
    /// How old a cached result may be: seconds, or with a unit (`30m`, `12h`, `1d`)
    #[arg(long, value_name = "AGE", default_value = "1d", value_parser = parse_age)]
    pub max_cache_age: std::time::Duration,
}

/// `90`, `90s`, `30m`, `12h`, `1d`.
fn parse_age(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not an age like 3600, 30m, 12h or 1d"))?;
    let seconds = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("unknown unit `{unit}` (use s, m, h or d)")),
    };
    Ok(std::time::Duration::from_secs(
        number.saturating_mul(seconds),
    ))
}

#[derive(Debug, Args)]
pub struct FixFlags {
    /// Also apply unsafe fixes (likely right, but they may change what a link points to)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of the fixes and write nothing (exit 1 when there is a change)
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    /// Output format [default: pretty]
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Exit 1 when a finding has this severity or worse
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Colour the pretty output (auto: on a terminal and without NO_COLOR)
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Apply safe fixes first, then report what remains
    #[arg(long)]
    pub fix: bool,
    #[command(flatten)]
    pub fix_flags: FixFlags,
    #[command(flatten)]
    pub changed: ChangedArgs,
    #[command(flatten)]
    pub outputs: crate::outputs::OutputArgs,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub lint: LintArgs,
    #[command(flatten)]
    pub fix_flags: FixFlags,
    /// Exit 1 when a file was changed, as formatters in a pre-commit hook do
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
}

/// Run the parsed command line; the exit code is the caller's to return.
pub fn run(cli: Cli) -> Result<u8, Error> {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Fix(args) => {
            let mut session = Session::new(&args.lint)?;
            let outcome = fix_files(&mut session, &args.lint, &args.fix_flags)?;
            let mut report = String::new();
            for file in &outcome.files {
                report.push_str(&file.describe(args.fix_flags.diff));
            }
            eprint!("{report}");
            let changed_a_file = args.exit_non_zero_on_fix
                && !args.fix_flags.diff
                && outcome.files.iter().any(|f| f.fixed > 0);
            Ok(u8::from(
                (args.fix_flags.diff && !outcome.diff.is_empty()) || changed_a_file,
            ))
        }
        Command::Rules { id } => {
            rules(id.as_deref())?;
            Ok(0)
        }
        Command::Entries { file, json } => {
            entries(&file, json)?;
            Ok(0)
        }
        Command::Links { file, json } => {
            let doc = Document::parse(read_input(&file)?);
            // the findings about where a link leads inside the repository, shown on the link
            let linter = Linter::new(
                &Config::default(),
                &Selection {
                    select: vec!["broken-anchor".to_owned(), "missing-file".to_owned()],
                    offline: true,
                    ..Default::default()
                },
            )?;
            let path = (file != "-").then(|| Path::new(&file));
            let findings = linter.lint_file(&doc, path, None);
            write_stdout(&links_listing(&doc, json, &findings))?;
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

/// Version of the `entries --json` contract (documented in docs/layouts.md); bump it when a
/// field changes meaning or goes away, not when one is added.
pub const ENTRIES_JSON_VERSION: u32 = 1;

fn entries(file: &str, json: bool) -> Result<(), Error> {
    use crate::document::EntryKind;
    let doc = Document::parse(read_input(file)?);
    let url = |id: Option<usize>| id.map(|id| doc.link(id).url.clone());
    let position = |offset: usize| doc.line_index().position(doc.text(), offset);
    let rows: Vec<serde_json::Value> = doc
        .entries()
        .iter()
        .map(|entry| {
            let at = position(entry.range.start);
            let end = position(entry.range.end);
            let links: Vec<serde_json::Value> = entry
                .links
                .iter()
                .map(|&id| {
                    let link = doc.link(id);
                    let at = position(link.range.start);
                    serde_json::json!({
                        "url": link.url,
                        "text": link.text,
                        "role": link.role.map(|r| r.name()),
                        "image": link.image,
                        "line": at.line,
                        "column": at.column,
                    })
                })
                .collect();
            serde_json::json!({
                "line": at.line,
                "end_line": end.line,
                "kind": match entry.kind {
                    EntryKind::ListItem => "item",
                    EntryKind::Paragraph => "paragraph",
                    EntryKind::TableRow { .. } => "row",
                    EntryKind::HtmlRow => "html-row",
                },
                "section": doc.section_path(entry.section),
                "groups": entry.groups,
                "title": entry.title,
                "aliases": entry.aliases,
                "authors": entry.authors,
                "venue": entry.venue,
                "year": entry.year,
                "paper": url(entry.paper),
                "code": url(entry.code),
                "description": entry.description,
                "links": links,
            })
        })
        .collect();
    let out = if json {
        let document = serde_json::json!({
            "version": ENTRIES_JSON_VERSION,
            "file": file,
            "entries": rows,
        });
        serde_json::to_string_pretty(&document).expect("plain data serializes") + "\n"
    } else {
        doc.entries()
            .iter()
            .zip(&rows)
            .map(|(entry, row)| {
                let field = |key: &str| match &row[key] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "-".to_string(),
                    other => other.to_string(),
                };
                [
                    field("line"),
                    field("kind"),
                    doc.entry_path(entry),
                    field("title"),
                    field("paper"),
                    field("code"),
                ]
                .join("\t")
                    + "\n"
            })
            .collect()
    };
    write_stdout(&out)
}

/// The list in `dir` when no file is named: `readme.md` in any letter case, as upstream
/// awesome-lint finds it (sindresorhus/awesome's own file is `readme.md`).
fn find_readme(dir: &Path) -> Result<String, Error> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.eq_ignore_ascii_case("readme.md"))
        .collect();
    // `README.md` before `readme.md` when a case-sensitive file system holds both.
    found.sort();
    found.into_iter().next().ok_or(Error::NoMatch {
        pattern: "readme.md".to_string(),
    })
}

/// One row per link of `doc`, in source order, duplicates included: what `links` prints.
/// JSON is an array of `{line, column, role, entry, url}`; `entry` is `{line, title}` of the
/// entry the link belongs to, or null; `findings` (`{rule, message}`) is there only when one
/// of `findings` lies on the link. Tab-separated: line, column, role, entry title (`-`), URL,
/// and a sixth column with the findings when there are any.
pub fn links_listing(
    doc: &Document,
    json: bool,
    findings: &[crate::diagnostic::Diagnostic],
) -> String {
    use crate::document::LinkRole;
    let rows: Vec<serde_json::Value> = doc
        .links()
        .iter()
        .map(|link| {
            let at = doc.line_index().position(doc.text(), link.range.start);
            let role = match link.role {
                Some(LinkRole::Paper) => "paper",
                Some(LinkRole::Code) => "code",
                Some(LinkRole::Badge) => "badge",
                _ if link.badge.is_some() => "badge",
                _ => "other",
            };
            let entry = link
                .entry
                .and_then(|id| doc.entries().get(id))
                .map(|entry| {
                    let line = doc
                        .line_index()
                        .position(doc.text(), entry.range.start)
                        .line;
                    serde_json::json!({ "line": line, "title": entry.title })
                });
            let mut row = serde_json::json!({
                "line": at.line,
                "column": at.column,
                "role": role,
                "entry": entry,
                "url": doc.slice(link.url_range.clone()),
            });
            let on_link: Vec<serde_json::Value> = findings
                .iter()
                .filter(|d| d.range.start >= link.range.start && d.range.end <= link.range.end)
                .map(|d| serde_json::json!({ "rule": d.rule, "message": d.message }))
                .collect();
            if !on_link.is_empty() {
                row["findings"] = serde_json::Value::Array(on_link);
            }
            row
        })
        .collect();
    if json {
        return serde_json::to_string_pretty(&rows).expect("plain data serializes") + "\n";
    }
    rows.iter()
        .map(|row| {
            let title = row["entry"]["title"]
                .as_str()
                .filter(|t| !t.is_empty())
                .unwrap_or("-")
                .replace(['\t', '\n'], " ");
            let findings: Vec<String> = row["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| {
                    format!(
                        "{}: {}",
                        f["rule"].as_str().unwrap_or(""),
                        f["message"]
                            .as_str()
                            .unwrap_or("")
                            .replace(['\t', '\n'], " ")
                    )
                })
                .collect();
            let extra = if findings.is_empty() {
                String::new()
            } else {
                format!("\t{}", findings.join("; "))
            };
            format!(
                "{}\t{}\t{}\t{}\t{}{extra}\n",
                row["line"],
                row["column"],
                row["role"].as_str().unwrap_or("other"),
                title,
                row["url"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Expand globs; plain paths are kept as written so errors name what the user typed.
fn expand_files(patterns: &[String]) -> Result<Vec<String>, Error> {
    if patterns.is_empty() {
        return Ok(vec![find_readme(Path::new("."))?]);
    }
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
        read_limited(std::io::stdin().lock(), Path::new("<stdin>"))
    } else {
        read_markdown(Path::new(file))
    }
}

/// The linters for a run: one per config file, found from each linted file's folder.
pub struct Session {
    selection: Selection,
    explicit: Option<Config>,
    linters: HashMap<Option<PathBuf>, (Config, Linter)>,
    /// With `--changed-since`/`--diff-file`: only links on these lines are asked for.
    changed: Option<ChangedLines>,
}

/// A file read and parsed, with the key of the linter that applies to it.
struct Loaded {
    file: String,
    /// Holds the file's text: a second copy cost 10 MB on a 10 MB list (issue 11).
    document: Document,
    key: Option<PathBuf>,
}

impl Session {
    pub fn new(args: &LintArgs) -> Result<Self, Error> {
        let selection = Selection {
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            offline: args.offline,
            preset: args.preset,
        };
        let explicit = match &args.config {
            Some(path) => Some(Config::load(path)?),
            None => None,
        };
        // Validate --select/--ignore once, before reading any file.
        Linter::new(explicit.as_ref().unwrap_or(&Config::default()), &selection)?;
        Ok(Self {
            selection,
            explicit,
            linters: HashMap::new(),
            changed: None,
        })
    }

    /// The key of the linter for `file`, building it on first use.
    fn key_for(&mut self, file: &str) -> Result<Option<PathBuf>, Error> {
        let config = match &self.explicit {
            Some(config) => config.clone(),
            None => {
                let dir = if file == "-" {
                    PathBuf::from(".")
                } else {
                    Path::new(file)
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                };
                Config::discover(&dir)?
            }
        };
        let key = config.path.clone();
        if !self.linters.contains_key(&key) {
            let linter = Linter::new(&config, &self.selection)?;
            self.linters.insert(key.clone(), (config, linter));
        }
        Ok(key)
    }

    fn linter(&self, key: &Option<PathBuf>) -> &Linter {
        &self.linters[key].1
    }

    fn load(&mut self, args: &LintArgs) -> Result<Vec<Loaded>, Error> {
        let mut loaded = Vec::new();
        for file in expand_files(&args.files)? {
            let text = read_input(&file)?;
            let key = self.key_for(&file)?;
            let document = Document::parse(text);
            loaded.push(Loaded {
                file,
                document,
                key,
            });
        }
        Ok(loaded)
    }

    /// Ask the network once for what every file's network rules need; `None` offline or
    /// when no network rule is enabled. Answers already `known` (from the fetch before a
    /// `check --fix` rewrote the files) are not asked again.
    fn fetch(
        &self,
        args: &LintArgs,
        loaded: &[Loaded],
        known: Option<OnlineData>,
    ) -> Result<Option<OnlineData>, Error> {
        if args.offline || !self.linters.values().any(|(_, l)| l.has_network_rules()) {
            return Ok(None);
        }
        let mut needs = Needs::default();
        for item in loaded {
            let path = (item.file != "-").then(|| Path::new(&item.file));
            let mut own = Needs::default();
            self.linter(&item.key)
                .needs_file(&item.document, path, &mut own);
            if let Some(changed) = &self.changed {
                own = changed.restrict_needs(&item.file, &item.document, own)?;
            }
            needs.extend(own);
        }
        if let Some(known) = &known {
            needs = needs.without(known);
        }
        if known.is_some() && needs.is_empty() {
            return Ok(known);
        }
        // The network settings come from the explicit config, else the first file's.
        let config = match (&self.explicit, loaded.first()) {
            (Some(config), _) => config,
            (None, Some(first)) => &self.linters[&first.key].0,
            (None, None) => return Ok(None),
        };
        let (settings, warnings) = network_settings(config, &args.network)?;
        for warning in &warnings {
            eprintln!("awesome-lint: warning: {warning}");
        }
        let data = crate::network::fetch(&needs, &settings)?;
        for warning in &data.warnings {
            eprintln!("awesome-lint: warning: {warning}");
        }
        Ok(Some(match known {
            Some(known) => known.merged(data),
            None => data,
        }))
    }
}

/// `[links]` and `[online]` from the config, then the command line on top, and the warnings
/// to print once. Where the GitHub token may go is decided by [`crate::credentials`], never by
/// the config alone.
pub fn network_settings(
    config: &Config,
    args: &NetworkArgs,
) -> Result<(NetworkSettings, Vec<String>), Error> {
    let mut settings = NetworkSettings::default();
    let links = &mut settings.links;
    let seconds = std::time::Duration::from_secs_f64;
    if let Some(timeout) = args.timeout.or(config.links.timeout) {
        links.timeout = seconds(timeout.max(0.001));
    }
    if let Some(n) = args.max_retries.or(config.links.max_retries) {
        links.max_retries = n;
    }
    if let Some(n) = args.max_concurrency.or(config.links.max_concurrency) {
        links.max_concurrency = n.max(1);
    }
    if let Some(n) = args.host_concurrency.or(config.links.host_concurrency) {
        links.host_concurrency = n.max(1);
    }
    if let Some(wait) = args.max_wait {
        // NaN would make clamp return NaN, which from_secs_f64 refuses with a panic.
        let wait = if wait.is_nan() { 0.0 } else { wait };
        links.max_wait = seconds(wait.clamp(0.0, 365.0 * 24.0 * 3600.0));
    }
    links.blocking_hosts = crate::links::blocking_hosts();
    links.check_blocking_hosts = args.check_blocking_hosts;
    if let Some(interval) = config.links.host_interval {
        links.host_interval = seconds(interval.max(0.0));
    }
    if let Some(agent) = &config.links.user_agent {
        links.user_agent = agent.clone();
    }
    links.exclude = config.exclude.clone();
    if !config.accept.is_empty() {
        links.accept = config.accept.clone();
    }
    links.headers = config
        .links
        .headers
        .iter()
        .flat_map(|(host, headers)| {
            headers
                .iter()
                .map(move |(name, value)| (host.clone(), name.clone(), value.clone()))
        })
        .collect();
    let github = crate::credentials::plan_github(
        args.github_api.as_deref(),
        config.online.github_api.as_deref(),
        args.github_token.clone().filter(|t| !t.trim().is_empty()),
    )?;
    links.github_token = args.github_token.clone().filter(|t| !t.trim().is_empty());
    links.token_hosts = github.token_hosts;
    links.allow_private = args.allow_private;
    settings.github.token = github.token;
    settings.github.base_url = github.base_url;
    if let Some(api) = &config.online.arxiv_api {
        settings.arxiv.base_url = api.clone();
    }
    if let Some(interval) = config.online.arxiv_interval {
        settings.arxiv.interval = seconds(interval.max(0.0));
    }
    settings.cache = args.cache.clone().map(|path| (path, args.max_cache_age));
    settings.progress = std::io::stderr().is_terminal();
    Ok((settings, github.warnings))
}

fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_string()
    } else {
        file.to_string()
    }
}

/// Lint every file, each with the config that applies to it.
pub fn lint_files(
    session: &mut Session,
    args: &LintArgs,
    known: Option<OnlineData>,
) -> Result<Vec<FileReport>, Error> {
    let loaded = session.load(args)?;
    let online = session.fetch(args, &loaded, known)?;
    let mut reports = Vec::new();
    for item in loaded {
        let path = (item.file != "-").then(|| Path::new(&item.file));
        let diagnostics =
            session
                .linter(&item.key)
                .lint_file(&item.document, path, online.as_ref());
        reports.push(FileReport {
            path: display_name(&item.file),
            document: item.document,
            diagnostics,
        });
    }
    Ok(reports)
}

/// What `fix` did to one file.
pub struct FileFix {
    pub path: String,
    pub fixed: usize,
    pub remaining: usize,
}

impl FileFix {
    fn describe(&self, diff: bool) -> String {
        let verb = if diff { "would fix" } else { "fixed" };
        let findings = |n: usize| {
            if n == 1 {
                "1 finding".to_string()
            } else {
                format!("{n} findings")
            }
        };
        let remain = if self.remaining == 1 {
            "remains"
        } else {
            "remain"
        };
        format!(
            "{}: {verb} {}, {} {remain}\n",
            self.path,
            findings(self.fixed),
            findings(self.remaining)
        )
    }
}

/// `a/README.md` for a relative path (as git shows it), the path itself when absolute.
fn diff_name(side: &str, name: &str) -> String {
    if Path::new(name).is_absolute() {
        name.to_string()
    } else {
        format!("{side}/{}", name.trim_start_matches("./"))
    }
}

pub struct FixOutcome {
    pub files: Vec<FileFix>,
    pub diff: String,
    /// What the network answered, for the lint that follows `check --fix`.
    pub online: Option<OnlineData>,
}

/// Fix every file: write it atomically, or collect a unified diff with `--diff`.
pub fn fix_files(
    session: &mut Session,
    args: &LintArgs,
    flags: &FixFlags,
) -> Result<FixOutcome, Error> {
    let mut files = Vec::new();
    let mut diff = String::new();
    let loaded = session.load(args)?;
    let online = session.fetch(args, &loaded, None)?;
    for item in loaded {
        let Loaded {
            file,
            document,
            key,
        } = item;
        let text = document.into_text();
        let linter = session.linter(&key);
        let path = (file != "-").then(|| Path::new(&file));
        let result =
            crate::fix::fix_text_in(linter, &text, flags.unsafe_fixes, online.as_ref(), path);
        let remaining = linter
            .lint_file(
                &Document::parse(result.text.as_str()),
                path,
                online.as_ref(),
            )
            .len();
        let changed = result.text != text;
        let name = display_name(&file);
        if flags.diff {
            if changed {
                let unified = similar::TextDiff::from_lines(&text, &result.text)
                    .unified_diff()
                    .context_radius(2)
                    .header(&diff_name("a", &name), &diff_name("b", &name))
                    .to_string();
                diff.push_str(&unified);
            }
        } else if file == "-" {
            write_stdout(&result.text)?;
        } else if changed {
            crate::atomic::replace_if_unchanged(Path::new(&file), &text, &result.text).map_err(
                |source| Error::Write {
                    path: PathBuf::from(&file),
                    source,
                },
            )?;
        }
        files.push(FileFix {
            path: name,
            fixed: result.fixed,
            remaining,
        });
    }
    if flags.diff {
        write_stdout(&diff)?;
    }
    Ok(FixOutcome {
        files,
        diff,
        online,
    })
}

fn check(args: &CheckArgs) -> Result<u8, Error> {
    let mut session = Session::new(&args.lint)?;
    let mut known = None;
    if args.fix || args.fix_flags.diff {
        if args.lint.files.iter().any(|f| f == "-") {
            return Err(Error::StdinFix);
        }
        let outcome = fix_files(&mut session, &args.lint, &args.fix_flags)?;
        if args.fix_flags.diff {
            return Ok(u8::from(!outcome.diff.is_empty()));
        }
        for file in outcome.files.iter().filter(|f| f.fixed > 0) {
            eprint!("{}", file.describe(false));
        }
        known = outcome.online;
    }
    // After `--fix`, so line numbers are those of the fixed files.
    session.changed = ChangedLines::from_args(&args.changed)?;
    let mut reports = lint_files(&mut session, &args.lint, known)?;
    if let Some(changed) = &session.changed {
        for report in &mut reports {
            changed.filter(report)?;
        }
    }
    let format = args.format.unwrap_or(Format::Pretty);
    let colors = Colors(match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    });
    let options = render::RenderOptions {
        markdown: render::markdown::MarkdownOptions {
            links: render::markdown::SourceLinks::from_env(),
            max_bytes: args
                .outputs
                .max_report_bytes
                .unwrap_or(render::markdown::GITHUB_SUMMARY_LIMIT),
        },
        changed: session.changed.as_ref(),
    };
    write_stdout(&render::render_with(format, &reports, colors, &options))?;
    crate::outputs::write_outputs(&args.outputs, &reports, &options)?;
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
