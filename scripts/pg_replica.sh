#!/usr/bin/env bash
# A streaming replica of a running PostgreSQL primary, on loopback, for the replica test
# (samsyn/ops/tests/test_replicas.py) and for trying DATABASE_REPLICA_URLS on one machine.
#
#   scripts/pg_replica.sh start    # make (afresh) and start the replica
#   scripts/pg_replica.sh stop     # stop it and drop its replication slot on the primary
#
# Run it as an OS user that is a superuser of the primary through its socket (on Debian:
# su postgres -c "scripts/pg_replica.sh start"). Settings, all optional:
#   PRIMARY_PORT (5432), PRIMARY_SOCKET (/var/run/postgresql), PRIMARY_SUPERUSER (postgres),
#   REPLICA_PORT (5433), REPLICA_DIR (/tmp/samsyn-replica-$REPLICA_PORT),
#   REPLICATION_ROLE (samsyn_replicator), REPLICATION_PASSWORD, PG_BIN (newest installed).
# The primary must allow replication connections from 127.0.0.1 (Debian's pg_hba.conf does)
# and have wal_level replica (PostgreSQL's default). The replica gets its own slot, so the
# primary keeps the WAL it still needs; `stop` drops the slot so none is kept for nothing.
set -euo pipefail

action=${1:-start}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PRIMARY_SOCKET=${PRIMARY_SOCKET:-/var/run/postgresql}
PRIMARY_SUPERUSER=${PRIMARY_SUPERUSER:-postgres}
REPLICA_PORT=${REPLICA_PORT:-5433}
REPLICA_DIR=${REPLICA_DIR:-/tmp/samsyn-replica-$REPLICA_PORT}
ROLE=${REPLICATION_ROLE:-samsyn_replicator}
PASSWORD=${REPLICATION_PASSWORD:-samsyn-replicator-loopback}
SLOT=samsyn_replica_${REPLICA_PORT}
BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}

primary() {
  "$BIN/psql" -h "$PRIMARY_SOCKET" -p "$PRIMARY_PORT" -U "$PRIMARY_SUPERUSER" -d postgres \
    -v ON_ERROR_STOP=1 -qtA "$@"
}

stop() {
  if [ -f "$REPLICA_DIR/postmaster.pid" ]; then
    "$BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop >/dev/null || true
  fi
  primary -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
              WHERE slot_name = '$SLOT' AND NOT active" >/dev/null
}

case "$action" in
  stop) stop; echo "replica on port $REPLICA_PORT stopped"; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

stop
rm -rf "$REPLICA_DIR"
primary -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE WITH REPLICATION LOGIN PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $ROLE WITH REPLICATION LOGIN PASSWORD '$PASSWORD';
  END IF; END \$\$;"

# -R writes primary_conninfo and standby.signal: the copy starts as a streaming standby.
PGPASSWORD=$PASSWORD "$BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$ROLE" \
  -D "$REPLICA_DIR" -R -X stream -C -S "$SLOT" --checkpoint=fast

# A Debian primary keeps its configuration in /etc, so the copy may have none of its own.
touch "$REPLICA_DIR/postgresql.conf" "$REPLICA_DIR/pg_ident.conf"
cat > "$REPLICA_DIR/pg_hba.conf" <<HBA
local all all peer
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
HBA
chmod 700 "$REPLICA_DIR"

options="-p $REPLICA_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$REPLICA_DIR"
options="$options -c hot_standby=on -c log_min_messages=warning"
"$BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/replica.log" -w -t 60 -o "$options" start \
  >/dev/null

in_recovery=$("$BIN/psql" -h "$REPLICA_DIR" -p "$REPLICA_PORT" -U "$PRIMARY_SUPERUSER" \
  -d postgres -qtAc "SELECT pg_is_in_recovery()")
if [ "$in_recovery" != "t" ]; then
  echo "the copy on port $REPLICA_PORT is not a standby" >&2
  exit 1
fi
echo "streaming replica of port $PRIMARY_PORT on 127.0.0.1:$REPLICA_PORT ($REPLICA_DIR)"
