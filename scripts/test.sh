#!/usr/bin/env bash
# The one test command (npm test): type-check everything, then run every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run typecheck
npx jest --ci "$@"
