"""Save screenshots of the kiosk's screens (SVG from Textual, PNG through cairosvg).

    .venv/bin/python tools/screenshots.py [OUT_DIR]

Drives the real app with Pilot over a throwaway demo database, at 100x40 and 80x24,
in every language. The README's picture is docs/screenshots/welcome-en-100x40.png.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import cairosvg

from kiosk.config import Config
from kiosk.ui import make_app

SIZES = [(100, 40), (80, 24)]
LANGS = ["zh", "en", "es"]


async def shoot(db: Path, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    app = make_app(Config(database=db, language=lang))
    saved = []
    async with app.run_test(size=size) as pilot:

        async def save(name: str) -> None:
            await pilot.pause()
            stem = f"{name}-{lang}-{size[0]}x{size[1]}"
            svg = app.save_screenshot(filename=f"{stem}.svg", path=str(out))
            cairosvg.svg2png(url=svg, write_to=str(out / f"{stem}.png"), output_width=size[0] * 12)
            saved.append(out / f"{stem}.png")

        await save("welcome")
        await pilot.click("#other-ways")
        await save("other-ways")
        await pilot.click("#back")
        app.last_input -= app.config.idle.timeout_seconds + 3
        app.language = "es" if lang != "es" else "zh"
        app.language = lang
        await app.tick_idle()
        await save("idle")
    return saved


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kiosk.db"
        for lang in LANGS:
            for size in SIZES:
                for path in await shoot(db, out, lang, size):
                    print(path)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")))
