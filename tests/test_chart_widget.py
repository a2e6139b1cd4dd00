"""The chart widget and its offline bundle, without a browser (tests/test_browser.py drives real pages)."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from probation_briefing.page import chart_bundle, chart_widget
from probation_briefing.page.chart_widget import ChartWidget


def bars(values: list[int]) -> alt.Chart:
    df = pd.DataFrame({"area": [f"A{i}" for i in range(len(values))], "n": values})
    return alt.Chart(df).mark_bar().encode(x="n:Q", y="area:N")


@pytest.fixture
def esm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test chooses the front end afresh; the class attribute is restored afterwards."""
    monkeypatch.setattr(ChartWidget, "_esm", "export default { render() {} };", raising=False)


def test_source_has_the_fast_path_and_no_imports() -> None:
    src = chart_bundle.bundle_source()
    # rows modified in place when they keep their number and fields, else replaced; never a fresh embed
    assert "change.modify(" in src and "change.remove(() => true).insert(" in src and "runAsync" in src
    assert "vegaEmbed(" in src and not src.lstrip().startswith("import")
    assert "console.error(" not in src  # the browser tests fail on console errors


def test_a_foreign_import_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    js = tmp_path / "w.js"
    js.write_text('import confetti from "canvas-confetti";\nexport default {};\n')
    monkeypatch.setattr(chart_bundle, "SOURCE", js)
    with pytest.raises(RuntimeError, match="cannot bundle"):
        chart_bundle.bundle_source()


def test_bundle_name_follows_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    import vl_convert as vlc

    name = chart_bundle.bundle_name()
    assert name.startswith("chart-widget-") and name.endswith(".js")
    assert vlc.__version__ in name and chart_bundle.vega_lite_version() in name
    source = chart_bundle.bundle_source()
    monkeypatch.setattr(chart_bundle, "bundle_source", lambda: source + "\n// changed\n")
    assert chart_bundle.bundle_name() != name


def test_vega_lite_version_is_one_vl_convert_offers(monkeypatch: pytest.MonkeyPatch) -> None:
    import vl_convert as vlc

    assert chart_bundle.vega_lite_version() in vlc.get_vegalite_versions()
    monkeypatch.setattr(alt, "SCHEMA_VERSION", "v6.2.0")
    monkeypatch.setattr(vlc, "get_vegalite_versions", lambda: ["5.21", "6.1", "6.4"])
    assert chart_bundle.vega_lite_version() == "6.4"
    monkeypatch.setattr(alt, "SCHEMA_VERSION", "v7.0.0")
    with pytest.raises(RuntimeError, match="none of which"):
        chart_bundle.vega_lite_version()


def test_template_static_dir_exists() -> None:
    assert chart_bundle.template_static_dir().is_dir()


def test_write_bundle(tmp_path: Path) -> None:
    stale = tmp_path / "chart-widget-old.js"
    stale.write_text("old")
    path = chart_bundle.write_bundle(tmp_path)
    assert path.parent == tmp_path and path.name == chart_bundle.bundle_name()
    code = path.read_text(encoding="utf-8")
    assert "vega-embed" in code and "export{" in code and len(code) > 500_000
    assert not stale.exists()


def test_enable_under_voila_needs_the_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, esm: None) -> None:
    monkeypatch.setenv("VOILA_BASE_URL", "/base/")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    name = f"chart-widget-{tmp_path.name}.js"  # not installed anywhere else on the Jupyter path
    monkeypatch.setattr(chart_bundle, "bundle_name", lambda: name)
    monkeypatch.setattr(chart_bundle, "bundle_code", lambda: pytest.fail("must not build in memory under Voila"))
    with pytest.raises(RuntimeError, match=r"python -m probation_briefing\.page\.chart_bundle"):
        chart_widget.enable()

    static = tmp_path / "voila" / "templates" / "probation" / "static"
    static.mkdir(parents=True)
    (static / name).write_text("// bundle")
    chart_widget.enable()
    url = f"/base/voila/templates/probation/static/{name}"
    assert f'"{url}"' in ChartWidget._esm and "import(url)" in ChartWidget._esm


def test_enable_outside_voila_uses_the_whole_bundle(monkeypatch: pytest.MonkeyPatch, esm: None) -> None:
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    monkeypatch.setattr(chart_bundle, "bundle_code", lambda: "// the whole bundle")
    chart_widget.enable()
    assert ChartWidget._esm == "// the whole bundle"


def test_widget_carries_the_spec_with_theme(esm: None) -> None:
    @alt.theme.register("pb-test", enable=False)
    def _theme() -> alt.theme.ThemeConfig:
        return alt.theme.ThemeConfig({"config": {"font": "TestFont"}})

    with alt.theme.enable("pb-test"):
        w = ChartWidget(bars([3, 1]))
    assert w.spec["datasets"] == {"data-0": [{"area": "A0", "n": 3}, {"area": "A1", "n": 1}]}
    assert w.spec["data"] == {"name": "data-0"}
    assert w.spec["config"]["font"] == "TestFont"
    assert w.chart is not None and ChartWidget().spec == {}


def test_show_new_data_changes_only_datasets(esm: None) -> None:
    w = ChartWidget(bars([3, 1]))
    before = dict(w.spec)
    w.show(bars([5, 2]))
    after = dict(w.spec)
    assert before.pop("datasets") != after.pop("datasets")
    assert before == after
    w.show(bars([5, 2, 7]).mark_point())  # a different chart: more than the data changes
    assert w.spec["mark"] == {"type": "point"}
