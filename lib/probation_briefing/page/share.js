// The copy-link control (anywidget front end of probation_briefing.page.share.ShareLink).
// It keeps the page address's query string in step with the scenario (history.replaceState: no reload).
function pageUrl(query) {
  const base = window.location.origin + window.location.pathname;
  return base + (query ? "?" + query : "") + window.location.hash;
}

function syncUrl(query) {
  try {
    const target = pageUrl(query);
    if (target !== window.location.href) window.history.replaceState(window.history.state, "", target);
  } catch (e) { /* sandboxed frame, file: URL ... the link field still works */ }
}

// The page's "Cite this briefing" block (page/cite.py) is written on the server with the page's name and query: the
// full address of this scenario replaces it here, and the reader's date the date it was written.
function fillCitations(query) {
  if (!/^https?:$/.test(window.location.protocol)) return;
  const address = window.location.origin + window.location.pathname + (query ? "?" + query : "");
  const today = new Date();
  const words = today.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const iso = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, "0"), String(today.getDate()).padStart(2, "0")].join("-");
  const set = (selector, text) => document.querySelectorAll(selector).forEach((el) => { if (el.textContent !== text) el.textContent = text; });
  set(".pb-scenario-address", address);
  set(".pb-accessed", words);
  set(".pb-accessed-iso", iso);
}

function render({ model, el }) {
  el.classList.add("pb-share");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pb-share-button";
  const status = document.createElement("span");
  status.className = "pb-share-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const fallback = document.createElement("div");
  fallback.className = "pb-share-fallback";
  fallback.hidden = true;
  const id = "pb-share-" + Math.random().toString(36).slice(2, 10);
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = "Link to this scenario (select and copy):";
  const field = document.createElement("input");
  field.id = id;
  field.type = "text";
  field.readOnly = true;
  field.className = "pb-share-field";
  fallback.append(label, field);
  el.append(button, status, fallback);

  const update = () => {
    const q = model.get("query") || "";
    button.textContent = model.get("label");
    field.value = pageUrl(q);
    if (model.get("sync_url")) syncUrl(q);
    fillCitations(q);
  };

  const showFallback = () => {
    fallback.hidden = false;
    field.focus();
    field.select();
    status.textContent = "Copy the link from the box below.";
  };

  button.addEventListener("click", async () => {
    const link = pageUrl(model.get("query") || "");
    field.value = link;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(link);
      status.textContent = "Link copied.";
      fallback.hidden = false;
    } catch (e) {
      showFallback();
    }
  });

  model.on("change:query", update);
  model.on("change:label", update);
  update();
  // the sources section (and its citation) may be drawn after this control: fill it in when it appears
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(() => { pending = false; fillCitations(model.get("query") || ""); });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return () => { observer.disconnect(); model.off("change:query", update); model.off("change:label", update); };
}
export default { render };
