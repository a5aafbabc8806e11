"""Untrusted text: what may be kept of a name, a reason or a file name."""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides and isolates can make a name read differently from
# what is stored; they have no place in a registry name.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def strip_controls(value: str) -> str:
    """Drop C0/C1 control characters (escape sequences start with them) and bidi controls.

    Tabs and newlines become spaces so a pasted value stays on one line.
    """
    kept = []
    for ch in value:
        if ch in "\t\r\n":
            kept.append(" ")
        elif unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS:
            continue
        else:
            kept.append(ch)
    return "".join(kept)


def clean_name(value: str) -> str:
    """A person's name as stored: controls stripped, NFC, inner spaces kept single."""
    return " ".join(unicodedata.normalize("NFC", strip_controls(value)).split())
