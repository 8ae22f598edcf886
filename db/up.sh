#!/usr/bin/env bash
# One-shot: install PostgreSQL 15 + pgvector, start cluster NAME on PORT,
# ensure database DBNAME. Prints ONLY the Npgsql connection string on stdout.
# Usage: CONN=$(db/up.sh dev 55432 agentplatform)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

[[ $# -eq 3 ]] || { echo "usage: $0 NAME PORT DBNAME" >&2; exit 2; }
"$here/install.sh" >&2
"$here/cluster.sh" start "$1" "$2" >&2
exec "$here/create-db.sh" "$1" "$2" "$3"
