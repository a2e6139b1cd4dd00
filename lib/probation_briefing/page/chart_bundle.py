"""The chart widget's offline front-end bundle: chart_widget.js plus vega-embed, Vega and Vega-Lite.

vl-convert builds the bundle (no network, no npm). Under Voila one copy is served from the
``probation`` template's static folder; the file name changes with everything that goes into it.

    python -m probation_briefing.page.chart_bundle [folder]   # write it (make setup runs this)
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from importlib.metadata import version
from pathlib import Path

import vl_convert as vlc

from ..present.vegalite import vega_lite_version
from .voila_template import TEMPLATE as TEMPLATE  # the template's name, as the server and chart_widget read it here
from .voila_template import template_static_dir, write_static

SOURCE = Path(__file__).with_name("chart_widget.js")
PREFIX = "chart-widget-"
# Names vl-convert's javascript_bundle supplies to the code it bundles. Its help() also lists ``vega``
# and ``vegaLite``, but vl-convert 1.9 binds them to null (it default-imports modules that have no
# default export), so chart_widget.js reaches Vega only through vega-embed.
_PROVIDED = {"vegaEmbed", "lodashDebounce"}
_IMPORT = re.compile(r'import (?:\* as )?(\w+) from "[^"]+";?')


def bundle_source() -> str:
    """chart_widget.js without its leading import lines, ready for vl-convert (which supplies those names)."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    while lines and lines[0].startswith("import "):
        line = lines.pop(0).strip()
        match = _IMPORT.fullmatch(line)
        if not match or match[1] not in _PROVIDED:
            raise RuntimeError(f"{SOURCE.name}: vl-convert cannot bundle {line!r}; it provides only {', '.join(sorted(_PROVIDED))}")
    return "\n".join(lines)


def bundle_name() -> str:
    """File name of the bundle: vl-convert and Vega-Lite versions and a hash of the widget code.

    Any change to what goes into the bundle gives a new name, so browsers never run a stale cached copy.
    """
    digest = hashlib.sha256(bundle_source().encode("utf-8")).hexdigest()[:12]
    return f"{PREFIX}vlc{version('vl-convert-python')}-vl{vega_lite_version()}-{digest}.js"


@functools.lru_cache(maxsize=4)
def _bundle(source: str, vl_version: str) -> str:
    return vlc.javascript_bundle(source, vl_version=vl_version)


def bundle_code() -> str:
    """The self-contained ES module (about 0.9 MB); built once per process, in about two seconds."""
    return _bundle(bundle_source(), vega_lite_version())


def write_bundle(folder: Path | None = None) -> Path:
    """Write the bundle into ``folder`` (default: the template's static folder) and return its path.

    The file is rewritten only when its content differs; older bundles in ``folder`` are removed.
    """
    return write_static(template_static_dir() if folder is None else Path(folder), bundle_name(), bundle_code(), PREFIX + "*.js")


if __name__ == "__main__":
    print(write_bundle(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
