"""Debian's Chromium, headless, driven by playwright (no browser download) against
`kiosk serve`: taps at a terminal cell's pixel centre, the screen read back from xterm's
buffer.

The page's script (textual-serve's, vendored) keeps its terminal to itself; the test's
browser serves it with one line added that hands the xterm Terminal to the page
(`window.kioskTerminal`), so the test can read what the screen shows. The page and
everything else the browser loads are the server's own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.helpers.served import HANG_GUARD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}  # the hall's touch screens

# Where the page's script makes its terminal; the test's copy hands it to the page.
MAKE_TERMINAL = "const t=new w(e,{ping:r});"
HAND_OVER = MAKE_TERMINAL + "window.kioskTerminal=t.terminal;"


def chromium_path() -> str | None:
    """Debian's Chromium (KIOSK_CHROMIUM overrides), or None when there is none."""
    named = os.environ.get("KIOSK_CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def chromium_context(executable: str, **options: Any) -> Iterator[Any]:
    """A fresh Chromium profile (its own user-data folder), closed at the end."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kiosk-chromium-") as profile:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport=VIEWPORT,
                **options,
            )
            try:
                context.route("**/static/js/textual.js", _hand_over_terminal)
                yield context
            finally:
                context.close()


def _hand_over_terminal(route: Any) -> None:
    response = route.fetch()
    script = response.text()
    assert MAKE_TERMINAL in script, "textual.js changed: update tests/helpers/browser.py"
    route.fulfill(response=response, body=script.replace(MAKE_TERMINAL, HAND_OVER, 1))


# --- reading the screen -------------------------------------------------------------------

# Each row as (text, columns): the character drawn at each cell start, and its column.
READ_ROWS = """() => {
  const term = window.kioskTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    const cells = [];
    if (line) {
      for (let x = 0; x < term.cols; x++) {
        const cell = line.getCell(x);
        if (cell && cell.getWidth() > 0) cells.push([x, cell.getChars() || " ", cell.getWidth()]);
      }
    }
    rows.push(cells);
  }
  return rows;
}"""

GEOMETRY = """() => {
  const term = window.kioskTerminal;
  const box = term.element.querySelector(".xterm-screen").getBoundingClientRect();
  return {x: box.left, y: box.top, width: box.width, height: box.height,
          cols: term.cols, rows: term.rows};
}"""


class Screen:
    """What the terminal shows: rows of (column, character, width)."""

    def __init__(self, rows: list[list[list[Any]]]) -> None:
        self.rows = rows

    def lines(self) -> list[str]:
        return ["".join(cell[1] for cell in row) for row in self.rows]

    @property
    def text(self) -> str:
        return "\n".join(self.lines())

    def find(self, label: str) -> list[tuple[int, float]]:
        """Every (row, centre column) where `label` is drawn."""
        found = []
        for y, row in enumerate(self.rows):
            chars = "".join(cell[1] for cell in row)
            start = chars.find(label)
            while start >= 0:
                first, last = row[start], row[start + len(label) - 1]
                found.append((y, (first[0] + last[0] + last[2]) / 2))
                start = chars.find(label, start + 1)
        return found

    def find_in_row(self, y: int, label: str) -> tuple[int, float]:
        """The place of `label` standing alone (spaces around it) in row y."""
        row = self.rows[y]
        chars = "".join(cell[1] for cell in row)
        padded = f" {chars} "
        start = padded.find(f" {label} ")
        assert start >= 0, (y, label)
        first, last = row[start], row[start + len(label) - 1]
        return y, (first[0] + last[0] + last[2]) / 2


def screen(page: Any) -> Screen:
    return Screen(page.evaluate(READ_ROWS) or [])


def wait_for_text(page: Any, *texts: str, gone: bool = False) -> Screen:
    """Poll the screen until every text shows (or, with gone, none does)."""
    deadline = time.monotonic() + HANG_GUARD
    while True:
        shown = screen(page)
        have = [t in shown.text for t in texts]
        if (not any(have)) if gone else all(have):
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(
                f"hang guard: {texts!r} {'still' if gone else 'never'} showed:\n{shown.text}"
            )
        page.wait_for_timeout(100)


def cell_centre(page: Any, row: int, column: float) -> tuple[float, float]:
    """The pixel centre of a cell (column may be fractional: a label's middle)."""
    g = page.evaluate(GEOMETRY)
    width, height = g["width"] / g["cols"], g["height"] / g["rows"]
    return g["x"] + column * width, g["y"] + (row + 0.5) * height


def tap_at(page: Any, row: int, column: float) -> None:
    x, y = cell_centre(page, row, column)
    page.mouse.click(x, y)


def tap_text(page: Any, label: str, *, nth: int = 0, last: bool = False) -> None:
    """Wait for `label` on the screen, then tap its middle (the nth place, or the last)."""
    shown = wait_for_text(page, label)
    places = shown.find(label)
    row, column = places[-1] if last else places[nth]
    tap_at(page, row, column)


def drag(page: Any, points: list[tuple[int, float]]) -> None:
    """Press at the first cell, move through the others, lift at the last."""
    x, y = cell_centre(page, *points[0])
    page.mouse.move(x, y)
    page.mouse.down()
    for row, column in points[1:]:
        x, y = cell_centre(page, row, column)
        page.mouse.move(x, y, steps=8)
    page.mouse.up()


# --- the on-screen keypad ---------------------------------------------------------------

SHIFT, TO_SYMBOLS, TO_LETTERS = "大写", "123符号", "字母"  # the keypad's labels in Chinese


def keypad_keys(shown: Screen) -> dict[str, tuple[int, float]]:
    """The keys the keypad shows (label -> place): the labels below its top edge, a
    full-width line at the bottom of the screen."""
    lines = shown.lines()
    edges = [y for y, line in enumerate(lines) if line.strip("▔") == "" and "▔" * 40 in line]
    if not edges:
        return {}
    keys: dict[str, tuple[int, float]] = {}
    for y in range(edges[-1] + 1, len(lines)):
        for label in lines[y].split():
            if label.strip("▔▁") and label not in keys:
                keys[label] = shown.find_in_row(y, label)
    return keys


def tap_key(page: Any, label: str) -> None:
    """Wait until the keypad shows this key, then tap it."""
    deadline = time.monotonic() + HANG_GUARD
    while True:
        keys = keypad_keys(screen(page))
        if label in keys:
            tap_at(page, *keys[label])
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"hang guard: no key {label!r}; keys {sorted(keys)}")
        page.wait_for_timeout(100)


def wait_for_keys(page: Any, *labels: str) -> None:
    """Wait until the keypad shows these keys (a page of it, or the keypad of a field)."""
    deadline = time.monotonic() + HANG_GUARD
    while not all(label in keypad_keys(screen(page)) for label in labels):
        if time.monotonic() > deadline:
            raise AssertionError(f"hang guard: the keypad never showed {labels!r}")
        page.wait_for_timeout(100)


def type_on_keypad(page: Any, text: str) -> None:
    """Type `text` with taps on the keypad: Shift for capitals, 123 for the rest."""
    for ch in text:
        for _ in range(40):
            shown = screen(page)
            keys = keypad_keys(shown)
            if ch in keys:
                tap_at(page, *keys[ch])
                break
            if not ch.isalpha() and TO_LETTERS in keys:
                # The symbols page already, its frame still arriving (seen once in CI):
                # look again rather than ask for a page that is shown.
                page.wait_for_timeout(100)
                continue
            if ch.isalpha():
                switch = TO_LETTERS if TO_LETTERS in keys else SHIFT
            else:
                switch = TO_SYMBOLS
            tap_key(page, switch)
            _wait_for_other_keys(page, keys)
        else:
            raise AssertionError(f"no key for {ch!r} on the keypad:\n{screen(page).text}")


def _settled(page: Any, shown: Screen) -> bool:
    """The screen still shows the same a moment later (the candidates of the whole
    syllable have arrived, not those of its first letters)."""
    page.wait_for_timeout(400)
    return screen(page).rows == shown.rows


def _wait_for_other_keys(page: Any, before: dict[str, tuple[int, float]]) -> None:
    """Wait until the keypad shows other keys (the page or Shift changed), not merely
    another frame: the key drawn pressed comes first, and reading the keys then would
    tap the page switch a second time."""
    deadline = time.monotonic() + HANG_GUARD
    while set(keypad_keys(screen(page))) == set(before):
        if time.monotonic() > deadline:
            raise AssertionError("hang guard: the keypad did not change its keys")
        page.wait_for_timeout(50)


def _wait_for_change(page: Any, before: Screen) -> None:
    deadline = time.monotonic() + HANG_GUARD
    while screen(page).rows == before.rows:
        if time.monotonic() > deadline:
            raise AssertionError("hang guard: the keypad did not change")
        page.wait_for_timeout(50)


PAGE_KEYS = ("上一页", "下一页")


def type_pinyin(page: Any, name: str) -> None:
    """Spell a Chinese name on the name keyboard: each character's pinyin (ü as v, from
    pypinyin, as a person would know it), then a tap on that character in the candidate
    row, turning its pages with 下一页 when it is not on the first."""
    from pypinyin import lazy_pinyin

    for character, letters in zip(name, lazy_pinyin(name), strict=True):
        type_on_keypad(page, letters)
        deadline = time.monotonic() + HANG_GUARD
        turned = 0
        while True:
            shown = screen(page)
            keys = keypad_keys(shown)
            if character in keys:
                tap_at(page, *keys[character])
                break
            offered = [k for k in keys if len(k) == 1 and "\u4e00" <= k <= "\u9fff"]
            if offered and turned < 3 and _settled(page, shown):  # not on this page: next
                tap_key(page, PAGE_KEYS[1])
                _wait_for_change(page, shown)
                turned += 1
            elif time.monotonic() > deadline:
                raise AssertionError(f"hang guard: {character} never offered for {letters!r}")
            else:
                page.wait_for_timeout(100)
