"""`benchmarks/login.py` at its smallest: one round of every figure (no timing is checked)."""

from __future__ import annotations

import re

import pytest

from tests.helpers.benchmarks import run_benchmark

pytestmark = pytest.mark.slow


def test_the_login_benchmark_reaches_home_both_refusals_and_the_desk():
    out = run_benchmark("login.py", "--rounds", "1")
    for row in (
        "Enter to the painted home screen",
        "Enter to the painted message, unknown ID number",
        "a clerk's Enter to the painted desk",
    ):
        assert re.search(rf"\| {re.escape(row)} \| [\d.]+ ms \|", out), out
    assert re.search(r"Login costs the hash plus \*\*-?[\d.]+ ms\*\*", out), out
