"""A candidate row for pinyin: the letters typed so far and one page of characters.

The on-screen keyboard sets `letters` (and `position`, the character's place in the name:
0 ranks surnames first); the row looks the characters up in a worker (the first lookup
builds the index, under a second) and shows `PAGE_SIZE` of them as buttons, with
previous/next page buttons above. Tapping a character posts `PinyinCandidates.Chosen`
carrying it, and the letters are cleared for the next syllable; wiring it into a field is
the keyboard's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Static

from kiosk.domain.pinyin import PAGE_SIZE, candidates, warm
from kiosk.ui.widgets.translated import TrButton


class CandidateButton(Button):
    """One character: a touch target of 3 rows by 8 columns."""


class PinyinCandidates(Widget):
    DEFAULT_CSS = """
    PinyinCandidates {
        height: auto;
        width: 100%;
    }
    PinyinCandidates #pinyin-bar {
        height: 3;
    }
    PinyinCandidates #pinyin-letters {
        width: 1fr;
        height: 3;
        content-align: left middle;
        padding: 0 1;
    }
    PinyinCandidates #pinyin-bar Button {
        min-width: 8;
        width: auto;
        height: 3;
        margin: 0 0 0 1;
    }
    PinyinCandidates #pinyin-row {
        height: 3;
        margin: 1 0 0 0;
    }
    PinyinCandidates CandidateButton {
        min-width: 8;
        width: 8;
        height: 3;
        margin: 0 1 0 0;
    }
    """

    @dataclass
    class Chosen(Message):
        """A character was tapped."""

        row: PinyinCandidates
        character: str
        letters: str

        @property
        def control(self) -> PinyinCandidates:
            return self.row

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.letters = ""
        self.position = 0
        self.page = 0
        self.found: list[str] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="pinyin-bar"):
            yield Static("", id="pinyin-letters", markup=False)
            yield TrButton("pinyin.previous", id="pinyin-previous", disabled=True)
            yield TrButton("pinyin.next", id="pinyin-next", disabled=True)
        with Horizontal(id="pinyin-row"):
            for i in range(PAGE_SIZE):
                yield CandidateButton(Content(""), id=f"candidate-{i}", disabled=True)

    def on_mount(self) -> None:
        self.run_worker(warm, thread=True, group="pinyin-warm")

    def set_letters(self, letters: str, position: int | None = None) -> None:
        """Show the candidates for `letters` (the syllable typed so far)."""
        self.letters = letters
        if position is not None:
            self.position = position
        self.page, self.found = 0, []
        self._draw()
        if letters:
            self.run_worker(
                lambda: self._look_up(letters, self.position),
                thread=True,
                group="pinyin-lookup",
            )

    def _look_up(self, letters: str, position: int) -> None:
        found = candidates(letters, position)
        self.app.call_from_thread(self._show, letters, position, found)

    def _show(self, letters: str, position: int, found: list[str]) -> None:
        if (letters, position) != (self.letters, self.position):
            return  # typed on meanwhile
        self.page, self.found = 0, found
        self._draw()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.found) // PAGE_SIZE))

    def shown(self) -> list[str]:
        """The characters on the current page."""
        start = self.page * PAGE_SIZE
        return self.found[start : start + PAGE_SIZE]

    def _draw(self) -> None:
        self.query_one("#pinyin-letters", Static).update(Content(self.letters))
        page = self.shown()
        for i, button in enumerate(self.query(CandidateButton)):
            char = page[i] if i < len(page) else ""
            button.label = Content(char)
            button.disabled = not char
        self.query_one("#pinyin-previous", Button).disabled = self.page == 0
        self.query_one("#pinyin-next", Button).disabled = self.page + 1 >= self.pages

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button
        if button.id == "pinyin-previous":
            self.page = max(0, self.page - 1)
        elif button.id == "pinyin-next":
            self.page = min(self.pages - 1, self.page + 1)
        elif isinstance(button, CandidateButton):
            index = int((button.id or "candidate-0").removeprefix("candidate-"))
            page = self.shown()
            if index < len(page):
                self.post_message(self.Chosen(self, page[index], self.letters))
                self.set_letters("")
                return
        self._draw()
