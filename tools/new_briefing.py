"""Make a new briefing, complete and runnable, from the templates in ``tools/scaffold/``.

    make new-briefing ID=q16 TITLE="Title of the briefing"            # QUESTION=16 when the id has no number
    python tools/new_briefing.py --id q16 --title "..." [--question 16] [--question-text "..."] [--no-notebook]

It writes, for the id:

- its row in the catalogue, ``data/briefings.csv`` (what the landing page, page titles, workshop mode and
  handouts read), with a placeholder summary;
- ``data/parameters_<id>.csv`` and ``data/presets_<id>.csv`` with example settings and two exercises, and their
  entries in ``data/datapackage.json`` (naming the shared schemas); a prompt and a facilitator note in
  ``data/workshop.csv``;
- an example model with doctests, ``lib/probation_briefing/models/<id>.py``, and the briefing's package,
  ``lib/probation_briefing/briefings/<id>/`` (``__init__``, ``run``, ``views``, ``charts``, ``context``), and its
  note on how the model works, ``lib/probation_briefing/briefings/notes/<id>.md``;
- the notebook's script, ``briefings/scripts/<id>_<words>.py``, with every section the real pages have, and then
  the notebook itself (``tools/build_notebooks.py``), unless ``--no-notebook``.

The new briefing passes the project's checks as it stands (``make check``), and its page is served by
``make serve``. Nothing is overwritten: an id that is already in use is refused.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).resolve().parent / "scaffold"
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
QUESTION_TEXT = "Quote the consultation question here, word for word."
SUMMARY = "A new briefing: replace this summary in data/briefings.csv."


class ScaffoldError(ValueError):
    """A request the scaffold cannot carry out (a bad or taken id, a missing title); the message says why."""


def slug(title: str, words: int = 3) -> str:
    """The notebook's words from the title.

    >>> slug("Probation in Wales: a memorandum?")
    'probation_in_wales'
    """
    parts = re.findall(r"[a-z0-9]+", title.lower())
    return "_".join(parts[:words]) or "briefing"


def question_number(briefing_id: str, given: int | None) -> int:
    """The consultation question's number: as given, else the digits in the id (``q16`` is question 16).

    >>> question_number("q16", None), question_number("wales", 7)
    (16, 7)
    """
    if given is not None:
        if given < 1:
            raise ScaffoldError(f"QUESTION must be a whole number of 1 or more (got {given}).")
        return given
    digits = re.findall(r"\d+", briefing_id)
    if not digits:
        raise ScaffoldError(f"The id {briefing_id!r} has no number in it: say which question it is, for example QUESTION=16.")
    return int(digits[-1])


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(f"__{key}__", value)
    return text


@dataclass(frozen=True)
class Plan:
    """A new briefing, checked: its id, title (spaces tidied), question number, notebook stem and files (path: content)."""

    id: str
    title: str
    question: int
    stem: str
    files: dict[Path, str]


def plan(root: Path, briefing_id: str, title: str, question: int | None = None, question_text: str = QUESTION_TEXT) -> Plan:
    """The new briefing's files, after checking the id, the title and that nothing of that id exists yet."""
    if not ID_PATTERN.fullmatch(briefing_id):
        raise ScaffoldError(f"ID must be lower-case letters, digits and underscores, starting with a letter (got {briefing_id!r}).")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError('TITLE is needed, for example TITLE="Probation in Wales".')
    number = question_number(briefing_id, question)
    with open(root / "data" / "briefings.csv", encoding="utf-8", newline="") as f:
        taken = {row["id"] for row in csv.DictReader(f)}
    if briefing_id in taken:
        raise ScaffoldError(f"There is already a briefing called {briefing_id!r} (data/briefings.csv).")
    stem = f"{briefing_id}_{slug(title)}"
    lib = root / "lib" / "probation_briefing"
    values = {
        "ID": briefing_id,
        "TITLE": title,
        "HEADING": f"Q{number}: {title}",
        "QUESTION": str(number),
        "QUESTION_TEXT": question_text.replace('"', "'"),
        "TODAY": date.today().isoformat(),
    }
    files = {
        root / "data" / f"parameters_{briefing_id}.csv": "parameters.csv.tmpl",
        root / "data" / f"presets_{briefing_id}.csv": "presets.csv.tmpl",
        lib / "models" / f"{briefing_id}.py": "model.py.tmpl",
        lib / "briefings" / "notes" / f"{briefing_id}.md": "note.md.tmpl",
        root / "briefings" / "scripts" / f"{stem}.py": "script.py.tmpl",
    }
    files |= {
        lib / "briefings" / briefing_id / t.name.removesuffix(".tmpl"): f"briefing/{t.name}"
        for t in (TEMPLATES / "briefing").glob("*.tmpl")
    }
    for path in [*files, root / "briefings" / f"{stem}.ipynb"]:
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} exists already: choose another ID, or remove what is left of an earlier try.")
    contents = {path: _fill((TEMPLATES / name).read_text(encoding="utf-8"), values) for path, name in files.items()}
    return Plan(briefing_id, title, number, stem, contents)


def _append_rows(path: Path, rows: list[dict[str, str]]) -> None:
    """Rows added at the end of a CSV file, in its own column order."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(text.splitlines()))
    with open(path, "a", encoding="utf-8", newline="") as f:
        if text and not text.endswith("\n"):
            f.write("\n")
        csv.DictWriter(f, header, lineterminator="\n").writerows(rows)


def _add_resources(root: Path, briefing_id: str, question: int) -> None:
    """The parameters and presets tables' entries in datapackage.json, after the other briefings' (shared schemas)."""
    path = root / "data" / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    common = {"profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8", "mediatype": "text/csv"}
    new = [
        {
            "name": f"parameters_{briefing_id}",
            "path": f"parameters_{briefing_id}.csv",
            **common,
            "title": f"Model parameters, briefing {question}",
            "description": "Every parameter of the briefing model: name, unit, default, range, source and status, in one place.",
            "status": "illustrative",
            "schema": "schemas/parameters.json",
        },
        {
            "name": f"presets_{briefing_id}",
            "path": f"presets_{briefing_id}.csv",
            **common,
            "title": f"Scenario presets, briefing {question}",
            "description": "Named scenarios a trainer can pick on the page: each row sets one parameter; parameters not listed keep "
            "their default. All presets are illustrative.",
            "status": "illustrative",
            "schema": "schemas/presets.json",
        },
    ]
    names = [r["name"] for r in desc["resources"]]
    last = max((i for i, n in enumerate(names) if n.startswith(("parameters_", "presets_"))), default=len(names) - 1)
    desc["resources"][last + 1 : last + 1] = new
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def create(root: Path, briefing_id: str, title: str, question: int | None = None, question_text: str = QUESTION_TEXT) -> Plan:
    """Write the new briefing's files and rows under ``root``; returns what was planned and written."""
    new = plan(root, briefing_id, title, question, question_text)
    for path, text in new.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    row = {"id": new.id, "question": str(new.question), "title": f"Q{new.question} - {new.title}", "short_title": new.title}
    _append_rows(root / "data" / "briefings.csv", [{**row, "summary": SUMMARY, "notebook": f"{new.stem}.ipynb"}])
    _append_rows(
        root / "data" / "workshop.csv",
        [
            {
                "briefing": briefing_id,
                "item_id": f"{briefing_id}_p1",
                "kind": "prompt",
                "preset_id": "larger_budget",
                "text": "An example prompt: start from twice the budget. How many more people are reached, and what happens to the overheads?",
            },
            {
                "briefing": briefing_id,
                "item_id": f"{briefing_id}_f1",
                "kind": "facilitator",
                "preset_id": "",
                "text": "An example note for the trainer: replace it with what each exercise should show and the figure to expect.",
            },
        ],
    )
    _add_resources(root, new.id, new.question)
    return new


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--id", required=True, help="the briefing's id, for example q16")
    ap.add_argument("--title", required=True, help="its title, without the question number")
    ap.add_argument("--question", type=int, help="the consultation question's number (default: the digits in the id)")
    ap.add_argument("--question-text", default=QUESTION_TEXT, help="the question, word for word")
    ap.add_argument("--no-notebook", action="store_true", help="write the files but do not build the notebook")
    ap.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this checkout)")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    try:
        new = create(root, args.id, args.title, args.question, args.question_text)
    except ScaffoldError as e:
        print(f"new-briefing: {e}", file=sys.stderr)
        return 2
    written = sorted(new.files)
    # the house format (ruff), whatever the id's length does to the templates' lines
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--quiet", *(str(p) for p in written if p.suffix == ".py")], check=True, cwd=root
    )
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    print("added rows to data/briefings.csv, data/workshop.csv and data/datapackage.json")
    if not args.no_notebook:
        subprocess.run([sys.executable, str(root / "tools" / "build_notebooks.py"), new.stem], check=True, cwd=root)
        written.append(root / "briefings" / f"{new.stem}.ipynb")
    in_git = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True).stdout.strip()
    if in_git == "true":  # the new files are part of the project: git knows them (intent to add), ready to commit
        subprocess.run(["git", "add", "--intent-to-add", *(str(p) for p in written)], check=True, cwd=root)
        print("git add --intent-to-add: the new files are listed for your next commit")
    print(f"Next: replace the example model and words (README, 'Adding a briefing'); see the page with make serve (Q{new.question}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
