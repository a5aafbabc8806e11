"""Untrusted text: what may be kept of a name, a reason or a file name."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (Unicode category Cc, where every escape sequence starts), and
# the bidi embeddings, overrides and isolates that can make a name read differently
# from what is stored.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile("[\t\r\n]")


def strip_controls(value: str) -> str:
    """Drop C0/C1 control characters (escape sequences start with them) and bidi controls.

    Tabs and newlines become spaces so a pasted value stays on one line.
    """
    return _CONTROLS.sub("", _SPACES.sub(" ", value))


_SHORT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_controls(value: str) -> str:
    """Untrusted text shown as it is, on one line, unable to steer a terminal: control
    characters (C0, DEL, C1), format characters (bidi controls among them), line and
    paragraph separators and lone surrogates become escapes (ESC is the four characters
    `\\x1b`); a backslash is doubled, so an escape cannot be faked."""
    out = []
    for ch in value:
        if ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return "".join(out)


def same_name(typed: str, registered: str) -> bool:
    """A typed name matches the registry's: controls, spacing, width and case aside."""

    def fold(value: str) -> str:
        return unicodedata.normalize("NFKC", clean_name(value)).casefold()

    return bool(fold(typed)) and fold(typed) == fold(registered)


def clean_name(value: str) -> str:
    """A person's name as stored: controls stripped, NFC, inner spaces kept single."""
    if (
        value.isprintable()  # no controls, and no whitespace but the ASCII space
        and "  " not in value
        and not value.startswith(" ")
        and not value.endswith(" ")
        and unicodedata.is_normalized("NFC", value)
    ):
        return value  # already as stored: the usual registry row, at a fraction of the cost
    return " ".join(unicodedata.normalize("NFC", strip_controls(value)).split())


MIN_REASON, MAX_REASON = 4, 200


def clean_reason(value: str) -> str:
    """A staff member's reason (a rejection, a revealed ID) on one line, controls stripped."""
    return " ".join(strip_controls(value).split())


def reason_length(reason: str) -> str | None:
    """ "short" or "long" when a cleaned reason is outside 4 to 200 characters."""
    if len(reason) < MIN_REASON:
        return "short"
    return "long" if len(reason) > MAX_REASON else None
