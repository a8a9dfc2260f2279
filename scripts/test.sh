#!/usr/bin/env bash
# Runs every test of Insyn: formatting, lints, unit tests, the integration
# tests (which build the demo portal and a generated 2 000-paragraph corpus),
# and the browser checks (scripts/browser-checks.sh). Installs what the tests
# need on a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

# The corpus generator is Python; the shared folder sits beside the repository.
need python3 || apt_install python3
if [ ! -f ../shared/tools/gen-corpus.py ]; then
  echo "scripts/test.sh: ../shared/tools/gen-corpus.py is missing; the shared folder must sit beside the repository" >&2
  exit 1
fi
# The validators the tests run, from a virtual environment under target/:
# pyshacl checks the DCAT-AP catalogue against the shapes in ../shared
# (tests/testsuite/opendata.rs); bagit-python and the E-ARK validator check
# archival packages (tests/testsuite/archive.rs).
VENV=target/test-venv
if [ ! -x "$VENV/bin/pyshacl" ] || [ ! -x "$VENV/bin/bagit.py" ] || [ ! -x "$VENV/bin/eark-validator" ]; then
  [ -x "$VENV/bin/pip" ] || { rm -rf "$VENV"; python3 -m venv "$VENV" 2>/dev/null || { rm -rf "$VENV"; apt_install python3-venv; python3 -m venv "$VENV"; }; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check pyshacl bagit eark-validator
fi
export INSYN_PYSHACL="$PWD/$VENV/bin/pyshacl"
export INSYN_BAGIT="$PWD/$VENV/bin/bagit.py"
export INSYN_EARK_PYTHON="$PWD/$VENV/bin/python"
need cargo || { echo "scripts/test.sh: cargo (the Rust toolchain) is needed" >&2; exit 1; }
rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy || true

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --quiet --all-targets -- -D warnings
echo "== cargo test"
cargo test --all-targets
cargo test --doc --quiet
bash scripts/browser-checks.sh
