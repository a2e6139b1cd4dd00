"""Uploads replace a dataset for the session only, validated like the shipped files."""

from __future__ import annotations

import probation_briefing as pb
import pytest
from conftest import DATA


@pytest.fixture(autouse=True)
def clean():
    pb.reset()
    yield
    pb.reset()


def csv_text(name: str) -> str:
    return (DATA / f"{name}.csv").read_text(encoding="utf-8")


def test_valid_upload_is_used_and_shipped_file_untouched():
    before = (DATA / "crcs.csv").stat().st_mtime_ns
    text = csv_text("crcs").replace(
        "C01,Northumbria CRC,Sodexo Justice Services (with Nacro),,N02,3700",
        "C01,Northumbria CRC,Sodexo Justice Services (with Nacro),,N02,4100",
    )
    pb.use("crcs", text.encode(), "my_caseloads.csv")
    assert pb.load("crcs").set_index("crc_code").loc["C01", "caseload"] == 4100
    assert pb.replaced() == ["crcs"]
    assert (DATA / "crcs.csv").stat().st_mtime_ns == before
    pb.reset("crcs")
    assert pb.load("crcs").set_index("crc_code").loc["C01", "caseload"] == 3700


def test_bad_upload_names_file_row_column_and_changes_nothing():
    lines = csv_text("force_areas").splitlines()
    lines[2] = lines[2].replace(",669338,", ",-3,")
    with pytest.raises(pb.DataError, match=r"mine\.csv, row 2 \(line 3\), column 'population': -3 is below the minimum of 0"):
        pb.use("force_areas", "\n".join(lines).encode(), "mine.csv")
    assert pb.replaced() == []


def test_upload_must_keep_keys_other_tables_use():
    lines = [ln for ln in csv_text("force_areas").splitlines() if not ln.startswith("kent,")]
    with pytest.raises(pb.DataError, match="'kent' is used by"):
        pb.use("force_areas", "\n".join(lines).encode(), "no_kent.csv")


def test_upload_with_unknown_foreign_key_is_refused():
    text = csv_text("crcs").replace(",S54,S4", ",S999,S4")
    with pytest.raises(pb.DataError, match=r"x\.csv, row 1 \(line 2\), column 'caseload_source_id': 'S999' does not match any source_id"):
        pb.use("crcs", text.encode(), "x.csv")


def test_session_source_layers_uploads_and_models_see_them():
    from probation_briefing.models import regions

    before = regions.summarise(pb.source(), "crc_2014").set_index("area_code").loc["C01", "caseload_known"]
    text = csv_text("crcs").replace(
        "C01,Northumbria CRC,Sodexo Justice Services (with Nacro),,N02,3700",
        "C01,Northumbria CRC,Sodexo Justice Services (with Nacro),,N02,9999",
    )
    pb.use("crcs", text.encode(), "mine.csv")
    assert regions.summarise(pb.source(), "crc_2014").set_index("area_code").loc["C01", "caseload_known"] == 9999 != before
    assert pb.load("crcs", DATA).set_index("crc_code").loc["C01", "caseload"] == 3700  # a named folder has no uploads


def test_large_upload_with_duplicate_keys_checks_in_linear_time():
    import time

    lines = csv_text("crcs").splitlines()
    big = "\n".join([lines[0]] + lines[1:] * 4000).encode()  # about 84,000 rows, nearly all duplicate keys
    # CPU time of this process, not the wall clock: what the check costs, whatever else the machine is doing
    start = time.process_time()
    with pytest.raises(pb.DataError, match="duplicate key"):
        pb.use("crcs", big, "big.csv")
    assert time.process_time() - start < 10


def _panel():
    from probation_briefing.page import upload

    used = []
    box = upload.panel(("crcs", "force_areas"), pb.source, used.append)
    return box, box.children[3].children[0], box.children[4], used


def test_a_file_over_the_limit_is_refused_in_the_browser_with_a_clear_message():
    """The browser sends only the name and size of a file over the limit (upload.js); the page says so in MB."""
    from probation_briefing.page import upload

    _, up, status, used = _panel()
    assert isinstance(up, upload.CsvUpload) and up.max_bytes == upload.MAX_BYTES  # the limit the browser checks
    up._receive(up, {"kind": "too_large", "name": "big.csv", "size": 52_428_800}, [])
    assert "big.csv is 52.4 MB; the most this page accepts is 2.0 MB" in status.value and not used
    assert "file.size > max" in str(upload.CsvUpload._esm)  # upload.js checks before sending


def test_a_file_over_the_limit_sent_anyway_is_refused_by_the_server():
    _, up, status, used = _panel()
    up._receive(up, {"kind": "file", "name": "big.csv"}, [memoryview(b"x" * 2_000_001)])
    assert "big.csv is 2.0 MB; the most this page accepts is 2.0 MB" in status.value and not used


def test_a_file_within_the_limit_is_used():
    _, up, status, used = _panel()
    content = (DATA / "crcs.csv").read_bytes()
    up._receive(up, {"kind": "file", "name": "mine.csv"}, [memoryview(content)])
    assert "Using your mine.csv" in status.value and len(used) == 1


def test_the_upload_limit_is_below_the_websocket_limit():
    """A file within the limit, sent by a changed page, still reaches the server's own check (tornado drops
    websocket messages over 10 MiB without a word)."""
    from probation_briefing.page import upload

    assert upload.MAX_BYTES * 2 < 10 * 1024 * 1024
