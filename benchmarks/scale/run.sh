#!/usr/bin/env bash
# make bench: a PostgreSQL of its own on loopback (initdb into var/bench/pg, port 55432),
# one generated installation per size, each measured side by side, then the table.
#   BENCH_SIZES="500000 5000000" (default)   BENCH_SIZES=50000 for a quick run
#   BENCH_LOAD=0 skips the pages under load, BENCH_NATIONAL=0 the national roll-up; BENCH_ROUNDS, BENCH_CLIENTS, BENCH_REQUESTS,
#   BENCH_LOAD_SECONDS, BENCH_WORKERS tune the rest (see measure.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=${BENCH_SIZES:-"500000 5000000"}
PORT=${BENCH_PG_PORT:-55432}
DATA=$ROOT/var/bench/pg
OUT=$ROOT/var/bench
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PY=$ROOT/.venv/bin/python

as_pg() {  # PostgreSQL refuses to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$OUT"
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA" && chmod 700 "$DATA"
  as_pg "$PGBIN/initdb" -D "$DATA" -U bench --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
[ "$(id -u)" = 0 ] && chown postgres "$OUT"
as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$OUT/postgresql.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp -c shared_buffers=512MB -c work_mem=32MB -c max_connections=60" start >/dev/null
trap 'as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null' EXIT

export SAMSYN_SECRET_KEY=bench-only-secret-key-never-in-production
export SAMSYN_PSEUDONYM_SECRET=bench-only-pseudonym-secret
export SAMSYN_AUDIT_KEY=bench-only-audit-key
export SAMSYN_DB_CONN_MAX_AGE=60
# As `make serve` runs: one cache shared by the server's workers and this script.
export SAMSYN_CACHE_DIR=$OUT/cache
results=()
for size in $SIZES; do
  db=samsyn_bench_$size
  export DATABASE_URL=postgres://bench@127.0.0.1:$PORT/$db
  if ! as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U bench -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U bench "$db"
  fi
  $PY manage.py migrate --no-input -v 0
  SAMSYN_DEBUG=0 $PY manage.py collectstatic --no-input -v 0
  generated=$(as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U bench -d "$db" -tAc \
    "SELECT COUNT(*) FROM associations_association WHERE slug LIKE 'gen-%'")
  if [ "$generated" = 0 ]; then
    echo "== generating $size participations"
    start=$(date +%s)
    $PY manage.py generate_dataset --associations 76 --participations "$size" --years 10 --seed 14
    echo "generated in $(( $(date +%s) - start )) s"
  fi
  # Statistics for the indexes too (a migration may just have made one).
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U bench -d "$db" -qc "VACUUM ANALYZE"
  echo "== measuring $size"
  $PY benchmarks/scale/measure.py "$size" "$OUT/result-$size.json"
  results+=("$OUT/result-$size.json")
done
$PY benchmarks/scale/table.py "${results[@]}"
