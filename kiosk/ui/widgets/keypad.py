"""On-screen keypads for a touch screen: digits for ID numbers, phones and staff IDs, a
keyboard for passwords and names.

A Field declares its kind (`Field(..., keypad="id")`); a tap on the field opens the
screen's Keypad (mounted on the first tap, docked at the bottom in place of the screen's
ActionBar) and the form above scrolls so the field stays in sight. The keys are not
focusable: a tap on one leaves the cursor in the field. A key types by posting a Key
event to the field, the path a real key takes, so KioskInput's limits and the ID field's
move to the next field hold; the keypad then follows the focus (the password keyboard
once the ID number is complete). It hides on Done, on Escape, on a tap outside it and
its fields, when the focus leaves for a button, and when the screen changes. A physical
keyboard works all along.

Kinds: "id" (0-9, X), "digits" (0-9), "password" (letters with Shift, digits and symbols),
"code" (the same keys: staff IDs such as desk01), "text" (the same, with Space) and
"name" (the text keys, with pinyin).

Names (kind "name"): the letters typed since the last character chosen, space or clear go
into the field as usual (a Latin name is typed as it is), and to the pinyin candidate row
(kiosk/ui/widgets/pinyin_candidates.py), shown above the letters while there are such
letters. A tap on a candidate replaces those letters in the field with it (as a paste, the
way an input method delivers it); the next syllable then ranks given-name characters first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.keys import _character_to_key
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from kiosk.ui.widgets.kiosk_input import KioskInput
from kiosk.ui.widgets.pinyin_candidates import PinyinCandidates


class Field(Protocol):
    """What the keypad needs of kiosk.ui.widgets.field.Field (which imports this module)."""

    keypad: str | None
    input: KioskInput

    @property
    def screen(self) -> Screen[Any]: ...

    @property
    def is_mounted(self) -> bool: ...

    def scroll_visible(self, *, animate: bool = ..., immediate: bool = ...) -> None: ...


KINDS = ("id", "digits", "code", "text", "name", "password")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "1234567890"
# The password rules (kiosk.domain.passwords) take any printable character: these are
# the usual ones, on the second page with the digits.
SYMBOLS = "!@#$%&*-_+=.,?/:()"
COLUMNS = 8  # 8 keys of at least 8 columns and their gaps fit 80 columns
CJK = range(0x4E00, 0xA000)


@dataclass(frozen=True)
class KeySpec:
    types: str = ""  # the character it types
    does: str = ""  # or what it does: delete, clear, done, shift, page
    label_key: str = ""  # catalog key of its label (when it does something)
    span: int = 1
    page: str = ""  # for does="page": the page it shows


def _chars(text: str) -> list[KeySpec]:
    return [KeySpec(types=c) for c in text]


DELETE = KeySpec(does="delete", label_key="keypad.delete")
CLEAR = KeySpec(does="clear", label_key="keypad.clear")
SHIFT = KeySpec(does="shift", label_key="keypad.shift")
TO_SYMBOLS = KeySpec(does="page", label_key="keypad.symbols", page="symbols")
SPACE = KeySpec(types=" ", label_key="keypad.space")


def done(span: int = 1) -> KeySpec:
    return KeySpec(does="done", label_key="keypad.done", span=span)


def _wide(spec: KeySpec, span: int) -> KeySpec:
    return KeySpec(spec.types, spec.does, spec.label_key, span, spec.page)


# Each page: rows of COLUMNS cells (a key spans one or more).
PAGES: dict[str, list[KeySpec]] = {
    "id": [*_chars("12345678"), *_chars("90X"), _wide(DELETE, 2), CLEAR, done(2)],
    "digits": [*_chars("12345678"), *_chars("90"), _wide(DELETE, 2), _wide(CLEAR, 2), done(2)],
    "password": [*_chars(LETTERS), SHIFT, TO_SYMBOLS, DELETE, CLEAR, done(2)],
    "code": [*_chars(LETTERS), SHIFT, TO_SYMBOLS, DELETE, CLEAR, done(2)],
    "text": [*_chars(LETTERS), SHIFT, TO_SYMBOLS, SPACE, DELETE, CLEAR, done()],
    "symbols": [
        *_chars(DIGITS + SYMBOLS[:14]),
        KeySpec(does="page", label_key="keypad.letters", page="letters"),
        *_chars(SYMBOLS[14:]),
        DELETE,
        CLEAR,
        done(),
    ],
}


class Key(Button, can_focus=False):
    """One key: never takes the focus, so the field being typed into keeps it."""

    def __init__(self, spec: KeySpec, **kwargs: Any) -> None:
        super().__init__(Content(spec.types), **kwargs)
        self.spec = spec
        self.styles.line_pad = 0  # (the stylesheet parser refuses `line-pad: 0`)
        if spec.span > 1:
            self.styles.column_span = spec.span
        if spec.does:
            self.add_class("-action")

    async def _on_click(self, event: events.Click) -> None:
        # Every tap counts: a Button ignores a second press while it still flashes from
        # the first, and "ss" typed quickly would lose an s.
        event.stop()
        self.press()

    def on_mount(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        if self.spec.label_key:
            self.label = Content(self.app.t(self.spec.label_key))  # type: ignore[attr-defined]

    def shifted(self, upper: bool) -> None:
        if self.spec.types.isalpha():
            self.label = Content(self.spec.types.upper() if upper else self.spec.types)


class Keypad(Widget):
    """The screen's on-screen keypad; open it with `Keypad.open(field)`."""

    DEFAULT_CSS = """
    Keypad {
        dock: bottom;
        height: auto;
        width: 100%;
        padding: 0 1;
        background: $background;
        align-horizontal: center;
        border-top: hkey $border;
    }
    Keypad.-tight {
        border-top: none;
    }
    Keypad PinyinCandidates {
        margin-bottom: 1;
    }
    Keypad.-tight PinyinCandidates {
        margin-bottom: 0;
    }
    Keypad > .keys {
        layout: grid;
        grid-size: 8;
        grid-gutter: 1 1;
        grid-rows: 3;
        grid-columns: 1fr;
        width: 100%;
        max-width: 96;
        height: auto;
    }
    Keypad Key {
        width: 100%;
        height: 100%;
        min-width: 8;
        margin: 0;
    }
    Keypad Key.-action {
        background: $panel;
    }
    Keypad Key.-on {
        background: $accent;
        color: $text;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field: Field | None = None
        self.page = ""
        self.upper = False
        self.composing = ""  # letters typed for the composer since its last candidate
        self._hid: list[Widget] = []  # the action bars this keypad stands in for

    @classmethod
    def open(cls, field: Field) -> Keypad:
        """Show the keypad of `field`'s screen for it (mounting it the first time)."""
        screen = field.screen
        found = screen.query(Keypad)
        keypad = found.first() if found else cls(id="keypad")
        keypad.show_for(field)
        if not found:
            screen.mount(keypad)
        return keypad

    def compose(self) -> ComposeResult:
        yield PinyinCandidates(id="candidates")
        for page, specs in PAGES.items():
            with Container(classes="keys", id=f"page-{page}"):
                for spec in specs:
                    yield Key(spec)

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved, init=False)
        self.query_one("#candidates").display = False
        self._show_page()
        self.reflow()

    def on_resize(self, _event: events.Resize) -> None:
        self.reflow()
        # Another page (4 rows, not 2) or the large mode: the form above got shorter.
        self.screen.call_after_refresh(self._keep_field_in_sight)

    def reflow(self) -> None:
        """Keys 3 rows tall; in the large mode 5 where the screen has the height for it."""
        cells = sum(spec.span for spec in PAGES.get(self.page, PAGES["text"]))
        rows = -(-cells // COLUMNS) + (1 if self.composing else 0)
        height = self.screen.size.height
        tall = self.app.has_class("-large") and 6 * rows + 9 <= height
        for keys in self.query_children(".keys, PinyinCandidates"):
            keys.styles.grid_rows = "5" if tall else "3"
        # Where the keys, the field being typed into (label and box) and the top bar do
        # not all fit, the top bar steps aside (kiosk.tcss: .-keypad); where even the box
        # alone would not fit (spelling a name in the large mode at 24 rows), the keypad
        # also gives up its top line and the gap under the candidates.
        box = self.field.input.outer_size.height if self.field is not None else 3
        own = rows * (6 if tall else 4)  # rows, gaps between them, the top line
        top_bar = 3 if self.app.has_class("-touch") else 1
        if self.shown:
            self.screen.set_class(own + box + 1 + top_bar > height, "-keypad")
        self.set_class(own + box > height, "-tight")

    @property
    def shown(self) -> bool:
        return self.display and self.field is not None

    def show_for(self, field: Field) -> None:
        kind = field.keypad or "text"
        if kind == "name":
            kind = "text"
        if self.field is not field:
            self.upper = False
            self.composing = ""
        self.field = field
        self.page = kind if kind in PAGES else "text"
        self.display = True
        screen = field.screen
        for bar in screen.query("ActionBar"):
            if bar.display and not bar.has_class("-inline"):
                bar.display = False
                self._hid.append(bar)
        if self.is_mounted:
            self._show_candidates()
            self._show_page()
        screen.call_after_refresh(self._keep_field_in_sight)

    def hide(self) -> None:
        self.display = False
        self.field = None
        self.composing = ""
        self._show_candidates()
        if self.is_attached:
            self.screen.remove_class("-keypad")
        for bar in self._hid:
            bar.display = True
        self._hid = []

    def _keep_field_in_sight(self) -> None:
        if self.field is not None and self.field.is_mounted:
            self.field.scroll_visible(animate=False, immediate=True)
            # Where the label and the box do not both fit above the keys, the box does.
            self.field.input.scroll_visible(animate=False, immediate=True)

    def _show_page(self) -> None:
        for keys in self.query_children(".keys"):
            if keys.id != "candidates":
                keys.display = keys.id == f"page-{self.page}"
        for key in self.query(Key):
            key.shifted(self.upper)
            key.set_class(key.spec.does == "shift" and self.upper, "-on")
        self.reflow()

    def _focus_moved(self, focused: Widget | None) -> None:
        """The keypad follows the focus from field to field, and leaves with it."""
        if not self.shown or focused is None:
            return
        field: Any = focused.parent
        if getattr(field, "keypad", None) and focused is getattr(field, "input", None):
            if field is not self.field:
                self.show_for(field)
        else:
            self.hide()

    @on(Button.Pressed, "Key")
    def _key_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        key = event.button
        assert isinstance(key, Key)
        spec, field = key.spec, self.field
        if field is None:
            return
        target = field.input
        if spec.types:
            character = spec.types.upper() if self.upper else spec.types
            self._type(character)
            self._compose_after(character)
        elif spec.does == "delete":
            target.action_delete_left()
            self._compose_after("", dropped=1)
        elif spec.does == "clear":
            target.value = ""
            self._compose_after("", dropped=-1)
        elif spec.does == "shift":
            self.upper = not self.upper
            self._show_page()
        elif spec.does == "page":
            letters = "text" if field.keypad in (None, "name") else field.keypad
            self.page = spec.page if spec.page != "letters" else letters
            self._show_page()
        elif spec.does == "done":
            self.hide()

    def _type(self, character: str) -> None:
        """As a key on a keyboard: through KioskInput's own key handling."""
        assert self.field is not None
        self.field.input.post_message(events.Key(_character_to_key(character), character))

    # --- pinyin, on a name field -------------------------------------------------------

    def _compose_after(self, character: str, dropped: int = 0) -> None:
        if self.field is None or self.field.keypad != "name":
            return
        if character.isascii() and character.isalpha():
            self.composing += character.lower()
        elif dropped > 0:
            self.composing = self.composing[:-dropped]
        else:
            self.composing = ""
        self._show_candidates()

    def _show_candidates(self) -> None:
        if not self.is_mounted:
            return
        row = self.query_one(PinyinCandidates)
        value = self.field.input.value if self.field is not None else ""
        # The place in the name of the character being spelled: 0 ranks surnames first.
        position = sum(1 for c in value if ord(c) in CJK)
        row.set_letters(self.composing, position)
        if row.display != bool(self.composing):
            row.display = bool(self.composing)
            self.reflow()

    @on(PinyinCandidates.Chosen)
    def _chosen(self, event: PinyinCandidates.Chosen) -> None:
        event.stop()
        if self.field is None:
            return
        target = self.field.input
        for _ in self.composing:
            target.action_delete_left()
        self.composing = ""
        target.post_message(events.Paste(event.character))
        self._show_candidates()
