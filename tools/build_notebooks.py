"""Rebuild each notebook from its paired jupytext script, execute it, and strip saved widget state.

    python tools/build_notebooks.py [name ...]

Scripts (briefings/scripts/*.py) are the reviewed source; notebooks carry the
outputs nbval compares against. Saved widget state (megabytes of chart JavaScript) is dropped:
Voila and nbval re-execute, so it only bloats diffs. Each page's HTML title (Voila uses the notebook's
``title`` metadata) is set from ``probation_briefing.page.service.page_title``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [(p, ROOT / "briefings" / f"{p.stem}.ipynb") for p in sorted((ROOT / "briefings" / "scripts").glob("*.py"))]


def strip_widget_state(nb_path: Path) -> None:
    """Drop saved widget state and set the page's title (the browser tab's name) in the notebook's metadata."""
    from probation_briefing.page.service import page_title

    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["metadata"].pop("widgets", None)
    title = page_title(nb_path.name) if nb_path.parent.name == "briefings" else None
    if title:
        nb["metadata"]["title"] = title
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(names: list[str]) -> int:
    jupytext = Path(sys.executable).parent / "jupytext"
    for script, nb in PAIRS:
        if names and script.stem not in names:
            continue
        print(f"building {nb.relative_to(ROOT)}", flush=True)
        subprocess.run(
            [str(jupytext), "--to", "ipynb", "--set-kernel", "python3", "--execute", str(script), "-o", str(nb)], check=True, cwd=ROOT
        )
        strip_widget_state(nb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
