"""Start-up (issue 16): what keeps the first paint of the welcome screen quick, checked
without timing it (benchmarks/startup.py times it)."""

import gc
import subprocess
import sys

from textual.app import App, ComposeResult

from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.widgets.translated import Tr, TrButton
from tests.ui.conftest import SIZE, text_of

# Until the welcome screen is painted, `kiosk run` loads none of these: the database, the
# password hashing, the vouchers' signatures and QR codes, images, pinyin, ID numbers.
# They load after it (KioskApp._open_database, routes.prewarm) or when first used.
NOT_BEFORE_THE_FIRST_PAINT = (
    "sqlite3",
    "sqlite_utils",
    "argon2",
    "cryptography",
    "PIL",
    "qrcode",
    "pypinyin",
    "stdnum",
    "csv",
)
# Of these packages, only what the welcome screen needs.
ONLY_THESE_OF = {
    "kiosk.store": (),
    "kiosk.demo": (),
    "kiosk.web": (),
    "kiosk.services": ("kiosk.services.terminal", "kiosk.services.clock"),
    "kiosk.domain": ("kiosk.domain.family_rules",),
    "kiosk.ui.screens": ("kiosk.ui.screens.welcome",),
}

FIRST_PAINT = """
import asyncio, sys
from kiosk.cli import main  # what the `kiosk` console script imports
from kiosk.cli.common import load_config
from kiosk.ui import make_app

app = make_app(load_config(None, db=sys.argv[1]))

async def first_paint():
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen", app.screen
        print(" ".join(sorted(sys.modules)))

asyncio.run(first_paint())
"""


def test_the_welcome_screen_paints_before_the_heavy_modules_load(db_path):
    # A fresh process, as `kiosk run` starts (benchmarks/startup.py times it): a later
    # change cannot bring any of these back in front of the first paint unnoticed.
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = set(result.stdout.split())
    assert "kiosk.ui.screens.welcome" in loaded  # the check looked at the right moment
    heavy = sorted(n for n in loaded if n.split(".")[0] in NOT_BEFORE_THE_FIRST_PAINT)
    assert not heavy, heavy
    for package, allowed in ONLY_THESE_OF.items():
        extra = sorted(n for n in loaded if n.startswith(package + ".") and n not in allowed)
        assert not extra, (package, extra)


async def test_garbage_collection_resumes_once_the_welcome_screen_is_up(app):
    # `kiosk run` holds garbage collection off until the first paint; the app resumes it,
    # with what existed before the welcome screen frozen (never scanned again).
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_with_collection_on_the_app_leaves_it_alone(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0


async def test_texts_built_in_a_screen_are_drawn_before_they_are_mounted():
    # Drawn when built, the welcome screen is laid out once before its first paint.
    seen: dict[str, str] = {}

    class Probe(App[None]):
        language = "es"

        def t(self, key: str) -> str:
            return f"{self.language}:{key}"

        def compose(self) -> ComposeResult:
            text, button = Tr("welcome.greeting"), TrButton("action.log_in")
            seen["text"], seen["button"] = text_of(text), str(button.label)
            yield text
            yield button

    app = Probe()
    async with app.run_test() as pilot:
        assert seen == {"text": "es:welcome.greeting", "button": "es:action.log_in"}
        app.language = "zh"  # a later change still reaches them on mount or retranslate
        for widget in app.screen.query("Tr, TrButton"):
            widget.retranslate()  # type: ignore[attr-defined]
        await pilot.pause()
        assert text_of(app.screen.query_one(Tr)) == "zh:welcome.greeting"


def test_a_text_built_outside_any_app_waits_for_its_mount():
    text = Tr("welcome.greeting")
    assert text.drawn_in is None
    assert text_of(text) == ""
