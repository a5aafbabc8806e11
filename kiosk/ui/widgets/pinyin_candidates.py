"""The pinyin candidate row of the on-screen name keyboard: one page of characters for
the letters typed so far, and previous/next page keys.

One row of the keypad's grid (8 cells of at least 8 columns, one-column gaps): `PAGE_SIZE`
characters, then the two page keys. The keyboard sets `letters` (and `position`, the
character's place in the name: 0 ranks surnames first); the row looks the characters up
in a worker (the first lookup builds the index, under a second). Tapping a character posts
`PinyinCandidates.Chosen` carrying it; the keyboard puts it into the field. Nothing here
takes the focus: the cursor stays in the field being typed into.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button

from kiosk.domain.pinyin import PAGE_SIZE, candidates, warm
from kiosk.ui.widgets.translated import TrButton


class CandidateButton(Button, can_focus=False):
    """One character: a touch target of 3 rows by 8 columns."""

    async def _on_click(self, event: events.Click) -> None:
        # Every tap counts, as on the keypad's keys (a Button ignores a second press
        # while it still flashes from the first).
        event.stop()
        self.press()


class PageButton(TrButton, can_focus=False):
    """Previous or next page of candidates."""


class PinyinCandidates(Widget):
    DEFAULT_CSS = """
    PinyinCandidates {
        layout: grid;
        grid-size: 8;
        grid-gutter: 1 1;
        grid-rows: 3;
        grid-columns: 1fr;
        width: 100%;
        max-width: 96;
        height: auto;
    }
    PinyinCandidates Button {
        width: 100%;
        height: 100%;
        min-width: 8;
        margin: 0;
    }
    PinyinCandidates PageButton {
        background: $panel;
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
        for i in range(PAGE_SIZE):
            yield CandidateButton(Content(""), id=f"candidate-{i}", disabled=True)
        yield PageButton("pinyin.previous", id="pinyin-previous", disabled=True)
        yield PageButton("pinyin.next", id="pinyin-next", disabled=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.styles.line_pad = 0  # as the keypad's keys: "Anterior" fits 8 columns
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
        if not self.is_mounted:
            return
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
