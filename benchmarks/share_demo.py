# %% [markdown]
# # Shareable-scenario demo
#
# Development page for `probation_briefing.share` with the Q15 parameters: the URL follows the controls.

# %%
import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from probation_briefing import charts, controls, params, share, ui, urlstate

charts.enable()
display(HTML(ui.CSS))

# %%
values, notices = urlstate.read("q15")
display(HTML(share.notices_html(notices)))
ctrls = controls.controls(params.parameters("q15"), values)
link = share.link_widget("q15", ctrls)
summary = widgets.HTML()


def make(v: dict) -> alt.Chart:
    moved = v["pot_gbp_m"] * v["share_pct"] / 100
    df = pd.DataFrame({"part": ["Kept by probation", "Moved to commissioners"], "gbp_m": [v["pot_gbp_m"] - moved, moved]})
    return charts.bar(df, "gbp_m", "part", title="Funding split (£m a year)")


chart = alt.JupyterChart(make(values))


def update(change=None) -> None:
    v = controls.values_of(ctrls)
    chart.chart = make(v)
    summary.value = f"<p>Moved to commissioners: £{v['pot_gbp_m'] * v['share_pct'] / 100:,.1f}m a year.</p>"


update()
for c in ctrls.values():
    c.observe(update, names="value")
widgets.VBox([*ctrls.values(), link, summary, chart])
