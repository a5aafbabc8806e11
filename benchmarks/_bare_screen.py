"""The baseline of benchmarks/screens.py: a bare Textual app pushing a screen with the same
widgets as one of the kiosk's screens, copied from the kiosk's own screen as it stands.

`mirror(screen)` walks a composed kiosk screen and describes each widget as the stock Textual
widget it is built on, with the text it shows (a Button its label, an Input its value, a
DataTable its columns and rows, a Select its options, a Static its text), with the size it
has on the kiosk's screen and whether it is shown; the kiosk's own drawing widgets (the QR
code, the scans' previews, the signature pad) become a Static holding the lines they drew.
`BareApp` pushes a screen composed from that description when its one button is pressed:
the same widgets in the same sizes, so they draw the same cells. No stylesheet: what the
kiosk's CSS and its layout rules cost is part of the kiosk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import (
    Center,
    Horizontal,
    HorizontalScroll,
    Vertical,
    VerticalScroll,
)
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)


@dataclass
class Node:
    kind: str
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    size: tuple[int, int] = (0, 0)  # width, height on the kiosk's screen
    shown: bool = True

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


def plain(value: object) -> str:
    return str(getattr(value, "plain", value))


def drawn_lines(widget: Widget) -> str:
    width, height = widget.size
    if not width or not height:
        return ""
    strips = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text for strip in strips)


CONTAINERS: list[tuple[type[Widget], str]] = [
    (VerticalScroll, "vscroll"),
    (HorizontalScroll, "hscroll"),
    (Center, "center"),
    (Horizontal, "horizontal"),
]


def mirror(widget: Widget) -> Node:
    """The stock-widget description of `widget` and everything under it."""
    node = _mirror(widget)
    node.size = (widget.outer_size.width, widget.outer_size.height)
    node.shown = widget.display
    return node


def _mirror(widget: Widget) -> Node:
    if isinstance(widget, Button):
        return Node("button", plain(widget.label), {"variant": widget.variant})
    if isinstance(widget, Input):
        return Node("input", widget.value, {"placeholder": widget.placeholder})
    if isinstance(widget, DataTable):
        columns = [plain(column.label) for column in widget.ordered_columns]
        rows = [[plain(cell) for cell in widget.get_row_at(i)] for i in range(widget.row_count)]
        return Node("table", extra={"columns": columns, "rows": rows})
    if isinstance(widget, Select):
        options = [plain(prompt) for prompt, _ in widget._options]
        return Node("select", extra={"options": options})
    if isinstance(widget, OptionList):
        prompts = [plain(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
        return Node("options", extra={"prompts": prompts})
    if isinstance(widget, TabbedContent):
        panes = []
        for pane in widget.query(TabPane):
            title = plain(widget.get_tab(pane).label) if pane.id else ""
            panes.append(Node("pane", title, children=[mirror(c) for c in pane.children]))
        return Node("tabs", children=panes)
    if isinstance(widget, Static):
        return Node("static", plain(widget.render()))
    kind = next((name for cls, name in CONTAINERS if isinstance(widget, cls)), "")
    if widget.children or kind:
        return Node(kind or "vertical", children=[mirror(child) for child in widget.children])
    return Node("static", drawn_lines(widget))  # one of the kiosk's own drawing widgets


def build(node: Node) -> Widget:
    widget = _build(node)
    widget.styles.width, widget.styles.height = node.size
    widget.display = node.shown
    return widget


def _build(node: Node) -> Widget:
    kids = [build(child) for child in node.children]
    match node.kind:
        case "button":
            return Button(node.text, variant=node.extra["variant"])
        case "input":
            return Input(node.text, placeholder=node.extra["placeholder"])
        case "table":
            table: DataTable[str] = DataTable()
            table.add_columns(*node.extra["columns"])
            table.add_rows(node.extra["rows"])
            return table
        case "select":
            return Select([(text, n) for n, text in enumerate(node.extra["options"])])
        case "options":
            return OptionList(*node.extra["prompts"])
        case "tabs":
            tabs = TabbedContent()
            for pane in node.children:  # what `with TabbedContent(): with TabPane(...)` does
                tabs.compose_add_child(TabPane(pane.text, *build_all(pane)))
            return tabs
        case "static":
            return Static(Text(node.text))
        case "vscroll":
            return VerticalScroll(*kids)
        case "hscroll":
            return HorizontalScroll(*kids)
        case "center":
            return Center(*kids)
        case "horizontal":
            return Horizontal(*kids)
    return Vertical(*kids)


def build_all(node: Node) -> list[Widget]:
    return [build(child) for child in node.children]


class BareScreen(Screen[None]):
    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node

    def compose(self) -> ComposeResult:
        yield from build_all(self.node)


class BareApp(App[None]):
    """One button; pressing it pushes the mirrored screen."""

    def __init__(self, node: Node) -> None:
        super().__init__()
        self.node = node

    def compose(self) -> ComposeResult:
        yield Button("Next", id="go")

    def on_button_pressed(self) -> None:
        self.push_screen(BareScreen(self.node))
