"""The holder's handwritten signature on the commitment letter, and what binds them.

A signature is a list of strokes; a stroke a list of points (x, y in braille dots,
2 across and 4 down per terminal cell,
t in milliseconds since the pad was opened). The signing digest covers the letter's
SHA-256, the strokes, the holder and the time, so changing any of them after the fact
shows (Electronic Signature Law, art. 13).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

Point = tuple[float, float, int]
Strokes = Sequence[Sequence[Point]]

MIN_POINTS = 12
MIN_WIDTH = 8.0  # dots (4 cells): a dot or a short dash is not a signature
MIN_HEIGHT = 2.0


def check_signature(strokes: Strokes) -> str | None:
    """The catalog key of what is wrong with a signature, or None."""
    points = [point for stroke in strokes for point in stroke]
    if not points:
        return "signature.empty"
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if len(points) < MIN_POINTS or max(xs) - min(xs) < MIN_WIDTH or max(ys) - min(ys) < MIN_HEIGHT:
        return "signature.trivial"
    return None


def canonical(strokes: Strokes) -> str:
    """One fixed text for the strokes: what is stored and what is hashed."""
    return json.dumps(
        [[[round(x, 2), round(y, 2), int(t)] for x, y, t in stroke] for stroke in strokes],
        separators=(",", ":"),
    )


def parse_strokes(text: str) -> list[list[Point]]:
    return [[(float(x), float(y), int(t)) for x, y, t in stroke] for stroke in json.loads(text)]


def signing_digest(
    letter_sha256: str,
    strokes_text: str,
    holder_id: str,
    signed_at: str,
    countersigned_by: str = "",
) -> str:
    """SHA-256 over everything the holder signed (and who countersigned), in a fixed encoding."""
    fields = {
        "letter": letter_sha256,
        "strokes": strokes_text,
        "holder": holder_id,
        "at": signed_at,
    }
    if countersigned_by:  # kiosk submissions keep the digest they always had
        fields["countersigned_by"] = countersigned_by
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def letter_sha256(text: str) -> str:
    """The hash kept with a commitment letter: over its exact UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
