# %% [markdown]
# # Q14: Re-engaging the voluntary sector - comparing commissioning routes
#
# > "How can we better engage voluntary sector providers in the design and delivery of rehabilitation
# > and resettlement services for offenders in the community?"
#
# — Consultation question 14, Ministry of Justice, *Strengthening probation, building confidence*
# (Cm 9613, July 2018) [Q01].
#
# This page compares four ways a voluntary organisation can be paid for rehabilitation work: as a
# **subcontractor** in a prime provider's supply chain (as under Transforming Rehabilitation), through a
# **rate card** (a price list paid per referral), through a national or regional **framework or dynamic
# purchasing system** open to any provider meeting set criteria, and through **grants or co-commissioning
# with police and crime commissioners**. It shows what the published record says, then lets you set up two
# ways of commissioning side by side and see who could take part, how much of the money might reach the
# voluntary sector, and what bidding would cost the sector.

# %%
import probation_briefing  # noqa: F401 - first, before Altair: a faster kernel start (see its __init__)
import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from probation_briefing import charts, commissioning, controls, downloads, params, provenance, share, static, ui, urlstate, workshop
from probation_briefing.facts import fact

ui.install_error_display()  # data problems appear as a plain notice, never a traceback
charts.enable()
PARAMS = params.parameters("q14")
_d0 = params.defaults("q14")  # warm the model's caches while the kernel is preheated, before any request arrives
_ = commissioning.evaluate_values(_d0), commissioning.evaluate_values(_d0, "_b")
display(HTML(ui.CSS))

# %% tags=["parameters"]
structure = None
route = None
lot_level = None
contracts_per_lot = None
spend_gbp_m = None
min_turnover_gbp_k = None
funding_req_pct = None
pbr_pct = None
reserves_pct = None
competitions_per_year = None
bid_cost_pct = None
bid_cost_fixed_gbp_k = None
bid_rate_pct = None
other_bidders = None
subcontract_share_pct = None
subcontracts_per_contract = None
population_total = None
capacity_multiple = None
micro_floor_gbp_k = None
major_cap_gbp_m = None
route_b = None
lot_level_b = None
structure_b = None
contracts_per_lot_b = None
spend_gbp_m_b = None
min_turnover_gbp_k_b = None
funding_req_pct_b = None
pbr_pct_b = None
reserves_pct_b = None
competitions_per_year_b = None
bid_cost_pct_b = None
bid_cost_fixed_gbp_k_b = None
bid_rate_pct_b = None
other_bidders_b = None
subcontract_share_pct_b = None
subcontracts_per_contract_b = None

# %%
values, notices = urlstate.read("q14", overrides={k: globals().get(k) for k in PARAMS})  # URL, then papermill
display(HTML(share.notices_html(notices)))

# %% [markdown]
# ## What the record shows
#
# When the Transforming Rehabilitation contracts were awarded in 2014, the Ministry of Justice said the
# winning bids named a large number of subcontractors, most of them voluntary or mutual organisations.
# Later counts were much lower. The 2021 Dynamic Framework for rehabilitative services reported a larger
# share of money going to charities, but many competitions drew one bidder or none. Each figure below
# carries its source id (listed at the end of the page) and the confidence recorded with it.

# %%
def _f(fid: str, fmt: str = "{:,.0f}") -> str:
    x = fact(fid)
    return f"{fmt.format(x.value)} {ui.esc(x.unit)} ({ui.esc(x.period)}) [{ui.esc(x.source_id)}]"


_named = fact("tr_subcontractors_named_in_winning_bids")
_share = fact("tr_vcse_or_mutual_share_of_named_subcontractors_pct")
display(HTML(ui.cards([
    ("Subcontractors named in winning bids, 2014 [" + _named.source_id + "]", f"{_named.value:,.0f}"),
    ("of which voluntary or mutual [" + _share.source_id + "]", f"{_share.value:.0f}%"),
    ("VCSE organisations in CRC supply chains, June 2019 [" + fact("vcse_in_crc_supply_chains_minister_2019").source_id + "]",
     f"{fact('vcse_in_crc_supply_chains_minister_2019').value:,.0f}"),
    ("Share of 2021 framework funding to charities (about two-thirds) [" + fact("crs_share_funding_to_charities_vcse_pct").source_id + "]",
     f"{fact('crs_share_funding_to_charities_vcse_pct').value:.0f}%"),
])))
_award = commissioning.award_vs_later()
static.show(alt.JupyterChart(commissioning.award_chart(_award)))
display(HTML(
    "<p>Text version: " + "; ".join(f"{ui.esc(r.when)}: {r.organisations:,.0f} ({ui.esc(r.measure)}, {ui.esc(r.status)}, source {ui.esc(r.source)})"
                                   for r in _award.itertuples()) +
    f". The 2014 figure is derived ({_named.value:,.0f} x {_share.value:.0f}%). The three counts measure different things and are not a strict series; "
    f"Clinks gave a different figure of {fact('tr_charities_named_in_bids_clinks_figure').value:,.0f} charities or social enterprises named in bids "
    f"[{fact('tr_charities_named_in_bids_clinks_figure').source_id}].</p>"
    "<ul>"
    f"<li>Voluntary organisations working in criminal justice: {_f('cj_voluntary_orgs_total_oct2018')}; of these, "
    f"{_f('cj_voluntary_orgs_providing_direct_to_crcs_oct2018')} provided services directly to CRCs.</li>"
    f"<li>TrackTR survey 2018 ({fact('tracktr_2018_respondents').value:,.0f} respondents [{fact('tracktr_2018_respondents').source_id}]): "
    f"{fact('tracktr_2018_pct_receiving_crc_funding').value:.0f}% received CRC funding; of those, about {fact('tracktr_2018_pct_crc_funded_services_unsustainable').value:.0f}% "
    f"said the services were unsustainable and about {fact('tracktr_2018_pct_crc_funded_subsidising_from_reserves').value:.0f}% were subsidising them from reserves "
    f"[{fact('tracktr_2018_pct_receiving_crc_funding').source_id}].</li>"
    f"<li>By size (2016): {fact('change_challenge_2016_pct_turnover_over_5m_with_crc_funding').value:.0f}% of respondents with turnover over £5m had CRC funding, against "
    f"{fact('change_challenge_2016_pct_turnover_under_1m_subcontracting').value:.0f}% of those under £1m subcontracting (small sample) "
    f"[{fact('change_challenge_2016_pct_turnover_over_5m_with_crc_funding').source_id}].</li>"
    f"<li>Dynamic Framework 2021: {_f('crs_initial_award_total_gbp_m')} awarded to {_f('crs_initial_award_organisations')} lead organisations; "
    f"about {fact('crs_share_funding_to_charities_vcse_pct').value:.0f}% to charities and the voluntary sector [{fact('crs_share_funding_to_charities_vcse_pct').source_id}]; "
    f"{_f('crs_six_large_vcse_share_gbp_m')} went to six large voluntary organisations; "
    f"{fact('crs_pct_competitions_one_or_zero_bidders').value:.0f}% of competitions had one bidder or none [{fact('crs_pct_competitions_one_or_zero_bidders').source_id}].</li>"
    f"<li>The sector is mostly small: in the UK in 2011/12, {fact('vcs_orgs_micro_pct').value:.1f}% of voluntary organisations had income under £10k and "
    f"{fact('vcs_orgs_major_pct').value:.1f}% over £10m [{fact('vcs_orgs_micro_pct').source_id}]. Among criminal justice charities (2023), "
    f"{fact('cj_charities_pct_income_under_10k').value:.0f}% had income under £10k and {fact('cj_charities_pct_income_over_10m').value:.0f}% over £10m "
    f"[{fact('cj_charities_pct_income_under_10k').source_id}].</li>"
    f"<li>In 2013, bidders for a CRC contract had to show funding of {fact('bidder_funding_requirement').value:.0f}% of the lot's annual value "
    f"[{fact('bidder_funding_requirement').source_id}].</li>"
    "</ul>"))

# %%
_rec = commissioning.record_table()
display(HTML("<details><summary>All figures quoted on this page, with period, place, confidence and source</summary>"
             + ui.table_html(_rec, caption="Published figures used in this briefing", formats={"value": ",.1f"})
             + ui.csv_link(_rec, "q14_record.csv") + "</details>"))

# %% [markdown]
# ## Compare two ways of commissioning
#
# Set up **A** and **B** side by side. The defaults set A up like a Transforming Rehabilitation supply chain
# under the reconstructed 2018 regional structure, and B like the 2021 framework over the 12 regions.
# Values marked illustrative are this project's assumptions, not published figures: change them to your own.
# The settings are kept in the page address, so you can share a comparison by copying the link.

# %%
_LABELS = {**commissioning.ROUTE_LABELS, **commissioning.LEVEL_LABELS}
widgets_by_id = controls.controls(PARAMS, values, labels=_LABELS)
_MAIN = ["route", "lot_level", "structure", "contracts_per_lot", "spend_gbp_m", "min_turnover_gbp_k", "funding_req_pct", "pbr_pct",
         "competitions_per_year", "bid_cost_pct"]
_MORE = ["reserves_pct", "bid_cost_fixed_gbp_k", "bid_rate_pct", "other_bidders", "subcontract_share_pct", "subcontracts_per_contract"]
for _wd in widgets_by_id.values():
    _wd.layout = widgets.Layout(width="30em")
    _wd.style = {"description_width": "15em"}


def _column(sfx: str, title: str) -> widgets.VBox:
    more = widgets.Accordion(children=[widgets.VBox([widgets_by_id[k + sfx] for k in _MORE])], titles=("More settings",))
    head = widgets.HTML(f"<h3 style='margin:.2em 0'>{ui.esc(title)}</h3>")
    return widgets.VBox([head] + [widgets_by_id[k + sfx] for k in _MAIN] + [more])


_shared = widgets.Accordion(children=[widgets.VBox([widgets_by_id[k] for k in commissioning.SHARED_KEYS])],
                            titles=("The voluntary sector (both settings)",))
route_help = widgets.HTML(ui.table_html(
    pd.DataFrame({"route": list(commissioning.ROUTE_LABELS.values()),
                                    "how the model treats it": [commissioning.ROUTE_RULES[r] for r in commissioning.ROUTES]}),
    caption="The four routes in the model"))
share_link = share.link_widget("q14", widgets_by_id)
static.show(widgets.VBox([route_help, widgets.HBox([_column("", "Setting A"), _column("_b", "Setting B")]), _shared, share_link]))

# %%
summary_out = widgets.HTML()
table_out = widgets.HTML()
alt_text = widgets.HTML()
_a0 = commissioning.evaluate_values(values)
_b0 = commissioning.evaluate_values(values, "_b")
band_view = alt.JupyterChart(commissioning.band_chart(_a0, _b0))
_FORMATS = {"A": ",.1f", "B": ",.1f", "B minus A": "+,.1f"}


def render(_change=None) -> None:
    """Recompute both settings from the controls and refresh the summary, table and chart."""
    try:
        vals = controls.values_of(widgets_by_id)
        a = commissioning.evaluate_values(vals)
        b = commissioning.evaluate_values(vals, "_b")
        charts.refresh(band_view, commissioning.band_chart(a, b))
        alt_text.value = f"<p class='pb-alt'>{ui.esc(commissioning.describe_band_chart(a, b))}</p>"
        table_out.value = ui.table_html(commissioning.comparison(a, b), caption="Setting A and setting B side by side", formats=_FORMATS)
        summary_out.value = (f"<div class='pb-notice' role='status' aria-live='polite'>{ui.esc(commissioning.summary_text(a, b))} "
                             f"{ui.badge('illustrative')}</div>")
    except Exception as exc:  # never a traceback on the page
        ui.log.exception("q14 render failed")
        summary_out.value = ui.notice(ui.friendly(exc), "error")


def bundle() -> downloads.Bundle:
    """The current comparison as downloadable files (CSV, charts, one-page briefing note)."""
    vals = controls.values_of(widgets_by_id)
    a, b = commissioning.evaluate_values(vals), commissioning.evaluate_values(vals, "_b")
    heads = [(f"{n}: organisations that could take part", f"{r.can_take_part:,.0f} of {r.scenario.population_total:,.0f}") for n, r in (("A", a), ("B", b))]
    heads += [(f"{n}: share of spend to the voluntary sector", f"{r.vcs_share_pct:.0f}%") for n, r in (("A", a), ("B", b))]
    heads += [(f"{n}: bidding cost to the sector", f"£{r.bid_cost_gbp_m:,.2f}m a year") for n, r in (("A", a), ("B", b))]
    return downloads.Bundle(
        "Q14 - Re-engaging the voluntary sector: two commissioning routes compared",
        {PARAMS[k].label: v for k, v in vals.items()}, heads,
        {"Who could take part, by size band": commissioning.band_chart(a, b)},
        {"Setting A and setting B side by side": commissioning.comparison(a, b)},
        params.assumptions("q14"), ui.sources_html(provenance.source_ids("q14", ["Q01"])),
        url="?" + urlstate.encode(vals, PARAMS))


for _wd in widgets_by_id.values():
    _wd.observe(render, names="value")
render()
static.show(widgets.VBox([summary_out, table_out, band_view, alt_text, downloads.panel(bundle)]))

# %% [markdown]
# ## Headline figures for the default settings
#
# Fixed figures for the defaults, for citing. Move the controls above to see other settings.

# %%
# NBVAL_CHECK_OUTPUT
_d = params.defaults("q14")
hA, hB = commissioning.evaluate_values(_d), commissioning.evaluate_values(_d, "_b")
print(f"A ({commissioning.describe(hA.scenario)}): {hA.can_take_part:,.0f} of {hA.scenario.population_total:,.0f} organisations could take part; "
      f"{hA.vcs_share_pct:.0f}% of spend to the voluntary sector; bidding cost £{hA.bid_cost_gbp_m:,.2f}m a year")
print(f"B ({commissioning.describe(hB.scenario)}): {hB.can_take_part:,.0f} of {hB.scenario.population_total:,.0f} organisations could take part; "
      f"{hB.vcs_share_pct:.0f}% of spend to the voluntary sector; bidding cost £{hB.bid_cost_gbp_m:,.2f}m a year")

# %%
# NBVAL_CHECK_OUTPUT
for _name, _r in (("A", hA), ("B", hB)):
    print(_name + ": " + "; ".join(f"{row.band} {row.can_take_part:,.0f}" for row in _r.by_band.itertuples()))
_aw = commissioning.award_vs_later()
print(f"VCSE organisations in CRC supply chains: {_aw.organisations.iloc[0]:,.0f} named at award (derived) vs {_aw.organisations.iloc[2]:,.0f} reported in 2019")

# %% [markdown]
# ## Caveats
#
# - **A what-if tool, not a forecast.** The model counts who *could* pass the admission tests and shares
#   spend by the expected number of bidders. It does not model quality, prices, referral volumes or how
#   commissioners score bids.
# - **The sector's size profile is borrowed.** The 1,443 criminal-justice voluntary organisations are split
#   into income bands using the shape of the whole UK voluntary sector in 2011/12. Criminal-justice charities
#   may differ (the 2023 figures above show fewer very small ones). Turnover within a band is assumed to be
#   spread evenly on a log scale.
# - **Bidding costs are weakly sourced.** The only anchors found are 0.5% to 2% of contract value from a
#   commercial guide (low confidence) and one anecdote. The fixed cost per bid is illustrative.
# - **Routes are simplified.** Rate-card listings are costed at the fixed cost only; PCC grants are always
#   force-area lots and not paid by results; in a supply chain the admission tests are applied to the
#   subcontract, as if primes passed the commissioner's rules down.
# - **No published figures were found** for rate-card spend, the number of providers admitted to the 2021
#   framework or its financial thresholds, or the share of CRC spend that went through supply chains.
# - **Counts at award and later measure different things** (subcontractors named in bids, organisations
#   providing directly to CRCs, organisations delivering in supply chains) and come from different sources.
# - The 2018 regional structure is a reconstruction: the official map was not found.
# - Question 14 is quoted from the commentary post listed as [Q01], which reproduces consultation
#   questions 13 to 15 of Cm 9613.

# %% [markdown]
# ## Workshop

# %%
static.show(workshop.panel("q14", widgets_by_id))

# %% [markdown]
# ## Sources and assumptions
#
# Every model input, with its unit, range, default, status and source, and every source behind the
# page. Illustrative values are this project's own: replace them with your own where you have better
# information.

# %%
display(HTML(provenance.section("q14", extra_sources=["Q01", *list(_rec["source"]), "S2", "S31", "F44", "V22", "V24"])))
