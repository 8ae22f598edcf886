# shellcheck shell=bash
# Shared helpers for the db/*.sh scripts. Sourced, never executed.
# shellcheck disable=SC2034  # variables are used by the sourcing scripts

PG_MAJOR=15
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/$PG_MAJOR/bin}
PG_SUPERUSER=agentplatform      # database role created by initdb
PG_OS_USER=postgres             # OS user running the server when we are root
PG_FALLBACK_ROOT=/var/tmp/agentplatform-pg

DB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(dirname "$DB_DIR")

log() { printf '[db] %s\n' "$*" >&2; }
die() { printf '[db] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as the OS user owning the clusters (postgres when root, else
# the current user). cd / first: the caller's cwd may be unreachable for it.
as_pg() {
    if is_root; then
        (cd / && runuser -u "$PG_OS_USER" -- "$@")
    else
        (cd / && "$@")
    fi
}

# write_pg_file PATH: stdin -> PATH, mode 0600, owned by the cluster OS user.
write_pg_file() {
    # shellcheck disable=SC2016  # $1 is expanded by the inner sh
    as_pg sh -c 'umask 077 && cat > "$1"' sh "$1"
}

check_name() {
    [[ $1 =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "invalid cluster name '$1'"
}

check_port() {
    if ! [[ $1 =~ ^[0-9]+$ ]] || (($1 < 1024 || $1 > 65535)); then
        die "invalid port '$1'"
    fi
}

# Make DIR exist, owned by the cluster OS user, mode 0700.
ensure_pg_dir() {
    mkdir -p "$1"
    if is_root; then
        chown "$PG_OS_USER:" "$1"
    fi
    chmod 0700 "$1"
}

# Print the folder holding cluster NAME (created if needed):
#   <repo>/.local/pg/NAME when the server's OS user can reach it, otherwise
#   /var/tmp/agentplatform-pg/<hash of repo path>/NAME (a symlink to it is
#   left in <repo>/.local/pg/NAME). $AGENTPLATFORM_PG_ROOT overrides the parent.
cluster_dir() {
    local name=$1 base local_base hash
    local_base=$REPO_ROOT/.local/pg
    if [[ -n ${AGENTPLATFORM_PG_ROOT:-} ]]; then
        base=$AGENTPLATFORM_PG_ROOT
        ensure_pg_dir "$base"
    elif ! is_root; then
        base=$local_base
        ensure_pg_dir "$base"
    else
        id -u "$PG_OS_USER" >/dev/null 2>&1 || die "OS user '$PG_OS_USER' missing; run db/install.sh"
        ensure_pg_dir "$local_base"
        if as_pg test -w "$local_base" -a -x "$local_base"; then
            base=$local_base
        else
            hash=$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)
            mkdir -p "$PG_FALLBACK_ROOT"
            chmod 0755 "$PG_FALLBACK_ROOT"
            base=$PG_FALLBACK_ROOT/$hash
            ensure_pg_dir "$base"
            if [[ ! -e $local_base/$name && ! -L $local_base/$name ]]; then
                ln -s "$base/$name" "$local_base/$name"
            fi
        fi
    fi
    ensure_pg_dir "$base/$name"
    printf '%s\n' "$base/$name"
}

# Serialise operations on one cluster (fd 9 stays open until the script exits;
# never let a long-lived child such as the postmaster inherit it).
lock_cluster() {
    exec 9>>"$1/.lock"
    flock -w 300 9 || die "timed out waiting for lock $1/.lock"
}

# Exit status 0 when the cluster in DIR is running.
cluster_running() {
    [[ -f $1/data/PG_VERSION ]] && as_pg "$PG_BINDIR/pg_ctl" status -D "$1/data" >/dev/null 2>&1
}

# Port of the running cluster in DIR (4th line of postmaster.pid).
running_port() {
    sed -n 4p "$1/data/postmaster.pid" 2>/dev/null || true
}
