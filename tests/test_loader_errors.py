"""Every loader error names the file, row, column and problem; nothing half-loaded is returned."""

from __future__ import annotations

import csv
from pathlib import Path

import probation_briefing as pb
import pytest
from probation_briefing import DataError


def rewrite(path: Path, edit) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def error_for(name: str, folder: Path) -> DataError:
    with pytest.raises(DataError) as info:
        pb.load(name, folder)
    return info.value


def test_missing_file(data_copy):
    (data_copy / "crcs.csv").unlink()
    e = error_for("crcs", data_copy)
    assert "crcs.csv" in str(e) and "file not found" in str(e)


def test_empty_file(data_copy):
    (data_copy / "crcs.csv").write_text("")
    assert "crcs.csv: the file is empty" in str(error_for("crcs", data_copy))


def test_wrong_encoding(data_copy):
    p = data_copy / "force_areas.csv"
    p.write_bytes(p.read_text(encoding="utf-8").replace("Avon and Somerset", "Avon and Sömerset", 1).encode("latin-1"))
    e = error_for("force_areas", data_copy)
    assert "force_areas.csv" in str(e) and "row 1" in str(e) and "not UTF-8" in str(e)


def test_missing_column(data_copy):
    rewrite(data_copy / "force_areas.csv", lambda rows: [r.pop(9) for r in rows])
    e = error_for("force_areas", data_copy)
    assert "force_areas.csv, column 'population': required column is missing" in str(e)


def test_extra_column(data_copy):
    rewrite(data_copy / "crcs.csv", lambda rows: [r.append("x") for r in rows])
    assert "column 'x': unexpected column" in str(error_for("crcs", data_copy))


def test_wrong_type(data_copy):
    def edit(rows):
        rows[3][rows[0].index("population")] = "about a million"

    rewrite(data_copy / "force_areas.csv", edit)
    e = error_for("force_areas", data_copy)
    assert "force_areas.csv, row 3 (line 4), column 'population': 'about a million' is not a whole number" in str(e)


def test_negative_population(data_copy):
    def edit(rows):
        rows[5][rows[0].index("population")] = "-5"

    rewrite(data_copy / "force_areas.csv", edit)
    assert "row 5 (line 6), column 'population': -5 is below the minimum of 0" in str(error_for("force_areas", data_copy))


def test_missing_required_value(data_copy):
    def edit(rows):
        rows[2][rows[0].index("nation")] = ""

    rewrite(data_copy / "force_areas.csv", edit)
    assert "row 2 (line 3), column 'nation': a value is required" in str(error_for("force_areas", data_copy))


def test_duplicate_key(data_copy):
    rewrite(data_copy / "crcs.csv", lambda rows: rows.append(list(rows[1])))
    e = error_for("crcs", data_copy)
    assert "row 22 (line 23), column 'crc_code': duplicate key 'C01' (first used on row 1)" in str(e)


def test_broken_foreign_key(data_copy):
    def edit(rows):
        rows[1][rows[0].index("pfa_code")] = "atlantis"

    rewrite(data_copy / "membership.csv", edit)
    e = error_for("membership", data_copy)
    assert "membership.csv, row 1 (line 2), column 'pfa_code': 'atlantis' does not match any pfa_code in force_areas.csv" in str(e)


def test_bad_enum(data_copy):
    def edit(rows):
        rows[1][rows[0].index("status")] = "guessed"

    rewrite(data_copy / "facts.csv", edit)
    assert "column 'status': 'guessed' is not one of" in str(error_for("facts", data_copy))


def test_environment_variable_points_at_analyst_copy(data_copy, monkeypatch):
    def edit(rows):
        rows[1][rows[0].index("caseload")] = "4000"

    rewrite(data_copy / "crcs.csv", edit)
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data_copy))
    assert pb.load("crcs").set_index("crc_code").loc["C01", "caseload"] == 4000
    monkeypatch.delenv("PROBATION_DATA_DIR")
    assert pb.load("crcs").set_index("crc_code").loc["C01", "caseload"] == 3700


def test_all_problems_are_collected(data_copy):
    def edit(rows):
        rows[1][rows[0].index("population")] = "x"
        rows[2][rows[0].index("population")] = "y"

    rewrite(data_copy / "force_areas.csv", edit)
    e = error_for("force_areas", data_copy)
    assert len(e.problems) == 2 and "(and 1 more problem)" in str(e)


def test_unknown_dataset_lists_known_ones():
    with pytest.raises(KeyError, match="force_areas"):
        pb.load("no_such_table")
