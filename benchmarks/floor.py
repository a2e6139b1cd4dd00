# %% [markdown]
# # Benchmark floor
#
# The smallest dashboard the briefings can be compared with: one slider, one chart, one summary line.

# %%
import altair as alt
import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from probation_briefing import charts, ui

charts.enable()
display(HTML(ui.CSS))

# %%
slider = widgets.IntSlider(value=5, min=1, max=20, step=1, description="Number of bars", continuous_update=False)
summary = widgets.HTML()


def make(n: int) -> alt.Chart:
    df = pd.DataFrame({"item": [f"Item {i:02d}" for i in range(n)], "value": [(i * 7) % 11 + 1 for i in range(n)]})
    return charts.bar(df, "value", "item", title=f"{n} bars")


chart = alt.JupyterChart(make(slider.value))


def update(change=None) -> None:
    chart.chart = make(slider.value)
    summary.value = f"<p>Showing {slider.value} bars.</p>"


update()
slider.observe(update, names="value")
widgets.VBox([slider, summary, chart])
