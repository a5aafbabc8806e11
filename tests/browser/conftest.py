"""Debian's Chromium against `kiosk serve`: the server over a copy of the demo database,
in Chinese, and a fresh browser profile per test.

The tests skip (with the reason) only when there is no Chromium on the machine; with
KIOSK_REQUIRE_BROWSER=1 (`.ci/run` and the README's test command, which install Debian's
chromium first) that skip is a failure instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import chromium_context, chromium_path
from tests.helpers.served import Served, serving, write_config

NO_BROWSER = "browser: no Chromium on this machine (apt-get install chromium fonts-noto-cjk)"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("KIOSK_REQUIRE_BROWSER") == "1":
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        if reason.startswith("Skipped: browser:") or reason.startswith("browser:"):
            report.outcome = "failed"
            report.longrepr = f"KIOSK_REQUIRE_BROWSER=1 and the browser test skipped: {reason}"


@pytest.fixture
def chromium() -> str:
    found = chromium_path()
    if found is None:
        pytest.skip(NO_BROWSER)
    return found


# The largest font that gives a 1280x800 screen the 100x40 cells docs/deploy.md asks for
# (the e-voucher's QR code needs 40 rows).
FONT_SIZE = 16  # the default: 1280x800 holds about 133x34 cells


def serve_config(tmp_path: Path, extra: str = "") -> Path:
    return write_config(
        tmp_path / "kiosk.toml", tmp_path, language="zh", extra=extra, font_size=FONT_SIZE
    )


@pytest.fixture
def served_zh(db_path: Path, tmp_path: Path) -> Iterator[Served]:
    """`kiosk serve` in citizen mode, in Chinese, on a copy of the demo database."""
    with serving(db_path, serve_config(tmp_path)) as server:
        yield server


@pytest.fixture
def browser(chromium: str) -> Iterator[Any]:
    """A headless Chromium with a fresh profile (a browser context: open pages with
    `browser.new_page()`), 1280x800, clipboard permissions granted."""
    with chromium_context(chromium) as context:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        yield context
