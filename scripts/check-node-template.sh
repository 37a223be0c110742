#!/usr/bin/env bash
# Type-checks the generated TypeScript sample against its own pinned dependencies, installed from the npm registry.
# Scaffolds with the built CLI (so templates are found from dist/, as after `npx`), for both identity kinds.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

common=(scaffold --language node-ts --server ci-check --database ci-db --app ci-check-app)
node bin/azsql-mi-setup.js "${common[@]}" --out "$work/system" >/dev/null
node bin/azsql-mi-setup.js "${common[@]}" --client-id 00000000-0000-0000-0000-000000000001 --out "$work/user" >/dev/null

# The two differ only in local.settings.json: one install serves both type checks.
(cd "$work/system" && npm install --no-audit --no-fund --loglevel=error && npx --no-install tsc --noEmit && npm run --silent build)
cp -r "$work/system/node_modules" "$work/user/"
(cd "$work/user" && npx --no-install tsc --noEmit)
test -f "$work/system/dist/src/functions/tables.js"
echo "check-node-template: the node-ts sample type-checks and builds against its pinned dependencies"
