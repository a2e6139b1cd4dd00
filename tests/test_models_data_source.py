"""Every dataset a page accepts as an upload reaches that briefing's model, through an immutable DataSource.

For each briefing and each dataset in its ``uploads``, an upload that changes the data changes the model's
output; the source it was made from is unchanged; cached model pieces recompute (run, upload, run); and a
broken upload is refused with a DataError naming the file, row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from probation_briefing import DataError, InputError
from probation_briefing import data as pb_data
from probation_briefing.briefings import get
from probation_briefing.data import DataSource, source
from probation_briefing.data.catalogue import ids
from probation_briefing.data.package import resource
from probation_briefing.models import caseload, funding, regions

UPLOADS = [(b, name) for b in ids() for name in get(b).uploads]


def raw(ds: DataSource, name: str) -> pd.DataFrame:
    """A dataset's file as text cells, exactly as an analyst would open and edit it."""
    return pd.read_csv(ds.folder / resource(name)["path"], dtype=str, keep_default_na=False)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8")


def edit(ds: DataSource, name: str, key_col: str, key: str, col: str, value: Callable[[str], str] | str) -> bytes:
    df = raw(ds, name)
    rows = df.index[df[key_col] == key]
    assert len(rows) == 1, f"{name}: no single row with {key_col}={key}"
    old = df.at[rows[0], col]
    df.at[rows[0], col] = value(old) if callable(value) else value
    return csv_bytes(df)


def double_london_caseload(ds: DataSource) -> bytes:
    return edit(ds, "crcs", "crc_name", "London CRC", "caseload", lambda v: str(2 * int(v)))


def bigger_cumbria(ds: DataSource) -> bytes:
    return edit(ds, "force_areas", "pfa_code", "cumbria", "population", lambda v: str(int(v) + 2_000_000))


def q13_local(result: Any) -> pd.Series:
    return result.model.areas.set_index("area")["local_total"]


def q15_allocations(result: Any) -> pd.Series:
    return result.transfer.commissioners.set_index("commissioner_id")["allocation_p"]


# For each (briefing, upload): settings under which the dataset matters, the edit, and the model output to compare.
CASES: dict[tuple[str, str], tuple[dict[str, Any], Callable[[DataSource], bytes], Callable[[Any], pd.Series]]] = {
    ("q13", "crcs"): ({"structure": "crc_2014", "allocation_key": "caseload"}, double_london_caseload, q13_local),
    ("q13", "force_areas"): ({"structure": "crc_2014", "allocation_key": "population"}, bigger_cumbria, q13_local),
    ("q15", "crcs"): ({"allocation_key": "caseload", "share_pct": 20}, double_london_caseload, q15_allocations),
    ("q15", "force_areas"): ({"allocation_key": "population", "share_pct": 20}, bigger_cumbria, q15_allocations),
}


def test_every_upload_has_a_case():
    """A dataset newly accepted as an upload must get a case here (so the test below covers it)."""
    assert UPLOADS, "no briefing accepts uploads"
    assert set(UPLOADS) <= set(CASES), f"add a case for {sorted(set(UPLOADS) - set(CASES))}"


@pytest.mark.parametrize("briefing,name", UPLOADS)
def test_an_upload_changes_the_model_output(briefing, name):
    settings, change, output = CASES[(briefing, name)]
    b = get(briefing)
    ds = source()
    scenario = b.parameters(ds).defaults().replace(**settings)
    before = output(b.run(scenario, ds))  # run first, so every cached piece is warm

    ds2 = ds.with_upload(name, change(ds), "mine.csv")
    assert ds2.replaced() == [name] and ds2.folder == ds.folder and ds2 != ds
    after = output(b.run(scenario, ds2))

    assert after.index.equals(before.index)
    assert not after.equals(before), f"uploading {name} did not change the {briefing} model"
    assert (after - before).abs().max() > 0

    # the original source is unchanged and still gives the original result (nothing stale either way)
    assert ds.replaced() == []
    pd.testing.assert_series_equal(output(b.run(scenario, ds)), before)
    pd.testing.assert_frame_equal(ds.load(name), DataSource.resolve(ds.folder).load(name))
    # dropping the upload goes back to the folder
    pd.testing.assert_series_equal(output(b.run(scenario, ds2.without_upload(name))), before)


@pytest.mark.parametrize("briefing", sorted({b for b, _ in UPLOADS}))
def test_page_summary_changes_with_an_upload(briefing):
    """What the reader sees follows the upload too (not only the model tables)."""
    name = get(briefing).uploads[0]
    settings, change, _ = CASES[(briefing, name)]
    b = get(briefing)
    ds = source()
    scenario = b.parameters(ds).defaults().replace(**settings)
    ds2 = ds.with_upload(name, change(ds), "mine.csv")
    before, after = b.view(scenario, ds), b.view(scenario, ds2)
    assert after.summary != before.summary


def test_cached_pieces_recompute_after_an_upload():
    """run, upload, run: the cached derivations are keyed on the data version, so an upload is never served stale."""
    ds = source()
    pop = regions.summarise(ds, "crc_2014").set_index("area")["population"]
    cl = caseload.by_force_area(ds).set_index("pfa_code")["caseload"]
    com = funding.commissioners(ds).set_index("commissioner_id")["population"]

    bigger = ds.with_upload("force_areas", bigger_cumbria(ds), "mine.csv")
    pop2 = regions.summarise(bigger, "crc_2014").set_index("area")["population"]
    assert pop2["Cumbria and Lancashire"] == pop["Cumbria and Lancashire"] + 2_000_000
    assert (pop2.drop("Cumbria and Lancashire") == pop.drop("Cumbria and Lancashire")).all()
    assert funding.commissioners(bigger).set_index("commissioner_id")["population"].sum() == com.sum() + 2_000_000
    # the caseload of a CRC is shared by population, so Cumbria's share of its CRC's caseload grows
    assert caseload.by_force_area(bigger).set_index("pfa_code").loc["cumbria", "caseload"] > cl["cumbria"]

    more = ds.with_upload("crcs", double_london_caseload(ds), "mine.csv")
    cl2 = caseload.by_force_area(more).set_index("pfa_code")["caseload"]
    assert cl2["metropolitan"] + cl2["city-of-london"] == pytest.approx(2 * (cl["metropolitan"] + cl["city-of-london"]))

    # and the session's source still gives the originals
    pd.testing.assert_series_equal(regions.summarise(ds, "crc_2014").set_index("area")["population"], pop)
    pd.testing.assert_series_equal(caseload.by_force_area(ds).set_index("pfa_code")["caseload"], cl)


def test_a_second_upload_replaces_the_first():
    ds = source()
    once = ds.with_upload("crcs", double_london_caseload(ds), "mine.csv")
    twice = once.with_upload("crcs", csv_bytes(raw(ds, "crcs")), "original.csv")
    assert twice.replaced() == ["crcs"] and once.replaced() == ["crcs"]
    pd.testing.assert_frame_equal(twice.load("crcs"), ds.load("crcs"))
    assert once.load("crcs").set_index("crc_name").loc["London CRC", "caseload"] == 58_000


def test_loaded_tables_are_copies():
    ds = source().with_upload("crcs", double_london_caseload(source()), "mine.csv")
    t = ds.load("crcs")
    t["caseload"] = 0
    assert ds.load("crcs")["caseload"].max() == 58_000


def test_session_upload_and_reset():
    """``data.use`` layers an upload over the session source; ``data.reset`` drops it."""
    b = get("q15")
    scenario = b.parameters(source()).defaults().replace(allocation_key="caseload")
    before = q15_allocations(b.run(scenario, source()))
    try:
        pb_data.use("crcs", double_london_caseload(source()), "mine.csv")
        assert pb_data.replaced() == ["crcs"]
        during = q15_allocations(b.run(scenario, source()))
        assert during["mopac"] > before["mopac"]
    finally:
        pb_data.reset()
    assert pb_data.replaced() == []
    pd.testing.assert_series_equal(q15_allocations(b.run(scenario, source())), before)


# ---- broken uploads --------------------------------------------------------------------------------


def test_broken_foreign_key_names_file_row_and_column():
    ds = source()
    df = raw(ds, "crcs")
    df.at[2, "caseload_source_id"] = "NOPE"  # the third data row
    with pytest.raises(DataError) as err:
        ds.with_upload("crcs", csv_bytes(df), "mine.csv")
    first = err.value.problems[0]
    assert (first.file, first.row, first.column) == ("mine.csv", 3, "caseload_source_id")
    assert str(err.value) == "mine.csv, row 3 (line 4), column 'caseload_source_id': 'NOPE' does not match any source_id in sources.csv"
    assert ds.replaced() == []  # nothing half-applied


def test_upload_dropping_a_key_others_use_is_refused():
    ds = source()
    df = raw(ds, "force_areas")
    with pytest.raises(DataError) as err:
        ds.with_upload("force_areas", csv_bytes(df[df["pfa_code"] != "cumbria"]), "mine.csv")
    msgs = [str(p) for p in err.value.problems]
    assert msgs[0] == "mine.csv, column 'pfa_code': pfa_code 'cumbria' is used by membership.csv but missing from the upload"
    assert any("tile_layout.csv" in m for m in msgs)


def test_upload_with_a_bad_cell_names_row_and_column():
    ds = source()
    df = raw(ds, "force_areas")
    df.at[4, "population"] = "lots"
    with pytest.raises(DataError, match=r"^mine\.csv, row 5 \(line 6\), column 'population': 'lots' is not a whole number$"):
        ds.with_upload("force_areas", csv_bytes(df), "mine.csv")


# ---- accepted uploads that would break a model are reported plainly, and the page refuses them ------


def _drop_west_yorkshire(ds: DataSource) -> bytes:
    df = raw(ds, "crcs")
    return csv_bytes(df[df["crc_name"] != "West Yorkshire CRC"])


def _no_caseloads(ds: DataSource) -> bytes:
    return csv_bytes(raw(ds, "crcs").assign(caseload="", caseload_qualifier=""))


@pytest.mark.parametrize("change", [_drop_west_yorkshire, _no_caseloads], ids=["missing_crc", "no_caseloads"])
def test_an_accepted_upload_never_crashes_a_model(change):
    """Either the upload is refused with a DataError, or every briefing that accepts it runs (or says what is wrong)."""
    ds = source()
    try:
        ds2 = ds.with_upload("crcs", change(ds), "mine.csv")
    except DataError:
        return
    for briefing in (b for b, name in UPLOADS if name == "crcs"):
        b = get(briefing)
        try:
            b.run(b.parameters(ds2).defaults(), ds2)
        except (InputError, DataError) as exc:
            assert "mine.csv" in str(exc) or "key is zero" in str(exc)


@pytest.mark.parametrize("change", [_drop_west_yorkshire, _no_caseloads], ids=["missing_crc", "no_caseloads"])
def test_the_page_refuses_an_upload_its_models_cannot_use(change):
    from probation_briefing.page.driver import Page

    page = Page(get("q15"), source())
    before = page.summary.value
    new = page.data.with_upload("crcs", change(page.data), "mine.csv")
    with pytest.raises(DataError, match=r"mine\.csv"):
        page.use_data(new)
    assert page.data.replaced() == [] and page.summary.value == before


def test_uploads_are_read_from_text_too():
    ds = source()
    text = double_london_caseload(ds).decode("utf-8")
    ds2 = ds.with_upload("crcs", text, "mine.csv")
    assert ds2.load("crcs").set_index("crc_name").loc["London CRC", "caseload"] == 58_000
