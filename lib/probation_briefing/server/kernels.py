"""Kernels for the briefings: a cap on their number, with a plain "busy" page beyond it, and connections that
never keep a closed tab's kernel alive (:class:`KernelConnection`).

Each visitor's page holds a kernel of about 185 MB. Without a cap a link-preview bot, a reload loop or a
large workshop can start kernels until the server runs out of memory. ``voila.json`` names this class and
sets the cap::

    "VoilaConfiguration": {"multi_kernel_manager_class": "probation_briefing.server.kernels.CappedKernelManager"},
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

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Bool, Float, Integer

BUSY = "This service is busy. Please try again in a few minutes."


class KernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel websocket connection, where a connection closed before it opened changes nothing.

    A tab closed (or a socket dropped) while its kernel connection is still being set up makes Jupyter
    Server 2.x undo a connection it never made (jupyter_server issue 1265):

    - the kernel's count of open connections drops to -1, and the culler, which reads any non-zero count
      as "connected", never shuts the kernel down (about 185 MB each);
    - or, where the count was 0, it starts buffering the kernel's messages for a session with no channels.
      The page's next try, in the same session, then "restores" those empty channels and fails, leaving
      a count of 1: the same leak.

    Here such a connection leaves the count and the message buffer alone. ``voila.json`` and
    ``.jupyter/jupyter_server_config.json`` name this class (``kernel_websocket_connection_class``).
    """

    opened = Bool(False, help="Whether connect() ran: the kernel counted this connection as open.")

    def connect(self) -> Any:
        self.opened = True
        return super().connect()

    def disconnect(self) -> Any:  # synchronous in ZMQChannelsWebsocketConnection, whatever its base declares
        if self.opened:
            return super().disconnect()
        # Jupyter Server counts and buffers only kernels listed in _kernel_connections: unlisted for this
        # call, the kernel is left as it was, and the rest of the clean-up (the session and the kernel-info
        # channel this connection registered while being prepared) still runs. Nothing awaits in between.
        counts = self.multi_kernel_manager._kernel_connections
        count = counts.pop(self.kernel_id, None)
        try:
            return super().disconnect()
        finally:
            if count is not None and self.kernel_id in self.multi_kernel_manager:
                counts[self.kernel_id] = count


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
