#!/usr/bin/env bash
# The README's first command: sets up what is missing and starts OneWindow. In the Electron
# window where the Electron binary runs; otherwise browser mode on 127.0.0.1 (the URL is printed).
# Extra arguments go to browser mode, e.g. --port 0 or --data-dir DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/install-deps.sh"
cd "$repo_root"
npx electron-vite build >/dev/null
exec node scripts/start.ts "$@"
