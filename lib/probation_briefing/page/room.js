// The room watcher (anywidget front end of probation_briefing.page.workshop.RoomWatch).
// Every few seconds it asks the server which exercise the facilitator has started for this briefing's room
// (GET <base>room/<briefing>.json, answered from memory; an unchanged answer is a 304) and sends the exercise's
// id to the kernel, which shows its question at the top of the settings. A server with no room (404) is not
// asked again. A tab in the background asks nothing until it is shown again.
function baseUrl() {
  try {
    const config = JSON.parse(document.getElementById("jupyter-config-data").textContent);
    return String(config.baseUrl || "/");
  } catch (e) {
    return null;
  }
}

function render({ model, el }) {
  el.classList.add("pb-room-watch");
  const status = document.createElement("p");
  status.className = "pb-visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  el.append(status);
  const base = baseUrl();
  const room = model.get("room");
  if (base === null || !/^[a-z0-9_]+$/.test(room)) return () => {};
  const url = base.replace(/\/?$/, "/") + "room/" + room + ".json";
  let timer = null;
  let stopped = false;
  let shown = "";

  const tell = (state) => {
    const id = typeof state.exercise === "string" ? state.exercise : "";
    if (id !== model.get("exercise")) {
      model.set("exercise", id);
      model.save_changes();
    }
    if (id !== shown) {
      const n = Number.isInteger(state.number) ? state.number : "";
      status.textContent = id
        ? `Your facilitator has started exercise ${n}. Its question is at the top of the settings.`
        : shown ? "Your facilitator has closed the exercise." : "";
      shown = id;
    }
  };

  const ask = async () => {
    timer = null;
    if (stopped) return;
    if (!document.hidden) {
      try {
        const r = await fetch(url, { cache: "no-cache", credentials: "same-origin", headers: { Accept: "application/json" } });
        if (r.status === 404) { stopped = true; return; }
        if (r.ok) tell(await r.json());
      } catch (e) { /* offline for a moment, or the server restarting: ask again later */ }
    }
    if (!stopped) timer = setTimeout(ask, Math.max(1, Number(model.get("interval_s")) || 5) * 1000);
  };

  const visible = () => {
    if (!document.hidden && timer !== null && !stopped) { clearTimeout(timer); ask(); }
  };
  document.addEventListener("visibilitychange", visible);
  ask();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    document.removeEventListener("visibilitychange", visible);
  };
}
export default { render };
