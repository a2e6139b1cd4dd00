# %% [markdown]
# # Benchmark floor
#
# The smallest dashboard the briefings can be compared with: one slider, one chart, one summary line.

# %%
import ipywidgets as widgets
import pandas as pd
from probation_briefing.page.chart_widget import ChartWidget
from probation_briefing.present import charts

charts.use_theme()

# %%
slider = widgets.IntSlider(value=5, min=1, max=20, step=1, description="Number of bars", continuous_update=False)
summary = widgets.HTML()


def make(n: int) -> charts.Filled:
    df = pd.DataFrame({"item": [f"Item {i:02d}" for i in range(n)], "value": [(i * 7) % 11 + 1 for i in range(n)]})
    return charts.bar(df, "value", "item", title=f"{n} bars")


chart = ChartWidget(make(slider.value))


def update(change=None) -> None:
    chart.show(make(slider.value))
    summary.value = f"<p>Showing {slider.value} bars.</p>"


update()
slider.observe(update, names="value")
widgets.VBox([slider, summary, chart])
