"""The translation catalog: one TOML file per language, keyed by dotted names.

TOML rather than gettext .po/.mo: tomllib is in the standard library, there is no
compile step to forget before a release, and a missing key is a set difference
that a test checks (tests/unit/test_catalog.py).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = {"zh": "中文", "en": "English", "es": "Español"}
FALLBACK = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    """All messages of one language, keyed by dotted name."""
    if language not in LANGUAGES:
        raise KeyError(language)
    # Beside this module, installed or not (the wheel ships them). Not importlib.resources:
    # importing it (and zipfile) cost 2.5 ms of every kiosk's start-up (issue 16).
    text = Path(__file__).with_name(f"{language}.toml").read_text("utf-8")
    return _flatten(tomllib.loads(text))


def translate(language: str, key: str, **values: object) -> str:
    """The message for `key` in `language`, with {placeholders} filled in.

    Values are inserted as they are; callers show the result as plain text, never
    as markup, so a name holding `[bold]` stays literal.
    """
    message = catalog(language).get(key) or catalog(FALLBACK).get(key)
    if message is None:
        raise KeyError(key)
    return message.format(**values) if values else message
