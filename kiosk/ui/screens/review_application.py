"""One application under review: form, pages, letter, signature and their integrity check."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from kiosk.domain.images import Pixels, thumbnail
from kiosk.domain.text import strip_controls as plain
from kiosk.services.review import Application, ExportRefused
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.field import Field
from kiosk.ui.widgets.image_preview import ImagePreview
from kiosk.ui.widgets.signature_pad import SignaturePad
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import DataButton, Tr, TrButton

PREVIEW = (36, 24)  # pixels: 36 cells wide, 12 rows high


class ReviewApplicationScreen(KioskScreen):
    def __init__(self, enrollment_id: int) -> None:
        super().__init__()
        self.enrollment_id = enrollment_id
        self.application: Application | None = None

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="application-body"), Vertical(classes="wizard"):
            yield Tr("review.title", self._number, id="application-title", classes="title")
            yield Tr("", id="integrity", classes="note")
            yield Tr("", id="age-gap", classes="form-error")
            yield Tr("review.details", self._details, id="application-details")
            yield Tr("review.pages", classes="field-label")
            yield Horizontal(id="review-pages")
            yield Tr("review.letter", classes="field-label")
            yield Static("", id="review-letter", markup=False)
            yield Tr("review.signature", classes="field-label")
            yield SignaturePad(id="review-signature", disabled=True)
        # The decision stays in view while the evidence above scrolls.
        with Vertical(id="decision"):
            yield Field("field.reason", name="reason", keep=200)
            yield Tr("", id="form-error", classes="form-error", reserve=True)
            yield Tr("", id="review-message", classes="note", reserve=True)
            with ActionBar(docked=False):
                yield TrButton("action.back", id="back")
                yield DataButton("review.export", id="export")
                yield DataButton("review.reject", id="reject", variant="error")
                yield DataButton("review.approve", id="approve", variant="success")

    def _number(self, _language: str) -> dict[str, str]:
        return {"number": self.application.item.application_no if self.application else ""}

    def _details(self, _language: str) -> dict[str, str]:
        a = self.application
        if a is None:
            return dict.fromkeys(
                (
                    "holder",
                    "holder_id",
                    "member",
                    "member_id",
                    "born",
                    "typed",
                    "relationship",
                    "status",
                    "submitted",
                    "terminal",
                    "consent",
                    "desk",
                ),
                "",
            )
        i = a.item
        return {
            "holder": plain(i.holder_name),
            "holder_id": i.holder_masked,
            "member": plain(i.member_name),
            "member_id": i.member_masked,
            "born": i.member_birth,
            "typed": plain(i.typed_name),
            "relationship": self.t(f"relationship.{i.relationship}"),
            "status": self.t(f"enrollment_status.{i.status}"),
            "submitted": i.submitted_at[:16].replace("T", " "),
            "terminal": plain(i.terminal),
            "consent": a.consent_at[:16].replace("T", " "),
            "desk": plain(i.countersigned_by) or self.t("review.no_desk"),
        }

    def on_mount(self) -> None:
        self.query_one("#application-body").loading = True
        self.load()

    @work(exclusive=True, group="application")
    async def load(self) -> None:
        staff = self.require_staff()
        if staff is None:
            return

        def read() -> tuple[Application | None, list[Pixels]]:
            application = self.terminal.review.application(staff, self.enrollment_id)
            previews = (
                [thumbnail(p.content, *PREVIEW) for p in application.pages] if (application) else []
            )
            return application, previews

        self.application, previews = await self.in_thread(read, spinner="#application-body")
        if self.application is None:
            self.query_one("#form-error", Tr).show("review.unknown")
            return
        pages = self.query_one("#review-pages")
        for number, pixels in enumerate(previews, start=1):
            # Each preview with its "View page" button (Enter or a click on either).
            box = Vertical(classes="page-box")
            await pages.mount(box)
            await box.mount_all(
                (
                    ImagePreview(pixels, id=f"page-{number}", classes="page-preview"),
                    TrButton("review.view_page", id=f"view-page-{number}", classes="view-page"),
                )
            )
        # Line by line: strip_controls turns a newline into a space.
        letter = "\n".join(plain(line) for line in self.application.letter_text.splitlines())
        self.query_one("#review-letter", Static).update(Content(letter))
        self.query_one(SignaturePad).strokes = [list(s) for s in self.application.strokes]
        self.query_one(SignaturePad).refresh()
        self.retranslate()

    def retranslate(self) -> None:
        self.query_one("#application-title", Tr).retranslate()
        self.query_one("#application-details", Tr).retranslate()
        a = self.application
        if a is None:
            return
        # The holder was asked, and answered, that a child born so soon after them is right.
        self.query_one("#age-gap", Tr).show(
            "review.age_gap_confirmed" if a.item.age_gap_confirmed else ""
        )
        if a.intact:
            self.query_one("#integrity", Tr).show("review.intact")
            self.query_one("#integrity").add_class("-passed")
            return
        broken = [
            key
            for key, ok in (
                ("review.part_letter", a.letter_intact),
                ("review.part_signature", a.signature_intact),
                ("review.part_pages", all(p.intact for p in a.pages)),
            )
            if not ok
        ]
        self.query_one("#integrity", Tr).show(
            "review.not_intact", lambda _: {"parts": ", ".join(self.t(k) for k in broken)}
        )
        self.query_one("#integrity").add_class("-failed")

    @on(Button.Pressed, ".view-page")
    def view_page_pressed(self, event: Button.Pressed) -> None:
        self.view_page(int((event.button.id or "").rsplit("-", 1)[-1]))

    def on_click(self, event: events.Click) -> None:
        widget = event.widget
        if isinstance(widget, ImagePreview) and widget.id and widget.id.startswith("page-"):
            self.view_page(int(widget.id.rsplit("-", 1)[-1]))

    def view_page(self, number: int) -> None:
        """One page full screen, as large as the terminal allows."""
        if self.application is None or not 1 <= number <= len(self.application.pages):
            return
        pages = self.application.pages
        self.kiosk.go("page_viewer", pages[number - 1].content, number, len(pages))

    @on(Button.Pressed, "#approve")
    def approve(self, event: Button.Pressed) -> None:
        self.ask(
            "review.confirm_approve",
            "review.confirm_approve_yes",
            lambda: self.decide("approve"),
            event.button,
            subject=self._subject(),
            variant="success",
        )

    @on(Button.Pressed, "#reject")
    def reject(self, event: Button.Pressed) -> None:
        self.ask(
            "review.confirm_reject",
            "review.confirm_reject_yes",
            lambda: self.decide("reject"),
            event.button,
            subject=self._subject(),
        )

    def _subject(self) -> str:
        """The application the dialog is about: its number, holder and member."""
        if self.application is None:
            return ""
        item = self.application.item
        return f"{item.application_no} · {item.holder_name} → {item.member_name}"

    @work(exclusive=True, group="decide")
    async def decide(self, what: str) -> None:
        staff = self.require_staff()
        if staff is None or self.application is None:
            return
        review = self.terminal.review
        reason = self.query_one("#field-reason", Field)
        args = (staff, self.enrollment_id) + (() if what == "approve" else (reason.value,))
        outcome = await self.run_service(getattr(review, what), *args)
        if outcome is None:
            return
        reason.show_error(outcome.errors.get("reason", ""))
        self.query_one("#form-error", Tr).show(outcome.errors.get("form", ""))
        if not outcome.ok:
            if "reason" in outcome.errors:
                reason.input.focus()
            return
        self.query_one("#approve").disabled = self.query_one("#reject").disabled = True
        self.app.notify(
            self.t("review.approved" if what == "approve" else "review.rejected"),
            markup=False,
            timeout=6,
        )
        self.app.pop_screen()

    @on(Button.Pressed, "#export")
    @work(exclusive=True, group="export")
    async def export(self) -> None:
        staff = self.require_staff()
        if staff is None:
            return
        folder = self.terminal.config.export_path
        try:
            written = await self.in_thread(
                self.terminal.review.export_pages, staff, self.enrollment_id, folder
            )
        except ExportRefused as refused:
            self.query_one("#review-message", Tr).show("")
            where = str(refused.folder)
            self.query_one("#form-error", Tr).show(refused.key, lambda _: {"folder": where})
            return
        self.query_one("#form-error", Tr).show("")
        self.query_one("#review-message", Tr).show(
            "review.exported", lambda _: {"count": len(written), "folder": str(folder)}
        )
