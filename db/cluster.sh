#!/usr/bin/env bash
# Project-local PostgreSQL clusters.
# Usage: db/cluster.sh start NAME PORT | stop NAME | status NAME | dir NAME | destroy NAME
set -euo pipefail
# shellcheck source=db/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    echo "usage: $0 start NAME PORT | stop NAME | status NAME | dir NAME | destroy NAME" >&2
    exit 2
}

# PostgreSQL single-quoted string literal.
pg_quote() { printf "'%s'" "${1//\'/\'\'}"; }

new_password() {
    od -An -tx1 -N24 /dev/urandom | tr -d ' \n'
}

init_cluster() {
    local dir=$1 locale=C
    if LC_ALL=C locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
        locale=C.UTF-8
    fi
    if [[ -d $dir/data ]] && [[ -n $(ls -A "$dir/data") ]]; then
        die "$dir/data exists but is not a PostgreSQL $PG_MAJOR data directory; remove it"
    fi
    if [[ ! -s $dir/password ]]; then
        new_password | write_pg_file "$dir/password"
    fi
    log "initdb $dir/data (UTF8, locale $locale, superuser $PG_SUPERUSER)"
    as_pg "$PG_BINDIR/initdb" -D "$dir/data" -U "$PG_SUPERUSER" --pwfile="$dir/password" \
        -E UTF8 --locale="$locale" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
        --no-instructions >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; die "initdb failed"; }

    write_pg_file "$dir/data/pg_hba.conf" <<'EOF'
# Managed by db/cluster.sh. Password (SCRAM) everywhere, loopback only.
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 scram-sha-256
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
EOF
    printf "\n# Added by db/cluster.sh (rewritten on every start)\ninclude_if_exists = 'agentplatform.conf'\n" |
        as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
}

write_config() {
    local dir=$1 name=$2 port=$3 sockdir
    sockdir=$dir/socket
    # Unix socket paths are limited to 107 bytes; use a short dir if needed.
    if ((${#sockdir} + 20 > 100)); then
        sockdir=/tmp/agentplatform-pg-$(printf '%s' "$dir" | sha256sum | cut -c1-12)
    fi
    as_pg mkdir -p "$sockdir"
    as_pg chmod 0700 "$sockdir"
    {
        echo "# Managed by db/cluster.sh: rewritten on every start, do not edit."
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = $(pg_quote "$sockdir")"
        echo "unix_socket_permissions = 0700"
        echo "max_connections = 200"
        echo "password_encryption = 'scram-sha-256'"
        echo "shared_buffers = 128MB"
        echo "log_line_prefix = '%m [%p] %q%u@%d '"
        if [[ $name == test ]]; then
            echo "# test cluster: durability off for speed (data may be lost on a crash)"
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
    } | write_pg_file "$dir/data/agentplatform.conf"
}

cmd_start() {
    local name=$1 port=$2 dir cur
    check_name "$name"
    check_port "$port"
    dir=$(cluster_dir "$name")
    lock_cluster "$dir"
    if cluster_running "$dir"; then
        cur=$(running_port "$dir")
        [[ $cur == "$port" ]] ||
            die "cluster '$name' already runs on port $cur, not $port (db/cluster.sh stop $name first)"
        log "cluster '$name' already running on 127.0.0.1:$port"
        return 0
    fi
    [[ -f $dir/data/PG_VERSION ]] || init_cluster "$dir"
    write_config "$dir" "$name" "$port"
    log "starting cluster '$name' on 127.0.0.1:$port (log: $dir/postgres.log)"
    # 9>&-: the postmaster must not inherit (and so keep holding) the lock.
    if ! as_pg "$PG_BINDIR/pg_ctl" start -w -t 60 -D "$dir/data" -l "$dir/postgres.log" >/dev/null 9>&-; then
        tail -n 20 "$dir/postgres.log" >&2 || true
        die "cluster '$name' failed to start"
    fi
}

cmd_stop() {
    local name=$1 dir
    check_name "$name"
    dir=$(cluster_dir "$name")
    lock_cluster "$dir"
    if cluster_running "$dir"; then
        log "stopping cluster '$name'"
        as_pg "$PG_BINDIR/pg_ctl" stop -w -t 60 -m fast -D "$dir/data" >/dev/null
    else
        log "cluster '$name' is not running"
    fi
}

cmd_status() {
    local name=$1 dir
    check_name "$name"
    dir=$(cluster_dir "$name")
    if cluster_running "$dir"; then
        echo "running port=$(running_port "$dir") dir=$dir"
    elif [[ -f $dir/data/PG_VERSION ]]; then
        echo "stopped dir=$dir"
        return 3
    else
        echo "absent dir=$dir"
        return 3
    fi
}

cmd_destroy() {
    local name=$1 dir
    check_name "$name"
    cmd_stop "$name"
    dir=$(cluster_dir "$name")
    log "removing cluster '$name' ($dir)"
    rm -rf -- "$dir"
    if [[ -L $REPO_ROOT/.local/pg/$name ]]; then
        rm -f -- "$REPO_ROOT/.local/pg/$name"
    fi
}

[[ $# -ge 2 ]] || usage
case $1 in
    start) [[ $# -eq 3 ]] || usage; cmd_start "$2" "$3" ;;
    stop) [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
    status) [[ $# -eq 2 ]] || usage; cmd_status "$2" ;;
    dir) [[ $# -eq 2 ]] || usage; check_name "$2"; cluster_dir "$2" ;;
    destroy) [[ $# -eq 2 ]] || usage; cmd_destroy "$2" ;;
    *) usage ;;
esac
