"""Presentation layer: what every layer above needs to draw and write, with no widgets and no page.

``charts`` (the house chart style, chart templates filled with rows), ``html`` (escaped HTML pieces:
notices, badges, tables, links, source lists), ``csvsafe`` (CSV a spreadsheet cannot run), ``export``
(charts as PNG/SVG, the one-page briefing note, the download bundle), ``drawn_charts`` (charts drawn to
SVG on the server, each once) and ``vegalite`` (the Vega-Lite version the drawings use). It sits beside
``models`` and below ``briefings``: it imports only ``data`` and ``errors``.
"""
