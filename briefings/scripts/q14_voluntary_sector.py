# %% [markdown]
# # Q14: Re-engaging the voluntary sector
#
# > "How can we better engage voluntary sector providers in the design and delivery of rehabilitation
# > and resettlement services for offenders in the community?"
#
# — Consultation question 14, Ministry of Justice, *Strengthening probation, building confidence*
# (Cm 9613, July 2018) [[Q01](#src-Q01)].

# %% tags=["remove-input"]
import probation_briefing.page.startup  # noqa: F401 - first: a faster kernel start
from probation_briefing.briefings import q14
from probation_briefing.page.driver import Page

page = Page(q14.BRIEFING)  # built at the defaults while the kernel is preheated
page.show_style()
record = page.context(q14.record(page.data))
routes = q14.routes_table(page.data)
page.prepare_sources()  # after the sections above have quoted their figures

# %% tags=["parameters"]
# Papermill parameters: any param_id of data/parameters_q14.csv (None or absent: from the page link, else the default).

# %% tags=["remove-input"]
page.start(globals())  # papermill's settings; the page link's are read by page.finish(), the last cell
page.show_key_points()

# %% [markdown]
# ## Compare two ways of commissioning

# %% tags=["remove-input"]
page.show_workspace()
page.show_downloads()  # directly under the results (issue 25)
page.show_sensitivity()

# %% [markdown]
# ## How the comparison works
#
# The settings above compare six ways a voluntary organisation can be paid for rehabilitation work: as a
# **subcontractor** in a prime provider's supply chain (as under Transforming Rehabilitation); as a subcontractor
# to a **lead Delivery Partner** (the 2027 model: the Ministry's "Community Support for Men" tender of September
# 2025 has one Delivery Partner "responsible for the delivery of all services", with "a supply chain … under the
# direction of the Delivery Partner", in Wales and in England other than Greater Manchester, which procures its
# own [[T08](#src-T08), [T09](#src-T09)]); through a **rate card** (a price list paid per referral); through a **framework** (qualify
# when it is let, then write a full bid for each call-off contract); through a **dynamic purchasing system**
# (DPS: qualify once, join at any time, then bid lightly for each call-off), the option the consultation
# floated; and through **grants from police and crime commissioners** (PCCs). A DPS is the old rules' tool:
# since 24 February 2025 new procurements use a **dynamic market** under the Procurement Act 2023 instead
# [[T05](#src-T05), [T07](#src-T07)], which the model treats the same way, and existing systems lapse on 23 February 2029 (a law firm's
# reading [[T06](#src-T06)]). For any two of them side by side, the results show who could hold the contract each route
# offers, how much money reaches the voluntary sector, what bidding costs the sector, and what each route would
# mean for one charity.
#
# Set up **A** and **B** side by side. Both start at the scale of the 2021 Dynamic Framework's first awards:
# **£55m a year** (£195m for contracts of 3 to 4 years), let over the **12 probation regions of 2021** in
# **9 contracts per region** (110 contracts in all). A is a Transforming Rehabilitation supply chain and B a
# dynamic purchasing system, which the 2021 framework resembled; every other setting is the same. Change any
# setting for either. The whole interventions market of the May 2019 model (£280m a year) is a preset, and so is
# Community Support for Men at its tender value and term: the lower value, £854,446,832 including value added tax for
# 5 years with up to 3 more [[T08](#src-T08)], is about £90m a year once tax at 20% (this project's assumption) is taken off
# and it is spread over the 8 years; its lots and payment terms could not be read, so one lot per 2021 region (without
# Greater Manchester) and the supply chain's terms are assumptions.
#
# What describes the voluntary sector and the market is **one setting shared by A and B**, not a copy for each:
# the reserves a provider can put at risk, the share of eligible providers that bid, the other bidders, what a
# bid costs and the contract terms. A and B differ only in what a commissioner could choose, and with the two
# set the same the model gives no difference at all.
#
# Each route offers a different contract: a **subcontract**, a **listing**, a **call-off** or a **grant**. The
# counts of organisations are for the contract each route offers, so the page names it beside each count. The
# **money reaching the voluntary sector** compares like with like. A provider must pass three kinds of test:
# its size against the contract; the cash and risk it must carry (payment by results, payment in arrears, staff
# transfer and pensions, referrals that may not come, prices below full cost), against its reserves; and the
# cost of the first bid against what it would spend on one. The table under the results applies the same
# tests to one charity whose turnover and reserves you set.
#
# Values marked illustrative are this project's assumptions, not published figures: change them to your own.
# The settings are kept in the page address, so you can share a comparison by copying the link.
#
# The key point comparing B with A is the result at the settings shown, no more. **How sure are we?** (under the results)
# moves each uncertain assumption across its plausible range, for A and B together, and shows whether B still
# sends more than A.
#
# **Does the model reproduce what happened?** At the defaults, setting B is checked against the 2021 record
# (the model note below gives the figures). It comes close to the share of money that went to charities (about
# two-thirds) and to the typical contract's value (about £0.5m a year), but it expects about four bidders in a
# typical competition where half the 2021 competitions had one bidder or none, so its match on the money may be
# partly by chance. No setting was fitted to these figures.

# %% tags=["remove-input"]
page.show_table(routes)
page.show_model_note()

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

# %% [markdown] tags=["pb-check"]
# ## Headline figures for the default settings
#
# The figures at the default settings, rounded and labelled illustrative: quote them only with that label.
# Move the controls above to see other settings.

# %% tags=["pb-check"]
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
# - **Routes are simplified.** Rate-card listings and call-offs share a lot's money equally; a DPS differs from
#   a framework only in the cost of bidding, so it lets in more organisations only where the cost of a bid is
#   what keeps them out. A dynamic market may charge fees on contracts won [[T26](#src-T26)], which the model leaves out.
#   The 2027 model is the 2014 supply chain with one lead contract per lot and no lot in Greater Manchester; how
#   much of its money goes through supply chains was not published, and the answer turns on it. PCC grants are one programme per commissioner, paid in advance and not by results.
#   In a supply chain the tests are applied to the subcontract, with the prime's payment-by-results risk
#   passed down as you set. The model has no consortia, no limit on how many contracts one organisation wins,
#   and no commissioner's cost of running many small competitions.
# - **The contract terms are illustrative.** No published figures were found for payment in arrears, staff
#   transfer and pension liabilities, volume risk or below-cost prices in probation contracts. The 2018 Clinks
#   survey (above) gives a sense of scale for below-cost prices.
# - **No published figures were found** for rate-card spend, the number of providers admitted to the 2021
#   framework or its financial thresholds, or the share of community rehabilitation company (CRC)
#   spend that went through supply chains.
# - **Counts at award and later measure different things** (subcontractors named in bids, organisations
#   providing directly to CRCs, organisations delivering in supply chains) and come from different sources.
# - The defaults use the 12 probation regions of 2021. The 2018 proposal's structure, offered as a choice, is a
#   reconstruction: the official map was not found.
# - Question 14 is quoted from the commentary post listed as [[Q01](#src-Q01)], which reproduces consultation
#   questions 13 to 15 of Cm 9613.

# %% [markdown]
# ## Workshop

# %% tags=["remove-input"]
page.show_workshop()

# %% tags=["remove-input"]
page.show_sources()

# %% tags=["remove-input"]
from probation_briefing.page import service

service.show_footer(q14.BRIEFING.notebook)

# %% tags=["remove-input"]
page.finish()  # last: under Voila, the visitor's link (the page above is built before they arrive)
