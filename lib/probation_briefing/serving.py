"""Voila's kernel manager for the briefings: a cap on the number of kernels, with a plain "busy" page beyond it.

Each visitor's page holds a kernel of about 185 MB. Without a cap a link-preview bot, a reload loop or a
large workshop can start kernels until the server runs out of memory. ``voila.json`` names this class and
sets the cap::

    "VoilaConfiguration": {"multi_kernel_manager_class": "probation_briefing.serving.CappedKernelManager"},
    "CappedKernelManager": {"max_kernels": 40}

The cap counts every kernel: preheated ones waiting in the pool, readers' kernels and those being
started. A request beyond it gets HTTP 503 and the template's ``503.html`` page; a preheated pool that
cannot refill waits until a reader's kernel is shut down or culled, then refills. Kernels of closed tabs are shut down by the page (the template sets the cookie
its shutdown request needs) or culled by the ``MappingKernelManager`` settings in ``voila.json``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Float, Integer

BUSY = "This service is busy. Please try again in a few minutes."


class CappedKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` that refuses to start more than ``max_kernels`` kernels at once."""

    max_kernels = Integer(
        40,
        config=True,
        help="The most kernels running or starting at once, pool included (0: no cap). Keep it above the pool (4 notebooks x pool_size).",
    )

    pool_wait = Float(
        1800,
        config=True,
        help="Seconds a kernel for the preheated pool waits for room under the cap before giving up.",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0

    def in_use(self) -> int:
        """Kernels running or being started (a kernel being registered may be counted twice for a moment)."""
        return len(self.list_kernel_ids()) + self._starting

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]  # async, as its parent's is
        """Start a kernel, or raise HTTP 503 (the "busy" page) when ``max_kernels`` are already in use.

        A kernel for the preheated pool (Voila marks its environment ``VOILA_PREHEAT``) waits for room
        instead, up to ``pool_wait`` seconds: the pool refills as readers' kernels are shut down or culled.
        """
        for_pool = kwargs.get("env", {}).get("VOILA_PREHEAT") == "True"
        if for_pool and self.max_kernels and self.in_use() >= self.max_kernels:
            self.log.info("The kernel pool waits for room: %d of %d kernels in use", self.in_use(), self.max_kernels)
            deadline = time.monotonic() + self.pool_wait
            while self.in_use() >= self.max_kernels and time.monotonic() < deadline:
                await asyncio.sleep(2)
        if self.max_kernels and self.in_use() >= self.max_kernels:
            self.log.warning("Refused to start a kernel: %d of %d in use", self.in_use(), self.max_kernels)
            raise HTTPError(503, BUSY)
        self._starting += 1
        try:
            return str(await super().start_kernel(*args, **kwargs))
        finally:
            self._starting -= 1
