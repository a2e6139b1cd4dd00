"""The version stamp (issue 24, item 6): one stamp in every footer and share link, and a link made with other data opens
with a notice. In-process: starts nothing."""

from __future__ import annotations

from probation_briefing.data import version
from probation_briefing.data.params import parameters
from probation_briefing.page import service, urlstate


def test_the_footer_carries_the_whole_stamp():
    s = version.stamp()
    footer = service.footer_html()
    for part in (s.data_version, s.data_hash, s.library_version, "3 December 2026"):
        assert part in footer


def test_a_link_with_this_data_opens_quietly_and_one_with_other_data_says_the_figures_may_have_changed():
    params = parameters("q15")
    query = urlstate.encode({"share_pct": 25}, params, stamped=True)
    values, notices = urlstate.parse(query, params)
    assert values["share_pct"] == 25 and notices == []
    values, notices = urlstate.parse("share_pct=25&v=0123abcd", params)
    assert values["share_pct"] == 25
    assert len(notices) == 1 and "may have changed" in notices[0] and "0123abcd" in notices[0]


def test_a_malformed_data_version_is_named_not_trusted():
    _, notices = urlstate.parse("v=%3Cscript%3E", parameters("q13"))
    assert notices == ["Ignored the link's data version '<script>': it is not one these pages write."]


def test_the_hash_follows_the_content(tmp_path, monkeypatch):
    before = version.stamp().data_hash
    version.stamp.cache_clear()
    monkeypatch.setattr(version, "_content_hash", lambda: "ffffffff")
    try:
        assert version.stamp().data_hash == "ffffffff" != before
    finally:
        version.stamp.cache_clear()
