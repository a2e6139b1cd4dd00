"""Errors on the page: data and input problems as a plain notice, never a traceback (IPython hook).

Installed once per kernel by the page driver. Under Voila nothing with a traceback or a server path is sent
to the browser by any route: cell errors, widget callbacks and widget messages from the browser (ipywidgets
reports those with ``showtraceback``), the library's log and Python warnings all go to the server's log.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from IPython import get_ipython
from IPython.display import HTML, display

from ..errors import DataError, InputError
from ..present.html import friendly, log, notice

_state: dict[str, Any] = {"shown_data_problem": False, "server_log": None}
F = TypeVar("F", bound=Callable[..., Any])


def server_stream() -> TextIO | None:
    """A text stream to the kernel process's own stderr (the server's log), or None outside an IPython kernel.

    ipykernel replaces ``sys.stderr`` with a stream sent to the browser and, by default, points file
    descriptor 2 there too; its ``fileno()`` is then a copy of the original stderr. Without that capture,
    ``sys.__stderr__`` is the original.
    """
    err = sys.stderr
    if type(err).__module__ != "ipykernel.iostream":
        return None
    try:
        fd = err.fileno()
    except (OSError, io.UnsupportedOperation):
        return sys.__stderr__
    return os.fdopen(os.dup(fd), "w", buffering=1, encoding="utf-8", errors="replace")


def route_logs_to_server() -> None:
    """Send the library's log and Python warnings to the server's log instead of the page (once per kernel)."""
    if _state["server_log"] is not None:
        return
    stream = server_stream()
    if stream is None:
        return
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("[%(levelname)s %(asctime)s %(name)s] %(message)s"))
    for name in ("probation_briefing", "py.warnings"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.propagate = False
    logging.captureWarnings(True)
    _state["server_log"] = handler


def log_error(where: str, exc: BaseException) -> None:
    """Log an error for the server: expected data and input problems in one line, anything else with its traceback."""
    if isinstance(exc, (DataError, InputError)):
        log.warning("%s: %s", where, exc)
    else:
        log.error("%s failed", where, exc_info=(type(exc), exc, exc.__traceback__))


def guarded(where: str, show: Callable[[str], None]) -> Callable[[F], F]:
    """Decorate a widget callback so that an error is logged for the server and ``show`` gets a plain notice (HTML).

    >>> shown = []
    >>> @guarded("test", shown.append)
    ... def f():
    ...     raise RuntimeError("details for the log")
    >>> f(); "details" in shown[0], "Something went wrong" in shown[0]
    (False, True)
    """

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - a plain message on the page, the details in the server log
                log_error(where, exc)
                show(notice(friendly(exc), "error"))
                return None

        return run  # type: ignore[return-value]

    return wrap


def install() -> None:
    """Show problems as plain notices instead of tracebacks, for the rest of the kernel's life.

    Data and input problems (DataError, InputError) always appear as a notice naming the file, row and
    column. Under Voila (VOILA_BASE_URL set) any other error shows a short friendly notice, and errors
    that follow a data problem (e.g. names that were never defined) are logged only, so the page shows
    one clear message; tracebacks that ipywidgets would send for a failing callback or a bad message
    from the browser are logged only, and the log and warnings go to the server. Outside Voila other
    errors keep their normal traceback, for analysts.
    """
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
    if under_voila:
        route_logs_to_server()

        def quiet_showtraceback(exc_tuple: Any = None, *_: Any, **__: Any) -> None:
            info: Any = exc_tuple if exc_tuple else sys.exc_info()
            log.error("error in a widget callback or message", exc_info=info)

        ip.showtraceback = quiet_showtraceback
