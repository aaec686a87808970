-- Money (issue #14): what each add-on was on, when, at what price; metered usage; closed invoices and their
-- lines. No foreign key reaches accounts, apps or plans: the books outlive what they name, and every row
-- keeps the names it was billed under.

-- A metered plan's price is per `price_unit` (e.g. 5 cents a request), reported by its provider hourly.
ALTER TABLE plans ADD COLUMN metered boolean NOT NULL DEFAULT false;

-- One row per add-on per plan it was on: opened with the add-on (or the plan change), closed with the
-- removal (or the next plan change), each in the transaction of that state change. `confirmed` once the
-- add-on was provisioned: a period never confirmed (refused, failed, timed out) is deleted, not charged.
CREATE TABLE billing_periods (
    id           uuid PRIMARY KEY,
    addon_id     uuid NOT NULL REFERENCES addons (id),
    account_id   uuid,
    addon_name   text NOT NULL,
    app_name     text NOT NULL,
    service_id   uuid NOT NULL,
    service_slug text NOT NULL,
    plan_id      uuid NOT NULL,
    plan_name    text NOT NULL,
    -- The plan's monthly price; 0 for a metered plan, whose usage is charged instead.
    price_cents  bigint NOT NULL CHECK (price_cents >= 0),
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    confirmed    boolean NOT NULL DEFAULT false,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);

CREATE UNIQUE INDEX billing_periods_open_idx ON billing_periods (addon_id) WHERE ended_at IS NULL;
CREATE INDEX billing_periods_addon_idx ON billing_periods (addon_id, started_at);
CREATE INDEX billing_periods_account_idx ON billing_periods (account_id, started_at);
-- A month's close reads the periods that overlap it: those still open or ended after the month began.
CREATE INDEX billing_periods_span_idx ON billing_periods (started_at, ended_at);

-- Hourly usage of metered add-ons, as providers report it. One row per add-on, hour and unit: a repeat is
-- refused. `billing_month` is the month whose invoice carries it: the hour's, or the first month still
-- open when the hour's was already closed.
CREATE TABLE usage_records (
    id               uuid PRIMARY KEY,
    addon_id         uuid NOT NULL REFERENCES addons (id),
    account_id       uuid,
    addon_name       text NOT NULL,
    app_name         text NOT NULL,
    service_id       uuid NOT NULL,
    service_slug     text NOT NULL,
    plan_name        text NOT NULL,
    hour             timestamptz NOT NULL,
    unit             text NOT NULL,
    quantity         bigint NOT NULL CHECK (quantity >= 0),
    unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
    billing_month    date NOT NULL,
    reported_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (addon_id, hour, unit)
);

CREATE INDEX usage_records_month_idx ON usage_records (billing_month, account_id);

-- A month is closed once: its row is written in the transaction that writes its invoices.
CREATE TABLE billing_closes (
    month      date PRIMARY KEY,
    invoices   integer NOT NULL,
    closed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE invoice_numbers START 10001;

-- A closed invoice never changes.
CREATE TABLE invoices (
    id             uuid PRIMARY KEY,
    number         bigint NOT NULL UNIQUE DEFAULT nextval('invoice_numbers'),
    account_id     uuid NOT NULL,
    month          date NOT NULL,
    charges_total  bigint NOT NULL,
    credits_total  bigint NOT NULL DEFAULT 0,
    total          bigint NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, month)
);

CREATE INDEX invoices_month_idx ON invoices (month, number);

CREATE TABLE invoice_lines (
    invoice_id       uuid NOT NULL REFERENCES invoices (id),
    position         integer NOT NULL,
    month            date NOT NULL,
    addon_id         uuid NOT NULL,
    addon_name       text NOT NULL,
    app_name         text NOT NULL,
    service_id       uuid NOT NULL,
    service_slug     text NOT NULL,
    plan_name        text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('plan', 'usage')),
    price_cents      bigint NOT NULL,
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    seconds          bigint NOT NULL,
    quantity         bigint,
    unit             text,
    usage_hour       timestamptz,
    amount_cents     bigint NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- Payouts and revenue read a month's lines per service.
CREATE INDEX invoice_lines_service_idx ON invoice_lines (month, service_id);
