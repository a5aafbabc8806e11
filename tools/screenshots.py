"""Save screenshots of the kiosk's screens (SVG from Textual, PNG through cairosvg).

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--only=citizen|staff] [--lang=zh|en|es]
                                          [--screen=NAME]

Drives the real app with Pilot through the screen tour the snapshot tests use
(tests/ui/tour.py: every screen a citizen or a clerk can reach, by name), at 100x40 and
80x24, in every language (or the one named). Each language and size has its own throwaway
demo database, and each screen its own copy of it, with the data that screen needs.
The README's picture is docs/screenshots/welcome-en-100x40.png.

PNG goes through headless Chromium when it is installed, else through cairosvg, which
draws each text run in the first font family only: the SVG's font list then starts with
a CJK monospace font (Debian's fonts-noto-cjk), or Chinese would be drawn as boxes.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from kiosk.config import Config
from kiosk.ui import make_app
from tests.conftest import FakeClock
from tests.ui.tour import SCREENS, Stop, copy_database, prepare, settle

SIZES = [(100, 40), (80, 24)]
LANGS = ["zh", "en", "es"]
CJK_FONT = "Noto Sans Mono CJK SC"  # apt-get install fonts-noto-cjk


def svg_to_png(svg: Path, png: Path) -> None:
    """Headless Chromium when present (it falls back to a CJK font), else cairosvg."""
    chromium = shutil.which("chromium")
    if chromium is None:
        import cairosvg

        text = svg.read_text(encoding="utf-8")
        text = re.sub(r"font-family:\s*", f'font-family: "{CJK_FONT}", ', text)
        cairosvg.svg2png(bytestring=text.encode("utf-8"), write_to=str(png))
        return
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text(encoding="utf-8"))
    width, height = (int(float(v)) + 1 for v in match.groups()) if match else (1200, 1000)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                svg.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )


async def shoot(
    template: Path, work: Path, out: Path, stop: Stop, lang: str, size: tuple[int, int]
) -> Path:
    """One screen of the tour, over its own copy of the pass's demo database."""
    database = work / stop.name / "kiosk.db"
    copy_database(template, database)
    app = make_app(Config(database=database, language=lang, mode=stop.mode), clock=FakeClock())
    prepare(app, stop.needs)
    async with app.run_test(size=size) as pilot:
        await stop.reach(pilot)
        await settle(pilot)
        stem = f"{stop.name}-{lang}-{size[0]}x{size[1]}"
        svg = app.save_screenshot(filename=f"{stem}.svg", path=str(out))
    app.terminal.close()
    svg_to_png(Path(svg), out / f"{stem}.png")
    return out / f"{stem}.png"


async def main(out: Path, only: str | None, langs: list[str], screen: str | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stops = [
        stop
        for stop in SCREENS.values()
        if (screen is None or stop.name == screen) and (only is None or stop.mode == only)
    ]
    for lang in langs:
        for size in SIZES:
            # A fresh demo database for every language and size, and a copy of it for
            # every screen: a screen's data (an application, a reset password, a damaged
            # file) never shows on another.
            with tempfile.TemporaryDirectory() as tmp:
                template = Path(tmp) / "template" / "kiosk.db"
                make_app(Config(database=template, language=lang)).terminal.close()
                for stop in stops:
                    print(await shoot(template, Path(tmp), out, stop, lang, size), flush=True)


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
        choices=list(SCREENS),
        metavar="NAME",
        help="one screen of the tour only: " + ", ".join(SCREENS),
    )
    return parser.parse_args()


if __name__ == "__main__":
    args = arguments()
    asyncio.run(main(args.out, args.only, [args.lang] if args.lang else LANGS, args.screen))
