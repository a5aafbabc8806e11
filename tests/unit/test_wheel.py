"""A plain `pip install .` (not only -e) carries the stylesheet and the catalogs."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import asyncio, sys
from pathlib import Path
from kiosk.ui.app import stylesheet_path
import kiosk
where = Path(kiosk.__file__).parent
assert where.parent == Path(sys.argv[1]), where
assert stylesheet_path() == where / "kiosk.tcss", stylesheet_path()
from kiosk.config import Config
from kiosk.ui import make_app
async def main():
    app = make_app(Config(database=Path(sys.argv[1]) / "k.db", language="es"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        actions = app.screen.query_one("#welcome-actions")
        assert actions.size.width == 44, actions.size  # a width only kiosk.tcss sets
        assert str(app.screen.query_one("#log-in").label) == "Iniciar sesión"
asyncio.run(main())
print("ok")
"""


@pytest.mark.slow
def test_the_built_wheel_runs_with_its_stylesheet(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = (tmp_path / "dist").glob("hall_kiosk-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kiosk/kiosk.tcss" in names
    assert {"kiosk/i18n/zh.toml", "kiosk/i18n/en.toml", "kiosk/i18n/es.toml"} <= set(names)
    # `kiosk serve`'s page and what it loads travel with the package (nothing from outside).
    assert {
        "kiosk/web/templates/kiosk.html",
        "kiosk/web/static/js/textual.js",
        "kiosk/web/static/css/xterm.css",
        "kiosk/web/static/NOTICE.md",
    } <= set(names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(unpacked)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(unpacked), "PATH": ""},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
