"""What this terminal offers the screens: its configuration and its use cases.

The UI holds one Terminal and calls it; it never sees a database connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import Config, local_text
from kiosk.store import Store


@dataclass(frozen=True)
class HallInfo:
    """The hall's contact details in one language, for the "Other ways to check" screen."""

    name: str
    address: str
    counter_hours: str
    hotline: str
    website: str


class Terminal:
    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self._store = store

    def hall(self, language: str) -> HallInfo:
        hall = self.config.hall
        return HallInfo(
            name=local_text(hall.name, language),
            address=local_text(hall.address, language),
            counter_hours=local_text(hall.counter_hours, language),
            hotline=hall.hotline,
            website=hall.website,
        )

    def close(self) -> None:
        self._store.close()
