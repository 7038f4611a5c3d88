#!/usr/bin/env bash
# Installs the npm packages when package-lock.json changed since the last install.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ensure-node.sh"
cd "$repo_root"
stamp="node_modules/.package-lock.installed"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
