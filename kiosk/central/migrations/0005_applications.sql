-- Family applications as a supervisor at the central office sees them (issue 15): a
-- hall's `enrollment.submitted` event goes up with its application and the application's
-- pages, in the same central transaction (kiosk/central/push.py), keyed by the hall and
-- its application number as `decisions` is. A resend is a no-op (ON CONFLICT DO NOTHING).
--
-- The central checks what arrives: each page's content must hash to its sha256, and the
-- letter's text to its letter_sha256; anything else is refused naming the application
-- (SQLSTATE KC002). The signature digest covers the letter's hash, the strokes, the
-- holder, the time and the countersigner in a fixed JSON encoding: `kiosk central review
-- show` recomputes it (kiosk/domain/signature.py), as the hall's review screen does.
--
-- `status` follows the application: as submitted, then `withdrawn` when the hall's
-- withdrawn event arrives, or the decision that stands (`active`, `rejected`) when one is
-- taken (the first decision the central accepts wins: `decisions`). `submitted_status`
-- keeps what the hall sent.

CREATE TABLE applications (
    hall text NOT NULL REFERENCES halls (name),
    application_no text NOT NULL,
    holder_id text NOT NULL,
    member_id text NOT NULL,
    member_name text,
    relationship text NOT NULL,
    submitted_status text NOT NULL,
    status text NOT NULL,
    consent_at text,
    -- the hall's own text: the signature digest covers it as written
    submitted_at text NOT NULL,
    terminal text,
    letter_text text NOT NULL,
    letter_sha256 text NOT NULL,
    signature text NOT NULL,          -- the strokes, as the hall's canonical JSON
    signature_digest text NOT NULL,
    countersigned_by text,
    countersigned_at text,
    age_gap_confirmed boolean NOT NULL DEFAULT false,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hall, application_no)
);

CREATE TABLE application_pages (
    hall text NOT NULL,
    application_no text NOT NULL,
    seq integer NOT NULL CHECK (seq >= 1),
    media_type text NOT NULL,
    width integer,
    height integer,
    sha256 text NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (hall, application_no, seq),
    FOREIGN KEY (hall, application_no) REFERENCES applications (hall, application_no)
);

-- What arrives is what was signed: the letter's text against its hash, and the status
-- the application has already reached at the central (its withdrawn event or its decision
-- may have arrived first). Runs as the tables' owner, so it sees decisions and events
-- whoever inserts.
CREATE FUNCTION application_arrives() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
DECLARE
    decided text;
BEGIN
    IF NEW.letter_sha256 IS DISTINCT FROM
       encode(sha256(convert_to(NEW.letter_text, 'UTF8')), 'hex') THEN
        RAISE EXCEPTION USING
            ERRCODE = 'KC002',
            MESSAGE = format(
                'application %s of hall %s refused: its letter does not match its letter_sha256',
                NEW.application_no, NEW.hall),
            DETAIL = NEW.application_no;
    END IF;
    NEW.submitted_status := coalesce(NEW.submitted_status, NEW.status);
    SELECT status INTO decided FROM decisions
        WHERE hall = NEW.hall AND application_no = NEW.application_no;
    IF FOUND THEN
        NEW.status := decided;
    ELSIF EXISTS (SELECT 1 FROM events WHERE hall = NEW.hall
                  AND topic = 'enrollment.withdrawn'
                  AND payload ->> 'application_no' = NEW.application_no) THEN
        NEW.status := 'withdrawn';
    END IF;
    NEW.received_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER applications_arrive BEFORE INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION application_arrives();

CREATE FUNCTION application_page_arrives() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.sha256 IS DISTINCT FROM encode(sha256(NEW.content), 'hex') THEN
        RAISE EXCEPTION USING
            ERRCODE = 'KC002',
            MESSAGE = format(
                'application %s of hall %s refused: page %s does not match its sha256',
                NEW.application_no, NEW.hall, NEW.seq),
            DETAIL = NEW.application_no;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER application_pages_arrive BEFORE INSERT ON application_pages
    FOR EACH ROW EXECUTE FUNCTION application_page_arrives();

-- The status follows: a decision that goes in (the hall's by its event, or the central
-- supervisor's) is the one that stands, since decisions keeps the first; a withdrawal
-- applies to an application nobody has decided.
CREATE FUNCTION application_decided() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
BEGIN
    UPDATE applications SET status = NEW.status
        WHERE hall = NEW.hall AND application_no = NEW.application_no;
    RETURN NULL;
END
$$;
CREATE TRIGGER decisions_application AFTER INSERT ON decisions
    FOR EACH ROW EXECUTE FUNCTION application_decided();

CREATE FUNCTION application_withdrawn() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_catalog AS $$
BEGIN
    UPDATE applications SET status = 'withdrawn'
        WHERE hall = NEW.hall AND application_no = NEW.payload ->> 'application_no'
          AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.hall = NEW.hall
                          AND d.application_no = NEW.payload ->> 'application_no');
    RETURN NULL;
END
$$;
CREATE TRIGGER events_withdrawn AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.topic = 'enrollment.withdrawn')
    EXECUTE FUNCTION application_withdrawn();

-- A hall's role inserts only its own hall's rows and sees only those; no UPDATE or DELETE.
ALTER TABLE applications ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON applications
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user))
    WITH CHECK (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));
ALTER TABLE application_pages ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_hall ON application_pages
    USING (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user))
    WITH CHECK (hall = (SELECT h.name FROM halls h WHERE h.role_name = current_user));

DO $$
DECLARE
    grp text := 'halls@' || current_database();
BEGIN
    EXECUTE format('GRANT SELECT, INSERT ON applications, application_pages TO %I', grp);
END
$$;
