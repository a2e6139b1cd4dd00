"""Headless handouts: run every briefing for each named scenario and write static, offline HTML.

    python -m probation_briefing.publish.handouts [--out output/handouts] [--briefing q15] [--preset large] [--jobs 2]

Each briefing runs (nbclient) with the preset's values injected as notebook parameters (papermill) and
PROBATION_STATIC=1, so widgets render as plain HTML and charts as inline SVG. The HTML has no code,
no scripts and no external files: it opens from disk with no internet. A briefing's handouts are
written in turn in one kernel, emptied between them; ``--jobs`` kernels run at once (default: one per CPU, at most
four), each in its own process.

Every path is made absolute before any handout starts, and no handout changes the working directory
(the kernel is started in the notebooks' folder instead): a process-wide ``chdir`` (papermill's ``cwd=``)
made handouts written side by side look for ``briefings/briefings/...`` and write into ``briefings/output/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import multiprocessing
import os
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbconvert import HTMLExporter
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

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
    return render_all(b, [preset], out_dir, kernel, folder)[0]


def render_all(b: Entry, chosen: list[Preset], out_dir: Path, kernel: str = "python3", folder: Path | None = None) -> list[Path]:
    """Execute one briefing for each of ``chosen`` presets in turn, in one kernel, and write their HTML handouts.

    The kernel starts once (in the notebooks' folder, with no chdir in this process) and its namespace is emptied
    (``%reset -f``) before each preset, so every run starts from the notebook's first cell as a fresh kernel would;
    starting a kernel and importing the library took about two thirds of each handout's time.
    """
    src = ((folder or notebooks_dir()) / b.notebook).resolve()
    out_dir = out_dir.resolve()
    written: list[Path] = []
    with static_mode():
        km = KernelManager(kernel_name=kernel)
        km.start_kernel(cwd=str(src.parent))
        try:
            for preset in chosen:
                _reset(km)
                nb = parameterize_notebook(load_notebook_node(str(src)), dict(preset.scenario), kernel_name=kernel)
                NotebookClient(nb, km=km, kernel_name=kernel, resources={"metadata": {"path": str(src.parent)}}).execute()
                written.append(_write(b, preset, nb, out_dir))
        finally:
            km.shutdown_kernel(now=True)
    return written


def _reset(km: KernelManager) -> None:
    """Empty the kernel's namespace (the last preset's settings and objects), as a fresh kernel's would be."""
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        reply = kc.execute_interactive("%reset -f", timeout=120, output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not be reset between handouts: {reply['content']}")
    finally:
        kc.stop_channels()


def _write(b: Entry, preset: Preset, nb: nbformat.NotebookNode, out_dir: Path) -> Path:
    """The handout page of an executed notebook, written to ``out_dir``."""
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
    path = out_dir / f"{b.id}_{preset.preset_id}.html"
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
    if not todo:
        print("No handouts to write: no briefing has a preset matching --briefing and --preset.", file=sys.stderr)
    out, folder = Path(args.out).resolve(), notebooks_dir()
    jobs = _chains(todo, args.jobs, str(out), str(folder))
    if args.jobs == 1 or len(jobs) <= 1:
        for job in jobs:
            for path in _render_job(job):
                print(path, flush=True)
    else:  # each chain in a process of its own (nbclient keeps process-wide state), started afresh ("spawn")
        with ProcessPoolExecutor(min(args.jobs, len(jobs)), mp_context=multiprocessing.get_context("spawn")) as pool:
            for paths in pool.map(_render_job, jobs):
                for path in paths:
                    print(path, flush=True)
    if not args.preset:  # the exercise sheets, beside the full handouts
        for path in exercise_sheets(out, args.briefing):
            print(path, flush=True)
    return 0 if todo else 1


Job = tuple[str, tuple[str, ...], str, str]  # briefing id, preset ids (run in turn in one kernel), output and notebooks' folders


def _chains(todo: list[tuple[Entry, Preset]], jobs: int, out: str, folder: str) -> list[Job]:
    """The handouts to write as chains, one kernel each: a chain per briefing, the longest split in two while there
    are fewer chains than ``jobs``; longest first, so the longest start first.

    >>> from types import SimpleNamespace as NS
    >>> todo = [(NS(id=q), NS(preset_id=p)) for q, n in (("q13", 2), ("q14", 4)) for p in "abcd"[:n]]
    >>> [(q, ids) for q, ids, _, _ in _chains(todo, 2, "out", "nb")]
    [('q14', ('a', 'b', 'c', 'd')), ('q13', ('a', 'b'))]
    >>> [(q, ids) for q, ids, _, _ in _chains(todo, 3, "out", "nb")]
    [('q13', ('a', 'b')), ('q14', ('a', 'b')), ('q14', ('c', 'd'))]
    >>> _chains([], 2, "out", "nb")
    []
    """
    by_briefing: dict[str, list[str]] = {}
    for b, p in todo:
        by_briefing.setdefault(b.id, []).append(p.preset_id)
    chains = list(by_briefing.items())
    while chains and len(chains) < jobs:
        longest = max(chains, key=lambda c: len(c[1]))
        if len(longest[1]) < 2:
            break
        half = (len(longest[1]) + 1) // 2
        at = chains.index(longest)
        chains[at : at + 1] = [(longest[0], longest[1][:half]), (longest[0], longest[1][half:])]
    chains.sort(key=lambda c: -len(c[1]))
    return [(qid, tuple(ids), out, folder) for qid, ids in chains]


def _render_job(job: Job) -> list[Path]:
    """One chain of handouts: a briefing's presets, written in turn in one kernel (a worker process's task)."""
    qid, preset_ids, out, folder = job
    data = source()
    b = next(e for e in catalogue.briefings() if e.id == qid)
    by_id = {p.preset_id: p for p in presets(parameters(qid, data), data)}
    return render_all(b, [by_id[i] for i in preset_ids], Path(out), folder=Path(folder))


if __name__ == "__main__":
    sys.exit(main())
