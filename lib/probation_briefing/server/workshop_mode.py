"""Workshop mode: one briefing served with a preheated kernel for every seat, the other pages at a pool of one.

    make workshop BRIEFING=q15 SEATS=30

Each seat's kernel is started and the briefing run in it before anyone arrives, so a room that opens
the page at once only waits for the page to load. The server says when the pool is full and how much
memory the kernels hold, and then how many seats are taken. Kernels of closed tabs are shut down by the
page, or culled within about 2.5 minutes (``voila.json``), so seats come back. Taken seats are refilled
90 seconds later, not at once, so the refills do not slow down a room that arrives together; under the
kernel cap a refill waits for a seat to come back.

>>> notebook_for("q15")
'q15_pccs_and_funding.ipynb'
>>> pools_config("q15_pccs_and_funding.ipynb", 30, default_pool=1)
{'default': {'pool_size': 1}, 'q15_pccs_and_funding.ipynb': {'pool_size': 30}}
>>> kernel_cap(30, other_pools=2)
38
>>> print(Status(ready=30, pool_size=30, kernels=32, kernel_mb=5900).line("q15_pccs_and_funding.ipynb"))
Workshop: 30 of 30 preheated kernels ready for q15_pccs_and_funding.ipynb. 32 kernels running in all (readers' kernels and the other pages' pools included), holding 5.8 GB of memory (about 184 MB each).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import psutil  # type: ignore[import-untyped]  # installed with ipykernel; no stubs pinned

from ..data import catalogue

#: Seconds before a taken seat's kernel is replaced in the pool, so refills do not compete with a room arriving at once.
REFILL_DELAY_S = 90.0
#: Kernels kept beyond the seats, for reloads before a closed tab's kernel is culled (a fifth of the seats, at least 3).
HEADROOM_SHARE = 0.2
MIN_HEADROOM = 3


def notebook_for(briefing: str) -> str:
    """The notebook file of a briefing named by its id (``q15``) or file name."""
    for b in catalogue.briefings():
        if briefing in (b.id, b.notebook, b.notebook.removesuffix(".ipynb")):
            return b.notebook
    names = ", ".join(catalogue.ids())
    raise ValueError(f"There is no briefing called {briefing!r}. Choose one of: {names}.")


def pools_config(notebook: str, seats: int, default_pool: int = 1) -> dict[str, dict[str, int]]:
    """Voila's ``kernel_pools_config``: ``seats`` preheated kernels for ``notebook``, ``default_pool`` for the rest."""
    if seats < 1:
        raise ValueError(f"SEATS must be at least 1 (got {seats}).")
    return {"default": {"pool_size": default_pool}, notebook: {"pool_size": seats}}


def kernel_cap(seats: int, other_pools: int) -> int:
    """The most kernels at once: a kernel per seat, the other pages' pools, and headroom for reloads."""
    return seats + other_pools + max(MIN_HEADROOM, math.ceil(seats * HEADROOM_SHARE))


@dataclass
class Status:
    """What the server holds at one moment."""

    ready: int
    pool_size: int
    kernels: int
    kernel_mb: float

    def line(self, notebook: str) -> str:
        return (
            f"Workshop: {self.ready} of {self.pool_size} preheated kernels ready for {notebook}. "
            f"{self.kernels} kernels running in all (readers' kernels and the other pages' pools included), "
            f"holding {self.kernel_mb / 1024:.1f} GB of memory"
            + (f" (about {self.kernel_mb / self.kernels:.0f} MB each)." if self.kernels else ".")
        )


def kernel_rss_mb(server_pid: int | None = None) -> dict[int, float]:
    """The server's kernel processes (its descendants running ipykernel): process id to resident memory in MB."""
    out: dict[int, float] = {}
    try:
        children = psutil.Process(server_pid).children(recursive=True)
    except psutil.Error:
        return out
    for p in children:
        try:
            if "ipykernel" in " ".join(p.cmdline()):
                out[p.pid] = p.memory_info().rss / 2**20
        except psutil.Error:
            continue
    return out


def kernel_memory_mb(server_pid: int | None = None) -> tuple[int, float]:
    """How many kernel processes the server runs, and their resident memory in MB."""
    rss = kernel_rss_mb(server_pid)
    return len(rss), sum(rss.values())


def _progress(task: Any, kernel_manager: Any) -> tuple[bool, float] | None:
    """Whether a pool entry's notebook has run as far as it goes before a visitor (its render finished, or
    its last code cell, which waits for the visitor's link, has started) and its kernel's CPU time so far;
    None while its kernel is starting."""
    if not task.done() or task.cancelled() or task.exception() is not None:
        return None
    result = task.result()
    renderer = result["renderer"]
    executor = getattr(renderer, "executor", None)
    code_cells = sum(1 for c in renderer.notebook.cells if c.cell_type == "code")
    reached = result["task"].done() or (executor is not None and executor.code_cells_executed >= code_cells)
    try:
        pid = kernel_manager.get_kernel(result["kernel_id"]).provisioner.process.pid
        cpu = psutil.Process(pid).cpu_times()
    except (KeyError, AttributeError, psutil.Error):
        return None
    return reached, cpu.user + cpu.system


class PoolWatch:
    """Counts the preheated kernels of one notebook that are ready for a visitor.

    Voila runs the notebook in each pool kernel as far as it can before a visitor arrives (a briefing's last
    cell waits for the visitor's address, which holds the settings). An entry is ready once its notebook
    has got that far and its kernel's CPU time did not move between two readings.
    """

    IDLE_CPU_S = 0.05

    def __init__(self, kernel_manager: Any, notebook: str, pool_size: int) -> None:
        self.kernel_manager, self.notebook, self.pool_size = kernel_manager, notebook, pool_size
        self._seen: dict[int, tuple[bool, float]] = {}

    def status(self) -> Status:
        """Read the pool and the kernels' memory now."""
        pool = getattr(self.kernel_manager, "_pools", {}).get(self.notebook, [])
        seen, ready = {}, 0
        for task in pool:
            now = _progress(task, self.kernel_manager)
            if now is None:
                continue
            seen[id(task)] = now
            before = self._seen.get(id(task))
            ready += bool(now[0] and before and now[1] - before[1] < self.IDLE_CPU_S)
        self._seen = seen
        kernels, mb = kernel_memory_mb()
        return Status(ready=ready, pool_size=self.pool_size, kernels=kernels, kernel_mb=mb)
