"""WCAG contrast of the kiosk's themes (issue 13, item 14), computed from the colours each
theme generates (the CSS variables the stylesheet and Textual's widgets draw with).

The large, high-contrast theme: every text/background pair the kiosk uses at 4.5:1 at
least (WCAG AA). The everyday theme: body text and helper text at 4.5:1 too.
"""

from __future__ import annotations

import pytest
from textual.color import Color

from kiosk.ui import make_app

AA = 4.5
HIGH_CONTRAST = "kiosk-high-contrast"


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def ratio(a: Color, b: Color) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_gives_the_known_ratios():
    assert ratio(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert ratio(Color(118, 118, 118), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert ratio(Color(18, 18, 18), Color(18, 18, 18)) == pytest.approx(1.0)


def background(variables: dict[str, str], spec: str) -> Color:
    """A background: a variable, or "variable + variable N%" for a tint over it."""
    base, _, tint = spec.partition(" + ")
    color = Color.parse(variables[base])
    if tint:
        name, percent = tint.split()
        color = color.blend(Color.parse(variables[name]), float(percent.rstrip("%")) / 100)
    return color


def text(variables: dict[str, str], name: str, under: Color) -> Color:
    """A text colour as drawn over `under`: "auto N%" picks black or white, and any
    transparency is blended with what is under it, as Textual does."""
    value = variables[name].strip()
    if value.startswith("auto"):
        _, _, alpha = value.partition(" ")
        color = under.get_contrast_text(float(alpha.rstrip("%")) / 100 if alpha else 1.0)
    else:
        color = Color.parse(value)
    return under + color if color.a < 1 else color


# (text variable, background, where the kiosk draws it)
BODY = [
    ("foreground", "background", "body text"),
    ("foreground", "surface", "text in fields, tables and dialogs"),
    ("text", "background", "text"),
    ("text", "surface", "text on surfaces"),
    ("text-muted", "background", "helper text: hints, notes, card labels, tabs not shown"),
    ("text-muted", "surface", "helper text in dialogs"),
    ("text", "primary", "the top bar: the hall's name"),
    ("text-muted", "primary", "the top bar: the terminal"),
]
EVERYTHING = BODY + [
    ("foreground", "panel", "table headers"),
    ("accent", "background", "titles"),
    ("text-error", "background", "error messages"),
    ("text-error", "surface", "error messages in dialogs"),
    ("text-success", "background", "success messages"),
    ("text-warning", "background", "warnings (a card that is not active)"),
    ("text-warning", "surface", "warnings in dialogs"),
    ("button-foreground", "surface", "a button"),
    ("button-foreground", "surface + foreground 5%", "a focused button (shown reversed)"),
    ("button-color-foreground", "primary", "a primary button"),
    ("button-color-foreground", "success", "a success button"),
    ("button-color-foreground", "warning", "a warning button"),
    ("button-color-foreground", "error", "an error button"),
    ("text", "accent", "the current language's button"),
    ("block-cursor-foreground", "block-cursor-background", "the table and list cursor"),
    ("input-cursor-foreground", "input-cursor-background", "the text cursor"),
]


def low(variables: dict[str, str], pairs) -> list[str]:
    found = []
    for fore, back, where in pairs:
        under = background(variables, back)
        value = ratio(text(variables, fore, under), under)
        if value < AA:
            found.append(f"{where}: ${fore} on ${back} is {value:.2f}:1")
    return found


def theme_variables(app, name: str | None = None) -> dict[str, str]:
    """The CSS variables a theme generates, as App.get_css_variables builds them."""
    theme = app.current_theme if name is None else app.get_theme(name)
    assert theme is not None, f"no theme {name!r}"
    return {
        **app.get_theme_variable_defaults(),
        **theme.to_color_system().generate(),
        **theme.variables,
    }


def test_every_pair_of_the_high_contrast_theme_reaches_aa(config):
    app = make_app(config)
    assert low(theme_variables(app, HIGH_CONTRAST), EVERYTHING) == []


def test_body_and_helper_text_of_the_default_theme_reach_aa(config):
    app = make_app(config)
    assert low(theme_variables(app), BODY) == []


def test_the_default_theme_buttons_reach_aa_too(config):
    app = make_app(config)
    assert low(theme_variables(app), EVERYTHING) == []
