"""`kiosk keys` and `kiosk voucher verify`, as a pharmacy would use them."""

import time

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.domain.voucher import Voucher, key_id, sign_voucher
from kiosk.services.keys import keys_folder, signing_key


def issue(db, **changes):
    key = signing_key(keys_folder(db))
    now = int(time.time())
    fields = dict(number="V7K2M9Q4XW", masked_name="王*明", key_id=key_id(key.public_key()),
                  issued_at=now, expires_at=now + 300, terminal="KIOSK-01")
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

    ok = runner.invoke(main, ["voucher", "verify", token, "--public-key", str(tmp_path / "public.txt")])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("valid: voucher V7K2M9Q4XW for 王*明")

    from_stdin = runner.invoke(main, ["voucher", "verify", "-", "--db", str(db)], input=token + "\n")
    assert from_stdin.exit_code == 0

    tampered = token[:-4] + ("A" if token[-4] != "A" else "B") + token[-3:]
    bad = runner.invoke(main, ["voucher", "verify", tampered, "--db", str(db)])
    assert bad.exit_code == 1
    assert bad.output.strip() in ("refused: bad signature", "refused: malformed")

    expired = runner.invoke(main, ["voucher", "verify", issue(db, issued_at=1, expires_at=2),
                                   "--db", str(db)])
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
