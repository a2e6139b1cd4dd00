# %% [markdown]
# # Q13: Regional structure and access to rehabilitation services
#
# > "How can probation providers effectively secure access to the range of rehabilitation services
# > they require for offenders, and how can key local partners contribute to achieving this?"
#
# Consultation question 13, *Strengthening probation, building confidence* (Ministry of Justice,
# Cm 9613, July 2018), as quoted by Russell Webster [[Q01](#src-Q01)].

# %% tags=["remove-input"]
import probation_briefing.page.startup  # noqa: F401 - first: a faster kernel start
from probation_briefing.briefings import q13
from probation_briefing.page.driver import Page

page = Page(q13.BRIEFING)  # built at the defaults while the kernel is preheated
page.show_style()
evidence = q13.evidence(page.data)
page.prepare_sources()  # after the sections above have quoted their figures

# %% tags=["parameters"]
# Papermill parameters: any param_id of data/parameters_q13.csv (None or absent: from the page link, else the default).

# %% tags=["remove-input"]
page.start(globals())  # papermill's settings; the page link's are read by page.finish(), the last cell
page.show_key_points()

# %% [markdown]
# ## Explore the structures and the rate-card model

# %% tags=["remove-input"]
page.show_workspace()
page.show_downloads()  # directly under the results (issue 25)
page.show_sensitivity()

# %% [markdown]
# ## How the page works
#
# The page has two parts. The **regional structure explorer** compares the 21 Community
# Rehabilitation Company (CRC) contract areas with the other area structures: how many force areas,
# commissioners, people and councils each area would hold. The **rate card** part says what the
# published record shows about services bought through the rate card, then offers a what-if model
# of how much money reaches specialist local providers in each area. Every figure comes from the
# project's data package, with its source.

# %% [markdown]
# ## What the data says about the rate card
#
# Under the 2014 contracts the National Probation Service (NPS) was meant to buy rehabilitation
# services for its own cases from the CRCs through a price list, the "rate card". No public figure
# was found for how much the NPS was expected to spend through the rate card, or for what it
# actually spent. The nearest evidence is qualitative: HM Inspectorate of Probation's thematic
# inspection "Probation Supply Chains" (April 2018) found that the NPS was not buying services from
# CRCs to anywhere near the extent expected [[Q13HMIP](#src-Q13HMIP)]. What was found, with sources:

# %% tags=["remove-input"]
page.show_table(evidence)

# %% [markdown]
# The £280m a year in the table is the May 2019 plan's ceiling for the market for interventions, not
# a record of rate-card spend; the model uses it only as an anchor.

# %% [markdown]
# ### How the rate-card model works
#
# Pick an area structure in the settings: the map shows the 43 police force areas coloured by the area they fall in,
# and the tables show what each area would hold. The rate-card settings drive a transparent what-if
# model, not an estimate: national demand for purchased services is shared between the areas of the
# chosen structure; part goes through the CRC rate card (and only part of that is actually bought),
# part is bought directly from providers, and each police and crime commissioner (PCC) adds
# purchasing of their own. Settings marked illustrative are placeholders: replace them with your own.

# %% tags=["remove-input"]
page.show_model_note()
page.show_upload()

# %% [markdown] tags=["pb-check"]
# ## Headline figures (default settings)

# %% tags=["pb-check"]
# NBVAL_CHECK_OUTPUT
print(page.headlines_text(page.params.defaults()))

# %% [markdown]
# ## Caveats
#
# - **No rate-card spend figure.** Neither the expected nor the actual NPS spend through the rate card
#   was found in public sources (searched: expected or actual rate-card spend, CRC supply-chain spend,
#   commissioners' purchases, money reaching voluntary or local providers); the what-if model cannot
#   be checked against one.
# - **The £280m default is an anchor.** It is the May 2019 plan's ceiling for the interventions market,
#   a different thing from NPS rate-card demand in 2015 to 2020.
# - **Illustrative settings.** Settings labelled illustrative are placeholders authored for this tool.
#   Change them; do not quote the resulting amounts as findings.
# - **Half the headline is one placeholder.** At the default settings, about £17m of the £33m a year
#   reaching specialist local providers is commissioners' purchasing at £0.35 per resident, a
#   placeholder: no figure for what police and crime commissioners spent on rehabilitation services
#   was found. It is also the setting that moves the total most. The page says how much of the
#   headline rests on it, whatever the settings.
# - **The 2018 map is reconstructed.** The official map of the proposed areas was not found; two
#   reconstructions are offered. Counts for a structure are derived from its map (reconstructed for the
#   2018 proposal), not quoted from a source.
# - **Welsh populations are estimates**, and CRC caseloads come from different dates (2018 to 2020),
#   some stated only as "more than" or "about". Where a CRC had no published caseload, the caseload
#   allocation imputes it from population.
# - **Commissioners** are counted as the 42 bodies holding PCC functions in 2018 (the City of London has
#   none; the Mayor's Office for Policing and Crime (MOPAC) counts once for London).

# %% [markdown]
# ## Workshop

# %% tags=["remove-input"]
page.show_workshop()

# %% tags=["remove-input"]
page.show_sources()

# %% tags=["remove-input"]
from probation_briefing.page import service

service.show_footer(q13.BRIEFING.notebook)

# %% tags=["remove-input"]
page.finish()  # last: under Voila, the visitor's link (the page above is built before they arrive)
