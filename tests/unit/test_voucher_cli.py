"""`kiosk keys` and `kiosk voucher verify`, as a pharmacy would use them."""

import base64
import time

import base45
import cbor2
import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.domain.voucher import (
    ALG_EDDSA,
    COSE_SIGN1_TAG,
    EXPIRES,
    ISSUED,
    NAME,
    NUMBER,
    PREFIX,
    TERMINAL,
    TOKEN_TYPE,
    TYPE,
    Voucher,
    key_id,
    sign_voucher,
)
from kiosk.services.keys import ensure_keys, keys_folder, signing_key


def issue(db, **changes):
    key = signing_key(keys_folder(db))
    now = int(time.time())
    fields = dict(
        number="V7K2M9Q4XW",
        masked_name="王*明",
        key_id=key_id(key.public_key()),
        issued_at=now,
        expires_at=now + 300,
        terminal="KIOSK-01",
    )
    fields.update(changes)
    return sign_voucher(Voucher(**fields), key)


def test_verify_redeem_and_refuse(tmp_path):
    runner = CliRunner()
    db = tmp_path / "k.db"
    assert runner.invoke(main, ["init", "--db", str(db)]).exit_code == 0
    exported = runner.invoke(main, ["keys", "export-public", "--db", str(db)])
    assert exported.exit_code == 0 and len(exported.output.split()) == 2
    (tmp_path / "public.txt").write_text(exported.output)
    token = issue(db)

    ok = runner.invoke(
        main, ["voucher", "verify", token, "--public-key", str(tmp_path / "public.txt")]
    )
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("valid: voucher V7K2M9Q4XW for 王*明")

    from_stdin = runner.invoke(
        main, ["voucher", "verify", "-", "--db", str(db)], input=token + "\n"
    )
    assert from_stdin.exit_code == 0

    tampered = token[:-4] + ("A" if token[-4] != "A" else "B") + token[-3:]
    bad = runner.invoke(main, ["voucher", "verify", tampered, "--db", str(db)])
    assert bad.exit_code == 1
    assert bad.output.strip() in ("refused: bad signature", "refused: malformed")

    expired = runner.invoke(
        main, ["voucher", "verify", issue(db, issued_at=1, expires_at=2), "--db", str(db)]
    )
    assert (expired.exit_code, expired.output.strip()) == (1, "refused: expired")

    store = ["--redeem", "--store", str(tmp_path / "redeemed.db")]
    first = runner.invoke(main, ["voucher", "verify", token, "--db", str(db), *store])
    second = runner.invoke(main, ["voucher", "verify", token, "--db", str(db), *store])
    assert first.exit_code == 0
    assert (second.exit_code, second.output.strip()) == (1, "refused: already redeemed")


def test_rotation_keeps_earlier_vouchers_valid(tmp_path):
    runner = CliRunner()
    db = tmp_path / "k.db"
    runner.invoke(main, ["init", "--db", str(db)])
    before = issue(db)
    rotated = runner.invoke(main, ["keys", "rotate", "--db", str(db)])
    assert rotated.exit_code == 0 and rotated.output.startswith("New signing key ")
    assert runner.invoke(main, ["voucher", "verify", before, "--db", str(db)]).exit_code == 0
    assert runner.invoke(main, ["voucher", "verify", issue(db), "--db", str(db)]).exit_code == 0


# --- hostile input: one line, exit 1, nothing raw ---------------------------------------------

SIGN = object()


def sign_claims(key, claims, signature=SIGN):
    """Sign any claims the way the domain builds a voucher (COSE_Sign1, Ed25519, base45)."""
    protected = cbor2.dumps({1: ALG_EDDSA, 4: bytes.fromhex(key_id(key.public_key()))})
    payload = cbor2.dumps(claims)
    if signature is SIGN:
        signature = key.sign(cbor2.dumps(["Signature1", protected, b"", payload]))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + base45.b45encode(message).decode("ascii")


def claims(changes=()):
    now = int(time.time())
    fields = {
        TYPE: TOKEN_TYPE,
        NUMBER: "V7K2M9Q4XW",
        NAME: "王*明",
        ISSUED: now,
        EXPIRES: now + 300,
        TERMINAL: "KIOSK-01",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def terminal_db(tmp_path):
    db = tmp_path / "data" / "kiosk.db"
    ensure_keys(keys_folder(db))
    return db


def one_refusal(result):
    """Exit 1 and exactly one line `refused: ...`: no traceback, no usage text."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("refused: "), result.output
    return lines[0]


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"hello",
        b"",
        b"[]",
        b"null",
        b'"text"',
        b"\xff\xfe\x00",
        b'{"0123456789abcdef": 5}',
        b'{"0123456789abcdef": "!!!not base64"}',
        b'{"0123456789abcdef": {"key": 5}}',
        b"{}",
        b"0123456789abcdef " + base64.b64encode(b"x" * 31),
        b"0123456789abcdef " + base64.b64encode(b"x" * 33),
        b"0123456789abcdef ***",
        b"not-hex-id " + base64.b64encode(b"x" * 32),
    ],
)
def test_a_malformed_key_file_is_one_line_and_exit_1(terminal_db, tmp_path, content):
    token = issue(terminal_db)
    bad = tmp_path / "public.txt"
    bad.write_bytes(content)
    result = CliRunner().invoke(main, ["voucher", "verify", token, "--public-key", str(bad)])
    line = one_refusal(result)
    assert "public.txt" in line


def test_a_missing_key_file_is_one_line_and_exit_1(terminal_db, tmp_path):
    result = CliRunner().invoke(
        main,
        ["voucher", "verify", issue(terminal_db), "--public-key", str(tmp_path / "nowhere.txt")],
    )
    assert "nowhere.txt" in one_refusal(result)


HOSTILE_CLAIMS = [
    {EXPIRES: 10**30},
    {ISSUED: 10**30},
    {ISSUED: -(10**30)},
    {EXPIRES: 2**64},
    {ISSUED: -5},
    {EXPIRES: -1},
    {ISSUED: 1.5e9},
    {EXPIRES: float("inf")},
    {ISSUED: True},
    {EXPIRES: True},
    {EXPIRES: None},
    {ISSUED: "now"},
    {NUMBER: 7},
    {NUMBER: None},
    {NUMBER: b"V7K2"},
    {NAME: ["王", "明"]},
    {NAME: {1: 2}},
    {TERMINAL: 1.0},
    {TERMINAL: cbor2.CBORTag(1, 10**30)},
]


@pytest.mark.parametrize("changes", HOSTILE_CLAIMS)
def test_hostile_claims_signed_with_a_real_key_are_malformed(terminal_db, changes):
    key = signing_key(keys_folder(terminal_db))
    token = sign_claims(key, claims(changes))
    result = CliRunner().invoke(main, ["voucher", "verify", token, "--db", str(terminal_db)])
    assert one_refusal(result) == "refused: malformed"


@pytest.mark.parametrize("changes", HOSTILE_CLAIMS[:4])
def test_hostile_claims_with_a_bad_signature_are_one_line(terminal_db, changes):
    key = signing_key(keys_folder(terminal_db))
    token = sign_claims(key, claims(changes), signature=b"\0" * 64)
    result = CliRunner().invoke(main, ["voucher", "verify", token, "--db", str(terminal_db)])
    one_refusal(result)


@pytest.mark.parametrize("signature", [7, None, "sig", [b"x"]])
def test_a_signature_that_is_not_bytes_is_malformed(terminal_db, signature):
    key = signing_key(keys_folder(terminal_db))
    token = sign_claims(key, claims(), signature=signature)
    result = CliRunner().invoke(main, ["voucher", "verify", token, "--db", str(terminal_db)])
    assert one_refusal(result) == "refused: malformed"


def test_undecodable_standard_input_is_one_line(terminal_db):
    result = CliRunner().invoke(
        main, ["voucher", "verify", "-", "--db", str(terminal_db)], input=b"MV1:\xff\xfe\x1b[2J\n"
    )
    assert one_refusal(result) == "refused: malformed"


def test_text_from_a_voucher_is_printed_with_controls_escaped(terminal_db):
    key = signing_key(keys_folder(terminal_db))
    token = sign_claims(
        key,
        claims(
            {
                NUMBER: "V7\x1b[2J\x07",
                NAME: "王\u202e*明\\x1b",
                TERMINAL: "K\x9b1\u2066\n\r",
            }
        ),
    )
    result = CliRunner().invoke(main, ["voucher", "verify", token, "--db", str(terminal_db)])
    assert result.exit_code == 0, result.output
    line = result.output.rstrip("\n")
    assert "\n" not in line and "\r" not in line
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u202e\u2066" for ch in line)
    assert "voucher V7\\x1b[2J\\x07 for 王\\u202e*明\\\\x1b" in line
    assert "terminal K\\x9b1\\u2066\\n\\r," in line


# --- a verifier never makes keys ---------------------------------------------------------------


def test_verify_without_a_key_makes_nothing_and_names_where_it_looked(tmp_path, monkeypatch):
    elsewhere = tmp_path / "terminal" / "kiosk.db"
    ensure_keys(keys_folder(elsewhere))
    token = issue(elsewhere)
    empty = tmp_path / "pharmacy"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.delenv("KIOSK_DB", raising=False)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    result = CliRunner().invoke(main, ["voucher", "verify", token])
    line = one_refusal(result)
    assert str(empty / "data" / "keys" / "public-keys.json") in line
    assert list(empty.iterdir()) == []

    with_db = CliRunner().invoke(main, ["voucher", "verify", token, "--db", "clinic/k.db"])
    assert str(empty / "clinic" / "keys" / "public-keys.json") in one_refusal(with_db)
    assert list(empty.iterdir()) == []


# --- a retired key verifies only what it signed before its retirement --------------------------


def test_a_key_retired_by_rotate_does_not_verify_vouchers_issued_after(tmp_path):
    import datetime

    from kiosk.services.keys import KEYRING
    from kiosk.services.vouchers import VoucherRefused, check_voucher

    db = tmp_path / "data" / "kiosk.db"
    ensure_keys(keys_folder(db))
    old_key = signing_key(keys_folder(db))  # a thief's copy of the key being retired
    now = int(time.time())
    before = issue(db, issued_at=now - 60, expires_at=now + 3600)
    rotated = CliRunner().invoke(main, ["keys", "rotate", "--db", str(db)])
    assert rotated.exit_code == 0, rotated.output
    assert signing_key(keys_folder(db)).public_key() != old_key.public_key()

    later = now + 600  # ten minutes after the rotation, well past the skew
    stolen = sign_voucher(
        Voucher(
            number="F0RGED0001",
            masked_name="王*明",
            key_id=key_id(old_key.public_key()),
            issued_at=later,
            expires_at=later + 300,
            terminal="KIOSK-01",
        ),
        old_key,
    )
    keyring = keys_folder(db) / KEYRING
    at = datetime.datetime.fromtimestamp(later + 10, datetime.UTC)
    with pytest.raises(VoucherRefused) as caught:
        check_voucher(stolen, keyring, now=at)
    assert caught.value.reason == "retired key"
    assert check_voucher(before, keyring, now=at).number == "V7K2M9Q4XW"  # until it expires
    with pytest.raises(VoucherRefused) as caught:
        check_voucher(
            before, keyring, now=datetime.datetime.fromtimestamp(now + 3600 + 200, datetime.UTC)
        )
    assert caught.value.reason == "expired"


def test_verify_names_a_retired_key(tmp_path):
    import datetime

    from kiosk.services.keys import rotate

    db = tmp_path / "data" / "kiosk.db"
    ensure_keys(keys_folder(db))
    old_key = signing_key(keys_folder(db))
    now = int(time.time())
    rotate(
        keys_folder(db), now=datetime.datetime.fromtimestamp(now - 600, datetime.UTC)
    )  # rotated ten minutes ago
    fresh = sign_voucher(
        Voucher(
            number="F0RGED0001",
            masked_name="王*明",
            key_id=key_id(old_key.public_key()),
            issued_at=now,
            expires_at=now + 300,
            terminal="KIOSK-01",
        ),
        old_key,
    )
    result = CliRunner().invoke(main, ["voucher", "verify", fresh, "--db", str(db)])
    assert one_refusal(result) == "refused: retired key"
    within_skew = sign_voucher(
        Voucher(
            number="V7K2M9Q4XW",
            masked_name="王*明",
            key_id=key_id(old_key.public_key()),
            issued_at=now - 600 + 100,
            expires_at=now + 300,
            terminal="KIOSK-01",
        ),
        old_key,
    )
    ok = CliRunner().invoke(main, ["voucher", "verify", within_skew, "--db", str(db)])
    assert ok.exit_code == 0, ok.output
