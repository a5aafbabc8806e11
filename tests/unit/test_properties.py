"""Property-based tests: every validator and parser, fed anything, answers in its own terms.

Each parser either returns a well-formed value or refuses with its own error
(the one the screens turn into a message); nothing else may escape.
"""

import datetime
import json
import tomllib
import unicodedata

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError, from_mapping
from kiosk.domain.audit import GENESIS, chain_hash, first_break
from kiosk.domain.ids import InvalidIdNumber, make_id, mask_id, parse_id
from kiosk.domain.images import ImageRefused, clean_image
from kiosk.domain.passwords import password_problems
from kiosk.domain.registry import (
    RowRefused,
    check_rows,
    normalise_phone,
    parse_contribution,
    parse_entitlement,
    parse_ledger_entry,
    parse_person,
)
from kiosk.domain.signature import canonical, check_signature, parse_strokes
from kiosk.domain.text import clean_name, same_name, strip_controls
from kiosk.domain.voucher import Voucher, VoucherRefused, key_id, sign_voucher, verify_voucher
from kiosk.i18n import catalog

HOSTILE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),
    st.sampled_from(
        [
            "[bold]x[/]",
            "\x1b[31mred\x1b[0m",
            "\x1b]8;;http://x\x07y",
            "\u202eevil",
            "\u200b\u200d",
            "名字\u0085",
            "\x9b31m",
            "😀👨‍👩‍👧",
            "X" * 5000,
        ]
    ),
)
CONTROL = (
    set(range(0x00, 0x20))
    | set(range(0x7F, 0xA0))
    | set(range(0x202A, 0x202F))
    | set(range(0x2066, 0x206A))
)
EN = catalog("en")


def key_known(key: str) -> bool:
    return key in EN


# --- ID numbers ---------------------------------------------------------------------------


@given(HOSTILE)
def test_any_text_is_an_id_number_or_a_named_problem(raw):
    try:
        parsed = parse_id(raw, today=datetime.date(2026, 11, 26))
    except InvalidIdNumber as err:
        assert key_known(err.problem.value)
        return
    assert len(parsed.number) == 18 and parsed.number[:17].isdigit()


@given(
    st.sampled_from(["110108", "320102", "440305"]),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2026, 11, 1)),
    st.integers(0, 999),
)
def test_a_made_id_parses_back_and_masks_its_middle(region, born, sequence):
    number = make_id(region, born, sequence)
    parsed = parse_id(number, today=datetime.date(2026, 11, 26))
    assert parsed.number == number and parsed.birth_date == born
    masked = mask_id(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:] and "*" * 8 in masked


# --- names, phone numbers, free text -------------------------------------------------------------


@given(HOSTILE)
def test_cleaned_text_holds_no_control_character_and_is_stable(raw):
    for clean in (strip_controls(raw), clean_name(raw)):
        assert not any(ord(ch) in CONTROL for ch in clean)
    assert clean_name(clean_name(raw)) == clean_name(raw)
    assert same_name(raw, raw) == bool(clean_name(raw))


@given(st.one_of(HOSTILE, st.text(), st.text(alphabet=" 李a\u0301\u00e9\u3000\u00a0")))
def test_a_name_already_clean_is_kept_as_it_is_and_nothing_else_is(raw):
    """clean_name's shortcut for a clean name gives what the full cleaning gives."""
    full = " ".join(unicodedata.normalize("NFC", strip_controls(raw)).split())
    assert clean_name(raw) == full


@given(HOSTILE)
def test_any_text_is_a_mobile_number_or_refused(raw):
    try:
        phone = normalise_phone(raw)
    except ValueError:
        return
    assert len(phone) == 11 and phone.isdigit() and phone[0] == "1"


# --- passwords ----------------------------------------------------------------------------------


@given(HOSTILE)
def test_any_password_is_accepted_or_refused_with_a_catalog_message(password):
    problem = password_problems(password, "110108197608175698", "1976-08-17")
    assert problem is None or key_known(problem)
    if problem is None:
        assert 8 <= len(password) <= 64


# --- configuration ------------------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
SECTIONS = st.sampled_from(
    [
        "idle",
        "lockout",
        "hall",
        "family",
        "voucher",
        "staff",
        "language",
        "database",
        "terminal",
        "log_file",
        "mode",
    ]
)


@given(st.dictionaries(SECTIONS, JSONISH, max_size=4))
def test_any_configuration_is_a_config_or_one_named_field(data):
    try:
        from_mapping(data)
    except ConfigError as err:
        assert err.field and err.problem


@given(st.text(max_size=200))
def test_any_toml_text_is_a_config_or_a_config_error(text):
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    try:
        from_mapping(data)
    except ConfigError:
        pass


# --- registry rows --------------------------------------------------------------------------------

COLUMNS = [
    "id_number",
    "name",
    "phone",
    "sex",
    "birth_date",
    "insurance_type",
    "status",
    "enrolled_on",
    "reference",
    "entry_date",
    "kind",
    "amount",
    "counterparty",
    "counterparty_kind",
    "month",
    "base",
    "employer",
    "individual",
    "start_date",
    "end_date",
    "reason",
]


@given(
    st.lists(st.dictionaries(st.sampled_from(COLUMNS), HOSTILE, max_size=10), max_size=5),
    st.sampled_from([parse_person, parse_ledger_entry, parse_contribution, parse_entitlement]),
)
def test_any_registry_row_is_a_record_or_a_line_and_a_reason(rows, parse):
    for line, result in check_rows(enumerate(rows, start=2), parse):
        assert line >= 2
        if isinstance(result, dict):
            assert all(
                not isinstance(v, str) or not any(ord(c) in CONTROL for c in v)
                for v in result.values()
            )
        else:
            assert key_known(result.key)


@given(st.dictionaries(st.sampled_from(COLUMNS), HOSTILE))
def test_a_person_row_never_raises_anything_but_a_refusal(row):
    try:
        parse_person(row)
    except RowRefused:
        pass


# --- voucher tokens --------------------------------------------------------------------------------

KEY = Ed25519PrivateKey.generate()
KEYS = {key_id(KEY.public_key()): KEY.public_key()}
NOW = 1_795_000_000
VALID = sign_voucher(
    Voucher("V7K2M9Q4XW", "王*明", key_id(KEY.public_key()), NOW, NOW + 300, "KIOSK-01"), KEY
)


@given(HOSTILE)
def test_any_scanned_text_is_a_voucher_or_refused(text):
    try:
        verify_voucher(text, KEYS, now=NOW)
    except VoucherRefused:
        return
    assert text == VALID


@given(st.integers(4, len(VALID) - 1), st.characters(codec="ascii"))
def test_changing_any_character_of_a_voucher_is_refused(position, char):
    changed = VALID[:position] + char + VALID[position + 1 :]
    if changed == VALID:
        return
    try:
        verify_voucher(changed, KEYS, now=NOW)
    except VoucherRefused:
        return
    raise AssertionError("a changed voucher was accepted")


# --- images ----------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(
    st.one_of(
        st.binary(max_size=4096),
        st.binary(max_size=2048).map(lambda b: PNG + b),
        st.binary(max_size=2048).map(lambda b: JPEG + b),
    )
)
def test_any_bytes_are_a_clean_image_or_refused(data):
    try:
        image = clean_image(data)
    except ImageRefused as refused:
        assert key_known(refused.key)
        return
    assert image.media_type in ("image/jpeg", "image/png")


# --- signatures and the audit chain ------------------------------------------------------------------

POINT = st.tuples(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(0, 10**7),
)


@given(st.lists(st.lists(POINT, max_size=30), max_size=5))
def test_any_strokes_are_judged_and_survive_storage(strokes):
    problem = check_signature(strokes)
    assert problem is None or key_known(problem)
    stored = parse_strokes(canonical(strokes))
    assert canonical(stored) == canonical(strokes)


def chain(rows):
    out, prev = [], GENESIS
    for seq, (actor, action, detail) in enumerate(rows, start=1):
        at = f"2026-11-26T00:{seq % 60:02d}:00+00:00"
        digest = chain_hash(prev, at, actor, action, "", detail)
        out.append((seq, at, actor, action, "", detail, prev, digest))
        prev = digest
    return out


ROWS = st.lists(
    st.tuples(st.text(max_size=8), st.text(max_size=8), st.text(max_size=8)),
    min_size=3,
    max_size=12,
)


def seq_of(rows):
    hashes = {row[7]: row[0] for row in rows}
    return hashes.get


@given(ROWS, st.data())
def test_any_edit_delete_or_swap_in_the_chain_is_found(rows, data):
    """Each kind of tampering is named at the first row that does not hold, and as what
    happened to it. Rows come in number order, as the store reads them."""
    good = chain(rows)
    assert first_break(good, len(good), seq_of(good)) is None
    kind = data.draw(st.sampled_from(["edit", "rehash", "delete", "swap", "cut", "insert"]))
    i = data.draw(st.integers(0, len(good) - 2))
    bad = list(good)
    seq = good[i][0]
    if kind == "edit":
        row = list(bad[i])
        row[5] = row[5] + "!"
        bad[i] = tuple(row)
    elif kind == "rehash":  # edited, and its own hash recomputed
        _, at, actor, action, subject, detail, prev, _ = bad[i]
        bad[i] = (
            seq,
            at,
            actor,
            action,
            subject,
            detail + "!",
            prev,
            chain_hash(prev, at, actor, action, subject, detail + "!"),
        )
    elif kind == "delete":
        del bad[i]
    elif kind == "swap":  # whole rows change places, each taking the other's number
        bad[i], bad[i + 1] = (seq, *good[i + 1][1:]), (good[i + 1][0], *good[i][1:])
    elif kind == "cut":
        del bad[i:]
    else:  # a forged row put in before row i, the rows from there on renumbered
        prev = good[i - 1][7] if i else GENESIS
        at = "2026-11-26T00:00:00+00:00"
        forged = (
            seq,
            at,
            "ghost",
            "login",
            "",
            "",
            prev,
            chain_hash(prev, at, "ghost", "login", "", ""),
        )
        bad = [*good[:i], forged, *((row[0] + 1, *row[1:]) for row in good[i:])]
    problem = {
        "edit": "content",
        "rehash": "replaced",
        "delete": "missing",
        "swap": "moved",
        "cut": "cut",
        "insert": "inserted",
    }[kind]
    found = first_break(bad, len(good), seq_of(bad))
    assert found is not None and (found.seq, found.problem) == (seq, problem)
    if kind == "cut":
        assert found.until == len(good)


def test_json_detail_in_the_chain_is_canonical():
    assert json.loads(json.dumps({"a": 1}))  # the detail column holds JSON text as written
