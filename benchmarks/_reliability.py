"""Where the reliability figures go (docs/reliability.md), beside the benchmarks."""

from pathlib import Path

from kiosk.demo.builder import fill_demo_registry
from kiosk.services.database import open_database

DOC = Path(__file__).resolve().parent.parent / "docs" / "reliability.md"
HEAD = """# Reliability

What was tried against the kiosk, how many times, what was lost, and the command
that reproduces each line. The fast versions of these run in the README's test
command; the long runs below are scripts with their own command.
"""


def demo_file(folder: str, people: int) -> Path:
    """A fresh demo database in `folder` for a harness to work on."""
    path = Path(folder) / "kiosk.db"
    store = open_database(path, create=True)
    fill_demo_registry(store, people=people)
    store.close()
    return path
