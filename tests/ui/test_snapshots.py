"""A few pictures of screens, compared with the approved SVGs in __snapshots__.

After an intended change, look at the new picture and approve it with
`.venv/bin/pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from kiosk.ui import make_app


def test_welcome_in_english_at_100x40(snap_compare, config, clock):
    assert snap_compare(make_app(config, clock=clock), terminal_size=(100, 40))


def test_other_ways_in_spanish_at_80x24(snap_compare, config, clock):
    app = make_app(config.replace(language="es"), clock=clock)
    assert snap_compare(app, press=["tab", "tab", "enter"], terminal_size=(80, 24))
