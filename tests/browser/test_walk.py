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
    drag,
    screen,
    tap_at,
    tap_key,
    tap_text,
    type_on_keypad,
    type_pinyin,
    wait_for_keys,
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
    """Tap the box of the field under this label (the label alone on its row; the box
    two rows below it)."""
    shown = wait_for_text(page, label)
    lines = shown.lines()
    row, column = next((y, x) for y, x in shown.find(label) if lines[y].strip() == label)
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

    add_a_family_member(page, holder, db_path)

    tap_text(page, t("action.log_out"), last=True)
    wait_for_text(page, WELCOME)
    assert holder.name not in screen(page).text


def scan(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), colour).save(out, "JPEG")
    return out.getvalue()


def drop_scans(inbox: Path) -> list[str]:
    """The hall scanner drops the holder's and the member's pages (after the login)."""
    inbox.mkdir(exist_ok=True)
    names = ["a-holder-page.jpg", "b-member-page.jpg"]
    for name, colour in zip(names, [(200, 40, 40), (40, 40, 200)], strict=True):
        (inbox / name).write_bytes(scan(colour))
    return names


def add_a_family_member(page: Any, holder: DemoAccount, db_path: Path) -> None:
    """The family wizard from the card to the application number."""
    member_id, member_name, relationship = addable_member(db_path, holder)
    tap_text(page, t("action.family"))
    tap_text(page, t("action.add_member"))
    wait_for_text(page, t("family_notice.title"))
    tap_text(page, t("action.agree"), last=True)
    wait_for_text(page, t("family_member.title"))
    tap_field(page, t("field.name"))
    wait_for_text(page, t("keypad.space"))  # the keyboard for names
    type_pinyin(page, member_name)  # pinyin, then the character in the candidate row
    wait_for_text(page, member_name)
    tap_field(page, t("field.member_id"))
    wait_for_keys(page, "X")  # the ID number's keypad
    type_on_keypad(page, member_id)
    tap_key(page, t("keypad.done"))
    wait_for_text(page, t("keypad.done"), gone=True)
    tap_field(page, t("field.relationship"))  # a drop-down list
    tap_text(page, t(f"relationship.{relationship}"))
    tap_text(page, t("action.next"), last=True)
    print(screen(page).text)
    wait_for_text(page, t("family_pages.title"))
    for name in drop_scans(db_path.parent / "inbox"):
        tap_text(page, name)
    wait_for_text(page, "▀" * 20)  # the two pages' previews
    tap_text(page, t("action.next"), last=True)
    wait_for_text(page, t("letter.title"))
    tap_text(page, t("action.next"), last=True)
    wait_for_text(page, t("family_sign.title"))
    sign_with_drags(page)
    picture(page, "signature")
    tap_field(page, t("field.password"))
    wait_for_keys(page, t("keypad.shift"))
    type_on_keypad(page, holder.password)
    tap_key(page, t("keypad.done"))
    wait_for_text(page, t("keypad.done"), gone=True)
    tap_text(page, t("action.next"), last=True)

    shown = wait_for_text(page, t("family_confirm.title"))
    assert member_name in shown.text
    tap_text(page, t("action.add"), last=True)
    wait_for_text(page, t("family_submitted.title"))
    tap_text(page, t("action.family"), last=True)
    wait_for_text(
        page, t("family_account.title"), member_name, t("enrollment_status.awaiting_review")
    )
    back_home(page)


def pad_area(page: Any) -> tuple[int, int, int, int]:
    """The signature pad's inside: first and last row, first and last column. The pad is
    the box under the screen's intro (its border changes with the focus)."""
    lines = wait_for_text(page, t("family_sign.intro")).lines()
    intro = next(y for y, line in enumerate(lines) if t("family_sign.intro") in line)
    top = next(y for y in range(intro + 1, len(lines)) if lines[y].strip())
    left = len(lines[top]) - len(lines[top].lstrip())  # box rows hold no wide characters
    right = len(lines[top].rstrip()) - 1
    bottom = top + 1
    while lines[bottom + 1][left + 1] == " " or lines[bottom + 1][left] == lines[top + 1][left]:
        if lines[bottom + 1][left + 1] in "▁═":
            break
        bottom += 1
    return top + 1, bottom, left + 1, right - 1


def pad_text(page: Any) -> str:
    top, bottom, left, right = pad_area(page)
    return "\n".join(line[left : right + 1] for line in screen(page).lines()[top : bottom + 1])


def wait_for_pad(page: Any, condition: Any, what: str) -> str:
    deadline = time.monotonic() + HANG_GUARD
    while not condition(drawn := pad_text(page)):
        if time.monotonic() > deadline:
            raise AssertionError(f"hang guard: the pad never showed {what}:\n{drawn}")
        page.wait_for_timeout(100)
    return drawn


def sign_with_drags(page: Any) -> None:
    """Two strokes; Undo takes the second away, Clear the rest; then the signature."""
    top, bottom, left, right = pad_area(page)
    middle, width = (top + bottom) / 2, right - left
    blank = pad_text(page)
    assert not blank.strip()

    def stroke(start: float, end: float, wave: int) -> list[tuple[int, float]]:
        steps = 16
        return [
            (
                round(middle + (wave if i % 4 < 2 else -wave)),
                left + (start + (end - start) * i / steps) * width,
            )
            for i in range(steps + 1)
        ]

    drag(page, stroke(0.1, 0.45, 1))
    first = wait_for_pad(page, lambda text: text.strip(), "the first stroke")
    drag(page, stroke(0.55, 0.9, 2))
    wait_for_pad(page, lambda text: text != first, "the second stroke")
    tap_text(page, t("family_sign.undo"))
    wait_for_pad(page, lambda text: text == first, "the first stroke alone after Undo")
    tap_text(page, t("family_sign.clear"))
    wait_for_pad(page, lambda text: not text.strip(), "nothing after Clear")
    for part in ((0.05, 0.3, 1), (0.35, 0.6, 2), (0.65, 0.95, 1)):
        drag(page, stroke(*part))
    wait_for_pad(page, lambda text: text.strip(), "the signature")


def addable_member(db_path: Path, holder: DemoAccount) -> tuple[str, str, str]:
    """Whom `kiosk demo-accounts` says this holder can add now."""
    listed = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo-accounts", "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=True,
    ).stdout
    for line in listed.split("Can add")[1].splitlines():
        parts = line.split()
        if parts and parts[0] == holder.id_number:
            return parts[1], parts[3], parts[2]
    raise AssertionError(f"kiosk demo-accounts names no member for {holder.id_number}")


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
    """The voucher's QR code, decoded from the browser's own screenshot: the first picture
    that decodes (the code is drawn a moment after the title)."""
    wait_for_text(page, t("voucher.refresh", seconds="").strip())
    deadline = time.monotonic() + HANG_GUARD
    while True:
        png = picture(page, "voucher")
        found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
        qr = [b for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
        if qr:
            return qr[0].text
        if time.monotonic() > deadline:
            raise AssertionError("hang guard: no QR code in the browser's screenshot")
        page.wait_for_timeout(200)
