#!/usr/bin/env bash
# The unit and hub tests (vitest) on Node 24 LTS, next to the machine's Node.
# Node 24 comes from the npm registry (the `node` package carries the binary)
# into node_modules/.cache/node24: outside git, gone with `npm ci`. Nothing is
# compiled: on Node 22+ the hub's SQLite driver is better-sqlite3 13's prebuilt
# Node-API binary (hub/db.ts), so the Node 20 build of better-sqlite3 12 that the
# rest of the suite uses is left as it is. Child processes the tests start
# (hubs, CLIs) run on process.execPath, i.e. Node 24 as well.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
dir=node_modules/.cache/node24
mkdir -p "$dir"
cat >"$dir/package.json" <<'JSON'
{
  "private": true,
  "dependencies": { "node": "^24" },
  "allowScripts": { "node": true }
}
JSON
npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --loglevel=error
node24="$PWD/$dir/node_modules/node/bin/node"
version=$("$node24" --version)
case "$version" in
  v24.*) ;;
  *) echo "test-node24: expected Node 24 at $node24, got '$version'" >&2; exit 1 ;;
esac
echo "test-node24: vitest on Node $version"
"$node24" node_modules/vitest/vitest.mjs run "$@"
echo "test-node24: Node $version unit and hub tests passed in $((SECONDS - start)) s"
