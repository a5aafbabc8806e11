"""Real kiosk and desk processes killed with SIGKILL at random moments (a few rounds here;
`benchmarks/crash.py` runs hundreds)."""

from kiosk.ui import make_app
from kiosk.ui.screens.out_of_service import OutOfServiceScreen
from kiosk.ui.screens.welcome import WelcomeScreen
from tests.helpers.crash import crash_rounds


async def test_killed_terminals_lose_nothing_and_the_kiosk_starts_again(db_path, config):
    report = crash_rounds(db_path, rounds=8, seed=7, max_wait=1.2)
    assert report.rounds == 8
    assert report.problems == []
    assert report.lost == []
    assert sum(report.saved.values()) > 0  # the processes did get work done before dying
    app = make_app(config)
    async with app.run_test(size=(100, 40)) as pilot:
        await app._open_database().wait()  # the start-up check, now rather than in a second
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not any(isinstance(s, OutOfServiceScreen) for s in app.screen_stack)
