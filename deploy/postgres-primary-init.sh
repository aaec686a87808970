#!/bin/bash
# Runs once, when the official postgres image initialises the primary's data directory: lets the standby
# connect for streaming replication with the same password as Souk's role.
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >>"$PGDATA/pg_hba.conf"
