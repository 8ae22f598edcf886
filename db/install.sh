#!/usr/bin/env bash
# Idempotently install the PostgreSQL 15 server (Debian apt) and pgvector
# (built from Debian trixie's source package; bookworm does not package it).
# Usage: db/install.sh        (root, or a user with sudo when something is missing)
set -euo pipefail
# shellcheck source=db/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_CONFIG=$PG_BINDIR/pg_config
TRIXIE_SUITE=${PGVECTOR_SUITE:-trixie}

have_server() {
    local b
    for b in postgres initdb pg_ctl pg_isready psql; do
        [[ -x $PG_BINDIR/$b ]] || return 1
    done
}

have_vector() {
    local share lib
    [[ -x $PG_CONFIG ]] || return 1
    share=$("$PG_CONFIG" --sharedir) && lib=$("$PG_CONFIG" --pkglibdir) || return 1
    [[ -f $share/extension/vector.control && -f $lib/vector.so ]]
}

have_os_user() { ! is_root || id -u "$PG_OS_USER" >/dev/null 2>&1; }

if have_server && have_vector && have_os_user; then
    log "PostgreSQL $PG_MAJOR + pgvector already installed"
    exit 0
fi

SUDO=()
if ! is_root; then
    command -v sudo >/dev/null || die "PostgreSQL $PG_MAJOR/pgvector missing; run db/install.sh as root"
    SUDO=(sudo)
    log "using sudo to install missing pieces"
else
    # Two scripts (run.sh + test.sh) may install at the same time.
    lockdir=/run/lock
    [[ -d $lockdir ]] || lockdir=/tmp
    exec 8>>"$lockdir/agentplatform-db-install.lock"
    flock 8
fi

pkg_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true) == installed ]]
}

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=600)

missing=()
have_server || missing+=("postgresql-$PG_MAJOR")
if ! have_vector; then
    for p in "postgresql-server-dev-$PG_MAJOR" build-essential dpkg-dev; do
        pkg_installed "$p" || missing+=("$p")
    done
fi
if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt)"
    "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update >&2
    "${SUDO[@]}" apt-get "${APT_OPTS[@]}" install --no-install-recommends "${missing[@]}" >&2
fi
have_server || die "PostgreSQL $PG_MAJOR server binaries still missing in $PG_BINDIR"

if ! id -u "$PG_OS_USER" >/dev/null 2>&1 && is_root; then
    log "creating OS user $PG_OS_USER"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash "$PG_OS_USER"
fi

if have_vector; then
    log "pgvector already installed"
    exit 0
fi

# Mirror of the machine's Debian sources (deb822 *.sources or one-line *.list).
debian_mirror() {
    local f uri
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        uri=$(awk '
            /^[[:space:]]*#/ { next }
            $1 == "URIs:" { for (i = 2; i <= NF; i++) print $i; next }
            $1 == "deb" || $1 == "deb-src" {
                for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) { print $i; break }
            }' "$f" | grep -E '/debian/?$' | head -n1 || true)
        if [[ -n $uri ]]; then
            printf '%s\n' "${uri%/}"
            return
        fi
    done
    printf '%s\n' http://deb.debian.org/debian
}

work=$(mktemp -d "${TMPDIR:-/tmp}/agentplatform-pgvector.XXXXXX")
trap 'rm -rf "$work"' EXIT
mirror=$(debian_mirror)
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
signed=""
[[ -f $keyring ]] && signed="[signed-by=$keyring] "
printf 'deb-src %s%s %s main\n' "$signed" "$mirror" "$TRIXIE_SUITE" >"$work/sources.list"

# Private apt configuration: only this sources file, own lists and caches,
# so the machine's apt state (and its upgrades) never see trixie.
PRIV_APT=(
    -o "Dir::Etc::SourceList=$work/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o APT::Get::Only-Source=true
    -o Acquire::Languages=none
    -o APT::Sandbox::User=root
)
log "fetching pgvector source package from $mirror $TRIXIE_SUITE"
apt-get "${PRIV_APT[@]}" -q update >&2
(cd "$work/src" && apt-get "${PRIV_APT[@]}" -q source pgvector >&2)

srcdir=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
[[ -n $srcdir ]] || die "apt-get source pgvector did not unpack a pgvector-* directory"
log "building $(basename "$srcdir") (portable: OPTFLAGS empty, no LLVM bitcode)"
MAKE_ARGS=(OPTFLAGS="" PG_CONFIG="$PG_CONFIG" with_llvm=no)
make -C "$srcdir" -j"$(nproc)" "${MAKE_ARGS[@]}" >&2
"${SUDO[@]}" make -C "$srcdir" "${MAKE_ARGS[@]}" install >&2

have_vector || die "pgvector install finished but vector.control/vector.so not found"
log "pgvector installed into $("$PG_CONFIG" --pkglibdir)"
