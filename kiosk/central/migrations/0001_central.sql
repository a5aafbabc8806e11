-- The central office's first schema: the registry (with a change number on every row),
-- the halls, and the tables the halls push into (docs/central.md).

-- Registry rows as the halls hold them (kiosk/store/schema.py m001). Each row carries
-- change_seq, taken from one sequence when the row is inserted and again whenever an
-- update changes one of its values (the trigger below), so a hall pulls "everything
-- with change_seq above my cursor" from each table.
CREATE SEQUENCE registry_change_seq AS bigint;

CREATE TABLE persons (
    id_number text PRIMARY KEY,
    name text NOT NULL,
    phone text NOT NULL,
    sex text NOT NULL,
    birth_date text NOT NULL,
    insurance_type text NOT NULL,
    status text NOT NULL,
    enrolled_on text,
    change_seq bigint NOT NULL
);
CREATE INDEX persons_change_seq ON persons (change_seq);

CREATE TABLE ledger_entries (
    reference text PRIMARY KEY,
    id_number text NOT NULL REFERENCES persons (id_number),
    entry_date text NOT NULL,
    kind text NOT NULL,
    amount_cents bigint NOT NULL,
    counterparty text,
    counterparty_kind text,
    change_seq bigint NOT NULL
);
CREATE INDEX ledger_entries_person ON ledger_entries (id_number, entry_date);
CREATE INDEX ledger_entries_change_seq ON ledger_entries (change_seq);

CREATE TABLE contributions (
    id_number text NOT NULL REFERENCES persons (id_number),
    month text NOT NULL,
    base_cents bigint,
    employer_cents bigint,
    individual_cents bigint,
    status text,
    change_seq bigint NOT NULL,
    PRIMARY KEY (id_number, month)
);
CREATE INDEX contributions_change_seq ON contributions (change_seq);

CREATE TABLE entitlements (
    id_number text NOT NULL REFERENCES persons (id_number),
    start_date text NOT NULL,
    end_date text,
    insurance_type text,
    status text,
    reason text,
    change_seq bigint NOT NULL,
    PRIMARY KEY (id_number, start_date)
);
CREATE INDEX entitlements_change_seq ON entitlements (change_seq);

-- A new number on insert; on update only when a value other than change_seq differs
-- (an update that writes the same values keeps the row's number).
CREATE FUNCTION registry_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.change_seq := nextval('registry_change_seq');
    ELSIF (to_jsonb(NEW) - 'change_seq') IS DISTINCT FROM (to_jsonb(OLD) - 'change_seq') THEN
        NEW.change_seq := nextval('registry_change_seq');
    ELSE
        NEW.change_seq := OLD.change_seq;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER persons_change_seq BEFORE INSERT OR UPDATE ON persons
    FOR EACH ROW EXECUTE FUNCTION registry_change_seq();
CREATE TRIGGER ledger_entries_change_seq BEFORE INSERT OR UPDATE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION registry_change_seq();
CREATE TRIGGER contributions_change_seq BEFORE INSERT OR UPDATE ON contributions
    FOR EACH ROW EXECUTE FUNCTION registry_change_seq();
CREATE TRIGGER entitlements_change_seq BEFORE INSERT OR UPDATE ON entitlements
    FOR EACH ROW EXECUTE FUNCTION registry_change_seq();

-- Each registry import at the central office, as `kiosk registry import` audits it.
CREATE TABLE registry_imports (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL,
    file text NOT NULL,
    rows bigint NOT NULL,
    written bigint NOT NULL,
    refused bigint NOT NULL
);

-- The halls. Each has its own login role (`kiosk central hall add`), a member of the
-- database's group role `halls@<database>`; roles are the server's, not the database's,
-- so their names carry the database's.
CREATE TABLE halls (
    name text PRIMARY KEY,
    role_name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What the halls push. Every row names its hall and carries the hall's own id for it,
-- so a second delivery of the same row is a no-op (INSERT ... ON CONFLICT DO NOTHING).
-- Rows are never updated or deleted by a hall.
CREATE TABLE events (
    hall text NOT NULL REFERENCES halls (name),
    event_id bigint NOT NULL,  -- the hall's outbox id
    created_at text NOT NULL,  -- the hall's time (ISO 8601)
    topic text NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hall, event_id)
);
CREATE INDEX events_topic ON events (topic, received_at);

CREATE TABLE account_changes (
    hall text NOT NULL REFERENCES halls (name),
    change_id bigint NOT NULL,  -- the hall's number for the change
    id_number text NOT NULL,
    changed_at text NOT NULL,
    state text NOT NULL,  -- 'active', 'locked', ... as the hall says
    password_hash text,
    activated_at text,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hall, change_id)
);
CREATE INDEX account_changes_person ON account_changes (id_number, received_at);

CREATE TABLE audit_rows (
    hall text NOT NULL REFERENCES halls (name),
    seq bigint NOT NULL,  -- the hall's audit_log.seq: the chain's order
    at text NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    subject text,
    detail text,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hall, seq)
);

-- Row-level security: a hall's role sees and writes only rows with its own hall's name.
-- The policies apply to every role but the tables' owner (the central's administrator,
-- who runs init and the imports) and superusers. A hall's name is found from its role
-- in `halls`, which a hall's role reads only its own row of.
ALTER TABLE halls ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_row ON halls FOR SELECT USING (role_name = current_user);

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON events
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user))
    WITH CHECK (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));
ALTER TABLE account_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON account_changes
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user))
    WITH CHECK (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));
ALTER TABLE audit_rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON audit_rows
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user))
    WITH CHECK (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));

-- The group role every hall's role is a member of, with what a hall may do: read the
-- registry, append (and read back) its own pushed rows. Nobody else may connect.
DO $$
DECLARE
    grp text := 'halls@' || current_database();
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = grp) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN', grp);
    END IF;
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', grp);
    EXECUTE format(
        'GRANT SELECT ON persons, ledger_entries, contributions, entitlements, halls TO %I', grp
    );
    EXECUTE format('GRANT SELECT, INSERT ON events, account_changes, audit_rows TO %I', grp);
END
$$;
