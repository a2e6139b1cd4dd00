// The CSV file chooser of the upload panel (anywidget front end of probation_briefing.page.upload.CsvUpload).
// The size check runs here, before anything is sent: a file over max_bytes never leaves the browser (a large
// websocket message would otherwise be dropped by the server with no message). The kernel writes the notice.
function render({ model, el }) {
  el.classList.add("pb-upload");
  const id = "pb-upload-" + Math.random().toString(36).slice(2, 10);
  const label = document.createElement("label");
  label.htmlFor = id;
  label.className = "pb-upload-label";
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  input.accept = ".csv,text/csv";
  el.append(label, input);

  const update = () => {
    label.textContent = model.get("description");
    input.disabled = model.get("disabled");
  };

  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    const max = model.get("max_bytes");
    if (file.size > max) {
      model.send({ kind: "too_large", name: file.name, size: file.size });
      input.value = "";
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      model.send({ kind: "file", name: file.name, size: file.size }, undefined, [reader.result]);
      input.value = "";
    };
    reader.onerror = () => {
      model.send({ kind: "unreadable", name: file.name, size: file.size });
      input.value = "";
    };
    reader.readAsArrayBuffer(file);
  });

  model.on("change:description", update);
  model.on("change:disabled", update);
  update();
  return () => { model.off("change:description", update); model.off("change:disabled", update); };
}
export default { render };
