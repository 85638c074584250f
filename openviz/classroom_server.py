"""The kernel manager for the Voila classroom page: a cap on kernels, the closed pages' first.

Voila starts one kernel (~185 MB) per page load, and a load that never opens the page's
websocket (a ``curl``, a link preview, a tab closed while loading) leaves its kernel
behind until the culler finds it idle. ``python3 dev.py classroom`` culls idle kernels of
closed pages within two minutes and runs Voila with this manager, which also caps the
number of kernels: at the cap, a new page first shuts down the oldest kernels no page is
connected to, and only when every kernel has an open page is it refused, with a message.

Only ``jupyter_server`` is imported here: the server process stays small.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

__all__ = ["ClassroomKernelManager"]

#: A page connects its websocket a few seconds after its kernel ran the notebook: a kernel
#: that was active this recently may still get its page, and is never taken for room.
GRACE = timedelta(seconds=30)


class ClassroomKernelManager(AsyncMappingKernelManager):
    """A mapping kernel manager that never runs more than ``max_kernels`` kernels.

    Configure with ``--ClassroomKernelManager.max_kernels=N`` (or ``dev.py classroom
    --max-kernels N``); the culling options of ``MappingKernelManager`` apply as usual.
    """

    max_kernels = Integer(
        30,
        config=True,
        help="Most kernels running at once (one per open page); 0 for no limit.",
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # Pages load at the same time: room is made, and counted, one start at a time.
        self._room = asyncio.Lock()
        self._starting = 0

    async def start_kernel(self, *args, **kwargs) -> str:
        """Start a kernel, first making room by shutting down kernels of closed pages.

        Raises
        ------
        tornado.web.HTTPError
            503 when every kernel up to the cap belongs to an open page.
        """
        if self.max_kernels <= 0 or kwargs.get("kernel_id") is not None:
            return await super().start_kernel(*args, **kwargs)
        async with self._room:
            await self._make_room()
            if self._count() >= self.max_kernels:
                msg = (
                    f"The classroom server already runs {self.max_kernels} pages, its limit; "
                    "close a tab or try again in a few minutes."
                )
                raise web.HTTPError(503, msg)
            self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1

    def _count(self) -> int:
        """Kernels running or being started."""
        return len(self) + self._starting

    def unconnected(self) -> list[str]:
        """Return the ids of kernels no page is connected to, oldest activity first."""
        loose = [kid for kid in self.list_kernel_ids() if not self._kernel_connections.get(kid)]
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(
            loose, key=lambda kid: _aware(getattr(self.get_kernel(kid), "last_activity", oldest))
        )

    async def _make_room(self) -> None:
        now = datetime.now(UTC)
        for kid in self.unconnected():
            if self._count() < self.max_kernels:
                return
            kernel = self.get_kernel(kid)
            # A kernel still running its page's notebook has no connection yet either:
            # only idle ones, quiet for a while, are taken.
            last = getattr(kernel, "last_activity", None)
            if getattr(kernel, "execution_state", "idle") != "idle" or (
                last is not None and now - _aware(last) < GRACE
            ):
                continue
            self.log.info("Kernel limit reached: shutting down unconnected kernel %s", kid)
            await self.shutdown_kernel(kid)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
