"""File watching (watchfiles) and the hub that tells every open page that something changed."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import Callable

# Changes are handed on once the folder has been quiet for STEP_MS, and at the latest after DEBOUNCE_MS:
# a save shows on the page within about half a second.
STEP_MS = 50
DEBOUNCE_MS = 300


class Hub:
    """A counter of changes and the names that changed last; waiters wake on every change."""

    def __init__(self) -> None:
        self.version = 0
        self.closing = False
        self._changed: list[str] = []
        self._condition: asyncio.Condition | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _cond(self) -> asyncio.Condition:
        if self._condition is None:
            self._condition = asyncio.Condition()
            self._loop = asyncio.get_running_loop()
        return self._condition

    async def publish(self, names: list[str]) -> None:
        async with self._cond():
            self.version += 1
            self._changed = names
            self._cond().notify_all()

    async def wait(self, seen: int, timeout: float) -> list[str] | None:
        """The names changed since version `seen`, or None after `timeout` seconds without a change."""
        cond = self._cond()
        async with cond:
            try:
                await asyncio.wait_for(cond.wait_for(lambda: self.version != seen or self.closing), timeout)
            except asyncio.TimeoutError:
                return None
            return [] if self.closing else list(self._changed)

    def close(self) -> None:
        """End every wait (and so every open event stream), from any thread or a signal handler."""
        self.closing = True
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self._wake()))

    async def _wake(self) -> None:
        async with self._cond():
            self._cond().notify_all()


async def watch(path: Path, recursive: bool, hub: Hub, changed: Callable[[set[str]], list[str]]) -> None:
    """Publish what `changed` makes of every batch of changed paths under `path`, until cancelled.

    Where the system's notifications fail (too many watches, a network drive), the folder is polled instead."""
    from watchfiles import awatch

    for polling in (False, True):
        try:
            async for batch in awatch(path, recursive=recursive, debounce=DEBOUNCE_MS, step=STEP_MS,
                                      force_polling=polling, poll_delay_ms=300, ignore_permission_denied=True):
                names = changed({p for _, p in batch})
                if names:
                    await hub.publish(names)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure of the notifier: fall back to polling
            if polling:
                print(f"authoring: 无法监视 {path} 的变化（{exc}）；保存后请手动刷新页面", file=sys.stderr)
                return
            logging.getLogger(__name__).debug("watching %s failed (%s); polling instead", path, exc)
