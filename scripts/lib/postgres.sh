# shellcheck shell=bash
# Helpers for a private, throw-away PostgreSQL cluster used by scripts/serve and
# scripts/test. Source this file; it defines functions, sets the globals PG_BIN,
# PG_DIR (real data dir), PG_LINK and PG_PORT, and uses file descriptors 8 and
# 9 for locks. Nothing here touches the system's own PostgreSQL clusters.

SOUK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Newest /usr/lib/postgresql/<version>/bin that has initdb and pg_ctl. A cluster
# can only be run by its own major version, so prefer the version recorded in
# the data dir (argument 1, optional) when it is installed.
pg_bin_dir() {
    local want="" dir
    [[ -n ${1:-} && -f $1/PG_VERSION ]] && want=$(<"$1/PG_VERSION")
    if [[ -n $want && -x /usr/lib/postgresql/$want/bin/initdb ]]; then
        echo "/usr/lib/postgresql/$want/bin"; return 0
    fi
    for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV); do
        [[ -x $dir/initdb && -x $dir/pg_ctl ]] && { echo "$dir"; return 0; }
    done
    return 1
}

# initdb and postgres refuse to run as root: as root, run them as the postgres
# system user (from / so an untraversable working directory doesn't matter).
pg_as() {
    if [[ $EUID -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Print the first port from $1 upwards that nothing on 127.0.0.1 accepts on.
pg_free_port() {
    local port=$1
    while timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# Set PG_DIR to where the data of cluster $1 really lives. As root the postgres
# user must reach it; if the repo is somewhere it can't traverse (e.g. /root),
# keep the data in /var/tmp and leave a symlink at $1.
pg_resolve_dir() {
    local link=$1
    PG_DIR=$link
    if [[ -L $link ]]; then
        PG_DIR=$(readlink "$link")
    elif [[ $EUID -eq 0 && ! -d $link ]] && ! runuser -u postgres -- test -x "$(dirname "$link")"; then
        PG_DIR=/var/tmp/souk-pg-$(printf '%s' "$SOUK_ROOT" | sha256sum | cut -c1-12)-$(basename "$link")
        ln -sfn "$PG_DIR" "$link"
    fi
    mkdir -p "$PG_DIR"
    # /var/tmp is world-writable: never follow a planted symlink or reuse a
    # directory some other user owns.
    if [[ -L $PG_DIR ]] || ! [[ -O $PG_DIR || $(stat -c %U "$PG_DIR") == postgres ]]; then
        echo "Refusing to use $PG_DIR: a symlink, or owned by someone else" >&2
        return 1
    fi
    chmod 700 "$PG_DIR"
    [[ $EUID -eq 0 ]] && chown postgres: "$PG_DIR"
    return 0
}

# Create the cluster on first use: superuser "postgres", trust authentication
# (it only ever listens on 127.0.0.1 and a socket inside its own data dir).
pg_create() {
    [[ -f $PG_DIR/PG_VERSION ]] && return 0
    # A half-finished initdb leaves a non-empty dir that initdb won't reuse.
    find "$PG_DIR" -mindepth 1 -delete
    echo "Creating PostgreSQL cluster in $PG_DIR"
    local log
    log=$(mktemp)
    pg_as "$PG_BIN/initdb" -D "$PG_DIR" --username=postgres -A trust \
        -E UTF8 --locale=C.UTF-8 >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
    rm -f "$log"
}

# If postmaster.pid names a live postgres whose working directory is this data
# dir, it is our cluster left over (or shared with another run): set PG_PORT
# and succeed. A pid file naming anything else is stale: remove it.
pg_running() {
    local pidfile=$PG_DIR/postmaster.pid pid
    [[ -f $pidfile ]] || return 1
    pid=$(head -n1 "$pidfile")
    if [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres &&
          $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$(realpath "$PG_DIR")" ]]; then
        PG_PORT=$(sed -n 4p "$pidfile")
        return 0
    fi
    echo "Removing stale $pidfile (pid $pid is not our postgres)"
    rm -f "$pidfile"
    return 1
}

# pg_cluster_up DIR DEFAULT_PORT [postgres -c options...]
# Create and start (or reuse) the cluster in DIR on 127.0.0.1, port DEFAULT_PORT
# or the next free one. Sets PG_PORT. Several runs may share one cluster: each
# holds a shared lock on DIR.users (fd 9) while it uses it, and the last one out
# stops it (pg_cluster_down). Starting and stopping are serialised by DIR.lock
# (fd 8). Start long-lived children with 9>&- so an orphan can't keep the lock.
pg_cluster_up() {
    local link=$1 default_port=$2 sockdir opts=() opt o="" attempt seen
    shift 2
    PG_LINK=$link
    mkdir -p "$(dirname "$link")"
    exec 8>>"$link.lock" 9>>"$link.users"
    flock -x 8
    pg_resolve_dir "$link"
    PG_BIN=$(pg_bin_dir "$PG_DIR") || { echo "PostgreSQL not found; run scripts/install-deps" >&2; return 1; }
    pg_create
    if pg_running; then
        echo "Reusing PostgreSQL already running from $link on port $PG_PORT"
    else
        PG_PORT=$(pg_free_port "$default_port")
        # Socket paths are limited to 107 bytes; TCP alone is enough for us.
        sockdir=$PG_DIR
        (( ${#sockdir} > 90 )) && sockdir=""
        # A port nothing accepts on may still be bound: in the ephemeral range a
        # client's connection can hold it. Then the next free port is tried.
        for attempt in 1 2 3 4 5 6 7 8; do
            opts=(-p "$PG_PORT" -k "$sockdir" -c listen_addresses=127.0.0.1 -c max_connections=200 "$@")
            # pg_ctl hands -o to /bin/sh, so quote each word.
            o=""
            for opt in "${opts[@]}"; do o+=" $(printf '%q' "$opt")"; done
            seen=0
            [[ -f $PG_DIR/server.log ]] && seen=$(wc -l <"$PG_DIR/server.log")
            pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -o "$o" -w -t 60 start >/dev/null 8>&- 9>&- \
                && break
            if (( attempt < 8 )) && tail -n +$((seen + 1)) "$PG_DIR/server.log" | grep -q "Address already in use"; then
                PG_PORT=$(pg_free_port $((PG_PORT + 1)))
                continue
            fi
            tail -n 20 "$PG_DIR/server.log" >&2
            return 1
        done
        echo "Started PostgreSQL $(<"$PG_DIR/PG_VERSION") from $link on 127.0.0.1:$PG_PORT"
    fi
    pg_wait_ready
    flock -s 9
    exec 8>&-
}

# Wait until the server accepts connections (pg_ctl -w only checks the pid file).
pg_wait_ready() {
    local i
    for ((i = 0; i < 60; i++)); do
        "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && return 0
        sleep 0.5
    done
    echo "PostgreSQL on port $PG_PORT did not become ready" >&2
    return 1
}

# Stop the cluster started by pg_cluster_up, unless another run still uses it
# (then our shared lock on DIR.users can't become exclusive).
pg_cluster_down() {
    [[ -n ${PG_BIN:-} && -e /dev/fd/9 ]] || return 0
    [[ -e /dev/fd/8 ]] || exec 8>>"$PG_LINK.lock"  # still open if pg_cluster_up failed
    flock -x 8
    if ! flock -x -n 9; then
        echo "Leaving PostgreSQL on port ${PG_PORT:-?} running: another run still uses it"
    elif pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null && echo "Stopped PostgreSQL on port $PG_PORT"
    fi
    exec 8>&- 9>&-
}
