"""Kiosks and a desk writing to one file at once: nothing busy reaches anyone, nothing is lost."""

from tests.helpers.concurrency import run_load


def test_three_terminals_at_once_lose_nothing(db_path):
    report = run_load(db_path, kiosks=2, desks=1, seconds=6)
    assert report.errors == []
    assert report.busy == 0
    assert report.lost == []
    assert report.problems == []
    assert report.operations["enroll"] >= 2 and report.operations["login"] >= 2
