"""Kept for servers configured before the ``server`` package: ``python -m probation_briefing.web`` and the Jupyter
server extension ``probation_briefing.web`` run :mod:`probation_briefing.server` (its ``app`` and ``extension``)."""

from __future__ import annotations

from .server.extension import _jupyter_server_extension_points, _load_jupyter_server_extension

__all__ = ["_jupyter_server_extension_points", "_load_jupyter_server_extension"]

if __name__ == "__main__":
    from .server.app import main  # only when run: the extension above must not load Voila's app

    main()
