"""The handout command writes one static, offline HTML file per briefing and preset, with its headline figures."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from probation_briefing.briefings import all_briefings, get
from probation_briefing.briefings.contract import approx_gbp_m
from probation_briefing.data import source, timeline, version
from probation_briefing.data.presets import presets
from probation_briefing.models.money import to_gbp_m
from probation_briefing.page.then_and_now import long_date
from probation_briefing.page.view_html import settings_html
from probation_briefing.publish import handouts

pytestmark = pytest.mark.kernel  # papermill runs every briefing for each preset


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    """Every handout, written as `make handouts` writes them: a relative --out, the default number of jobs (one per
    CPU, at most four: two at once on a 2-core machine, which used to fail), from a working directory of its own."""
    import os

    work = tmp_path_factory.mktemp("handouts-run")
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "briefings").rglob("*"))
    old_cwd, old_dir = os.getcwd(), os.environ.get("PROBATION_BRIEFINGS_DIR")
    os.environ["PROBATION_BRIEFINGS_DIR"] = str(ROOT / "briefings")
    os.chdir(work)
    try:
        assert handouts.main(["--out", "output/handouts"]) == 0
        assert os.getcwd() == str(work)  # no handout moved the working directory
    finally:
        os.chdir(old_cwd)
        if old_dir is None:
            os.environ.pop("PROBATION_BRIEFINGS_DIR", None)
        else:
            os.environ["PROBATION_BRIEFINGS_DIR"] = old_dir
    out = work / "output" / "handouts"
    # only the handouts folder was written to: nothing beside it, nothing in briefings/ (briefings/output/ used to appear)
    assert sorted(p.relative_to(work) for p in work.rglob("*") if p.is_dir()) == [Path("output"), Path("output/handouts")]
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "briefings").rglob("*")) == before
    return out


def _checked_outputs(nb_name: str) -> list[str]:
    """The text of the notebook's exactly-checked headline cells (default scenario)."""
    nb = json.loads((ROOT / "briefings" / nb_name).read_text())
    texts = []
    for c in nb["cells"]:
        if c["cell_type"] == "code" and "NBVAL_CHECK_OUTPUT" in "".join(c["source"]):
            for o in c["outputs"]:
                if o.get("output_type") == "stream":
                    texts += [ln for ln in "".join(o["text"]).splitlines() if ln.strip()]
    return texts


def test_one_file_per_briefing_and_preset(out_dir):
    expected = {f"{b.id}_{p.preset_id}.html" for b in all_briefings() for p in presets(b.parameters(source()), source())}
    assert {p.name for p in out_dir.glob("*.html") if "_exercise_" not in p.name} == expected


def test_handouts_are_static_and_offline(out_dir):
    for f in (f for f in out_dir.glob("*.html") if "_exercise_" not in f.name):  # the sheets: their own test
        html = f.read_text()
        assert "<script" not in html.lower(), f.name
        assert not re.search(r'<(link|img|iframe)[^>]+(href|src)="https?://', html), f.name
        assert "<svg" in html, f"{f.name} has no charts"
        assert "Traceback" not in html and "def " not in html, f.name  # no code, no errors
        assert 'class="anchor-link"' not in html and "¶" not in html, f.name  # no heading anchors on paper
        assert "Settings used" in html and "@media print" in html, f.name  # the settings, and the page's print layout
        assert "Then and now" in html and f"As at {long_date(timeline.as_at().isoformat())}" in html, f.name  # issue 23
        assert html.count(version.stamp().text()) >= 2, f.name  # issue 24: the version stamp in the header and the footer


@pytest.mark.parametrize("b", all_briefings(), ids=lambda b: b.id)
def test_default_handout_has_the_checked_headline_figures(out_dir, b):
    html = (out_dir / f"{b.id}_default.html").read_text()
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&")
    lines = _checked_outputs(b.notebook)
    assert lines
    for line in lines:
        assert re.sub(r"\s+", " ", line).strip() in plain, line


def test_q15_preset_handouts_show_their_own_scenario(out_dir):
    b = get("q15")
    for p in presets(b.parameters(source()), source()):
        r = b.run(p.scenario, source()).transfer
        html = (out_dir / f"q15_{p.preset_id}.html").read_text()
        moved = "nothing" if not r.allocated_p else f"{approx_gbp_m(to_gbp_m(r.allocated_p))} a year"
        assert moved in html, p.preset_id
        assert p.label.replace("&", "&amp;") in html or p.label in html


SETTINGS_LIST = re.compile(r"<ul class=[\"']pb-settings-list[\"']>(.*?)</ul>", re.S)
CARD = re.compile(r'<div class="v">(.*?)</div>\s*<div>(.*?)</div>', re.S)


def _settings_lists(page: str) -> set[tuple[str, ...]]:
    """Each 'Settings used' list in a page, as its lines (plain text)."""
    return {tuple(html_lib.unescape(li) for li in re.findall(r"<li>(.*?)</li>", ul, re.S)) for ul in SETTINGS_LIST.findall(page)}


@pytest.mark.parametrize("b", all_briefings(), ids=lambda b: b.id)
def test_every_handout_lists_the_settings_its_numbers_come_from(out_dir, b):
    """Issue 24: each preset's handout lists that preset's settings (the Q15 handouts listed the defaults beside another
    preset's results) and shows the model's headline figures at that preset."""
    data = source()
    for p in presets(b.parameters(data), data):
        page = (out_dir / f"{b.id}_{p.preset_id}.html").read_text()
        listed, expected = _settings_lists(page), _settings_lists(settings_html(p.scenario))
        assert listed and listed == expected, f"{b.id} {p.preset_id}: settings listed {listed}, expected {expected}"
        cards = {(html_lib.unescape(v), html_lib.unescape(label)) for v, label in CARD.findall(page)}
        for h in b.view(p.scenario, data).headlines:
            assert (h.value, h.label) in cards, f"{b.id} {p.preset_id}: headline card {h.label} = {h.value} missing"


def test_one_exercise_sheet_per_workshop_prompt_with_its_preset(out_dir):
    """Each workshop prompt that names a preset gets a sheet: the question, the preset's settings and figures, the prompt
    and room for the group's answer (no scripts, nothing from the web)."""
    data = source()
    prompts = data.load("workshop")
    prompts = prompts[(prompts.kind == "prompt") & prompts.preset_id.notna()]
    assert len(prompts) > 0
    for qid, group in prompts.groupby("briefing", sort=False):
        b = get(str(qid))
        by_id = {p.preset_id: p for p in presets(b.parameters(data), data)}
        for n, r in enumerate(group.itertuples(), start=1):
            page = (out_dir / f"{qid}_exercise_{n}.html").read_text()
            p = by_id[str(r.preset_id)]
            assert html_lib.escape(str(r.text)) in page and html_lib.escape(b.question_text) in page, (qid, n)
            assert _settings_lists(page) == _settings_lists(settings_html(p.scenario)), (qid, n)
            cards = {(html_lib.unescape(v), html_lib.unescape(label)) for v, label in CARD.findall(page)}
            assert all((h.value, h.label) in cards for h in b.view(p.scenario, data).headlines), (qid, n)
            assert version.stamp().text() in page, (qid, n)  # issue 24: the version stamp
            assert "Your group's answer" in page and "<script" not in page.lower() and "http" not in page.split("</style>")[-1], (qid, n)
    assert len(list(out_dir.glob("*_exercise_*.html"))) == len(prompts)


def test_no_matching_preset_is_a_plain_message_and_exit_code_1(tmp_path, capsys):
    """Asked for a preset no briefing has, the command says so and returns 1 (it raised a ValueError: a pool of no
    workers, and the largest of no chains), writing nothing."""
    assert handouts.main(["--out", str(tmp_path / "out"), "--preset", "no_such_preset"]) == 1
    assert "No handouts to write" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
