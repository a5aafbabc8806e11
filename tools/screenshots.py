"""Save screenshots of the kiosk's screens (SVG from Textual, PNG through cairosvg).

    .venv/bin/python tools/screenshots.py [OUT_DIR] [--only=citizen|staff] [--lang=zh|en|es]

Drives the real app with Pilot at 100x40 and 80x24, in every language (or the one named),
each language and size over its own throwaway demo database: the staff pass resets the
demo holder's password, so a shared database would lock the next pass out.
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
from kiosk.demo.builder import demo_accounts
from kiosk.ui import make_app

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


async def shoot(db: Path, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    app = make_app(Config(database=db, language=lang))
    saved = []
    async with app.run_test(size=size) as pilot:

        async def save(name: str) -> None:
            await pilot.pause()
            stem = f"{name}-{lang}-{size[0]}x{size[1]}"
            svg = app.save_screenshot(filename=f"{stem}.svg", path=str(out))
            svg_to_png(Path(svg), out / f"{stem}.png")
            saved.append(out / f"{stem}.png")

        await save("welcome")
        await pilot.click("#other-ways")
        await save("other-ways")
        app.last_input -= app.config.idle.timeout_seconds + 3
        await app.tick_idle()
        await save("idle")
        await pilot.press("space")
        await pilot.click("#back")
        await pilot.click("#activate")
        await save("activate")
        await pilot.click("#back")
        await pilot.click("#log-in")
        await pilot.click("#submit")
        await save("login-errors")
        holder = demo_accounts(app.terminal.store)[1]
        app.screen.query_one("#id_number").value = holder.id_number
        app.screen.query_one("#password").value = holder.password
        await pilot.click("#submit")
        await pilot.pause(1.5)
        await save("home")
        await pilot.click("#records")
        await pilot.pause(0.5)
        await save("records")
        await pilot.click("#back")
        await pilot.click("#change-password")
        await save("change-password")
    return saved


async def shoot_staff(db: Path, out: Path, lang: str, size: tuple[int, int]) -> list[Path]:
    """A supervisor's desk: search, one citizen, a reset, the review and the audit log."""
    from kiosk.demo.builder import DEMO_STAFF
    from kiosk.services.accounts import CitizenSession
    from tests.unit.test_family_submit import submit, unlinked_person

    app = make_app(Config(database=db, language=lang, mode="staff"))
    holder = demo_accounts(app.terminal.store)[1]
    if app.terminal.store.db["enrollments"].count == 0:
        child = unlinked_person(app.terminal, holder, younger_than="2016-01-01")
        session = CitizenSession(holder.id_number, holder.name, "")
        submit(app.terminal, session, child, password=holder.password)
    saved = []
    async with app.run_test(size=size) as pilot:

        async def save(name: str, pause: float = 0.3) -> None:
            await pilot.pause(pause)
            stem = f"staff-{name}-{lang}-{size[0]}x{size[1]}"
            svg = app.save_screenshot(filename=f"{stem}.svg", path=str(out))
            svg_to_png(Path(svg), out / f"{stem}.png")
            saved.append(out / f"{stem}.png")

        await save("login")
        staff_id, _, _, password = DEMO_STAFF[1]
        app.screen.query_one("#staff_id").value = staff_id
        app.screen.query_one("#password").value = password
        await pilot.click("#submit")
        await pilot.pause(1.5)
        app.screen.query_one("#query").value = holder.name[:1]
        await pilot.press("enter")
        await save("desk", 1.0)
        app.screen.query_one("#query").value = holder.id_number
        app.screen.query_one("#query").focus()
        await pilot.press("enter")
        await pilot.pause(1.0)
        await pilot.press("enter")
        await save("citizen", 0.8)
        await pilot.click("#reset")
        await save("confirm-reset")
        await pilot.click("#confirm")
        await save("temporary-password", 1.5)
        await pilot.click("#done")
        await pilot.click("#reveal")
        await save("reveal")
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.click("#review")
        await save("review-queue", 1.0)
        await pilot.press("enter")
        await save("review-application", 1.5)
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.click("#audit")
        await save("audit-log", 1.0)
    return saved


async def main(out: Path, only: str | None, langs: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        for size in SIZES:
            # A fresh demo database for every pass: the staff pass resets the demo
            # holder's password, which the next citizen pass logs in with.
            with tempfile.TemporaryDirectory() as tmp:
                db = Path(tmp) / "kiosk.db"
                paths = [] if only == "staff" else await shoot(db, out, lang, size)
                if only != "citizen":
                    paths += await shoot_staff(db, out, lang, size)
            for path in paths:
                print(path)


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
    return parser.parse_args()


if __name__ == "__main__":
    args = arguments()
    asyncio.run(main(args.out, args.only, [args.lang] if args.lang else LANGS))
