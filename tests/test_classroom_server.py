"""The classroom server's kernel cap, without starting real kernels."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web

from openviz.classroom_server import GRACE, ClassroomKernelManager


@pytest.fixture
def manager(monkeypatch):
    """A manager whose kernels are stand-ins: started instantly, idle, no page connected."""
    counter = iter(range(1000))

    async def start(self, *args, **kwargs):
        await asyncio.sleep(0.01)  # a start takes time: concurrent loads overlap
        kid = f"k{next(counter)}"
        old = datetime.now(UTC) - 2 * GRACE
        self._kernels[kid] = SimpleNamespace(last_activity=old, execution_state="idle")
        return kid

    async def shutdown(self, kernel_id, *args, **kwargs):
        self._kernels.pop(kernel_id)

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
    monkeypatch.setattr(ClassroomKernelManager, "shutdown_kernel", shutdown)
    return ClassroomKernelManager(max_kernels=3)


def _run(coroutine):
    return asyncio.run(coroutine)


def test_thirty_loads_never_run_more_kernels_than_the_cap(manager):
    async def loads():
        for _ in range(10):  # 30 page loads, three at a time
            await asyncio.gather(*(manager.start_kernel() for _ in range(3)))
            assert len(manager) <= 3

    _run(loads())
    assert len(manager) == 3


def test_kernels_with_an_open_page_are_kept_and_the_next_page_is_refused(manager):
    async def loads():
        kids = [await manager.start_kernel() for _ in range(3)]
        for kid in kids:
            manager._kernel_connections[kid] = 1  # every page is open
        with pytest.raises(web.HTTPError) as refused:
            await manager.start_kernel()
        assert refused.value.status_code == 503
        assert "limit" in refused.value.log_message
        assert set(manager.list_kernel_ids()) == set(kids)
        manager._kernel_connections[kids[1]] = 0  # one tab closed
        new = await manager.start_kernel()
        assert set(manager.list_kernel_ids()) == {kids[0], kids[2], new}

    _run(loads())


def test_a_kernel_still_running_or_just_used_is_not_taken(manager):
    async def loads():
        kids = [await manager.start_kernel() for _ in range(3)]
        manager.get_kernel(kids[0]).execution_state = "busy"  # its page is being rendered
        manager.get_kernel(kids[1]).last_activity = datetime.now(UTC) - timedelta(seconds=1)
        await manager.start_kernel()
        assert kids[0] in manager and kids[1] in manager and kids[2] not in manager

    _run(loads())
