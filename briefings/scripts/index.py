# %% [markdown]
# # Probation commissioning briefings
#
# Interactive briefings on questions from the Ministry of Justice consultation *Strengthening
# probation, building confidence* (Cm 9613, July 2018), one briefing for each question listed below.
# From 2014 to 2021, 21 community rehabilitation companies (CRCs),
# most of them privately owned, supervised people on probation who posed a low or medium risk of serious harm.
# Move the controls on each page; every figure shown comes from the project's data package, with its
# source.

# %% tags=["remove-input"]
from IPython.display import HTML
from probation_briefing.data import catalogue, descriptor
from probation_briefing.page import service
from probation_briefing.present.html import esc

items = "".join(
    f'<li class="pb-card" style="list-style:none;margin:.6em 0"><a href="{esc(b.notebook)}"><strong>{esc(b.title)}</strong></a>'
    f"<div>{esc(b.summary)}</div></li>"
    for b in catalogue.briefings()
)
HTML(f'<nav aria-label="Briefings"><ul style="padding:0">{items}</ul></nav>')

# %% [markdown]
# ## Help with these pages

# %% tags=["remove-input"]
HTML(service.help_pages_html())

# %% [markdown]
# ## Known gaps in the data
#
# Where no public figure was found the briefings say so, and label any stand-in value as an
# estimate, a reconstruction or an illustration you can replace. Populations are Office for National
# Statistics (ONS) estimates for mid-2018.

# %%
HTML("<ul>" + "".join(f"<li>{esc(g)}</li>" for g in descriptor()["known_gaps"]) + "</ul>")

# %% [markdown]
# ## About
#
# Open source. Data are in `data/` with a machine-readable descriptor (`datapackage.json`) giving
# each table's fields, units, sources and licence. Analysts can run and extend the notebooks in
# JupyterLab (`make lab`).

# %% tags=["remove-input"]
HTML(service.footer_html(service.LANDING))
