# Sourced by scripts/test/service.sh (npm test) and scripts/bench/oracleService.sh (npm run bench): a throw-away
# Postgres 15 cluster from the machine's server binaries (initdb + pg_ctl) on a free loopback port, for the oracle
# service's tests and benchmark against a real server. Sets ENCORE_TEST_DATABASE_URL.
# `stop_test_postgres` stops it and deletes its folder.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

start_test_postgres() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "Postgres server binaries not found in $PG_BIN: the service tests run on PGlite only"
    return 0
  fi
  PG_DIR=$(mktemp -d)
  local port
  port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  local user
  user=$(id -un)
  local run=()
  if [ "$(id -u)" = "0" ]; then
    # initdb refuses to run as root: run the cluster as the unprivileged "postgres" (or "nobody") user.
    user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
    chown "$user" "$PG_DIR"
    run=(runuser -u "$user" --)
  fi
  "${run[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U encore --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; return 1; }
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
    { cat "$PG_DIR/server.log"; return 1; }
  export ENCORE_TEST_DATABASE_URL="postgres://encore@127.0.0.1:$port/postgres"
  PG_RUN=("${run[@]}")
  echo "Postgres $("$PG_BIN/postgres" --version | grep -Eo '[0-9]+\.[0-9]+' | head -1) test cluster on 127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
