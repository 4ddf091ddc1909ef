#!/usr/bin/env bash
# Step 1 of the action: put an awesome-lint binary in "$AWESOME_LINT_BIN_DIR".
#
# A release tag of the action (v1.2.3) downloads the archive built for this runner by the
# release workflow and checks it against its SHA-256 sum. Any other ref (a branch, a commit),
# or a release without a matching archive, sets `build=true`: the next steps restore a cached
# build or run `cargo install --locked` from the action's own source.
#
# Environment: RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_ACTION_PATH,
# ACTION_REF (github.action_ref), ACTION_REPOSITORY (github.action_repository),
# AWESOME_LINT_DOWNLOAD_URL (default: $GITHUB_SERVER_URL/$ACTION_REPOSITORY/releases/download).
set -euo pipefail

bin_dir="${RUNNER_TEMP:?}/awesome-lint/bin"
mkdir -p "$bin_dir"
echo "$bin_dir" >> "${GITHUB_PATH:-/dev/null}"
echo "bin-dir=$bin_dir" >> "$GITHUB_OUTPUT"

case "${RUNNER_OS:-}-${RUNNER_ARCH:-}" in
  Linux-X64) target=x86_64-unknown-linux-gnu ;;
  Linux-ARM64) target=aarch64-unknown-linux-gnu ;;
  macOS-ARM64) target=aarch64-apple-darwin ;;
  macOS-X64) target=x86_64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
exe=awesome-lint
if [ "${RUNNER_OS:-}" = Windows ]; then
  exe=awesome-lint.exe
fi

# The cache key of a source build: the action's sources, so a new commit builds anew.
source_key() {
  (cd "$GITHUB_ACTION_PATH" && find Cargo.toml Cargo.lock src rules -type f -print0 2>/dev/null \
    | sort -z | xargs -0 cat | sha256_stdin)
}

sha256_stdin() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d' ' -f1
  else
    shasum -a 256 | cut -d' ' -f1
  fi
}

build() {
  echo "$1: building awesome-lint from the action's source (cached between runs)"
  echo "build=true" >> "$GITHUB_OUTPUT"
  echo "cache-key=awesome-lint-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}-$(source_key)" >> "$GITHUB_OUTPUT"
  exit 0
}

ref="${ACTION_REF:-}"
if [[ ! "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
  build "the action's ref \`${ref:-none}\` is not a release tag"
fi
if [ -z "$target" ]; then
  build "no release archive for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}"
fi

archive="awesome-lint-$ref-$target.tar.gz"
base="${AWESOME_LINT_DOWNLOAD_URL:-${GITHUB_SERVER_URL:-https://github.com}/${ACTION_REPOSITORY:?}/releases/download}"
work="$(mktemp -d "${RUNNER_TEMP}/awesome-lint-download.XXXXXX")"
if ! curl --fail --silent --show-error --location --retry 3 \
  --output "$work/$archive" "$base/$ref/$archive" \
  || ! curl --fail --silent --show-error --location --retry 3 \
    --output "$work/$archive.sha256" "$base/$ref/$archive.sha256"; then
  build "cannot download $archive"
fi
expected="$(cut -d' ' -f1 < "$work/$archive.sha256")"
actual="$(sha256_stdin < "$work/$archive")"
if [ "$expected" != "$actual" ]; then
  # A corrupt or tampered archive is an error, not a reason to quietly build instead.
  echo "::error title=awesome-lint::$archive: SHA-256 is $actual, the release says $expected"
  exit 1
fi
tar -xzf "$work/$archive" -C "$work"
install -m 755 "$work/awesome-lint-$ref-$target/$exe" "$bin_dir/$exe"
rm -rf "$work"
echo "build=false" >> "$GITHUB_OUTPUT"
echo "installed awesome-lint $ref ($target), SHA-256 $actual"
