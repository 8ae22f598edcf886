#!/usr/bin/env bash
# Prints the port for cluster NAME: the one it already runs on, else DEFAULT, else the next free port
# after it (another checkout's cluster, or any other server, may hold the default).
# Usage: port=$(db/pick-port.sh NAME DEFAULT)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
name=$1 port=$2

if status=$("$here/cluster.sh" status "$name" 2>/dev/null) && [[ $status =~ port=([0-9]+) ]]; then
  echo "${BASH_REMATCH[1]}"
  exit 0
fi

in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for ((i = 0; i < 100; i++)); do
  if ! in_use "$port"; then
    echo "$port"
    exit 0
  fi
  echo "[db] port $port is taken; trying $((port + 1))" >&2
  port=$((port + 1))
done
echo "[db] no free port found near $2" >&2
exit 1
