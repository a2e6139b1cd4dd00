# %% [markdown]
# # Q15: Police and crime commissioners and probation
#
# > "How can we support greater engagement between PCCs and probation providers, including increased
# > co-commissioning of services?"
#
# Consultation question 15, *Strengthening probation, building confidence* (Ministry of Justice,
# Cm 9613, July 2018) [[Q01](#src-Q01)].

# %% tags=["remove-input"]
import probation_briefing.page.startup  # noqa: F401 - first: a faster kernel start
from probation_briefing.briefings import q15
from probation_briefing.page.driver import Page

page = Page(q15.BRIEFING)  # built at the defaults while the kernel is preheated, with the sections below
page.show_style()
cot = page.context(q15.coterminosity(page.data))
deals = q15.devolution_table(page.data)
evidence = q15.evidence(page.data)
page.prepare_sources()  # after the sections above have quoted their figures

# %% tags=["parameters"]
# Papermill parameters: any param_id of data/parameters_q15.csv (None or absent: from the page link, else the default).

# %% tags=["remove-input"]
page.start(globals())  # papermill's settings; the page link's are read by page.finish(), the last cell
page.show_key_points()

# %% [markdown]
# ## Simulator: moving money from the probation contracts to commissioners

# %% tags=["remove-input"]
page.show_workspace()
page.show_downloads()  # directly under the results (issue 25)
page.show_sensitivity()

# %% [markdown]
# ## How the page works
#
# This page asks two things. First, how many commissioners (police and crime commissioners, the
# Mayor's Office for Policing and Crime (MOPAC) in London and the Greater Manchester Mayor) each
# probation contract area would have to work with. Second, what happens to the contracts of the
# community rehabilitation companies (CRCs) if part of their money moves to those commissioners.
#
# Choose how much of the annual CRC pot moves to commissioners and how it is shared out. The rest
# stays with the contract areas of the structure you choose. Police and crime commissioners are due
# to be abolished in May 2028, subject to legislation [[T12](#src-T12)], so "Who receives the money" can send it
# instead to the bodies due to hold their role from then: mayors, and boards of council leaders where
# there is no mayor [[T11](#src-T11)]. Each body's status (made, announced or assumed) and source are in the
# table of recipients and in the data package's table of 2028 bodies. Money is counted in whole
# pence, so the conservation check (money moved + money left = the pot) must come out at exactly zero.

# %% tags=["remove-input"]
page.show_list(evidence)
page.show_model_note()
page.show_upload()

# %% [markdown]
# ## How many commissioners would each contract area deal with?
#
# Co-commissioning is easier when a probation contract area and a commissioner's area line up
# ("co-terminosity"). The count below is of the 42 bodies that held police and crime commissioner
# functions in 2018: 40 elected PCCs (some also fire commissioners), MOPAC in London and the
# Greater Manchester Mayor. The City of London police area has no commissioner.
#
# From May 2028 the count changes little: the bodies that take over still cover police force areas
# (a board oversees "the force in their area" [[P07](#src-P07)]), so a contract area deals with as many bodies
# as before, except where one mayor covers two force areas (Norfolk and Suffolk [[P03](#src-P03)]; Derbyshire and
# Nottinghamshire, assumed [[P09](#src-P09)]). What changes is who holds the role: mayors and boards of council
# leaders. Wales's arrangements are still to be agreed with the Welsh Government [[P07](#src-P07)], so its four
# boards are an assumption.

# %% tags=["remove-input"]
page.show_context(cot)

# %% [markdown]
# ### London and Greater Manchester: commissioners with devolution deals
#
# In two places the commissioner is a mayor, and each has a justice devolution agreement with the
# Ministry of Justice. They are the natural first co-commissioning partners, and the simulator above
# lets you leave them out (or in).

# %% tags=["remove-input"]
page.show_table(deals)

# %% [markdown] tags=["pb-check"]
# ## Headline figures (default settings)

# %% tags=["pb-check"]
# NBVAL_CHECK_OUTPUT
print(page.headlines_text(page.params.defaults()))

# %% [markdown]
# ## Caveats
#
# * **Only one contract value by area was published.** Durham Tees Valley keeps its published value
#   (about £14m a year of the £450m pot); the other 20 CRC areas share the rest of the pot by
#   population, an assumption (real contracts were priced on expected caseload and mix of cases).
#   Other structures add up the values of the police force areas they hold.
# * **The 2018 areas are reconstructed**; the official map was not found. Figures for the 2018
#   proposal, such as up to 7 commissioners in one area, come from this project's reconstruction. Try
#   the alternative reconstruction and the 2021 regions to see how much the answer depends on it.
# * **Fixed costs are held at their baseline.** That is the point of the 77% figure: costs such as
#   buildings, IT and contract management do not fall with income in the short run. Over a longer
#   period a provider would restructure, so the "delivery money lost" figure is a first-year view.
# * **The caseload key is derived** (different dates; some CRCs imputed) and Welsh populations are
#   estimates. The officers key measures police size, not probation need.
# * **Bidder interest** is flagged against an illustrative threshold, a share of the smallest 2014
#   contract in the model (South Yorkshire's, not Durham Tees Valley's, whose published value is
#   larger than its population share); no published figure links contract size to the number of
#   bidders.
# * **Leaving commissioners out.** With no minimum per commissioner, taking London or Greater
#   Manchester out changes nobody else's sum; with a minimum, the others above it pay a little more
#   towards raising the smallest to it.
# * **Commissioners are due to be abolished in May 2028**, subject to legislation [[T12](#src-T12)]. Most of the
#   bodies due to take over are assumed, not announced: 5 mayors hold the role now, 4 more bodies
#   were named in a text read, and the rest follow the announcement's default rule (boards of council
#   leaders) or an assumption (Wales). The minister said six force areas would move to a mayor in 2027
#   but did not name them [[T12](#src-T12)].
# * The model moves money; it says nothing about what commissioners would buy with it, or the cost
#   of commissioning it.

# %% [markdown]
# ## Workshop

# %% tags=["remove-input"]
page.show_workshop()

# %% tags=["remove-input"]
page.show_sources()

# %% tags=["remove-input"]
from probation_briefing.page import service

service.show_footer(q15.BRIEFING.notebook)

# %% tags=["remove-input"]
page.finish()  # last: under Voila, the visitor's link (the page above is built before they arrive)
