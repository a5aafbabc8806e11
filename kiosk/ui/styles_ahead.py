"""The widgets' own CSS parsed before anyone taps (issue 16).

Textual parses a widget class's DEFAULT_CSS when the first widget of that class is mounted,
and parses a base class's CSS again whenever a subclass at another depth comes (Button's
7 KB for a plain Button after TrButtons: the tie-breaker is part of the cache key). So the
first visit to a screen with a new kind of widget paid 5-12 ms of parsing in its tap, and
with `kiosk serve` every connection is a new process: every first visit. Here the CSS of
every widget class imported so far (the screens are imported ahead: routes.prewarm) is
parsed in a thread, with the app's CSS variables, and put into the stylesheet's parse
cache on the app's thread: what Textual would have parsed, found there instead.

The cache (Stylesheet._parse_cache, an LRU of 64 entries) and DOMNode._get_default_css
are Textual internals (8.2); tests/ui/test_styles_ahead.py checks that the cache is
used, and the snapshots that every screen looks the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import SimpleNamespace
from typing import Any

from textual.css.parse import parse
from textual.css.stylesheet import Stylesheet
from textual.css.tokenize import tokenize_values
from textual.dom import DOMNode
from textual.widget import Widget

# Room for every variant the kiosk's widgets have (about 80) and the app's own sheet.
CACHE_SIZE = 256

Parsed = dict[tuple[Any, ...], list[Any]]


def _subclasses(cls: type[Widget]) -> Iterator[type[Widget]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def widget_classes() -> set[type[Widget]]:
    """The kiosk's widget and screen classes and Textual's, as far as they are imported."""
    return {c for c in _subclasses(Widget) if c.__module__.startswith(("kiosk.", "textual."))}


def parse_ahead(variables: Mapping[str, str]) -> Parsed:
    """Each class's default CSS parsed as Stylesheet.parse() would, keyed as its cache is."""
    tokens = tokenize_values(dict(variables))
    parsed: Parsed = {}
    for cls in widget_classes():
        bases = SimpleNamespace(_node_bases=cls._css_bases(cls))
        for read_from, css, tie_breaker, scope in DOMNode._get_default_css(bases):  # type: ignore[arg-type]
            key = (css, read_from, True, tie_breaker, scope)
            if key not in parsed:
                parsed[key] = list(
                    parse(
                        scope,
                        css,
                        read_from,
                        variable_tokens=tokens,
                        is_default_rules=True,
                        tie_breaker=tie_breaker,
                    )
                )
    return parsed


def keep(sheet: Stylesheet, parsed: Parsed, variables: Mapping[str, str]) -> bool:
    """Put what parse_ahead() made into the app's parse cache; not when the CSS variables
    changed meanwhile (a theme switch: the cache was cleared and these are stale)."""
    if dict(sheet._variables) != dict(variables):
        return False
    cache = sheet._parse_cache
    cache.grow(CACHE_SIZE)
    for key, rules in parsed.items():
        if key not in cache:
            cache[key] = rules
    return True
