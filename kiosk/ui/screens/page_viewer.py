"""One household-register page full screen, as large as the terminal allows (Escape or Back
returns to the application)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.events import Resize

from kiosk.domain.images import fitted
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.image_preview import ImagePreview
from kiosk.ui.widgets.translated import Tr, TrButton

# Rows kept for the title and the Back button; columns for the margins.
CHROME_ROWS, CHROME_COLUMNS = 6, 2


class PageViewerScreen(KioskScreen):
    def __init__(self, content: bytes, number: int, count: int) -> None:
        super().__init__()
        self.content = content
        self.number = number
        self.count = count
        self.shown: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="page-viewer"):
            yield Tr(
                "review.page_title",
                lambda _: {"number": self.number, "count": self.count},
                classes="title",
            )
            with Center(id="page-frame"):
                yield ImagePreview([], id="page-full")
        with ActionBar():
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        self.query_one("#back").focus()
        self.draw()

    def on_resize(self, _event: Resize) -> None:
        self.draw()

    @work(exclusive=True, group="page")
    async def draw(self) -> None:
        """The largest picture that fits: a cell is one pixel wide and two high."""
        width = max(1, self.size.width - CHROME_COLUMNS)
        height = max(1, self.size.height - CHROME_ROWS) * 2
        if self.shown == (width, height):
            return
        pixels = await self.in_thread(fitted, self.content, width, height)
        self.shown = (width, height)
        preview = self.query_one("#page-full", ImagePreview)
        preview.pixels = pixels
        preview.refresh(layout=True)
