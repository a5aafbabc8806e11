"""Write one benchmark's section into docs/benchmarks.md, keeping the others."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEAD = "# Benchmarks\n\nFigures from one run each, on the project's 2-core machine. Each section\nnames the command that produced it; rerun it to refresh the section.\n"


def write_section(name: str, body: str, doc: Path = DOC, head: str = HEAD) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else head
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _: block, text) if pattern.search(text) else text + "\n" + block + "\n"
    )
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text, encoding="utf-8")
