#!/usr/bin/env bash
# The one test command (npm test): services, type-check, the web view build, then every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-services.sh
npm run typecheck
npm run build:web
results="$(mktemp)"
status=0
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line for CI logs.
node -e 'const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$results" || true
rm -f "$results"
exit $status
