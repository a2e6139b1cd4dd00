"""Page layer: the page driver (``driver.Page``) and the widgets and panels a briefing page is built from.

A notebook imports ``Page`` from ``probation_briefing.page.driver``. This package's own import loads
nothing, so the server can read ``service`` (page titles, the footer) and ``chart_bundle`` without the
widget stack, the briefings or the models.
"""
