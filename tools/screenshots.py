"""Save screenshots of the kiosk's screens (SVG from Textual, PNG through cairosvg).

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--only=citizen|staff] [--lang=zh|en|es]
                                          [--screen=NAME ...] [--size=100x40|80x24] [--large]

Drives the real app with Pilot through the screen tour the snapshot tests use
(tests/ui/tour.py: every screen a citizen or a clerk can reach, by name), at 100x40 and
80x24, in every language (or the one named). Each language and size has its own throwaway
demo database, and each screen its own copy of it, with the data that screen needs.
--large shoots the large high-contrast mode (files named ...-large.png). The README's
pictures are docs/screenshots/{welcome,home,family-confirm,voucher}-en-100x40[-large].png.

PNG goes through cairosvg, which draws each text run in one font only, with no
fallback: each run gets a font that has its
characters (a CJK monospace font from Debian's fonts-noto-cjk for Chinese, DejaVu Sans Mono
for the rest, DejaVu Sans for the signature pad's Braille dots), or they would be boxes.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import tempfile
from pathlib import Path

from kiosk.config import Config
from kiosk.ui import make_app
from tests.conftest import FakeClock
from tests.ui.tour import SCREENS, Stop, copy_database, prepare, printer_config, settle

SIZES = [(100, 40), (80, 24)]
LANGS = ["zh", "en", "es"]
CJK_FONT = "Noto Sans Mono CJK SC"  # apt-get install fonts-noto-cjk
LATIN_FONT = "DejaVu Sans Mono"  # fonts-dejavu-core: its block elements are one cell wide
DOTS_FONT = "DejaVu Sans"  # has the Braille patterns the signature pad draws with
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
BRAILLE = re.compile(r"[\u2800-\u28ff]")


def fonts_per_run(svg_text: str) -> str:
    """An inline font for each <text> run, chosen by the characters it holds."""

    def one(match: re.Match[str]) -> str:
        start, content = match.groups()
        chars = html.unescape(content)
        font = CJK_FONT if CJK.search(chars) else DOTS_FONT if BRAILLE.search(chars) else LATIN_FONT
        return f"{start} style=\"font-family: '{font}'\">{content}</text>"

    return re.sub(r"(<text\b[^>]*?)>([^<]*)</text>", one, svg_text)


def svg_to_png(svg: Path, png: Path) -> None:
    """Through cairosvg, with a font per text run. (Headless Chromium drew each Chinese
    character of an SVG run at its own width, not the cell's: the letters overlapped.)"""
    import cairosvg

    text = fonts_per_run(svg.read_text(encoding="utf-8"))
    cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png))


async def shoot(
    template: Path,
    work: Path,
    out: Path,
    stop: Stop,
    lang: str,
    size: tuple[int, int],
    large: bool = False,
) -> Path:
    """One screen of the tour, over its own copy of the pass's demo database."""
    database = work / stop.name / "kiosk.db"
    copy_database(template, database)
    printer = printer_config(stop, work / stop.name / "printouts")
    config = Config(database=database, language=lang, mode=stop.mode, printer=printer)
    app = make_app(config, clock=FakeClock())
    prepare(app, stop.needs)
    if large:
        app.set_high_contrast(True)
    async with app.run_test(size=size) as pilot:
        await stop.reach(pilot)
        await settle(pilot)
        stem = f"{stop.name}-{lang}-{size[0]}x{size[1]}" + ("-large" if large else "")
        svg = app.save_screenshot(filename=f"{stem}.svg", path=str(out))
    app.terminal.close()
    svg_to_png(Path(svg), out / f"{stem}.png")
    return out / f"{stem}.png"


async def main(
    out: Path,
    only: str | None,
    langs: list[str],
    screens: list[str] | None,
    sizes: list[tuple[int, int]],
    large: bool,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stops = [
        stop
        for stop in SCREENS.values()
        if (not screens or stop.name in screens) and (only is None or stop.mode == only)
    ]
    for lang in langs:
        for size in sizes:
            # A fresh demo database for every language and size, and a copy of it for
            # every screen: a screen's data (an application, a reset password, a damaged
            # file) never shows on another.
            with tempfile.TemporaryDirectory() as tmp:
                template = Path(tmp) / "template" / "kiosk.db"
                make_app(Config(database=template, language=lang)).terminal.close()
                for stop in stops:
                    shot = await shoot(template, Path(tmp), out, stop, lang, size, large)
                    print(shot, flush=True)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=Path("docs/screenshots"),
        help="where to write the SVG and PNG files (default docs/screenshots)",
    )
    parser.add_argument("--only", choices=["citizen", "staff"], help="one pass only")
    parser.add_argument("--lang", choices=LANGS, help="one language only")
    parser.add_argument(
        "--screen",
        action="append",
        choices=list(SCREENS),
        metavar="NAME",
        help="this screen of the tour only (repeat for more): " + ", ".join(SCREENS),
    )
    parser.add_argument(
        "--size", choices=[f"{w}x{h}" for w, h in SIZES], help="one terminal size only"
    )
    parser.add_argument("--large", action="store_true", help="in the large high-contrast mode")
    return parser.parse_args()


if __name__ == "__main__":
    args = arguments()
    sizes = [s for s in SIZES if args.size in (None, f"{s[0]}x{s[1]}")]
    langs = [args.lang] if args.lang else LANGS
    asyncio.run(main(args.out, args.only, langs, args.screen, sizes, args.large))
