//! `--output FORMAT=PATH`: one lint, several reports. The GitHub Action writes annotations to
//! stdout and the job summary, the review and SARIF to files, without linting (and asking
//! the network) once per format.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::Error;
use crate::lint::FileReport;
use crate::render::{self, Colors, Format, RenderOptions};

#[derive(Debug, Args)]
#[command(next_help_heading = "Reports")]
pub struct OutputArgs {
    /// Also write the report in another format to a file, such as `markdown=summary.md`
    /// (repeat for more)
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_output)]
    pub output: Vec<(Format, PathBuf)>,
    /// Cut a Markdown report to this many bytes, with a note saying how much is missing
    /// [default: 1048576, GitHub's job-summary limit]
    #[arg(long, value_name = "BYTES")]
    pub max_report_bytes: Option<usize>,
}

fn parse_output(text: &str) -> Result<(Format, PathBuf), String> {
    let (name, path) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not FORMAT=PATH (for example markdown=report.md)"))?;
    let format = Format::from_str(name, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        format!("unknown format `{name}` (use one of {})", names.join(", "))
    })?;
    if path.is_empty() {
        return Err(format!("`{text}` names no file"));
    }
    Ok((format, PathBuf::from(path)))
}

/// Write every `--output` report.
pub fn write_outputs(
    args: &OutputArgs,
    reports: &[FileReport],
    options: &RenderOptions<'_>,
) -> Result<(), Error> {
    for (format, path) in &args.output {
        let text = render::render_with(*format, reports, Colors(false), options);
        std::fs::write(path, text).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_a_format_and_a_path() {
        assert_eq!(
            parse_output("github-review=out/review.json"),
            Ok((Format::GithubReview, PathBuf::from("out/review.json")))
        );
        assert!(parse_output("summary.md").is_err());
        assert!(
            parse_output("html=x")
                .unwrap_err()
                .contains("markdown, github-review")
        );
        assert!(parse_output("json=").is_err());
    }
}
