#!/bin/bash
# The standby's entry point: on first start, copy the primary with pg_basebackup (-R writes
# primary_conninfo and standby.signal), then run PostgreSQL as a hot standby streaming from it.
# Promote it with `docker compose exec postgres-standby pg_ctl promote`; Souk follows by itself.
set -euo pipefail
if [[ ! -s $PGDATA/PG_VERSION ]]; then
    until pg_isready -h postgres -U "$POSTGRES_USER" -d "$POSTGRES_DB" -q; do sleep 1; done
    pg_basebackup -h postgres -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -c fast
    chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
