#!/usr/bin/env bash
# The oracle service's part of `npm run bench`: statement import and read-API figures (oracle-service/bench/run.ts).
# When the machine has Postgres 15 server binaries, a throw-away cluster (.ci/postgres.sh) also measures the import
# into a Postgres server (ENCORE_BENCH_DATABASE_URL), next to the embedded PGlite default.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../.ci/postgres.sh
source .ci/postgres.sh
trap stop_test_postgres EXIT
start_test_postgres && export ENCORE_BENCH_DATABASE_URL="${ENCORE_TEST_DATABASE_URL:-}"
node oracle-service/bench/run.ts "$@"
