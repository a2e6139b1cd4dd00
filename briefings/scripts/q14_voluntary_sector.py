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

# %% tags=["remove-input"]
import probation_briefing.page.startup  # noqa: F401 - first: a faster kernel start
from probation_briefing.briefings import q14
from probation_briefing.page import Page

page = Page(q14.BRIEFING)  # built at the defaults while the kernel is preheated
page.show_style()
record = page.context(q14.record(page.data))
routes = q14.routes_table(page.data)
page.prepare_sources()  # after the sections above have quoted their figures

# %% tags=["parameters"]
# Papermill parameters: any param_id of data/parameters_q14.csv (None or absent: from the page link, else the default).

# %% tags=["remove-input"]
page.start(globals())  # the page link's settings, then papermill's

# %% [markdown]
# ## What the record shows
#
# When the Transforming Rehabilitation contracts were awarded in 2014, the Ministry of Justice said the
# winning bids named a large number of subcontractors, most of them voluntary or mutual organisations.
# Later counts were much lower. The 2021 Dynamic Framework for rehabilitative services reported a larger
# share of money going to charities, but many competitions drew one bidder or none. Each figure below
# carries its source id (listed at the end of the page) and the confidence recorded with it.

# %% tags=["remove-input"]
page.show_context(record)

# %% [markdown]
# ## Compare two ways of commissioning
#
# Set up **A** and **B** side by side. The defaults set A up like a Transforming Rehabilitation supply chain
# under the reconstructed 2018 regional structure, and B like the 2021 framework over the 12 regions.
# Values marked illustrative are this project's assumptions, not published figures: change them to your own.
# The settings are kept in the page address, so you can share a comparison by copying the link.

# %% tags=["remove-input"]
page.show_table(routes)
page.show_model_note()
page.show_controls()
page.show_results()
page.show_sensitivity()
page.show_downloads()

# %% [markdown]
# ## Headline figures for the default settings
#
# Fixed figures for the defaults, for citing. Move the controls above to see other settings.

# %%
# NBVAL_CHECK_OUTPUT
print(page.headlines_text(page.params.defaults()))

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

# %% tags=["remove-input"]
page.show_workshop()

# %% tags=["remove-input"]
page.show_sources()
