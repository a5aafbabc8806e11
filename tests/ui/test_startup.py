"""Start-up (issue 16): what keeps the first paint of the welcome screen quick, checked
without timing it (benchmarks/startup.py times it)."""

import gc

from textual.app import App, ComposeResult

from kiosk.ui.app import resume_garbage_collection
from kiosk.ui.screens.welcome import WelcomeScreen
from kiosk.ui.widgets.translated import Tr, TrButton
from tests.ui.conftest import SIZE, text_of


async def test_garbage_collection_resumes_once_the_welcome_screen_is_up(app):
    # `kiosk run` holds garbage collection off until the first paint; the app resumes it.
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_resuming_leaves_a_collector_that_runs_alone():
    assert gc.isenabled()
    resume_garbage_collection()  # nothing held it off: nothing to do, nothing frozen
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
