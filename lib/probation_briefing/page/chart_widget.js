import vegaEmbed from "vega-embed";

// Front end of probation_briefing.page.chart_widget.ChartWidget (an anywidget module).
// Built into one offline file by `python -m probation_briefing.page.chart_bundle`: vl-convert's
// javascript_bundle supplies `vegaEmbed` itself, so the import line above (kept for editors and
// readers) is dropped before bundling and must stay at the top of this file.

const EMBED_OPTIONS = {
  renderer: "svg", // text stays in the page for screen readers; redraws are observable in tests
  // no "open in editor" or source views: the editor would send the chart to an external website
  actions: { export: true, source: false, compiled: false, editor: false },
};

/** The spec without its data, as text: two specs with equal skeletons differ only in their rows. */
function skeleton(spec) {
  const { datasets, ...rest } = spec;
  return JSON.stringify(rest) + "\n" + JSON.stringify(Object.keys(datasets ?? {}));
}

/** True when ``rows`` can replace ``tuples`` field by field: as many rows, each with the same fields. */
function sameFields(tuples, rows) {
  if (!Array.isArray(tuples) || tuples.length !== rows.length || rows.length === 0) return false;
  const fields = (o) => Object.keys(o).sort().join("\u0000");
  const want = fields(rows[0]);
  return rows.every((row, i) => fields(row) === want && fields(tuples[i]) === want);
}

/** A short plain message in place of the chart (never an exception in the console). */
function showProblem(el, error) {
  const p = document.createElement("p");
  p.className = "pb-chart-problem";
  p.textContent = "This chart could not be drawn (" + String(error?.message ?? error).slice(0, 200) + ").";
  el.replaceChildren(p);
}

// Vega's log levels (vega-util: None 0, Error 1, Warn 2, Info 3, Debug 4).
const WARN = 2, INFO = 3, DEBUG = 4;

/** A Vega logger that puts errors in the page instead of console.error; warnings go to console.warn. */
function pageLogger(onError) {
  let level = WARN;
  const at = (min, method) => function (...args) { if (level >= min) console[method](...args); return this; };
  return {
    level(value) { if (value === undefined) return level; level = value; return this; },
    error(...args) { onError(args.map(String).join(" ")); return this; },
    warn: at(WARN, "warn"),
    info: at(INFO, "info"),
    debug: at(DEBUG, "debug"),
  };
}

// vl-convert (1.9) gives bundled code vega-embed but not Vega itself (its `vega` name is null), so
// Vega's View class is taken from an empty throwaway view, once per page (a few milliseconds).
let viewClassPromise = null;
function vegaView() {
  viewClassPromise ??= vegaEmbed(document.createElement("div"), {}, { mode: "vega", renderer: "none", actions: false })
    .then((probe) => { probe.finalize(); return probe.view.constructor; });
  return viewClassPromise;
}

async function render({ model, el }) {
  let result = null; // vega-embed's {view, finalize} for the chart on screen
  let shown = null; // the spec last applied
  let drawn = null; // skeleton of the chart on screen
  let problem = null; // set when Vega reported an error: the view is not trusted for fast updates
  let alive = true;
  let queue = Promise.resolve(); // spec changes are applied one at a time, in order

  const fail = (error) => {
    problem = error;
    showProblem(el, error);
  };
  const logger = pageLogger(fail);

  function drop() {
    if (result) result.finalize();
    result = null;
  }

  async function streamRows(next) {
    // Same chart, new rows: change each dataset's tuples in the live view (no re-compile, no re-parse). When the
    // rows keep their number and fields (a slider step), the existing tuples are modified in place, so Vega
    // updates the marks it has drawn instead of removing every one and drawing it again.
    const view = result.view;
    for (const [name, rows] of Object.entries(next.datasets)) {
      const current = view.data(name);
      let change = view.changeset();
      if (sameFields(current, rows)) {
        rows.forEach((row, i) => {
          const tuple = current[i];
          for (const [field, value] of Object.entries(row)) {
            if (tuple[field] !== value) change = change.modify(tuple, field, typeof value === "object" && value !== null ? structuredClone(value) : value);
          }
        });
      } else {
        change = change.remove(() => true).insert(structuredClone(rows));
      }
      view.change(name, change);
    }
    await view.runAsync();
  }

  async function update() {
    const next = model.get("spec");
    if (!alive || next === shown) return;
    shown = next;
    try {
      if (result && !problem && next?.datasets && skeleton(next) === drawn) {
        try {
          await streamRows(next);
          return;
        } catch {
          // fall through: draw the chart afresh
        }
      }
      drop();
      problem = null;
      drawn = null;
      if (!next || Object.keys(next).length === 0) {
        el.replaceChildren();
        return;
      }
      const View = await vegaView();
      // vega-embed creates the View through viewClass: hand it our logger
      const viewClass = function (runtime, options) { return new View(runtime, { ...options, logger }); };
      result = await vegaEmbed(el, structuredClone(next), { ...EMBED_OPTIONS, viewClass });
      drawn = skeleton(next);
      // the actions menu needs an accessible name every time the chart is drawn afresh
      el.querySelectorAll("details > summary:not([aria-label])").forEach((s) => s.setAttribute("aria-label", "Chart actions (save or view the chart source)"));
      // Vega adds an empty <form class="vega-bindings"> for input bindings even when a chart has none: a form with no
      // submit button, which accessibility checkers flag (HTML_CodeSniffer H32.2). The charts bind no inputs.
      el.querySelectorAll("form.vega-bindings").forEach((f) => { if (!f.hasChildNodes()) f.remove(); });
      if (!alive) drop();
      if (problem) showProblem(el, problem); // vega-embed adds its menu after a failed first run
    } catch (error) {
      drop();
      fail(error);
    }
  }

  const onSpec = () => { queue = queue.then(update); };
  model.on("change:spec", onSpec);
  onSpec();
  await queue;
  return () => {
    alive = false;
    model.off("change:spec", onSpec);
    drop();
  };
}

export default { render };
