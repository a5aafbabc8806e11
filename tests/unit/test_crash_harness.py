"""Real kiosk and desk processes killed with SIGKILL at random moments (a few rounds here;
`benchmarks/crash.py` runs hundreds)."""

from tests.helpers.crash import crash_rounds


def test_killed_terminals_lose_nothing_and_start_again(db_path):
    report = crash_rounds(db_path, rounds=8, seed=7, max_wait=1.2)
    assert report.rounds == 8
    assert report.problems == []
    assert report.lost == []
    assert sum(report.saved.values()) > 0  # the processes did get work done before dying
