"""The moment a frame is drawn, for benchmarks that drive the app with Pilot (headless).

`until_painted(app, done)` waits until the first frame the app's screen draws once `done()`
holds, and returns the wall time and the app thread's CPU time until then. The frame is
caught where Textual makes it (`Screen._compositor_refresh`, private: there is no public
hook; headless, the frame is made and not written anywhere). Waiting for
`call_after_refresh` instead would also count the callbacks queued before it (a screen
being taken apart after the frame, say), which the person at the terminal never waits for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.screen import Screen

_watchers: list[Callable[[Screen], None]] = []
_original = Screen._compositor_refresh


def _compositor_refresh(self: Screen) -> None:
    _original(self)
    for watcher in list(_watchers):
        watcher(self)


Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]


async def until_painted(app: Any, done: Callable[[], Any]) -> tuple[float, float]:
    """(wall, CPU) seconds from now to the first frame of the app's screen after `done()`."""
    start, cpu = time.perf_counter(), time.thread_time()
    drawn = asyncio.Event()
    marks: list[tuple[float, float]] = []

    def watch(screen: Screen) -> None:
        if not marks and screen is app.screen and done():
            marks.append((time.perf_counter() - start, time.thread_time() - cpu))
            drawn.set()

    _watchers.append(watch)
    try:
        await drawn.wait()
    finally:
        _watchers.remove(watch)
    return marks[0]
