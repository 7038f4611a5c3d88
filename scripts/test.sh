#!/usr/bin/env bash
# The README's second command: every test (unit, component, Playwright end to end).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/install-deps.sh"
cd "$repo_root"
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null
  else
    echo "Chromium and fonts-noto-cjk are needed for the end-to-end tests: sudo apt-get install chromium fonts-noto-cjk poppler-utils" >&2
    exit 1
  fi
fi
npx electron-vite build
# Electron hardening as electronegativity sees it (about 7 s): fails on HIGH or MEDIUM findings.
node scripts/electronegativity.ts
npm test
