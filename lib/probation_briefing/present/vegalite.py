"""The Vega-Lite version every drawing uses: the browser's chart bundle, the server's SVGs and the exports.

>>> vega_lite_version().split(".")[0]
'6'
"""

from __future__ import annotations

from importlib.metadata import version

import altair as alt
import vl_convert as vlc


def vega_lite_version() -> str:
    """The Vega-Lite version vl-convert should bundle for the installed Altair, e.g. ``"6.4"``.

    Altair writes specs for ``alt.SCHEMA_VERSION`` (e.g. ``v6.4.1``). The same minor version is used when
    vl-convert has it, else the nearest newer minor of the same major version (Vega-Lite keeps minor
    releases backward compatible).
    """
    major, minor = (int(p) for p in alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    offered = sorted(tuple(int(p) for p in v.split(".")[:2]) for v in vlc.get_vegalite_versions())
    fits = [v for v in offered if v[0] == major and v[1] >= minor]
    if not fits:
        raise RuntimeError(
            f"vl-convert {version('vl-convert-python')} offers Vega-Lite {', '.join(vlc.get_vegalite_versions())}, "
            f"none of which can draw Altair's Vega-Lite {alt.SCHEMA_VERSION} charts; "
            "install matching versions of altair and vl-convert-python"
        )
    return f"{fits[0][0]}.{fits[0][1]}"
