# %% [markdown]
# # QNN - Title of the new briefing
#
# **Template.** A briefing is one small library package plus this notebook of prose. To add one:
#
# 1. add its parameters to `data/parameters_qNN.csv` (one row each: name, label, unit, default,
#    range, step, choices, group, status, source; the only home of defaults) and a matching resource
#    in `data/datapackage.json` (copy the `parameters_q13` entry);
# 2. put a pure model in `lib/probation_briefing/models/` (typed, with docstrings and tests) that
#    returns data: plain column names, no display labels;
# 3. write the package `lib/probation_briefing/briefings/qNN/`, shaped like `q15/`: `__init__.py`
#    with the `Result` type, `run(scenario, data) -> Result` and `BRIEFING = Briefing(...)`;
#    `charts.py` with the chart templates and the functions that fill them; `views.py` with
#    `views(result)`, which returns headlines, summary, caveats, key points, charts and tables (see
#    `briefings/contract.py`; mypy checks that `views` reads what `run` returns); `context.py` with
#    any sections the settings do not drive;
# 4. add a row for it to `data/briefings.csv` (id, question, title, summary, notebook);
# 5. copy this file to `briefings/scripts/qNN_short_name.py`, write the prose, and build the notebook
#    with `make notebooks` (it executes the script and strips saved widget state).
#
# > Quote the consultation question here, with its source.
#
# This template shows the Q15 briefing so that it runs as it stands.

# %% tags=["remove-input"]
import probation_briefing.page.startup  # noqa: F401 - first: a faster kernel start
from probation_briefing.briefings import q15  # change to your briefing package
from probation_briefing.page.driver import Page

page = Page(q15.BRIEFING)  # built at the defaults while the kernel is preheated
page.show_style()

# %% tags=["parameters"]
# Papermill parameters: any param_id of the briefing's parameters CSV.

# %% tags=["remove-input"]
page.start(globals())  # papermill's settings; the page link's are read by page.finish(), the last cell

# %% [markdown]
# ## Explore
#
# Context, evidence and what the controls do, in plain words.

# %% tags=["remove-input"]
page.show_key_points()
page.show_workspace()

# %% [markdown]
# ## Headline figures (checked exactly by the tests)

# %%
# NBVAL_CHECK_OUTPUT
print(page.headlines_text(page.params.defaults()))

# %% [markdown]
# ## Caveats
#
# Say what the model leaves out and which values are illustrative.

# %% tags=["remove-input"]
page.show_sources()

# %% tags=["remove-input"]
page.finish()  # last: under Voila, the visitor's link (the page above is built before they arrive)
