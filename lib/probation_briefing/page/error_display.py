"""Errors on the page: data and input problems as a plain notice, never a traceback (IPython hook).

Installed once per kernel by the page driver.
"""

from __future__ import annotations

import os
from typing import Any

from ..errors import DataError, InputError
from .html import friendly, log, notice

_state = {"shown_data_problem": False}


def install() -> None:
    """Show problems as plain notices instead of tracebacks, for the rest of the kernel's life.

    Data and input problems (DataError, InputError) always appear as a notice naming the file, row and
    column. Under Voila (VOILA_BASE_URL set) any other error shows a short friendly notice, and errors
    that follow a data problem (e.g. names that were never defined) are logged only, so the page shows
    one clear message. Outside Voila other errors keep their normal traceback, for analysts.
    """
    from IPython import get_ipython
    from IPython.display import HTML, display

    ip = get_ipython()
    if ip is None:
        return
    under_voila = os.environ.get("VOILA_BASE_URL") is not None

    def handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
        if isinstance(value, (DataError, InputError)):
            log.error("data or input problem: %s", value)
            display(HTML(notice(friendly(value), "error")))
            _state["shown_data_problem"] = True
        elif under_voila:
            log.error("error in a briefing cell", exc_info=(etype, value, tb))
            if not _state["shown_data_problem"]:
                display(HTML(notice(friendly(value), "error")))
        else:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)

    ip.set_custom_exc((Exception,), handler)
