"""Server layer: what serves the briefings, above the pages.

``app`` (the standalone server, ``make serve``: ``python -m probation_briefing.server briefings/``), ``extension``
(the same under a Jupyter server: JupyterHub, Binder), ``assets`` (compression and caching), ``pages`` and
``text_pages`` (the text pages as static HTML, error pages, the briefings' page config), ``kernels`` (the kernel
cap and the websocket connection that never keeps a closed tab's kernel) and ``workshop_mode`` (a kernel per seat).
Each workaround of an upstream bug or private attribute has a canary in ``tests/test_upstream_canaries.py``.
"""
