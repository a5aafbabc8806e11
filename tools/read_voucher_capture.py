"""Read an e-voucher QR code from a capture of a real terminal.

    tmux capture-pane -p -e -t SESSION > capture.ans
    .venv/bin/python tools/read_voucher_capture.py capture.ans | .venv/bin/kiosk voucher verify -

Rebuilds the picture from the half blocks and their colours (two modules a cell), as a
phone camera would see the screen, and decodes it with zxing-cpp.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import zxingcpp
from PIL import Image

SGR = re.compile(r"\x1b\[([0-9;]*)m")
SCALE = 6


def _luma(colour: tuple[int, int, int] | None, default: int) -> int:
    if colour is None:
        return default
    r, g, b = colour
    return 0 if (r + g + b) < 384 else 255


def _apply(params: list[int], fg, bg):
    i = 0
    while i < len(params):
        code = params[i]
        if code == 0:
            fg = bg = None
        elif code in (38, 48) and i + 1 < len(params):
            if params[i + 1] == 2 and i + 4 < len(params):
                colour = tuple(params[i + 2 : i + 5])
                i += 4
            elif params[i + 1] == 5 and i + 2 < len(params):
                n = params[i + 2]
                colour = (
                    (0, 0, 0)
                    if n in (0, 16)
                    else (255, 255, 255)
                    if n in (15, 231)
                    else ((128, 128, 128))
                )
                i += 2
            else:
                colour = None
            if code == 38:
                fg = colour
            else:
                bg = colour
        elif code == 30:
            fg = (0, 0, 0)
        elif code == 37 or code == 97:
            fg = (255, 255, 255)
        elif code == 40:
            bg = (0, 0, 0)
        elif code == 47 or code == 107:
            bg = (255, 255, 255)
        i += 1
    return fg, bg


def picture(capture: str) -> Image.Image:
    rows: list[list[int]] = []
    for line in capture.splitlines():
        fg = bg = None
        top: list[int] = []
        bottom: list[int] = []
        pos = 0
        for match in SGR.finditer(line + "\x1b[m"):
            for ch in line[pos : match.start()]:
                if ch == "▀":
                    top.append(_luma(fg, 255))
                    bottom.append(_luma(bg, 0))
                else:
                    top.append(255)
                    bottom.append(255)
            params = [int(p) for p in match.group(1).split(";") if p] or [0]
            fg, bg = _apply(params, fg, bg)
            pos = match.end()
        rows += [top, bottom]
    width = max(len(r) for r in rows)
    image = Image.new("L", (width * SCALE, len(rows) * SCALE), 255)
    for y, row in enumerate(rows):
        for x, shade in enumerate(row):
            if shade == 0:
                image.paste(0, (x * SCALE, y * SCALE, (x + 1) * SCALE, (y + 1) * SCALE))
    return image


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    found = zxingcpp.read_barcodes(picture(text))
    if not found:
        sys.exit("no QR code found in the capture")
    print(found[0].text)


if __name__ == "__main__":
    main()
