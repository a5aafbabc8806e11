-- What the halls pull (docs/central.md "The pull"): a safe upper bound for change numbers,
-- account changes made on other channels, and the decisions on family applications.

-- The pull's bound. change_seq is taken from registry_change_seq when a row is written,
-- but the row is seen only when its transaction commits: a transaction still open may
-- commit a lower number than one a hall has already read. So every statement that writes
-- a row with a change number first takes a shared advisory lock (held to the end of its
-- transaction) whose key is the lowest number it can get; locks are not transactional,
-- so any session sees them in pg_locks. A hall reads up to the number below the lowest
-- such lock (or the sequence's last value when there is none): every number up to it
-- belongs to a transaction that has ended. Keys are (4242 << 40) + number: numbers up
-- to 2^40, and no clash with any other advisory lock.
CREATE FUNCTION change_writer_mark() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    low bigint;
BEGIN
    SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END
        INTO low FROM registry_change_seq;
    PERFORM pg_advisory_xact_lock_shared((4242::bigint << 40) + low);
    RETURN NULL;
END
$$;

CREATE TRIGGER persons_writer BEFORE INSERT OR UPDATE ON persons
    FOR EACH STATEMENT EXECUTE FUNCTION change_writer_mark();
CREATE TRIGGER ledger_entries_writer BEFORE INSERT OR UPDATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION change_writer_mark();
CREATE TRIGGER contributions_writer BEFORE INSERT OR UPDATE ON contributions
    FOR EACH STATEMENT EXECUTE FUNCTION change_writer_mark();
CREATE TRIGGER entitlements_writer BEFORE INSERT OR UPDATE ON entitlements
    FOR EACH STATEMENT EXECUTE FUNCTION change_writer_mark();

-- The highest change number below every transaction still open that wrote one: the
-- sequence first, then the locks (a writer whose number is at most the sequence's value
-- took its lock before it took the number, so the lock is seen unless it has ended).
CREATE FUNCTION safe_change_seq() RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
DECLARE
    high bigint;
    open_low bigint;
BEGIN
    SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
        INTO high FROM registry_change_seq;
    SELECT min(((l.classid::bigint & 255) << 32) | l.objid::bigint) INTO open_low
        FROM pg_locks l
        WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND (l.classid::bigint >> 8) = 4242;
    IF open_low IS NOT NULL AND open_low - 1 < high THEN
        RETURN open_low - 1;
    END IF;
    RETURN high;
END
$$;

-- Accounts as the other channels (website, 12333, the central's counter) leave them.
-- The latest change by time wins: a hall applies a row only when its changed_at is later
-- than the hall's own last change of that account.
CREATE TABLE accounts (
    id_number text PRIMARY KEY REFERENCES persons (id_number),
    state text NOT NULL CHECK (state IN ('active', 'locked')),
    password_hash text,            -- NULL: the channel did not change the password
    locked_until timestamptz,      -- with state 'locked'
    changed_at timestamptz NOT NULL DEFAULT now(),
    channel text NOT NULL,         -- 'website', '12333', ...
    change_seq bigint NOT NULL
);
CREATE INDEX accounts_change_seq ON accounts (change_seq);
CREATE TRIGGER accounts_change_seq BEFORE INSERT OR UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION registry_change_seq();
CREATE TRIGGER accounts_writer BEFORE INSERT OR UPDATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION change_writer_mark();

-- Decisions on family applications. The first one the central accepts for an application
-- wins (the key); a later one with the other verdict is refused and kept in
-- decisions_refused, never applied. A hall's decision arrives as its outbox event
-- `enrollment.decided` (the trigger on events below); the central's own from
-- `kiosk central review decide`.
CREATE TABLE decisions (
    hall text NOT NULL REFERENCES halls (name),  -- where the application was made
    application_no text NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'rejected')),
    reason text,
    decided_by text NOT NULL,      -- 'central:NAME' or 'hall:HALL'
    decided_at timestamptz NOT NULL DEFAULT now(),
    change_seq bigint NOT NULL,
    PRIMARY KEY (hall, application_no)
);
CREATE INDEX decisions_change_seq ON decisions (change_seq);
CREATE TRIGGER decisions_change_seq BEFORE INSERT OR UPDATE ON decisions
    FOR EACH ROW EXECUTE FUNCTION registry_change_seq();
CREATE TRIGGER decisions_writer BEFORE INSERT OR UPDATE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION change_writer_mark();

CREATE TABLE decisions_refused (
    id bigserial PRIMARY KEY,
    hall text NOT NULL REFERENCES halls (name),
    application_no text NOT NULL,
    status text NOT NULL,
    reason text,
    decided_by text NOT NULL,
    refused_at timestamptz NOT NULL DEFAULT now(),
    kept_status text NOT NULL      -- the decision that stands
);

-- A hall's decision, as its event arrives (a resent event inserts nothing and fires
-- nothing). Runs as the tables' owner: a hall's role may not write decisions itself.
CREATE FUNCTION decision_from_event() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
DECLARE
    number text := NEW.payload ->> 'application_no';
    verdict text := NEW.payload ->> 'status';
    kept text;
BEGIN
    IF number IS NULL OR verdict NOT IN ('active', 'rejected') THEN
        RETURN NULL;
    END IF;
    INSERT INTO decisions (hall, application_no, status, decided_by)
        VALUES (NEW.hall, number, verdict, 'hall:' || NEW.hall)
        ON CONFLICT (hall, application_no) DO NOTHING;
    IF NOT FOUND THEN
        SELECT status INTO kept FROM decisions WHERE hall = NEW.hall AND application_no = number;
        IF kept IS DISTINCT FROM verdict THEN
            INSERT INTO decisions_refused (hall, application_no, status, decided_by, kept_status)
                VALUES (NEW.hall, number, verdict, 'hall:' || NEW.hall, kept);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_decision AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.topic = 'enrollment.decided') EXECUTE FUNCTION decision_from_event();

-- A hall's role reads every account (an account works in every hall) and its own hall's
-- decisions; it writes none of them.
ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON decisions FOR SELECT
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));
ALTER TABLE decisions_refused ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON decisions_refused FOR SELECT
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));

REVOKE ALL ON FUNCTION safe_change_seq() FROM PUBLIC;
DO $$
DECLARE
    grp text := 'halls@' || current_database();
BEGIN
    EXECUTE format('GRANT SELECT ON accounts, decisions, decisions_refused TO %I', grp);
    EXECUTE format('GRANT EXECUTE ON FUNCTION safe_change_seq() TO %I', grp);
END
$$;
