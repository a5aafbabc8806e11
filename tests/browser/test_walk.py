"""A citizen's walk in Debian's Chromium against `kiosk serve`, with pointer taps only:
welcome, log in with the on-screen keypad, the card, the records, the e-voucher (its QR
read back from the browser's screenshot and checked with `kiosk voucher verify`), the
family account's member form, and log out.

With KIOSK_SCREENSHOTS=FOLDER the walk also saves its pictures there
(browser-NAME-zh-1280x800.png): that is how docs/screenshots/ gets them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image

from kiosk.demo.builder import DemoAccount, demo_accounts
from kiosk.i18n import translate
from kiosk.services.database import open_database
from tests.helpers.browser import (
    screen,
    tap_at,
    tap_key,
    tap_text,
    type_on_keypad,
    wait_for_text,
)
from tests.helpers.served import HANG_GUARD, Served

pytestmark = pytest.mark.slow


def t(key: str, **values: object) -> str:
    return translate("zh", key, **values)


WELCOME = t("welcome.greeting")
HOME = t("home.title")


def holder_of(db_path: Path) -> DemoAccount:
    store = open_database(db_path)
    try:
        return demo_accounts(store)[0]
    finally:
        store.close()


def picture(page: Any, name: str) -> bytes:
    """The page as the browser draws it; kept in KIOSK_SCREENSHOTS when asked."""
    png = page.screenshot()
    folder = os.environ.get("KIOSK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"browser-{name}-zh-1280x800.png").write_bytes(png)
    return png


def tap_field(page: Any, label: str) -> None:
    """Tap the box of the field under this label (two rows below it)."""
    shown = wait_for_text(page, label)
    row, column = shown.find(label)[0]
    tap_at(page, row + 2, column + 8)


def log_in(page: Any, holder: DemoAccount, keypad_picture: bool = False) -> None:
    """From the welcome screen to the card, with taps on the keypad alone."""
    tap_text(page, t("action.log_in"))
    tap_field(page, t("field.id_number"))
    wait_for_text(page, t("keypad.done"))
    if keypad_picture:
        picture(page, "keypad")
    type_on_keypad(page, holder.id_number)
    # A complete ID number moves on to the password, and the keypad to the keyboard.
    wait_for_text(page, t("keypad.shift"))
    type_on_keypad(page, holder.password)
    tap_key(page, t("keypad.done"))
    wait_for_text(page, t("keypad.done"), gone=True)
    tap_text(page, t("action.log_in"), last=True)
    wait_for_text(page, HOME, holder.name)


def test_a_citizen_walks_through_the_kiosk_with_taps_alone(
    served_zh: Served, browser: Any, db_path: Path
):
    holder = holder_of(db_path)
    page = browser.new_page()
    page.goto(served_zh.base)
    wait_for_text(page, WELCOME)
    picture(page, "welcome")

    log_in(page, holder, keypad_picture=True)
    picture(page, "home")

    tap_text(page, t("action.records"))
    wait_for_text(page, t("records.tab_contributions"))
    tap_text(page, t("action.back"), last=True)
    wait_for_text(page, HOME)

    tap_text(page, t("action.voucher"))
    wait_for_text(page, t("voucher.title"))
    payload = read_qr(page)
    verified = subprocess.run(
        [sys.executable, "-m", "kiosk", "voucher", "verify", "--db", str(db_path), payload],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    tap_text(page, t("action.back"), last=True)
    wait_for_text(page, HOME)

    tap_text(page, t("action.family"))
    tap_text(page, t("action.add_member"))
    wait_for_text(page, t("family_notice.title"))
    tap_text(page, t("action.agree"), last=True)
    wait_for_text(page, t("family_member.title"))
    tap_field(page, t("field.name"))
    wait_for_text(page, t("keypad.space"))  # the keyboard for names
    # NAME STEP: a Chinese name needs the pinyin candidate row on the keypad, which this
    # branch does not have yet (kiosk/ui/widgets/pinyin_candidates.py is being wired into
    # the name fields on main): the walk goes back from here until then.
    tap_key(page, t("keypad.done"))
    back_home(page)

    tap_text(page, t("action.log_out"), last=True)
    wait_for_text(page, WELCOME)
    assert holder.name not in screen(page).text


def back_home(page: Any) -> None:
    """Back, screen after screen, until the card shows."""
    for _ in range(6):
        if HOME in screen(page).text and t("action.log_out") in screen(page).text:
            return
        before = screen(page).text
        tap_text(page, t("action.back"), last=True)
        deadline = time.monotonic() + HANG_GUARD
        while screen(page).text == before and time.monotonic() < deadline:
            page.wait_for_timeout(100)
    wait_for_text(page, HOME, t("action.log_out"))


def read_qr(page: Any) -> str:
    """The voucher's QR from the browser's own screenshot (the refresh can come between
    the picture and the reading: the first picture that decodes)."""
    png = picture(page, "voucher")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    qr = [b for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert qr, "no QR code in the browser's screenshot"
    return qr[0].text
