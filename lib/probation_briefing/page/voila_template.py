"""Where Voila finds the project's page template (no CDN requests): the one setting a server needs.

    export JUPYTER_PATH="$(python -m probation_briefing.page.voila_template)"

In a checkout this is the repository's ``share/jupyter``; in an installed library, the package's copy.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The project's Voila template (``voila/templates/probation``; it extends Voila's ``lab``).
TEMPLATE = "probation"


def jupyter_path() -> Path:
    """The folder to put on ``JUPYTER_PATH`` (it holds ``voila/templates/probation``)."""
    return Path(str(resources.files("probation_briefing") / "_shipped" / "jupyter")).resolve()


def template_static_dir() -> Path:
    """The ``static`` folder of the ``probation`` Voila template shipped with the library (package data)."""
    folder = jupyter_path() / "voila" / "templates" / TEMPLATE / "static"
    if not folder.is_dir():
        raise FileNotFoundError(f"The probation Voila template was not found at {folder}")
    return folder


def write_static(folder: Path, name: str, text: str, stale: str) -> Path:
    """Write ``text`` as ``name`` in ``folder`` only when it differs from what is there, remove the older copies (other
    files matching the glob ``stale``) and return the file's path.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "x-old.js").write_text("old")
    >>> write_static(d, "x-new.js", "new", "x-*.js").name, sorted(f.name for f in d.iterdir())
    ('x-new.js', ['x-new.js'])
    """
    path = folder / name
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for old in folder.glob(stale):
        if old != path:
            old.unlink()
    return path


if __name__ == "__main__":
    print(jupyter_path())
