#!/usr/bin/env bash
# The one test command (npm test): services, type-check, the web view build, then every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-services.sh
npm run typecheck
npm run build:web
results="$(mktemp)"
alone="$(mktemp)"
lwc="$(mktemp)"
status=0
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules"
# The stall test polls the service's event loop under its own load: it runs on its own after the
# rest, so another suite's work on the same two cores is not counted as the service's. (With arguments, jest runs just what they name.)
ALONE='test/integration/scorecards/never-blocked'
if [ "$#" -eq 0 ]; then
  npx jest --ci --json --outputFile="$results" --testPathIgnorePatterns "/node_modules/|$ALONE" || status=$?
  npx jest --ci --json --outputFile="$alone" "$ALONE" || status=$?
  # The Salesforce package's LWC tests: sfdx-lwc-jest pins its own jest (29), so they run in their package.
  (cd extensions/salesforce && npx sfdx-lwc-jest -- --ci --json --outputFile="$lwc") || status=$?
else
  npx jest --ci --json --outputFile="$results" "$@" || status=$?
  echo '{"numPassedTests":0,"numFailedTests":0}' > "$alone"
  echo '{"numPassedTests":0,"numFailedTests":0}' > "$lwc"
fi
# One plain closing line for CI logs.
node -e 'const fs = require("node:fs"); const r = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8"))); const sum = (k) => r.reduce((n, x) => n + x[k], 0); console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`)' "$results" "$alone" "$lwc" || true
rm -f "$results" "$alone" "$lwc"
exit $status
