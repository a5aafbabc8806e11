-- A hall's lock or unlock that comes in the same second as the row's last state change
-- (the halls' clocks count whole seconds) sets state_changed_at to the time it already
-- had. account_state_time (0004) took that for another channel's change that did not say
-- when, and moved state_changed_at back to the password's changed_at: the unlock then
-- looked older than the lock it lifted, and the hall that locked kept its lock. Only a
-- statement run directly on accounts (the website, 12333) is another channel; the hall
-- trigger's own UPDATE runs one trigger level deeper.

CREATE OR REPLACE FUNCTION account_state_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() = 1
       AND (NEW.state, NEW.locked_until) IS DISTINCT FROM (OLD.state, OLD.locked_until)
       AND NEW.state_changed_at IS NOT DISTINCT FROM OLD.state_changed_at THEN
        NEW.state_changed_at := NEW.changed_at;
    END IF;
    RETURN NEW;
END
$$;
