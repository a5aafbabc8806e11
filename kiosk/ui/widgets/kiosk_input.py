"""An Input for a public terminal: no control characters, bounded pastes, no copying secrets."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.widgets import Input

from kiosk.domain.text import strip_controls


class KioskInput(Input):
    """Strips control characters from what is typed or pasted.

    `keep` bounds the value: a longer paste is cut to one character past it, so
    the form still sees "too long" and says so, instead of storing a truncation
    the person never saw, and a 1 MB paste costs nothing to draw.
    """

    # Escape first puts away the on-screen keypad, if shown; then it goes back as usual.
    BINDINGS = [Binding("escape", "hide_keypad", show=False)]

    def __init__(
        self,
        *,
        keep: int = 256,
        most: int = 0,
        counts: Callable[[str], int] = len,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.keep = keep
        # With `most`, the field takes at most that many characters as `counts` counts
        # them, and moves on to the next field by itself after the last one.
        self.most = most
        self.counts = counts
        self.absorb_move = False  # just moved to by itself: the Tab or Enter that follows is spent

    async def _on_key(self, event: events.Key) -> None:
        """Keys are handled in the order they were typed, even in a burst.

        Textual forwards each key to the focused widget as it arrives, and moves the
        focus later: in a burst (an ID-card reader, a scanner) the keys after a Tab or
        an Enter would still land here. So Tab and Enter move the focus at once, and
        the keys already queued here are handed to the field that now has it.
        """
        if self.screen.focused is not self:
            self._hand_over([event])
            return
        absorb, self.absorb_move = self.absorb_move, False
        advance = getattr(self.screen, "advance_from", None)
        if event.key in ("tab", "shift+tab") or (event.key == "enter" and advance):
            event.stop()
            event.prevent_default()
            if event.key == "shift+tab":
                self.screen.focus_previous()
            elif absorb:
                pass  # the Tab or Enter after the last character: the move is made
            elif event.key == "tab":
                self.screen.focus_next()
            elif advance is not None:
                advance(self)
        else:
            before = self.counts(self.value)
            if self.most and before >= self.most and self.counts(event.character or "") > 0:
                event.stop()
                event.prevent_default()
                return  # a typed 19th character; a paste is refused, with its message, on submit
            await super()._on_key(event)
            if self.most and before < self.most <= self.counts(self.value):
                self.screen.focus_next()
                focused = self.screen.focused
                if isinstance(focused, KioskInput):
                    focused.absorb_move = True
        if self.screen.focused is not self:
            self._hand_over([])

    def _on_blur(self, event: events.Blur) -> None:
        self.absorb_move = False
        super()._on_blur(event)

    def _hand_over(self, first: list[events.Event]) -> None:
        """Send the keys and pastes still queued here to the widget that has the focus."""
        queued: list[Any] = []
        if self._pending_message is not None:
            queued.append(self._pending_message)
            self._pending_message = None
            with contextlib.suppress(ValueError):
                self._message_queue.task_done()
        while not self._message_queue.empty():
            queued.append(self._message_queue.get_nowait())
            with contextlib.suppress(ValueError):
                self._message_queue.task_done()
        target = self.screen.focused or self.screen
        for message in [*first, *queued]:
            if isinstance(message, (events.Key, events.Paste)):
                target._forward_event(message)
            else:
                self._message_queue.put_nowait(message)

    def replace(self, text: str, start: int, end: int) -> None:
        self.absorb_move = False
        text = strip_controls(text)
        room = self.keep + 1 - (len(self.value) - (max(end, start) - min(end, start)))
        super().replace(text[: max(room, 0)], start, end)

    def action_hide_keypad(self) -> None:
        for keypad in self.screen.query("Keypad"):
            if keypad.display:
                keypad.hide()  # type: ignore[attr-defined]
                return
        raise SkipAction()

    def action_copy(self) -> None:
        if not self.password:
            super().action_copy()

    def action_cut(self) -> None:
        # A password never leaves its field, not even to a clipboard.
        if not self.password:
            super().action_cut()

    def restricted(self) -> None:
        """No bell: a public hall does not need to hear every stray key."""
