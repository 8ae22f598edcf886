#!/usr/bin/env bash
# Create database DBNAME in cluster NAME (when absent), run db/init.sql on it,
# and print the Npgsql connection string on stdout (nothing else goes to stdout).
# Usage: db/create-db.sh NAME PORT DBNAME
set -euo pipefail
# shellcheck source=db/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ $# -eq 3 ]] || { echo "usage: $0 NAME PORT DBNAME" >&2; exit 2; }
name=$1 port=$2 dbname=$3
check_name "$name"
check_port "$port"
[[ $dbname =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "invalid database name '$dbname'"

dir=$(cluster_dir "$name")
[[ -s $dir/password ]] || die "cluster '$name' not initialised; run db/cluster.sh start $name $port"
lock_cluster "$dir"
cluster_running "$dir" || die "cluster '$name' is not running; run db/cluster.sh start $name $port"
[[ $(running_port "$dir") == "$port" ]] || die "cluster '$name' runs on port $(running_port "$dir"), not $port"

password=$(<"$dir/password")
unset PGSERVICE PGSERVICEFILE PGPASSFILE PGSSLMODE PGOPTIONS PGDATABASE
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$PG_SUPERUSER PGPASSWORD=$password PGCONNECT_TIMEOUT=10
psql() { "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

exists=$(psql -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$dbname'")
if [[ $exists != 1 ]]; then
    log "creating database '$dbname'"
    psql -d postgres -c "CREATE DATABASE \"$dbname\" TEMPLATE template0 ENCODING 'UTF8'" >&2
fi
PGOPTIONS='-c client_min_messages=warning' psql -d "$dbname" -f "$DB_DIR/init.sql" >&2

printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
    "$port" "$dbname" "$PG_SUPERUSER" "$password"
