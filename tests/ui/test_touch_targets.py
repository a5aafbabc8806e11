"""Touch targets (issue 14): on every citizen screen of the tour, each button shown is at
least 3 rows by 8 columns and no two buttons touch (a cell between them), at 100x40 and
80x24: a finger on a browser's terminal presses the button it meant."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region, Spacing
from textual.widgets import Button

from kiosk.config import Config, IdleConfig
from kiosk.ui import make_app
from tests.conftest import FakeClock
from tests.ui.test_snapshots import fixed_wall_clock, still_template  # noqa: F401 (fixtures)
from tests.ui.tour import (
    FIXED_NOW,
    SCREENS,
    Stop,
    copy_database,
    install_fixed_key,
    prepare,
    printer_config,
)

MIN_ROWS, MIN_COLUMNS = 3, 8
# Without a touch screen the top bar's switch to the large mode keeps one row (a 3-row top
# bar would cost two rows on every screen): checked for gaps only; in touch mode it grows
# (test_on_a_touch_screen_the_top_bars_switch_is_a_touch_target).
ONE_ROW = {"bar-high-contrast"}
SIZES = [(100, 40), (80, 24)]
CASES = [
    pytest.param(stop, size, id=f"{stop.name}-{size[0]}x{size[1]}")
    for stop in SCREENS.values()
    if stop.mode == "citizen"
    for size in SIZES
]


def shown_buttons(screen: Any) -> list[tuple[Button, Region]]:
    """The buttons drawn on the screen: (button, its whole region)."""
    shown = []
    for button in screen.query(Button):
        if button.is_on_screen and button.region.area:
            shown.append((button, button.region))
    return shown


def touch_problems(screen: Any) -> list[str]:
    problems = []
    buttons = shown_buttons(screen)
    for button, region in buttons:
        if button.id in ONE_ROW:
            continue
        if region.height < MIN_ROWS or region.width < MIN_COLUMNS:
            problems.append(f"{button!r} is {region.width}x{region.height}")
    for index, (button, region) in enumerate(buttons):
        around = region.grow(Spacing(1, 1, 1, 1))
        for other, other_region in buttons[index + 1 :]:
            if around.overlaps(other_region):
                problems.append(f"{button!r} {region} touches {other!r} {other_region}")
    return problems


def tour_app(template: Path, tmp_path: Path, stop: Stop, touch: bool = False) -> Any:
    """The app on a copy of the tour's database, with what `stop` needs prepared."""
    from kiosk import logs

    database = tmp_path / "data" / "kiosk.db"
    copy_database(template, database)
    install_fixed_key(database)
    config = Config(
        database=database,
        language="zh",
        mode=stop.mode,
        touch=touch,
        printer=printer_config(stop, tmp_path / "printouts"),
        log_file=tmp_path / "kiosk.log",
        idle=IdleConfig(timeout_seconds=90, countdown_seconds=20),
    )
    logs.configure(config.log_path)
    app = make_app(config, clock=FakeClock(), now=lambda: FIXED_NOW, chance=random.Random(2026))
    prepare(app, stop.needs)
    return app


@pytest.mark.parametrize(("stop", "size"), CASES)
async def test_buttons_are_large_and_apart(
    still_template: Path,  # noqa: F811
    tmp_path: Path,
    fixed_wall_clock: None,  # noqa: F811
    stop: Stop,
    size: tuple[int, int],
) -> None:
    app = tour_app(still_template, tmp_path, stop)
    async with app.run_test(size=size) as pilot:
        await stop.reach(pilot)
        await pilot.pause()
        problems = touch_problems(app.screen)
        assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES)
async def test_on_a_touch_screen_the_top_bars_switch_is_a_touch_target(config, clock, size):
    from kiosk import logs
    from kiosk.demo.builder import demo_accounts
    from kiosk.services.accounts import CitizenSession
    from kiosk.ui.screens.home import HomeScreen
    from tests.ui.conftest import wait_for_screen
    from tests.ui.test_buttons_in_sight import assert_in_sight

    logs.configure(config.log_path)
    app = make_app(config.replace(touch=True), clock=clock)
    holder = demo_accounts(app.terminal.store)[0]
    async with app.run_test(size=size) as pilot:
        await app.start_citizen_session(CitizenSession(holder.id_number, holder.name, ""))
        home = await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        switch = home.query_one("#bar-high-contrast", Button)
        assert switch.region.height >= MIN_ROWS and switch.region.width >= MIN_COLUMNS
        widget, _ = home.get_widget_at(*switch.region.center)
        assert widget is switch
        problems = touch_problems(home)
        assert not problems, "\n".join(problems)
        assert_in_sight(home, "records", "family", "voucher", "change-password", "log-out")


@pytest.mark.parametrize("name", ["records", "family-account", "family-pages"])
async def test_on_a_touch_screen_tabs_rows_and_scans_are_touch_targets(
    still_template: Path,  # noqa: F811
    tmp_path: Path,
    fixed_wall_clock: None,  # noqa: F811
    name: str,
) -> None:
    """What a citizen taps that is not a button: the records' tabs, a family member's row
    (it opens the member), a scan in the inbox. 3 rows tall on a touch screen."""
    from textual.widgets import DataTable, OptionList, Tab

    stop = SCREENS[name]
    app = tour_app(still_template, tmp_path, stop, touch=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await stop.reach(pilot)
        await pilot.pause()
        screen = app.screen
        if name == "records":
            tabs = [t for t in screen.query(Tab) if t.region.area]
            assert len(tabs) == 3
            assert all(t.region.height >= MIN_ROWS and t.region.width >= MIN_COLUMNS for t in tabs)
            year = screen.query_one("#year").query_one("SelectCurrent")
            assert year.region.height >= MIN_ROWS  # the year to show, a compact Select
        elif name == "family-account":
            table = screen.query_one("#members", DataTable)
            assert table.row_count and all(row.height >= MIN_ROWS for row in table.rows.values())
        else:
            inbox = screen.query_one("#inbox", OptionList)
            assert inbox.option_count
            assert inbox.virtual_size.height >= MIN_ROWS * inbox.option_count
