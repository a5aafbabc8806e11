-- Accounts between halls (issue 15): an account change a hall pushes (account_changes)
-- feeds the central's `accounts`, which every hall pulls, so a password changed or an
-- account locked at one hall reaches the others (and the website and 12333 read it there).
--
-- The latest change wins, by the time the change was made (changed_at), separately for the
-- password and for the state: a password (activation, new password, desk's temporary
-- password) replaces the row's hash only when it is later than the row's; a lock or an
-- unlock replaces the row's state only when it is later than the row's last state change.
-- A lock keeps the row's password and its time, so a hall that pulls the row for the first
-- time still gets the account's password, and a hall that has a later one keeps its own.
-- A person the central's registry does not hold gets no row (the change is kept in
-- account_changes all the same). A resent change inserts no row and fires nothing.

ALTER TABLE accounts ADD COLUMN state_changed_at timestamptz;  -- NULL: changed_at

CREATE FUNCTION account_from_hall() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
DECLARE
    at timestamptz := NEW.changed_at::timestamptz;
    has_password boolean :=
        NEW.kind IN ('activated', 'password', 'temporary') AND NEW.password_hash IS NOT NULL;
    new_state text := CASE WHEN NEW.kind = 'locked' THEN 'locked' ELSE 'active' END;
    until timestamptz :=
        CASE WHEN NEW.kind = 'locked' THEN NEW.locked_until::timestamptz END;
    cur accounts%ROWTYPE;
    state_at timestamptz;
BEGIN
    IF NEW.kind IS NULL OR NOT EXISTS (SELECT 1 FROM persons WHERE id_number = NEW.id_number)
    THEN
        RETURN NULL;
    END IF;
    SELECT * INTO cur FROM accounts WHERE id_number = NEW.id_number FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO accounts AS a
            (id_number, state, password_hash, locked_until, changed_at, channel, state_changed_at)
        VALUES (NEW.id_number, new_state, CASE WHEN has_password THEN NEW.password_hash END,
                until, at, 'hall:' || NEW.hall, at)
        ON CONFLICT (id_number) DO NOTHING;
        IF FOUND THEN
            RETURN NULL;
        END IF;
        -- another hall's change made the row meanwhile: take it as the row below
        SELECT * INTO cur FROM accounts WHERE id_number = NEW.id_number FOR UPDATE;
    END IF;
    state_at := coalesce(cur.state_changed_at, cur.changed_at);  -- before the password's
    cur.state_changed_at := state_at;  -- pinned: a later password does not move it
    IF has_password AND (cur.password_hash IS NULL OR at > cur.changed_at) THEN
        cur.password_hash := NEW.password_hash;
        cur.changed_at := at;
        cur.channel := 'hall:' || NEW.hall;
    END IF;
    IF NEW.kind IN ('activated', 'locked', 'unlocked')
       AND at >= state_at THEN
        cur.state := new_state;
        cur.locked_until := until;
        cur.state_changed_at := at;
        cur.channel := 'hall:' || NEW.hall;
    END IF;
    UPDATE accounts SET password_hash = cur.password_hash, changed_at = cur.changed_at,
        state = cur.state, locked_until = cur.locked_until,
        state_changed_at = cur.state_changed_at, channel = cur.channel
    WHERE id_number = NEW.id_number;
    RETURN NULL;
END
$$;
CREATE TRIGGER account_changes_accounts AFTER INSERT ON account_changes
    FOR EACH ROW EXECUTE FUNCTION account_from_hall();

-- Another channel (the website, 12333) that changes an account's state without saying
-- when the state changed: the state changed with the row (its changed_at).
CREATE FUNCTION account_state_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.state, NEW.locked_until) IS DISTINCT FROM (OLD.state, OLD.locked_until)
       AND NEW.state_changed_at IS NOT DISTINCT FROM OLD.state_changed_at THEN
        NEW.state_changed_at := NEW.changed_at;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_state_time BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION account_state_time();
