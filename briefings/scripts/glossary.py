# %% [markdown]
# # Glossary
#
# What the words and abbreviations on these pages mean, in plain English. The briefings are about
# probation in England and Wales and how its services are bought, so most terms come from government
# buying and from the 2014 to 2021 probation system.

# %% tags=["remove-input"]
from IPython.display import HTML
from probation_briefing.page import glossary, service

HTML(glossary.glossary_html())

# %% [markdown]
# ## Missing a term?
#
# If a word on any page is not explained here, use the feedback link below to tell us.

# %% tags=["remove-input"]
HTML(service.footer_html(service.GLOSSARY))
