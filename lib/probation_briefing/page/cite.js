// "Copy key points" (anywidget front end of probation_briefing.page.cite.CopyKeyPoints).
// It copies the key points with numbered references as plain text and as HTML (one clipboard item), with the page's
// address put in where the text says {{address}}. No network: everything it copies came with the page.
const ADDRESS = "{{address}}";

function pageAddress(query) {
  return window.location.origin + window.location.pathname + (query ? "?" + query : "");
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function render({ model, el }) {
  el.classList.add("pb-copy-points");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "pb-share-button";
  const status = document.createElement("span");
  status.className = "pb-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const fallback = document.createElement("div");
  fallback.className = "pb-copy-fallback";
  fallback.hidden = true;
  const id = "pb-copy-" + Math.random().toString(36).slice(2, 10);
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = "Key points with references (select and copy):";
  const field = document.createElement("textarea");
  field.id = id;
  field.readOnly = true;
  field.rows = 8;
  field.className = "pb-copy-field";
  fallback.append(label, field);
  el.append(button, status, fallback);

  const update = () => {
    button.textContent = model.get("label");
    status.textContent = "";
  };

  button.addEventListener("click", async () => {
    const address = pageAddress(model.get("query") || "");
    const text = (model.get("text") || "").split(ADDRESS).join(address);
    const html = (model.get("html") || "").split(ADDRESS).join(escapeHtml(address));
    field.value = text;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      try {
        if (typeof ClipboardItem === "undefined") throw new Error("no rich clipboard");
        const item = new ClipboardItem({
          "text/plain": new Blob([text], { type: "text/plain" }),
          "text/html": new Blob([html], { type: "text/html" }),
        });
        await navigator.clipboard.write([item]);
      } catch (e) {
        await navigator.clipboard.writeText(text); // the browser refused HTML: plain text only
      }
      fallback.hidden = true;
      status.textContent = "Copied: the key points, their references, the settings and this page's address.";
    } catch (e) {
      fallback.hidden = false;
      field.focus();
      field.select();
      status.textContent = "Copy the key points from the box below.";
    }
  });

  model.on("change:label", update);
  model.on("change:text", update);
  update();
  return () => { model.off("change:label", update); model.off("change:text", update); };
}
export default { render };
