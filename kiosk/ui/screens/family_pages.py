"""Wizard step 3: the household-register pages, picked from the hall scanner's inbox."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from kiosk.domain.images import ImageRefused, thumbnail
from kiosk.domain.text import strip_controls as plain
from kiosk.services.inbox import read_page
from kiosk.ui.screens.family_draft import DraftScreen, Page
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.image_preview import ImagePreview
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

PREVIEW = (24, 16)  # pixels: 24 cells wide, 8 rows high


def _load(folder, name):
    page = read_page(folder, name)
    return page, thumbnail(page.content, *PREVIEW)


class FamilyPagesScreen(DraftScreen):
    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(classes="form-page"), Vertical(classes="wizard"):
            yield Tr("family_pages.title", classes="title")
            yield Tr("family_pages.intro", classes="intro")
            yield OptionList(id="inbox")
            # What to do while the list is empty: a hint, not an error.
            yield Tr("", id="inbox-hint", classes="note")
            if self.terminal.staff_session is not None:
                # At a desk a clerk may also type the path of a file (a desk scanner, a USB stick).
                with Horizontal(id="typed-path"):
                    yield Field("field.file_path", name="path", keep=1000)
                    yield TrButton("family_pages.attach_file", id="attach-file")
            yield Tr("", id="form-error", classes="form-error")
            yield Tr("family_pages.attached", classes="field-label")
            yield HorizontalScroll(id="pages")
        with ActionBar():
            yield TrButton("action.back", id="back")
            yield TrButton("family_pages.remove", id="remove")
            yield TrButton("action.next", id="submit", variant="primary")

    def on_mount(self) -> None:
        session = self.terminal.session
        # Only this person's scans: those that arrived after their session began.
        scans = self.terminal.inbox_scans(session) if session is not None else []
        self._offer([f.name for f in scans])
        self._hint([f.name for f in scans])
        for page in self.draft.pages:
            self._show(page)
        self.query_one("#inbox", OptionList).focus()
        # Pages are often scanned once this step is open: new ones appear by themselves.
        self.set_interval(self.RELIST_SECONDS, self.relist)

    RELIST_SECONDS = 2.0

    def _offer(self, names: list[str]) -> None:
        inbox = self.query_one("#inbox", OptionList)
        current = [inbox.get_option_at_index(i).id for i in range(inbox.option_count)]
        if names == current:
            return
        highlighted = inbox.highlighted_option.id if inbox.highlighted_option else None
        inbox.clear_options()
        # On a touch screen each scan is a touch target: its name on the middle of 3 rows.
        pad = "\n" if self.kiosk.touch else ""
        inbox.add_options([Option(Content(f"{pad}{plain(name)}{pad}"), id=name) for name in names])
        if highlighted in names:
            inbox.highlighted = names.index(highlighted)
        elif names:
            inbox.highlighted = 0  # Enter attaches at once, without an arrow key first

    def _hint(self, names: list[str]) -> None:
        at_desk = self.terminal.staff_session is not None
        self.query_one("#inbox-hint", Tr).show(
            ""
            if names
            else "family_pages.inbox_empty_desk"
            if at_desk
            else "family_pages.inbox_empty"
        )

    @work(exclusive=True, group="relist", exit_on_error=False)
    async def relist(self) -> None:
        session = self.require_citizen()
        if session is None:
            return
        scans = await self.in_thread(self.terminal.inbox_scans, session)
        self._offer([f.name for f in scans])
        self._hint([f.name for f in scans])

    @on(OptionList.OptionSelected, "#inbox")
    def attach(self, event: OptionList.OptionSelected) -> None:
        self.read(event.option.id or "")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#attach-file")
    def attach_typed(self) -> None:
        field = self.query_one("#field-path", Field)
        self.read(field.value, typed=True)

    @work(exclusive=True, group="pages")
    async def read(self, name: str, typed: bool = False) -> None:
        error = self.query_one("#form-error", Tr)
        if any(page.name == name for page in self.draft.pages):
            error.show("family_pages.already")
            return
        staff = self.terminal.staff_session
        try:
            if typed and staff is not None:
                image = await self.in_thread(self.terminal.desk.read_page, staff, name)
                preview = await self.in_thread(thumbnail, image.content, *PREVIEW)
            else:
                image, preview = await self.in_thread(_load, self.terminal.config.inbox_path, name)
        except ImageRefused as refused:
            error.show(refused.key)
            return
        error.show("")
        page = Page(name, image, preview, from_inbox=not typed)
        self.draft.pages.append(page)
        self._show(page)

    def _show(self, page: Page) -> None:
        self.query_one("#pages").mount(ImagePreview(page.preview, classes="page-preview"))

    @on(Button.Pressed, "#remove")
    def remove_last(self) -> None:
        if self.draft.pages:
            self.draft.pages.pop()
            self.query("#pages ImagePreview").last().remove()

    @on(Button.Pressed, "#submit")
    def done(self) -> None:
        if len(self.draft.pages) < 2:
            self.query_one("#form-error", Tr).show("family.pages_missing")
            return
        self.next_step()
