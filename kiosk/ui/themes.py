"""The kiosk's two themes: the everyday one and the large, high-contrast one.

Both are chosen so every text/background pair the stylesheet uses is readable: at
least 4.5:1 (WCAG AA) for the high-contrast theme throughout, and for body and helper
text in the everyday theme (tests/unit/test_contrast.py computes the ratios from the
colours these themes generate).
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "kiosk"
HIGH_CONTRAST_THEME = "kiosk-high-contrast"

THEMES = (
    # Textual's dark theme with a deeper blue and red, so light text on the top bar and on
    # primary and error buttons reads at 4.5:1, and helper text a step brighter.
    Theme(
        name=DEFAULT_THEME,
        primary="#00599C",
        secondary="#004578",
        accent="#ffa62b",
        warning="#ffa62b",
        error="#B03A57",
        success="#4EBF71",
        foreground="#e0e0e0",
        variables={"text-muted": "auto 75%"},
    ),
    # White on black, yellow for what acts (the top bar, primary buttons, the table
    # cursor) with black text on it, and helper text nearly as bright as body text.
    Theme(
        name=HIGH_CONTRAST_THEME,
        primary="#FFE600",
        secondary="#00E5FF",
        accent="#00E5FF",
        warning="#FFB000",
        error="#FF7070",
        success="#3DDC84",
        foreground="#FFFFFF",
        background="#000000",
        surface="#262626",
        panel="#262626",
        variables={
            "text": "auto 100%",
            "text-muted": "auto 90%",
            "button-foreground": "#FFFFFF",
            "border": "#00E5FF",
        },
    ),
)
