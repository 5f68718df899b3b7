#!/usr/bin/env bash
# The oracle service's tests (`npm run test:service`), on PGlite and — when the machine has Postgres 15 server
# binaries — also on a throw-away Postgres cluster started here (initdb + pg_ctl on a free loopback port, removed
# afterwards). An ENCORE_TEST_DATABASE_URL already set (a server you run) is used as it is.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=../../.ci/postgres.sh
source .ci/postgres.sh
if [ -z "${ENCORE_TEST_DATABASE_URL:-}" ]; then
  trap stop_test_postgres EXIT
  start_test_postgres || { echo "could not start the Postgres test cluster"; exit 1; }
fi
npm test -w oracle-service
