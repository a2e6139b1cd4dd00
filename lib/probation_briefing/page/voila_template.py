"""Where Voila finds the project's page template (no CDN requests): the one setting a server needs.

    export JUPYTER_PATH="$(python -m probation_briefing.page.voila_template)"

In a checkout this is the repository's ``share/jupyter``; in an installed library, the package's copy.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def jupyter_path() -> Path:
    """The folder to put on ``JUPYTER_PATH`` (it holds ``voila/templates/probation``)."""
    return Path(str(resources.files("probation_briefing") / "_shipped" / "jupyter")).resolve()


if __name__ == "__main__":
    print(jupyter_path())
