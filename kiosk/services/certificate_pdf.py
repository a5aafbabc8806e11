"""The contributions certificate as an A4 PDF (fpdf2), in Chinese with the citizen's
language beside it when that is not Chinese, with an embedded CJK font so that the text
can be extracted (pdftotext) and prints the same anywhere, and the QR code of the signed
statement.

Every label comes from the catalogs; the facts come from an issued Certificate.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.money import format_cents
from kiosk.domain.registry import reason_key
from kiosk.i18n import translate

if TYPE_CHECKING:
    from fpdf import FPDF

    from kiosk.services.certificates import Certificate

# Debian's fonts-noto-cjk. One collection holds Japanese, Korean, Simplified and
# Traditional Chinese faces; a certificate of the mainland takes Simplified Chinese.
FONT_FOLDER = Path("/usr/share/fonts/opentype/noto")
REGULAR, BOLD = "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"
FACE_NAME = "Noto Sans CJK SC"
FACE_INDEX = 2  # where Debian's collection has FACE_NAME; checked when it is loaded
FAMILY = "cjk"
QR_SIZE_MM = 52
MARGIN_MM = 16
GREY = (90, 90, 90)
RULE = (170, 170, 170)
HEADING_FILL = (235, 238, 242)


class FontMissing(RuntimeError):
    """The CJK font is not on this machine: the certificate cannot be made."""


def _face_name(pdf: FPDF, family: str) -> str:
    font = pdf.fonts.get(family)
    ttfont = getattr(font, "ttfont", None)
    name: str = ttfont["name"].getDebugName(1) if ttfont is not None else ""
    return name


def _find_face(pdf: FPDF, style: str, path: Path) -> int:
    """The number of FACE_NAME in a collection: the usual one first, else search."""
    key = FAMILY + style
    for index in (FACE_INDEX, *range(10)):
        try:
            pdf.add_font(FAMILY, style, path, collection_font_number=index)
        except (IndexError, ValueError, KeyError):
            break
        found = _face_name(pdf, key) == FACE_NAME
        del pdf.fonts[key]
        if found:
            return int(index)
    raise FontMissing(f"{path} holds no {FACE_NAME} face")


@lru_cache(maxsize=4)
def _faces(folder: Path) -> tuple[tuple[Path, int], tuple[Path, int]]:
    """Where the regular and the bold face are (file, number in the collection): found
    once per process, so that checking the font before issuing and drawing the
    certificate do not both read the 20 MB collections."""
    from fpdf import FPDF

    regular = folder / REGULAR
    if not regular.is_file():
        raise FontMissing(
            f"the CJK font {regular} is missing (Debian package fonts-noto-cjk: "
            "apt-get install fonts-noto-cjk)"
        )
    bold = folder / BOLD if (folder / BOLD).is_file() else regular
    pdf = FPDF()
    return (regular, _find_face(pdf, "", regular)), (bold, _find_face(pdf, "B", bold))


def _load_fonts(pdf: FPDF, folder: Path) -> None:
    for style, (path, index) in zip(("", "B"), _faces(folder), strict=True):
        pdf.add_font(FAMILY, style, path, collection_font_number=index)


def check_fonts(fonts: Path = FONT_FOLDER) -> None:
    """FontMissing unless the certificate's font can be loaded (before issuing one)."""
    _faces(fonts)


def _qr_image(text: str) -> object:
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=8)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image().get_image()


class _Page:
    """One certificate being drawn: labels in Chinese, and in `language` beside them."""

    def __init__(self, certificate: Certificate, language: str, fonts: Path) -> None:
        from fpdf import FPDF

        self.cert = certificate
        self.language = language
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(auto=True, margin=MARGIN_MM + 8)
        _load_fonts(pdf, fonts)
        number = certificate.number
        pdf.set_title(f"{translate('zh', 'certificate.title')} {number}")
        pdf.set_creator("hall-kiosk")
        pdf.footer = self._footer  # type: ignore[method-assign]
        self.pdf = pdf

    # --- text helpers ------------------------------------------------------------------

    def both(self, key: str, sep: str = " ", **values: object) -> str:
        """The Chinese message, and the citizen's beside it when that is not Chinese."""
        zh = translate("zh", key, **values)
        if self.language == "zh":
            return zh
        return f"{zh}{sep}{translate(self.language, key, **values)}"

    def value(self, key: str) -> str:
        """A coded value (sex, insurance type, status) in both languages."""
        return self.both(key, " / ")

    def labelled(self, key: str, value: object) -> str:
        """ "label：value" in Chinese, "label: value" beside it in the citizen's language."""
        texts = [
            translate(lang, "common.labelled", label=translate(lang, key), value=value)
            for lang in dict.fromkeys(("zh", self.language))
        ]
        return " / ".join(texts)

    def _footer(self) -> None:
        pdf = self.pdf
        pdf.set_y(-MARGIN_MM - 2)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        page = self.both("certificate.page", " · ", page=pdf.page_no(), pages="{nb}")
        left = f"{translate('zh', 'certificate.number')} {self.cert.number}"
        pdf.cell(0, 5, left, align="L")
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, 5, page, align="R")
        pdf.set_text_color(0, 0, 0)

    def heading(self, key: str) -> None:
        pdf = self.pdf
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(0, 7, self.both(key), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 9)

    # --- parts -------------------------------------------------------------------------

    def header(self) -> None:
        pdf, cert = self.pdf, self.cert
        pdf.add_page()
        pdf.set_font(FAMILY, "", 10)
        pdf.set_text_color(*GREY)
        hall = cert.hall_name("zh")
        if self.language != "zh":
            hall = f"{hall}\n{cert.hall_name(self.language)}"
        pdf.multi_cell(0, 5, hall, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)
        pdf.set_font(FAMILY, "B", 20)
        pdf.cell(0, 10, translate("zh", "certificate.title"), align="C")
        pdf.ln(10)
        if self.language != "zh":
            pdf.set_font(FAMILY, "", 13)
            pdf.cell(0, 7, translate(self.language, "certificate.title"), align="C")
            pdf.ln(7)
        pdf.ln(2)
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(4)

    def details(self) -> None:
        """The facts about the person, left; the QR code, right."""
        pdf, cert = self.pdf, self.cert
        top = pdf.get_y()
        width = pdf.w - pdf.l_margin - pdf.r_margin - QR_SIZE_MM - 6
        issued = cert.issued_at
        expires = cert.expires_at
        period = self.both(
            "certificate.period_value", "\n", first=cert.period.first, last=cert.period.last
        )
        rows = [
            ("certificate.number", cert.number),
            ("certificate.name", cert.name),
            ("certificate.id_number", cert.id_number),
            ("certificate.sex", self.value(f"sex.{cert.sex}")),
            ("certificate.birth_date", cert.birth_date),
            ("certificate.insurance_type", self.value(f"insurance_type.{cert.insurance_type}")),
            ("certificate.status", self.value(f"person_status.{cert.status}")),
            ("certificate.period", period),
            ("certificate.issued_at", f"{issued:%Y-%m-%d %H:%M} UTC" if issued else ""),
            ("certificate.valid_until", f"{expires:%Y-%m-%d}" if expires else ""),
            ("certificate.terminal", cert.terminal),
        ]
        pdf.set_font(FAMILY, "", 9.5)
        label_width = 30 if self.language == "zh" else 60
        with pdf.table(
            width=width,
            col_widths=(label_width, width - label_width),
            align="LEFT",
            text_align="LEFT",
            borders_layout="NONE",
            first_row_as_headings=False,
            line_height=4.4,
            padding=(0.6, 1, 0.6, 0),
            v_align="TOP",
        ) as table:
            for key, text in rows:
                row = table.row()
                pdf.set_text_color(*GREY)
                row.cell(self.both(key), style=None)
                pdf.set_text_color(0, 0, 0)
                row.cell(text)
        bottom = pdf.get_y()
        if cert.token:
            x = pdf.w - pdf.r_margin - QR_SIZE_MM
            pdf.image(_qr_image(cert.token), x=x, y=top, w=QR_SIZE_MM, h=QR_SIZE_MM)  # type: ignore[arg-type]
            bottom = max(bottom, top + QR_SIZE_MM)
        pdf.set_y(bottom + 2)

    def _table_heading(self, key: str) -> str:
        zh = translate("zh", key)
        if self.language == "zh":
            return zh
        return f"{zh}\n{translate(self.language, key)}"

    def entitlements(self) -> None:
        pdf, cert = self.pdf, self.cert
        self.heading("certificate.entitlements")
        if not cert.entitlements:
            pdf.multi_cell(0, 5, self.both("certificate.entitlements_none", "\n"))
            pdf.ln(1)
            return
        columns = ("col_start", "col_end", "col_type", "col_status", "col_reason")
        with pdf.table(
            col_widths=(22, 22, 42, 34, 58),
            line_height=4.3,
            headings_style=self._heading_style(),
            text_align=("LEFT", "LEFT", "LEFT", "LEFT", "LEFT"),
            borders_layout="HORIZONTAL_LINES",
            padding=(1, 1.2),
        ) as table:
            heading = table.row()
            for column in columns:
                heading.cell(self._table_heading(f"records.{column}"))
            for period in cert.entitlements:
                row = table.row()
                row.cell(period.start_date)
                row.cell(period.end_date or self.value("records.open_ended"))
                row.cell(self.value(f"insurance_type.{period.insurance_type}"))
                row.cell(self.value(f"person_status.{period.status}"))
                key = reason_key(period.reason)
                row.cell(self.value(key) if key else period.reason)

    def _heading_style(self) -> object:
        from fpdf.fonts import FontFace

        return FontFace(family=FAMILY, emphasis="BOLD", size_pt=8.5, fill_color=HEADING_FILL)

    def contributions(self) -> None:
        pdf, cert = self.pdf, self.cert
        self.heading("certificate.contributions")
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_text_color(*GREY)
        pdf.cell(0, 5, self.both("certificate.amounts_in"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FAMILY, "", 9)
        if not cert.months:
            pdf.multi_cell(0, 5, self.both("certificate.contributions_none", "\n"))
            return
        columns = ("col_month", "col_base", "col_employer", "col_individual", "col_paid")
        totals = cert.totals
        with pdf.table(
            col_widths=(24, 34, 34, 34, 52),
            line_height=4.0,
            headings_style=self._heading_style(),
            text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT"),
            borders_layout="HORIZONTAL_LINES",
            padding=(0.5, 2),
            v_align="TOP",  # amounts on the first line of a row whose status wraps
        ) as table:
            heading = table.row()
            for column in columns:
                heading.cell(self._table_heading(f"records.{column}"))
            for month in cert.months:
                row = table.row()
                row.cell(month.month)
                for cents in (month.base_cents, month.employer_cents, month.individual_cents):
                    row.cell(format_cents(cents, ""))
                status = "paid" if month.paid else "arrears"
                row.cell(self.value(f"contribution_status.{status}"))
            row = table.row()
            pdf.set_font(FAMILY, "B", 9)
            row.cell(self.both("certificate.total", " / "))
            for cents in (totals.base_cents, totals.employer_cents, totals.individual_cents):
                row.cell(format_cents(cents, ""))
            row.cell(self.labelled("certificate.arrears_months", totals.arrears_months))
        pdf.set_font(FAMILY, "", 9)

    def note(self) -> None:
        pdf = self.pdf
        pdf.ln(4)
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 4.5, self.both("certificate.verify_note", "\n"))
        pdf.set_text_color(0, 0, 0)


def render_pdf(certificate: Certificate, language: str, fonts: Path = FONT_FOLDER) -> bytes:
    """The certificate as PDF bytes; FontMissing if the CJK font is not installed."""
    page = _Page(certificate, language, fonts)
    page.header()
    page.details()
    page.entitlements()
    page.contributions()
    page.note()
    return bytes(page.pdf.output())
