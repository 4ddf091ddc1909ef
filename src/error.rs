//! Errors the binary reports with exit code 2.

use std::path::PathBuf;

use crate::config::ConfigError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Changed(#[from] crate::changed::ChangedError),
    #[error(transparent)]
    Network(#[from] crate::network::NetworkError),
    #[error(transparent)]
    Credentials(#[from] crate::credentials::CredentialError),
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: is larger than {} MiB, the most awesome-lint reads (the largest real awesome lists are under 1 MB)", MAX_FILE_SIZE / (1024 * 1024)
    )]
    TooLarge { path: PathBuf },
    #[error(
        "{path}: has more than {} lines, the most awesome-lint reads (the largest real awesome lists have under 20 000)",
        MAX_LINES
    )]
    TooManyLines { path: PathBuf },
    #[error("{path}: is a directory, not a Markdown file")]
    Directory { path: PathBuf },
    #[error("{path}: looks like a binary file (it contains a NUL byte at offset {offset})")]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}: is not valid UTF-8 (invalid byte at offset {offset})")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("unknown rule `{id}` in {option} (run `awesome-lint rules` to list them)")]
    UnknownRule { id: String, option: &'static str },
    #[error("{pattern}: no file matches")]
    NoMatch { pattern: String },
    #[error("invalid glob `{pattern}`: {message}")]
    Glob { pattern: String, message: String },
    #[error(
        "`check --fix` cannot fix standard input: use `awesome-lint fix -`, which prints the fixed text"
    )]
    StdinFix,
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The largest list read: 32 MiB, far above any real list (the largest in the corpus is
/// 0.7 MB) and below what would take the parser seconds and the machine gigabytes.
pub const MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// The most lines a list may have: every line can be an entry, and the document model costs
/// about 2 KB per entry, so a million one-line entries would need more than 2 GB.
pub const MAX_LINES: usize = 300_000;

/// Read a Markdown file, refusing directories, files over [`MAX_FILE_SIZE`], binary files and
/// invalid UTF-8 with an error that names the file.
pub fn read_markdown(path: &std::path::Path) -> Result<String, Error> {
    if path.is_dir() {
        return Err(Error::Directory {
            path: path.to_path_buf(),
        });
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    // Sized from the start: growing by doubling held 16 MB for a 10 MB list (issue 11)
    let size = file
        .metadata()
        .map_or(0, |meta| meta.len().min(MAX_FILE_SIZE + 1));
    read_into(
        file,
        path,
        Vec::with_capacity(usize::try_from(size).unwrap_or(0)),
    )
}

/// Read at most [`MAX_FILE_SIZE`] bytes (one more tells it is too large), so a huge file or
/// an endless pipe never fills the memory.
pub fn read_limited(reader: impl std::io::Read, path: &std::path::Path) -> Result<String, Error> {
    read_into(reader, path, Vec::new())
}

/// [`read_limited`] into `bytes`, which may come with the capacity the file needs.
fn read_into(
    reader: impl std::io::Read,
    path: &std::path::Path,
    mut bytes: Vec<u8>,
) -> Result<String, Error> {
    use std::io::Read;
    reader
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
        });
    }
    if bytes.iter().filter(|&&b| b == b'\n').count() > MAX_LINES {
        return Err(Error::TooManyLines {
            path: path.to_path_buf(),
        });
    }
    decode_markdown(bytes, path)
}

pub fn decode_markdown(bytes: Vec<u8>, path: &std::path::Path) -> Result<String, Error> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}
