#!/usr/bin/env bash
# The browser checks alone: accessibility (axe-core), keyboard, valid HTML
# (Nu Html Checker), offline and sub-path rendering, 320 px, no JavaScript,
# on the demo portal and a generated 2 000-paragraph corpus, in Debian's
# Chromium. Installs what they need on a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
need java || missing+=(default-jre-headless)
need node || missing+=(nodejs)
need npm || missing+=(npm)
need python3 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

# The insyn binary the checks build portals with.
[ -x target/debug/insyn ] || cargo build --quiet
echo "== npm ci (playwright-core, axe-core, vnu-jar, fast-xml-parser)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
echo "== browser checks"
cd tests/browser && node --test --test-concurrency=1 checks.test.mjs
