"""The application slip: proof that someone applied to add a family member.

What it says (application number, the member's masked name and relationship, the date,
what happens next, how to follow it, a QR code holding the application number), and its
two renderings: ESC/POS bytes for a thermal receipt printer (text in GB18030 in the
printer's Chinese character mode, the QR drawn by the printer's own QR command) and a
small PDF (A6, Noto Sans CJK embedded) for a CUPS queue or a folder.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.text import strip_controls
from kiosk.i18n import translate

# Debian's fonts-noto-cjk; face 2 of the collection is Noto Sans CJK SC (simplified Chinese).
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FONT_SC = 2
PAGE_MM = (105.0, 148.0)  # A6: a slip, whatever paper the queue holds

# ESC/POS: FS & selects the Chinese character mode, in which a printer with a Chinese
# font (GB18030, the default of printers sold in mainland China) reads two- and
# four-byte characters.
CHINESE_MODE = b"\x1c&"


@dataclass(frozen=True)
class Slip:
    application_no: str
    member_name: str  # masked (kiosk.domain.voucher.mask_name)
    relationship: str  # child | spouse | parent | other
    date: str  # YYYY-MM-DD, the day the application was submitted
    status: str  # the enrollment's status: what happens next depends on it
    hall_name: str
    hotline: str
    website: str
    language: str


@dataclass(frozen=True)
class SlipText:
    hall: str
    title: str
    number: str
    member: str
    date: str
    next_title: str
    next: str
    follow_title: str
    follow: str
    scan: str


def slip_text(slip: Slip) -> SlipText:
    """Every sentence of the slip in its language, as plain text (no control characters)."""

    def t(key: str, **values: object) -> str:
        return strip_controls(translate(slip.language, key, **values))

    status = slip.status if slip.status else "pending"
    return SlipText(
        hall=strip_controls(slip.hall_name),
        title=t("slip.title"),
        number=t("slip.number", number=slip.application_no),
        member=t(
            "slip.member",
            name=slip.member_name,
            relationship=translate(slip.language, f"relationship.{slip.relationship}"),
        ),
        date=t("slip.date", date=slip.date),
        next_title=t("slip.next_title"),
        next=t(f"slip.next_{status}"),
        follow_title=t("slip.follow_title"),
        follow=t("slip.follow", hotline=slip.hotline, website=slip.website),
        scan=t("slip.scan"),
    )


def width(text: str) -> int:
    """Columns a text takes on a receipt: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` columns: Latin text broken at spaces, Chinese anywhere."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if width(line + piece) <= columns:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = piece.lstrip()
        while width(line) > columns:  # a word longer than a line (a URL): cut it
            cut = _fit(line, columns)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """Words with the space before them, and each wide character on its own."""
    pieces: list[str] = []
    for word in re.findall(r"\s*\S+", text):
        if any(unicodedata.east_asian_width(c) in "WF" for c in word):
            pieces.extend(word)
        else:
            pieces.append(word)
    return pieces


def _fit(text: str, columns: int) -> int:
    used = 0
    for index, char in enumerate(text):
        used += width(char)
        if used > columns:
            return max(index, 1)
    return len(text)


def escpos_bytes(slip: Slip, columns: int = 32) -> bytes:
    """The slip as ESC/POS commands, made with python-escpos's Dummy printer."""
    from escpos.constants import QR_ECLEVEL_M
    from escpos.printer import Dummy

    text = slip_text(slip)
    printer = Dummy()

    def lines(value: str, wide: bool = False) -> None:
        for line in wrap(value, columns // 2 if wide else columns):
            printer._raw(line.encode("gb18030") + b"\n")

    printer.hw("INIT")
    printer._raw(CHINESE_MODE)
    # GS ! (a custom size) doubles Chinese characters too; ESC ! would double ASCII only.
    printer.set(align="center", bold=True, custom_size=True, width=2, height=2)
    lines(text.hall, wide=True)
    printer.set(custom_size=True, width=1, height=1)
    lines(text.title)
    printer.set(align="left", bold=False)
    printer._raw(b"-" * columns + b"\n")
    lines(text.number)
    lines(text.member)
    lines(text.date)
    printer._raw(b"-" * columns + b"\n")
    printer.set(bold=True)
    lines(text.next_title)
    printer.set(bold=False)
    lines(text.next)
    printer.set(bold=True)
    lines(text.follow_title)
    printer.set(bold=False)
    lines(text.follow)
    printer.set(align="center")
    printer.ln()
    printer.qr(slip.application_no, ec=QR_ECLEVEL_M, size=6, native=True)
    lines(slip.application_no)
    lines(text.scan)
    printer.set_with_default()
    printer.cut()
    output: bytes = printer.output
    return output


def slip_pdf(slip: Slip) -> bytes:
    """The slip as an A6 PDF whose text can be extracted (the CJK font is embedded)."""
    import qrcode
    from fpdf import FPDF

    text = slip_text(slip)
    pdf = FPDF(format=PAGE_MM)
    pdf.set_margins(8, 8, 8)
    pdf.set_auto_page_break(auto=True, margin=8)
    pdf.set_title(text.title)
    pdf.set_creator("hall-kiosk")
    pdf.add_page()
    pdf.add_font("NotoSansCJK", fname=CJK_FONT, collection_font_number=CJK_FONT_SC)

    def block(value: str, size: float, align: str = "L", height: float = 5.0) -> None:
        pdf.set_font("NotoSansCJK", size=size)
        pdf.multi_cell(0, height, value, align=align, new_x="LMARGIN", new_y="NEXT")

    block(text.hall, 11, "C", 6)
    block(text.title, 14, "C", 8)
    pdf.ln(2)
    for line in (text.number, text.member, text.date):
        block(line, 9)
    pdf.ln(2)
    block(text.next_title, 10)
    block(text.next, 8.5, height=4.5)
    pdf.ln(1)
    block(text.follow_title, 10)
    block(text.follow, 8.5, height=4.5)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(slip.application_no)
    image = io.BytesIO()
    code.make_image().save(image)
    side = 30.0
    pdf.ln(2)
    pdf.image(image, x=(PAGE_MM[0] - side) / 2, w=side, h=side)
    block(slip.application_no, 9, "C")
    block(text.scan, 7.5, "C", 4)
    return bytes(pdf.output())
