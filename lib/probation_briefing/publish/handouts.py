"""Headless handouts: run every briefing for each named scenario and write static, offline HTML.

    python -m probation_briefing.publish.handouts [--out output/handouts] [--briefing q15] [--preset large] [--jobs 2]

Each briefing runs under papermill with the preset's values as notebook parameters and
PROBATION_STATIC=1, so widgets render as plain HTML and charts as inline SVG. The HTML has no code,
no scripts and no external files: it opens from disk with no internet. Handouts are written
``--jobs`` at a time (default: one per CPU, at most four), each in its own process and kernel.

Every path is made absolute before any handout starts, and no handout changes the working directory
(the kernel is started in the notebooks' folder instead): papermill's ``cwd=`` is a process-wide
``chdir``, which made handouts written side by side look for ``briefings/briefings/...`` and write into
``briefings/output/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import multiprocessing
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import nbformat
import papermill as pm
from nbconvert import HTMLExporter

from ..data import catalogue, source, version
from ..data.catalogue import Entry
from ..data.params import parameters
from ..data.presets import Preset, presets
from ..page.static_html import ENV
from ..present.html import style_tag

LAYOUT_CSS = "<style>body{margin:2em auto;max-width:1100px;padding:0 1em}</style>"


def notebooks_dir() -> Path:
    """The folder holding the briefing notebooks: ``$PROBATION_BRIEFINGS_DIR``, else ``briefings/`` of the checkout."""
    return Path(os.environ.get("PROBATION_BRIEFINGS_DIR") or Path.cwd() / "briefings").resolve()


@contextmanager
def static_mode() -> Iterator[None]:
    """Kernels started inside this block draw widgets as static HTML (``PROBATION_STATIC=1``, which they inherit).

    Nested blocks leave the setting to the outermost.
    """
    if os.environ.get(ENV) == "1":
        yield
        return
    old = os.environ.get(ENV)
    os.environ[ENV] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = old


def render(b: Entry, preset: Preset, out_dir: Path, kernel: str = "python3", folder: Path | None = None) -> Path:
    """Execute one briefing for one preset and write its HTML handout; returns the file path."""
    qid = b.id
    values = dict(preset.scenario)
    src = ((folder or notebooks_dir()) / b.notebook).resolve()
    out_dir = out_dir.resolve()
    with static_mode(), tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / b.notebook
        pm.execute_notebook(
            str(src),
            str(executed),
            parameters=values,
            kernel_name=kernel,
            progress_bar=False,
            log_output=False,
            # the kernel starts in the notebooks' folder (nbclient's resources path), with no chdir in this process
            resources={"metadata": {"path": str(src.parent)}},
        )
        nb = nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    body = re.sub(r"<script\b.*?</script>", "", body, flags=re.S | re.I)  # static page: no scripts at all
    body = re.sub(r"<a class=.anchor-link.[^>]*>.*?</a>", "", body, flags=re.S)  # no heading anchors (the '¶' marks)
    stamp = dt.date.today().isoformat()
    page = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(b.title)} - {html.escape(preset.label)}</title>"
        f"{style_tag()}{LAYOUT_CSS}</head><body class='pb-page'><header><p><strong>Handout</strong>: {html.escape(b.title)}. "
        f"Scenario: <strong>{html.escape(preset.label)}</strong>. Generated {stamp} by probation-briefings "
        f"({html.escape(version.stamp().text())}). The settings used are "
        "listed with the results; the CSV files are in the online version.</p></header>"
        f"<main>{body}</main></body></html>"
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{qid}_{preset.preset_id}.html"
    path.write_text(page, encoding="utf-8")
    return path


SHEET_CSS = (
    "<style>body{margin:1.5em auto;max-width:50em;padding:0 1em}.pb-answer{border:1px solid #555;border-radius:4px;"
    "min-height:9cm;margin:.5em 0;padding:.4em .6em;background:repeating-linear-gradient(#fff 0 1.1cm,#bbb 1.1cm 1.13cm)}"
    ".pb-sheet-prompt{border-left:5px solid #0b57a4;padding:.3em .8em;margin:.6em 0;font-size:1.05em}"
    ".pb-sheet h2{font-size:1.15rem;margin:.9em 0 .3em}.pb-sheet .pb-settings-list{columns:2;column-gap:2em;font-size:.9em}"
    ".pb-sheet .pb-settings-list li{break-inside:avoid}.pb-sheet .pb-headline .pb-card{min-width:9em}"
    ".pb-sheet h1{font-size:1.5rem;margin:.3em 0}.pb-sheet .pb-card{padding:.3em .6em}.pb-sheet .pb-card .v{font-size:1.2em}"
    ".pb-answer{break-inside:avoid}"
    "@media print{body.pb-page{margin:0;max-width:none;font-size:10pt}.pb-sheet .pb-headline{gap:.4em}"
    ".pb-answer{min-height:7.5cm;print-color-adjust:exact;-webkit-print-color-adjust:exact}}</style>"
)


def exercise_sheets(out_dir: Path, briefing_ids: list[str] | None = None) -> list[Path]:
    """One sheet per workshop exercise (a prompt in data/workshop.csv that names a preset): the question, the preset's
    settings and headline figures, the prompt, and room for the group's answer. Drawn from the model directly (no
    kernel, no charts), so it prints on one or two A4 pages."""
    from ..briefings import get
    from ..data import timeline
    from ..page.urlstate import encode
    from ..page.view_html import headline_cards, settings_html
    from ..present.dates import long_date

    data = source()
    prompts = data.load("workshop")
    prompts = prompts[(prompts.kind == "prompt") & prompts.preset_id.notna() & (prompts.preset_id.astype(str) != "")]
    written: list[Path] = []
    stamp, as_at = dt.date.today().isoformat(), long_date(timeline.as_at().isoformat())
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    for qid, group in prompts.groupby("briefing", sort=False):
        if briefing_ids and qid not in briefing_ids:
            continue
        b, entry = get(str(qid)), catalogue.entry(str(qid))
        by_id = {p.preset_id: p for p in presets(b.parameters(data), data)}
        for n, r in enumerate(group.itertuples(), start=1):
            preset = by_id.get(str(r.preset_id))
            if preset is None:
                raise SystemExit(f"data/workshop.csv: {r.item_id} starts from preset {r.preset_id!r}, which {qid} does not have")
            view = b.view(preset.scenario, data)
            query = encode(preset.scenario, b.parameters(data))
            link = entry.notebook + (f"?{query}" if query else "")
            e = html.escape
            body = (
                f"<header><p><strong>Workshop exercise {n}</strong>: {e(entry.title)}. "
                f"Facts as at {e(as_at)}; sheet generated {stamp} by probation-briefings ({e(version.stamp().text())}).</p></header>"
                f"<main class='pb-sheet'><h1>Exercise {n}: {e(entry.short_title or entry.title)}</h1>"
                f"<h2>The consultation question</h2><blockquote>{e(b.question_text)}</blockquote>"
                f"<h2>Start from: {e(preset.label)}</h2>{settings_html(preset.scenario).replace('<h3>Settings used</h3>', '')}"
                f"<h2>Key results at these settings</h2>{headline_cards(view.headlines)}"
                f"<div class='pb-sheet-task'><h2>The exercise</h2><p class='pb-sheet-prompt'>{e(str(r.text))}</p>"
                "<h2>Your group's answer</h2><div class='pb-answer' aria-label='Space for the answer'></div>"
                f"<p class='pb-alt'>Online: open the briefing page <code>{e(link)}</code> to explore these settings, "
                "with the charts, caveats and sources.</p></div></main>"
            )
            page = (
                f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Exercise {n}: {e(entry.title)}</title>"
                f"{style_tag()}{SHEET_CSS}</head><body class='pb-page'>{body}</body></html>"
            )
            path = out_dir / f"{qid}_exercise_{n}.html"
            path.write_text(page, encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--out", default="output/handouts", help="output folder (default output/handouts)")
    ap.add_argument("--briefing", action="append", help=f"only this briefing ({', '.join(catalogue.ids())}); repeatable")
    ap.add_argument("--preset", action="append", help="only this preset id; repeatable")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="handouts written at once (default: CPUs, at most 4)")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("--jobs must be 1 or more")
    todo: list[tuple[Entry, Preset]] = []
    for b in catalogue.briefings():
        if args.briefing and b.id not in args.briefing:
            continue
        if not (notebooks_dir() / b.notebook).exists():
            print(f"skipping {b.notebook}: not found in {notebooks_dir()}", file=sys.stderr)
            continue
        todo += [(b, p) for p in presets(parameters(b.id, source()), source()) if not args.preset or p.preset_id in args.preset]
    out, folder = Path(args.out).resolve(), notebooks_dir()
    jobs = [(b.id, p.preset_id, str(out), str(folder)) for b, p in todo]
    if args.jobs == 1 or len(jobs) == 1:
        for job in jobs:
            print(_render_job(job), flush=True)
    else:  # each handout in a process of its own (papermill keeps process-wide state), started afresh ("spawn")
        with ProcessPoolExecutor(min(args.jobs, len(jobs)), mp_context=multiprocessing.get_context("spawn")) as pool:
            for path in pool.map(_render_job, jobs):
                print(path, flush=True)
    if not args.preset:  # the exercise sheets, beside the full handouts
        for path in exercise_sheets(out, args.briefing):
            print(path, flush=True)
    return 0 if todo else 1


def _render_job(job: tuple[str, str, str, str]) -> Path:
    """One handout, named by briefing id, preset id, output folder and notebooks' folder (a worker process's task)."""
    qid, preset_id, out, folder = job
    data = source()
    b = next(e for e in catalogue.briefings() if e.id == qid)
    preset = next(p for p in presets(parameters(qid, data), data) if p.preset_id == preset_id)
    return render(b, preset, Path(out), folder=Path(folder))


if __name__ == "__main__":
    sys.exit(main())
