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

/** Hands the main thread back to the browser (input, painting, the next widget) before a chart's heavy work, so each
 *  chart is drawn in a task of its own rather than all of a page's charts in one long task (issue 25: blocking time). */
function yieldToMain() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// ---- drawing what is near the screen first (issue 25): a chart off the screen waits until it comes within LOOKAHEAD
// pixels of it, or until the browser is idle after the page has loaded, whichever is first, so that the work of loading
// a page is only what the reader can see. Shared by every copy of this module on the page (JupyterLab gives each
// widget its own copy). `window.pbDrawAllCharts()` draws every waiting chart now (before printing; tests).
const LOOKAHEAD = 400; // pixels: about half a laptop's screen
const FILL_AFTER_MS = 2000; // the waiting charts are drawn one at a time, when idle, this long after the last one arrived
// (a page may set window.__pbChartsLater = {fillAfterMs: ...} before this module runs: the tests do)
const later = (globalThis.__pbChartsLater ??= {});
later.waiting ??= new Map();

/** Resolves when ``el`` may be drawn: near the screen, its turn when idle, or every chart asked for. The element
 *  carries data-pb-chart="later" meanwhile (the print style and the page's readiness checks read it). */
function drawTurn(el, spec) {
  return new Promise((resolve) => {
    const go = () => {
      if (!later.waiting.delete(el)) return;
      el.removeAttribute("data-pb-chart");
      el.style.minHeight = "";
      resolve();
    };
    later.waiting.set(el, go);
    el.setAttribute("data-pb-chart", "later");
    // room for the chart meanwhile (its plot's height and some for its title and axes), so that the page below it
    // moves less when it is drawn, and so that it has a place on the page to come near the screen
    el.style.minHeight = `${(typeof spec?.height === "number" ? spec.height : 250) + 80}px`;
    watchScrolling();
    checkSoon();
    clearTimeout(later.timer);
    later.timer = setTimeout(fillWhenIdle, later.fillAfterMs ?? FILL_AFTER_MS);
  });
}

/** True when ``el`` is on the page within LOOKAHEAD pixels of the screen. Its own place is read, not what a box
 *  around it shows: a chart low in the results column (a box of its own that scrolls, beside the settings) is far
 *  from the screen until that box or the page is scrolled (an IntersectionObserver's lookahead stops at such a box). */
function nearScreen(el) {
  if (!el.isConnected) return false;
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top < innerHeight + LOOKAHEAD && r.bottom > -LOOKAHEAD;
}

/** Releases the waiting charts near the screen at the next frame, once the live page has replaced its preview (until
 *  then its boxes are laid out unseen, not in their places): at first, and whenever anything on the page scrolls or
 *  the window is resized. */
function checkSoon() {
  if (later.checking) return;
  later.checking = true;
  requestAnimationFrame(() => {
    later.checking = false;
    if (!later.waiting.size) return;
    if (document.querySelector(".pb-preview-output")) { setTimeout(checkSoon, 100); return; }
    for (const [el, go] of [...later.waiting]) if (nearScreen(el)) go();
  });
}

function watchScrolling() {
  if (later.watching) return;
  later.watching = true;
  document.addEventListener("scroll", checkSoon, { capture: true, passive: true }); // any box's scrolling
  window.addEventListener("resize", checkSoon, { passive: true });
}

/** Lets the waiting chart highest on the page be drawn at the browser's next idle moment; the chart, once drawn (or
 *  given up), asks for the next (``nextWhenIdle``), so the waiting charts are drawn one at a time. Should that not
 *  come (a chart whose view went away while it waited), the next is let go a second and a half later anyway. */
function fillWhenIdle() {
  const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 50));
  clearTimeout(later.stalled);
  idle(() => {
    const els = [...later.waiting.keys()];
    els.filter((e) => !e.isConnected).forEach((e) => later.waiting.get(e)());
    const first = els.filter((e) => e.isConnected).sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    if (!first) return;
    later.filling = true;
    later.waiting.get(first)();
    later.stalled = setTimeout(nextWhenIdle, 1500);
  }, { timeout: 3000 });
}

function nextWhenIdle() {
  if (later.filling && later.waiting.size) fillWhenIdle();
}

globalThis.pbDrawAllCharts = () => [...later.waiting.values()].forEach((go) => go());
if (!later.printHook) {
  later.printHook = true;
  globalThis.addEventListener?.("beforeprint", () => globalThis.pbDrawAllCharts());
}

// ---- fitting a chart to its column (issue 25): a chart wider than the space it is given is drawn again at that width,
// its legends moved under the plot when the space is narrow, so nothing is cut off inside a silent scroll box.
const NARROW = 480; // below this width (pixels), legends go under the plot instead of beside it

/** The width the chart itself may take: from its left edge to the nearest right edge of the window or of any box
 *  around it (vega-embed makes the element itself, and some boxes around it, shrink to the chart), less the room
 *  vega-embed keeps beside the chart for its actions menu. 0 while it is not on the page. */
function available(el) {
  if (!el.isConnected || !el.getClientRects().length) return 0;
  const left = el.getBoundingClientRect().left;
  let right = window.innerWidth;
  for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
    if (e.clientWidth > 0) right = Math.min(right, e.getBoundingClientRect().left + e.clientLeft + e.clientWidth);
  }
  const cs = getComputedStyle(el);
  const own = ["paddingLeft", "paddingRight", "borderLeftWidth", "borderRightWidth"].reduce((n, k) => n + (parseFloat(cs[k]) || 0), 0);
  return Math.max(0, right - left - own);
}

/** Every legend beside the plot (orient right or left) put under it instead, in place, and every legend above or
 *  under the plot listed one entry under another (a row of entries, each label whole, is wider than a phone), its
 *  labels cut (with an ellipsis) at ``limit`` pixels: such a legend starts at the plot's left edge, after the axis's
 *  labels, and Vega clips what goes past the chart's right edge. */
function legendsBelow(node, limit) {
  if (Array.isArray(node)) { node.forEach((n) => legendsBelow(n, limit)); return; }
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if (key === "legend" && value && typeof value === "object") {
      if (value.orient === "right" || value.orient === "left") value.orient = "bottom";
      if (value.orient === "top" || value.orient === "bottom") { value.columns = 1; value.labelLimit ??= limit; }
    } else {
      legendsBelow(value, limit);
    }
  }
}

/** A title as lines of at most ``width`` pixels (about 8.5 pixels a character at the house title size). */
function wrapTitle(title, width) {
  const text = typeof title === "string" ? title : title?.text;
  if (typeof text !== "string") return title;
  const most = Math.max(12, Math.floor(width / 8.5)), lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > most) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
  }
  if (line) lines.push(line);
  return typeof title === "string" ? lines : { ...title, text: lines };
}

/** A copy of ``spec`` drawn within ``width`` pixels: a single or layered chart fits its whole width (axes and legends
 *  included), a faceted one lays out fewer panels a row. ``null`` when the spec cannot be made narrower. */
function fitted(spec, width, drawnWidth) {
  const s = structuredClone(spec);
  if (s.title) s.title = wrapTitle(s.title, width);
  if (width < NARROW) {
    const limit = Math.max(80, Math.floor(width / 2) - 20); // room left of the plot for the axis's labels: about half
    legendsBelow(s, limit);
    s.config = {
      ...(s.config ?? {}),
      legend: { ...(s.config?.legend ?? {}), orient: "bottom", columns: 1, labelLimit: limit },
      axis: { ...(s.config?.axis ?? {}), labelLimit: Math.min(s.config?.axis?.labelLimit ?? 180, limit) },
    };
  }
  if (s.facet && s.spec) {
    const panel = typeof s.spec.width === "number" ? s.spec.width : 200;
    const cols = s.columns ?? 1;
    const per = drawnWidth / cols; // a panel's share of the drawn width (its axis and padding included)
    s.columns = Math.max(1, Math.floor(width / per));
    if (s.columns === 1 && per > width) s.spec = { ...s.spec, width: Math.max(60, panel - (per - width)) };
    return s;
  }
  if (s.hconcat || s.concat || s.repeat) return null;
  s.width = Math.max(60, Math.floor(width));
  s.autosize = { type: "fit-x", contains: "padding" };
  return s;
}

/** The drawn chart's width (its svg or canvas), in pixels. */
function drawnWidth(el) {
  const c = el.querySelector(".vega-embed svg, .vega-embed canvas, svg.marks, canvas.marks");
  return c ? c.getBoundingClientRect().width : 0;
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

  let fitWidth = 0; // the width the chart on screen was fitted to (0: drawn at its own size)
  let watched = null; // the column whose width the chart follows
  async function draw(spec) {
    const View = await vegaView();
    // vega-embed creates the View through viewClass: hand it our logger
    const viewClass = function (runtime, options) { return new View(runtime, { ...options, logger }); };
    fitWidth = 0;
    await yieldToMain();
    result = await vegaEmbed(el, structuredClone(spec), { ...EMBED_OPTIONS, viewClass });
    if (el.parentElement && watched !== el.parentElement) {
      watched = el.parentElement;
      observer.observe(watched);
    }
    const room = available(el), wide = drawnWidth(el);
    if (room > 0 && wide > room + 1) { // wider than its column: draw it again to fit
      const narrow = fitted(spec, room, wide);
      if (narrow) {
        result.finalize();
        await yieldToMain();
        result = await vegaEmbed(el, narrow, { ...EMBED_OPTIONS, viewClass });
        fitWidth = room;
      }
    }
  }

  // When the column's width changes (a window resized or turned), a fitted chart is fitted again, and a chart that
  // now overflows is fitted; a chart drawn at its own size that still fits is left alone.
  let resizeTimer = null;
  const observer = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      const room = available(el);
      if (el.parentElement && watched !== el.parentElement) {
        watched = el.parentElement;
        observer.observe(watched);
      }
      if (!alive || !result || !shown || room <= 0) return;
      if ((fitWidth && Math.abs(room - fitWidth) > 1) || (!fitWidth && drawnWidth(el) > room + 1)) {
        queue = queue.then(async () => {
          if (!alive || !shown) return;
          drop();
          try { await draw(shown); } catch (error) { drop(); fail(error); }
        });
      }
    }, 150);
  });
  observer.observe(el); // until it is on the page; then its column too (draw), which follows the window's width

  // the first chart waits for its turn (drawTurn); later changes do not
  let turn = Object.keys(model.get("spec") ?? {}).length ? drawTurn(el, model.get("spec")) : null;
  async function update() {
    if (!alive || model.get("spec") === shown) return;
    if (turn) {
      const t = turn;
      turn = null;
      await t;
      try { await apply(); } finally { nextWhenIdle(); } // drawn, or given up: the next waiting chart's turn
      return;
    }
    await apply();
  }

  async function apply() {
    if (!alive) return;
    const next = model.get("spec"); // the newest, after any wait
    if (next === shown) return;
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
      await draw(next);
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
  if (!later.waiting.has(el)) await queue; // a chart waiting for its turn does not hold up the page's other widgets
  return () => {
    alive = false;
    observer.disconnect();
    clearTimeout(resizeTimer);
    model.off("change:spec", onSpec);
    later.waiting.get(el)?.(); // no longer waiting (its draw is skipped: not alive)
    drop();
  };
}

export default { render };
