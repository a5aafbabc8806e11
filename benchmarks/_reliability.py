"""Where the reliability figures go (docs/reliability.md), beside the benchmarks."""

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "reliability.md"
HEAD = """# Reliability

What was tried against the kiosk, how many times, what was lost, and the command
that reproduces each line. The fast versions of these run in the README's test
command; the long runs below are scripts with their own command.
"""
