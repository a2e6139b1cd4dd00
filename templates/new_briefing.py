# %% [markdown]
# # QNN - Title of the new briefing
#
# **Template.** Copy this file (`templates/new_briefing.py`, paired with `new_briefing.ipynb`) to
# `briefings/scripts/qNN_short_name.py`, then:
#
# 1. add your model parameters to `data/parameters_qNN.csv` (one row each: name, label, unit,
#    default, range, status, source) and a matching resource in `data/datapackage.json`
#    (copy the `parameters_q13` entry);
# 2. put the model in a small module `lib/probation_briefing/<domain>.py` (pure functions, typed,
#    with docstrings) with unit tests in `tests/`;
# 3. list the briefing in `lib/probation_briefing/catalogue.py` so the landing page shows it;
# 4. build the notebook: `jupytext --to ipynb --set-kernel python3 --execute briefings/scripts/qNN_short_name.py -o briefings/qNN_short_name.ipynb`.
#
# > Quote the consultation question here, with its source.
#
# This template uses the Q13 parameters (`BRIEFING = "q13"`) so that it runs as it stands.

# %% tags=["remove-input"]
import probation_briefing  # noqa: F401 - first, before Altair: a faster kernel start (see its __init__)
import altair as alt
import ipywidgets as widgets
from IPython.display import HTML, display

from probation_briefing import charts, controls, params, provenance, regions, share, static, ui, urlstate

BRIEFING = "q13"  # change to your qNN once data/parameters_qNN.csv exists
ui.install_error_display()  # data problems appear as a plain notice, never a traceback
charts.enable()
P = params.parameters(BRIEFING)
display(HTML(ui.CSS))

# %% tags=["parameters"]
structure = None  # one variable per parameter; None means "from the page URL, else the default"

# %% tags=["remove-input"]
values, notices = urlstate.read(BRIEFING, overrides={k: globals().get(k) for k in P})  # URL, then papermill
display(HTML(share.notices_html(notices)))  # a visible notice for settings in the link that could not be used

# %% [markdown]
# ## What the data says
#
# Quote figures with `facts.fact("<id>")` so every number carries its source.

# %% [markdown]
# ## Explore

# %% tags=["remove-input"]
ctl = controls.controls({"structure": P["structure"]}, values)


def build(structure: str) -> alt.Chart:
    """The page's chart for the chosen settings (keep the model call in the library)."""
    s = regions.summarise(structure)
    return charts.bar(s, "n_commissioners", "area", title="Commissioners per area", x_title="commissioners")


chart = alt.JupyterChart(build(values["structure"]))
summary = widgets.HTML()


def update(_=None) -> None:
    try:
        charts.refresh(chart, build(ctl["structure"].value))
        h = regions.headline(ctl["structure"].value)
        summary.value = f"<p>{h['n_areas']} areas; the largest by commissioners is {ui.esc(h['max_commissioners_area'])} ({h['max_commissioners']}).</p>"
    except Exception as exc:  # never a traceback on the page
        summary.value = ui.notice(ui.friendly(exc), "error")


ctl["structure"].observe(update, names="value")
update()
static.show(widgets.VBox([ctl["structure"], share.link_widget(BRIEFING, ctl), chart, summary]))

# %% [markdown]
# ## Headline figures (checked exactly by the tests)

# %%
# NBVAL_CHECK_OUTPUT
print(regions.headline("crc_2014")["n_areas"], "areas in the 2014 structure")

# %% [markdown]
# ## Caveats
#
# Say what the model leaves out and which values are illustrative.

# %% tags=["remove-input"]
display(HTML(provenance.section(BRIEFING)))
