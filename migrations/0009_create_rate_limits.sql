-- API budgets shared by every Souk process on the database: each process meters requests in memory and,
-- once a second, adds what it spent per key here and takes back the shared balance. `tokens` refills at
-- `capacity` per hour; it may dip below zero by what processes spent within that second, and the refill
-- pays that back first. Keys: `account:<uuid>`, `partner:<service slug>`, `auth-failures:<address>`.
CREATE TABLE rate_limit_buckets (
    key         text PRIMARY KEY,
    capacity    double precision NOT NULL,
    tokens      double precision NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX rate_limit_buckets_updated_at_idx ON rate_limit_buckets (updated_at);
