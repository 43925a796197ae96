#!/usr/bin/env bash
# The one test command (npm test): services, type-check, the web view build, then every jest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-services.sh
npm run typecheck
npm run build:web
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" npx jest --ci "$@"
