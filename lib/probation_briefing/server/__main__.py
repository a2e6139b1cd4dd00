"""``python -m probation_briefing.server briefings/``: the briefings' server (``make serve``)."""

from .app import main

main()
