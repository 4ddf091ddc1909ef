use std::process::ExitCode;

use clap::Parser;

use awesome_lint::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            // Every error's message already carries its cause (`README.md: No such file`).
            eprintln!("awesome-lint: error: {error}");
            ExitCode::from(2)
        }
    }
}
