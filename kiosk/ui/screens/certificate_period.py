"""Print a certificate, step 1: choose the period it covers.

The last 12 months, a calendar year (this year and the earlier ones with contributions,
one button each), or a range of at most 36 months chosen with four lists (from year and
month, to year and month): taps on a touch screen, the arrow keys on a keyboard, nothing
to type. A range the rules refuse (kiosk/domain/certificate.py: too long, inverted, after
this month) is said next to the lists, and nothing is read. The chosen period's facts are
read in a thread, then the preview opens with them, drawn once, complete.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select

from kiosk.domain.certificate import MAX_MONTHS
from kiosk.services.certificates import Period, PeriodError
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets.action_bar import ActionBar
from kiosk.ui.widgets.pager import Pager
from kiosk.ui.widgets.top_bar import TopBar
from kiosk.ui.widgets.translated import Tr, TrButton

RANGE_LISTS = ("from-year", "from-month", "to-year", "to-month")


class CertificatePeriodScreen(KioskScreen):
    MESSAGE_LINE = "#range-error"

    def __init__(self, years: list[int]) -> None:
        super().__init__()
        # HomeScreen reads them first: this year, then earlier years with contributions.
        self.years = years

    def _range_lists(self) -> dict[str, tuple[list[tuple[str, int]], int]]:
        """Each list's choices and first value: years from this one back to the earliest
        with contributions (three years at least), the months; the last 12 months chosen."""
        this_year = self.terminal.now().year
        earliest = min([*self.years, this_year - MAX_MONTHS // 12])
        years = [(str(year), year) for year in range(this_year, earliest - 1, -1)]
        months = [(f"{month:02d}", month) for month in range(1, 13)]
        start = self.terminal.certificates.last_12_months()
        return {
            "from-year": (years, int(start.first[:4])),
            "from-month": (months, int(start.first[5:])),
            "to-year": (years, int(start.last[:4])),
            "to-month": (months, int(start.last[5:])),
        }

    def _select(self, name: str, lists: dict[str, tuple[list[tuple[str, int]], int]]) -> Select:
        options, value = lists[name]
        return Select(options, id=name, value=value, allow_blank=False)

    def compose(self) -> ComposeResult:
        lists = self._range_lists()
        yield TopBar()
        with VerticalScroll(id="period-body"):
            yield Tr("certificate_print.period_title", classes="title")
            with Center(classes="period-row"):
                yield TrButton("certificate_print.last_12", id="last-12", variant="primary")
            yield Tr("certificate_print.year_label", classes="period-label")
            with ActionBar(id="years", docked=False):
                for year in self.years:
                    yield Button(str(year), id=f"year-{year}", classes="year")
            yield Tr(
                "certificate_print.range_label",
                lambda _: {"months": MAX_MONTHS},
                classes="period-label",
            )
            with Vertical(id="range-box"):
                with Center(classes="period-row"), Horizontal(id="range"):
                    yield Tr("certificate_print.from", classes="range-word")
                    yield self._select("from-year", lists)
                    yield self._select("from-month", lists)
                    yield Tr("certificate_print.to", classes="range-word")
                    yield self._select("to-year", lists)
                    yield self._select("to-month", lists)
                # Right under the lists: why a range is refused (reserved: nothing moves).
                yield Tr("", id="range-error", classes="field-error", reserve=True)
            with Center(id="preview-row"):
                yield TrButton("certificate_print.preview", id="preview-range")
        yield Pager("#period-body")
        with ActionBar():
            yield TrButton("action.back", id="back")

    def on_mount(self) -> None:
        self.retranslate()
        self.query_one("#last-12").focus()

    def retranslate(self) -> None:
        # Textual's own prompt is English; these lists never show it (no blank), but say it.
        for name in RANGE_LISTS:
            key = "certificate_print.year" if name.endswith("year") else "certificate_print.month"
            self.query_one(f"#{name}", Select).prompt = self.t(key)

    # --- choosing ------------------------------------------------------------------------

    @on(Button.Pressed, "#last-12")
    def last_12(self) -> None:
        self.open_preview(self.terminal.certificates.last_12_months(), "#last-12")

    @on(Button.Pressed, ".year")
    def calendar_year(self, event: Button.Pressed) -> None:
        button = event.button
        year = int(str(button.id).removeprefix("year-"))
        self.open_preview(self.terminal.certificates.year(year), f"#{button.id}")

    @on(Button.Pressed, "#preview-range")
    def chosen_range(self) -> None:
        first, last = self._month("from"), self._month("to")
        try:
            period = self.terminal.certificates.between(first, last)
        except PeriodError as refused:
            self._refuse(refused)
            return
        self._refuse(None)
        self.open_preview(period, "#preview-range")

    @on(Select.Changed)
    def range_changed(self) -> None:
        self._refuse(None)

    def _month(self, end: str) -> str:
        year = self.query_one(f"#{end}-year", Select).value
        month = self.query_one(f"#{end}-month", Select).value
        return f"{year:04d}-{month:02d}" if isinstance(year, int) and isinstance(month, int) else ""

    def _refuse(self, refused: PeriodError | None) -> None:
        message = self.query_one("#range-error", Tr)
        if refused is None:
            message.show("")
        else:
            values = dict(refused.values)
            message.show(refused.key, lambda _: values)
            # The lists and the message together in sight (a large mode scrolls).
            self.query_one("#range-box").scroll_visible(animate=False)
        self.query_one("#range").set_class(refused is not None, "-invalid")

    @work(exclusive=True, group="open")
    async def open_preview(self, period: Period, spinner: str) -> None:
        """Read the period's facts in a thread, then open the preview with them."""
        session = self.require_citizen()
        if session is None or self.busy:
            return
        certificate = await self.in_thread(
            self.terminal.certificates.preview, session.id_number, period, spinner=spinner
        )
        self.kiosk.go("certificate_preview", certificate)
