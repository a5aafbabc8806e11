"""`.ci/run` runs what the README's test command runs, and both require the browser."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"exactly what\n`.ci/run` does\):\n\n```sh\n(.+?)\n```", readme, re.S)
    assert block, "the README's test command moved"
    return block.group(1).strip()


def ci_command() -> str:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ")
    line = next(line for line in script.splitlines() if "pip install" in line)
    return " ".join(line.replace(" -q ", " ").split())


def test_ci_runs_the_readme_command():
    assert ci_command() == " ".join(readme_command().split())


def test_both_install_chromium_and_refuse_a_skipped_browser_test():
    for command in (readme_command(), ci_command()):
        assert command.startswith(".ci/install-chromium; ")
        assert "KIOSK_REQUIRE_BROWSER=1 .venv/bin/pytest" in command
