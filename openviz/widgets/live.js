// The front end of openviz's live chart (openviz/widgets/_live.py).
//
// The kernel sends a spec without its datasets ("spec") and the datasets as UTF-8 JSON
// bytes ("datasets"). A new spec that differs from the drawn one only in its datasets and
// in the values of its "openviz_" params (the source line) is swapped into the running
// Vega view: the marks change, the layout and the rest stay. Any other change draws the
// chart anew. vegaEmbed comes from the offline bundle vl-convert builds around this file.

const SWAPPABLE_PARAM = /^openviz_/;

// A spec with what can be swapped taken out, as a string to compare.
function drawingOf(spec) {
  const params = (spec.params ?? []).map((p) =>
    SWAPPABLE_PARAM.test(p.name ?? "") ? { name: p.name } : p,
  );
  return JSON.stringify({ ...spec, datasets: null, description: null, usermeta: null, params });
}

// The datasets trait: a DataView (binary buffer) of UTF-8 JSON.
function decodeDatasets(value) {
  if (value == null) {
    return {};
  }
  if (typeof value === "string") {
    return JSON.parse(value);
  }
  const bytes = value instanceof DataView
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : new Uint8Array(value.buffer ?? value);
  return bytes.length ? JSON.parse(new TextDecoder().decode(bytes)) : {};
}

// The full spec: the spec trait with the datasets put back.
function fullSpec(model) {
  const spec = model.get("spec");
  return spec === null ? null : { ...spec, datasets: decodeDatasets(model.get("datasets")) };
}

// The points of a point selection, one object of field values each ([] when cleared).
function pickedPoints(view, name) {
  let store = [];
  try {
    store = view.data(`${name}_store`) ?? [];
  } catch (error) {
    return [];
  }
  return store.map((entry) => {
    const point = {};
    (entry.fields ?? []).forEach((f, i) => {
      point[f.field] = entry.values[i];
    });
    return point;
  });
}

async function render({ model, el }) {
  let api = null;
  let drawn = null;
  let queue = Promise.resolve();

  function showError(error) {
    const box = document.createElement("pre");
    box.className = "openviz-chart-error";
    box.style.color = "#b00020";
    box.textContent = `The chart could not be drawn: ${error.message ?? error}`;
    el.replaceChildren(box);
    model.set("error", String(error.message ?? error));
    model.save_changes();
  }

  // Per dataset, the rows now in the view (the very objects Vega took in, so that they can
  // be removed one by one) and their JSON, to tell which rows a new spec changes.
  let shown = new Map();

  function replaceData(view, name, rows) {
    const keys = rows.map((row) => JSON.stringify(row));
    const before = shown.get(name);
    if (before && before.rows.length === rows.length) {
      // Most toggles change a few cells: take out and put in only the rows that differ,
      // so that Vega redraws those marks and leaves the rest.
      const gone = new Set();
      const added = [];
      const kept = rows.map((row, i) => {
        if (keys[i] === before.keys[i]) {
          return before.rows[i];
        }
        gone.add(before.rows[i]);
        added.push(row);
        return row;
      });
      if (added.length) {
        view.change(name, view.changeset().remove((t) => gone.has(t)).insert(added));
      }
      shown.set(name, { rows: kept, keys });
    } else {
      view.change(name, view.changeset().remove(() => true).insert(rows));
      shown.set(name, { rows, keys });
    }
  }

  async function draw(spec) {
    if (api !== null) {
      api.finalize();
      api = null;
    }
    drawn = null;
    shown = new Map();
    if (spec === null) {
      el.replaceChildren();
      return;
    }
    api = await vegaEmbed(el, structuredClone(spec), structuredClone(model.get("embed_options") ?? {}));
    drawn = drawingOf(spec);
    const name = model.get("selection");
    if (name) {
      const view = api.view;
      view.addSignalListener(name, () => {
        model.set("picked", pickedPoints(view, name));
        model.save_changes();
      });
    }
  }

  async function swap(spec) {
    const view = api.view;
    for (const [name, rows] of Object.entries(spec.datasets ?? {})) {
      replaceData(view, name, rows);
    }
    for (const p of spec.params ?? []) {
      if (SWAPPABLE_PARAM.test(p.name ?? "") && "value" in p) {
        view.signal(p.name, structuredClone(p.value));
      }
    }
    await view.runAsync();
    if (spec.description) {
      view.container()?.querySelector("svg, canvas")?.setAttribute("aria-label", spec.description);
    }
  }

  async function update() {
    scheduled = false;
    try {
      // Marks on the page's performance timeline, for benchmarks: when a new spec was
      // taken up, and when it was drawn ("swap" or "draw").
      performance.mark("openviz-live:received");
      const spec = fullSpec(model);
      if (api !== null && spec !== null && drawingOf(spec) === drawn) {
        await swap(spec);
        model.set("updates", model.get("updates") + 1);
        performance.mark("openviz-live:swapped");
      } else {
        await draw(spec);
        model.set("draws", model.get("draws") + 1);
        performance.mark("openviz-live:drawn");
      }
      model.set("error", "");
      model.save_changes();
    } catch (error) {
      showError(error);
    }
  }

  // Updates run one after another, in the order the kernel sent them; the spec and its
  // datasets change together, in one message, and make one update.
  let scheduled = false;
  const later = (job) => {
    queue = queue.then(job);
  };
  const changed = () => {
    if (!scheduled) {
      scheduled = true;
      later(update);
    }
  };
  model.on("change:spec", changed);
  model.on("change:datasets", changed);
  model.on("change:embed_options", () => later(() => draw(fullSpec(model)).catch(showError)));
  changed();
  await queue;
  return () => {
    if (api !== null) {
      api.finalize();
    }
  };
}

export default { render };
