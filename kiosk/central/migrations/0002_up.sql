-- What goes up from the halls, part two (docs/central.md "What goes up"): the account
-- changes' kind and lock, the audit chain checked as each row arrives, and a row per
-- round a hall pushed.

-- An account change as the hall recorded it: kind is what happened (activated,
-- password, temporary, locked, unlocked), state the account's state after it.
ALTER TABLE account_changes ADD COLUMN kind text, ADD COLUMN locked_until text;

-- The hall's chain hash (kiosk/domain/audit.py chain_hash): SHA-256 over the JSON array
-- [prev_hash, at, actor, action, subject, detail] written without spaces and with
-- non-ASCII characters as they are. to_json(text) escapes exactly as Python's json does
-- (\" \\ \b \f \n \r \t, other control characters as \u00xx).
CREATE FUNCTION audit_chain_hash(
    prev_hash text, at text, actor text, action text, subject text, detail text
) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(
        '[' || to_json(prev_hash)::text || ',' || to_json(at)::text || ','
        || to_json(actor)::text || ',' || to_json(action)::text || ','
        || to_json(coalesce(subject, ''))::text || ',' || to_json(coalesce(detail, ''))::text
        || ']', 'UTF8')), 'hex')
$$;

-- Every audit row must continue its hall's chain as received: the next number, the last
-- received row's hash as prev_hash, and a hash that recomputes from its content. A row
-- already received is skipped when it is the same row (a resend), refused when it is not.
-- A refusal is SQLSTATE KC001 with the row's number in DETAIL. This runs for every
-- INSERT, so a hall's role cannot put a broken row in with plain SQL; only the tables'
-- owner could drop the trigger.
CREATE FUNCTION audit_rows_continue_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq bigint;
    last_hash text;
    held text;
    why text;
BEGIN
    -- one hall's rows go in one at a time, whoever sends them
    PERFORM pg_advisory_xact_lock(hashtextextended('audit_rows:' || NEW.hall, 0));
    SELECT hash INTO held FROM audit_rows WHERE hall = NEW.hall AND seq = NEW.seq;
    IF FOUND THEN
        -- the hash covers prev_hash and the content: the same hash, recomputed, is the
        -- same row
        IF held = NEW.hash AND NEW.hash = audit_chain_hash(
            NEW.prev_hash, NEW.at, NEW.actor, NEW.action, NEW.subject, NEW.detail
        ) THEN
            RETURN NULL;  -- the same row again: nothing to do
        END IF;
        why := 'it differs from the row received before under that number';
    ELSE
        SELECT seq, hash INTO last_seq, last_hash FROM audit_rows
            WHERE hall = NEW.hall ORDER BY seq DESC LIMIT 1;
        IF NOT FOUND THEN
            last_seq := 0;
            last_hash := repeat('0', 64);
        END IF;
        IF NEW.seq <> last_seq + 1 THEN
            why := format('the last row received is %s: rows are missing before it', last_seq);
        ELSIF NEW.prev_hash IS DISTINCT FROM last_hash THEN
            why := format('it does not carry the hash of row %s as received', last_seq);
        ELSIF NEW.hash IS DISTINCT FROM audit_chain_hash(
            NEW.prev_hash, NEW.at, NEW.actor, NEW.action, NEW.subject, NEW.detail
        ) THEN
            why := 'its content does not match its hash';
        ELSE
            NEW.received_at := now();
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'KC001',
        MESSAGE = format('audit row %s of hall %s refused: %s', NEW.seq, NEW.hall, why),
        DETAIL = NEW.seq::text;
END
$$;

CREATE TRIGGER audit_rows_continue_chain BEFORE INSERT ON audit_rows
    FOR EACH ROW EXECUTE FUNCTION audit_rows_continue_chain();

-- One row per round a hall pushed: when, and how many of each kind the central took; a
-- refusal (e.g. of an audit row) is named in `refused`.
CREATE TABLE sync_rounds (
    id bigserial PRIMARY KEY,
    hall text NOT NULL REFERENCES halls (name),
    at timestamptz NOT NULL DEFAULT now(),
    events bigint NOT NULL,
    account_changes bigint NOT NULL,
    audit_rows bigint NOT NULL,
    refused text
);
CREATE INDEX sync_rounds_hall ON sync_rounds (hall, at);
ALTER TABLE sync_rounds ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON sync_rounds
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user))
    WITH CHECK (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));

DO $$
DECLARE
    grp text := 'halls@' || current_database();
BEGIN
    EXECUTE format('GRANT SELECT, INSERT ON sync_rounds TO %I', grp);
    EXECUTE format('GRANT USAGE ON SEQUENCE sync_rounds_id_seq TO %I', grp);
END
$$;
