"""Signature checks for the screens (the UI does not import the domain itself)."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.domain.signature import check_signature


def signature_problem(strokes: Sequence[Sequence[tuple[float, float, int]]]) -> str | None:
    """The catalog key of what is wrong with a drawn signature, or None."""
    return check_signature(strokes)
