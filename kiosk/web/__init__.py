"""The hall's terminals in a browser: `kiosk serve` over textual-serve.

Every browser connection gets its own `kiosk run` process over the one database file; the
page and everything it loads come from this package (templates/ and static/), never from
another host. static/NOTICE.md says what was taken from textual-serve and what changed.
"""
