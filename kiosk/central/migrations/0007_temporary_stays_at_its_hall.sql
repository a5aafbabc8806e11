-- A desk's temporary password stays at its hall (issue 15). It is one-time and expires,
-- which only the hall that issued it keeps track of: taken into `accounts` it reached the
-- other halls, the website and 12333 as an ordinary password, usable again and forever.
-- The change is still kept in account_changes (the record of what the hall did); the
-- password the person then chooses at that hall goes up as an ordinary 'password' change.
-- The rest of account_from_hall() is as in 0004.

CREATE OR REPLACE FUNCTION account_from_hall() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
DECLARE
    at timestamptz := NEW.changed_at::timestamptz;
    has_password boolean := NEW.kind IN ('activated', 'password') AND NEW.password_hash IS NOT NULL;
    new_state text := CASE WHEN NEW.kind = 'locked' THEN 'locked' ELSE 'active' END;
    until timestamptz :=
        CASE WHEN NEW.kind = 'locked' THEN NEW.locked_until::timestamptz END;
    cur accounts%ROWTYPE;
    state_at timestamptz;
BEGIN
    IF NEW.kind IS NULL OR NEW.kind = 'temporary'
       OR NOT EXISTS (SELECT 1 FROM persons WHERE id_number = NEW.id_number)
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
