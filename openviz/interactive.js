// The interactive verdict matrix (openviz/interactive.py): an interpreter of the engine's
// compiled rules, the controls, the chart and the reasons.
//
// No rule of any definition is written here. Each definition arrives compiled by the Python
// engine (openviz.rules.CompiledDefinition.program): a list of nodes that combine packed
// ratings with AND (all_of) or OR (any_of), component leaves that look cell codes up in
// the engine's own tables, and condition leaves already rated by the engine. A packed
// rating is one byte per release: bit 0 lo >= partial, bit 1 lo >= met, bit 2 hi >=
// partial, bit 3 hi >= met (an unknown fact leaves lo and hi apart). Verdicts, levels,
// scores and reasons follow openviz.evaluate (_judge, _scores, _reasons).
//
// Every text from the data goes into the page as text (textContent, attributes), never as
// HTML. The page exposes window.openviz for tests and benchmarks.
(function () {
  "use strict";
  const DATA = JSON.parse(document.getElementById("openviz-data").textContent);
  // Evidence links arrive as indexes into each release's own list (one model card backs many
  // facts); put the addresses back once.
  for (const rel of DATA.releases) {
    for (const fact of Object.values(rel.facts)) fact[2] = rel.urls[fact[2]] || "";
  }
  const E = DATA.engine;
  const N = E.releases;
  const T = DATA.text;
  const DEFS = DATA.definitions;
  const BY_ID = new Map(DEFS.map((d) => [d.id, d]));

  // -- the evaluator ----------------------------------------------------------------------
  // Published state of a definition: enabled flag and accepted licence set of every node.
  function publishedState(def) {
    const enabled = {};
    const licenses = {};
    for (const node of def.program.nodes) {
      enabled[node.id] = node.enabled;
      licenses[node.id] = node.licenses === null || node.licenses === undefined ? null : new Set(node.licenses);
    }
    return { enabled, licenses };
  }

  function leafRating(code, partial, accepted) {
    const p = partial ? 1 : 0;
    if (accepted === null) {
      return E.leaf.plain[p][code];
    }
    const cat = E.code_category[code];
    const inSet = cat >= 0 && accepted.has(E.categories[cat]);
    return inSet ? E.leaf.accepted[p][code] : E.leaf.rejected[p][code];
  }

  // Rate every node for every release under a state; returns node id -> Uint8Array(N).
  function rate(def, state) {
    const nodes = def.program.nodes;
    const out = {};
    function visit(i) {
      const node = nodes[i];
      let bits;
      if (node.kind === "all_of" || node.kind === "any_of") {
        const live = [];
        for (const c of node.children) {
          const child = visit(c);
          if (state.enabled[nodes[c].id]) {
            live.push(child);
          }
        }
        if (live.length === 0) {
          bits = new Uint8Array(N).fill(E.all_met);
        } else {
          bits = Uint8Array.from(live[0]);
          const and = node.kind === "all_of";
          for (let k = 1; k < live.length; k++) {
            const more = live[k];
            for (let r = 0; r < N; r++) {
              bits[r] = and ? bits[r] & more[r] : bits[r] | more[r];
            }
          }
        }
      } else if (node.kind === "component") {
        bits = new Uint8Array(N);
        const accepted = state.licenses[node.id];
        for (const j of node.cols) {
          const codes = E.codes[j];
          for (let r = 0; r < N; r++) {
            bits[r] |= leafRating(codes[r], node.partial, accepted);
          }
        }
      } else {
        bits = Uint8Array.from(node.bits);
      }
      if (node.at_most) {
        for (let r = 0; r < N; r++) {
          bits[r] &= E.at_most_partial;
        }
      }
      out[node.id] = bits;
      return bits;
    }
    def.program.roots.forEach(visit);
    return out;
  }

  const lo = (b) => (b & 1) + ((b >> 1) & 1);
  const hi = (b) => ((b >> 2) & 1) + ((b >> 3) & 1);

  function rootBits(def, state, rated, rootIndex) {
    const id = def.program.nodes[rootIndex].id;
    return state.enabled[id] ? rated[id] : new Uint8Array(N).fill(E.all_met);
  }

  // Which requirements stop each release (unmet) and which could not be told (unknown):
  // an all_of passes blame to its children, anything else is itself the reason.
  function reasons(def, state, rated, starts) {
    const nodes = def.program.nodes;
    const unmet = Array.from({ length: N }, () => []);
    const unknown = Array.from({ length: N }, () => []);
    function visit(i, reach) {
      const node = nodes[i];
      if (!state.enabled[node.id]) {
        return;
      }
      const bits = rated[node.id];
      const short = new Uint8Array(N);
      let any = false;
      for (let r = 0; r < N; r++) {
        short[r] = (bits[r] & E.lo_met) === 0 && (reach === null || reach[r]) ? 1 : 0;
        any = any || short[r] === 1;
      }
      if (!any) {
        return;
      }
      if (node.kind === "all_of") {
        for (const c of node.children) {
          visit(c, short);
        }
      } else {
        for (let r = 0; r < N; r++) {
          if (short[r]) {
            ((bits[r] & E.hi_met) === 0 ? unmet : unknown)[r].push(node.id);
          }
        }
      }
    }
    for (const [root, reach] of starts) {
      visit(root, reach);
    }
    return { unmet: unmet.map((x) => x.join(";")), unknown: unknown.map((x) => x.join(";")) };
  }

  // Verdicts, levels, scores and reasons of one definition under a state, per release.
  function judge(def, state) {
    const rated = rate(def, state);
    const roots = def.program.roots;
    const verdict = new Array(N).fill("");
    const rank = new Array(N).fill(0);
    let score = new Array(N).fill(null);
    let scoreMax = new Array(N).fill(null);
    let why;
    const verdictOf = (b) => DATA.verdicts[((b >> 1) & 1) + ((b >> 3) & 1)];
    // How a definition judges comes with it (openviz.kinds: its strategy's flags), so the
    // script names no definition kind.
    const how = def.judge;
    if (!how.rates && !how.ranked) {
      const bits = rootBits(def, state, rated, roots[0]);
      for (let r = 0; r < N; r++) verdict[r] = verdictOf(bits[r]);
      why = reasons(def, state, rated, [[roots[0], null]]);
    } else if (how.ranked) {
      const certain = new Array(N).fill(true);
      for (const root of roots) {
        const bits = rootBits(def, state, rated, root);
        for (let r = 0; r < N; r++) {
          certain[r] = certain[r] && (bits[r] & E.lo_met) !== 0;
          rank[r] += certain[r] ? 1 : 0;
        }
      }
      const first = rootBits(def, state, rated, roots[0]);
      for (let r = 0; r < N; r++) verdict[r] = verdictOf(first[r]);
      why = reasons(
        def,
        state,
        rated,
        roots.map((root, k) => [root, rank.map((x) => x === k)]),
      );
    } else {
      const dims = [];
      def.parts.forEach(([dimId], k) => {
        const id = def.program.nodes[roots[k]].id;
        if (state.enabled[id]) dims.push([dimId, rated[id]]);
      });
      if (how.score) {
        const c = def.credit;
        const base = dims.length * c.closed;
        score = [];
        scoreMax = [];
        for (let r = 0; r < N; r++) {
          const reach = [0, 0, 0, 0];
          for (const [, bits] of dims) {
            for (let bit = 0; bit < 4; bit++) reach[bit] += (bits[r] >> bit) & 1;
          }
          score.push(base + (c.partial - c.closed) * reach[0] + (c.open - c.partial) * reach[1]);
          scoreMax.push(base + (c.partial - c.closed) * reach[2] + (c.open - c.partial) * reach[3]);
        }
      }
      const unmet = [];
      const unknown = [];
      for (let r = 0; r < N; r++) {
        unmet.push(dims.filter(([, b]) => (b[r] & E.hi_met) === 0).map(([n]) => n).join(";"));
        unknown.push(dims.filter(([, b]) => (b[r] & 3) !== b[r] >> 2).map(([n]) => n).join(";"));
      }
      why = { unmet, unknown };
    }
    // The most a release can score: every dimension still switched on at the top credit.
    const top = how.score ? def.topCredit * def.parts.filter(([, ], k) => state.enabled[def.program.nodes[roots[k]].id]).length : null;
    return { rated, verdict, rank, score, scoreMax, top, unmet: why.unmet, unknown: why.unknown };
  }

  // -- state of the page ------------------------------------------------------------------
  const states = new Map(DEFS.map((d) => [d.id, publishedState(d)]));
  const judged = new Map();
  let current = DATA.initial;

  function sameSet(a, b) {
    if (a === null || b === null) return a === b;
    if (a.size !== b.size) return false;
    for (const x of a) if (!b.has(x)) return false;
    return true;
  }

  // The state's differences from the published definition, as openviz toggles, sorted by
  // key like Definition.toggles: [[requirement or requirement#licenses, value], ...].
  function toggles(def) {
    const state = states.get(def.id);
    const out = [];
    for (const node of def.program.nodes) {
      if (state.enabled[node.id] !== node.enabled) {
        out.push([node.id, state.enabled[node.id] ? "on" : "off"]);
      }
      const published = node.licenses === null || node.licenses === undefined ? null : new Set(node.licenses);
      if (!sameSet(state.licenses[node.id], published)) {
        const cats = E.categories.filter((c) => state.licenses[node.id].has(c));
        out.push([node.id + "#licenses", cats]);
      }
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return out;
  }

  function rejudge(id) {
    judged.set(id, judge(BY_ID.get(id), states.get(id)));
  }
  DEFS.forEach((d) => rejudge(d.id));

  // -- chart rows -------------------------------------------------------------------------
  function fmt(x) {
    return String(Number(x.toPrecision(6)));
  }

  function labelOf(def) {
    return toggles(def).length ? def.label + " *" : def.label;
  }

  function names(def, ids) {
    return ids
      ? ids
          .split(";")
          .map((x) => (x in def.names ? def.names[x] : x))
          .join(DATA.semi)
      : "";
  }

  function rowsOf(def, position) {
    const j = judged.get(def.id);
    const label = labelOf(def);
    const rows = [];
    DATA.releases.forEach((rel, r) => {
      const status = j.verdict[r] || "no verdict";
      let cell = DATA.glyphs[j.verdict[r]] || "";
      // Levels by their names and scores out of the most possible, on the ramp, as the
      // static charts draw them (charts._common.paint_cell); verdict cells keep their colours.
      let [level, scoreLabel, share] = ["", "", null];
      let [fill, ink] = DATA.statusPaint[status] || [null, null];
      if (def.judge.ranked && j.rank[r]) {
        [cell, level, share, fill, ink] = def.paint[j.rank[r] - 1];
      } else if (def.judge.score && j.score[r] !== null) {
        const shown = j.score[r] === j.scoreMax[r] ? fmt(j.score[r]) : fmt(j.score[r]) + DATA.dash + fmt(j.scoreMax[r]);
        scoreLabel = cell = j.top ? shown + " / " + fmt(j.top) : shown;
        if (j.top) {
          share = Math.round(Math.min(j.score[r] / j.top, 1) * 10000) / 10000;
          [fill, ink] = DATA.ramp[Math.floor(share * DATA.rampSteps)];
        }
      }
      rows.push({
        model: rel.name,
        model_id: rel.id,
        definition: label,
        definition_order: position,
        model_order: r,
        status,
        verdict_label: DATA.status[status],
        level,
        score: j.score[r] === null ? null : Math.round(j.score[r] * 100) / 100,
        score_label: scoreLabel,
        cell,
        share,
        fill,
        ink,
        unmet: names(def, j.unmet[r]),
        unknown: names(def, j.unknown[r]),
        definition_id: def.id,
      });
    });
    return rows;
  }

  const rowsByDef = new Map(DEFS.map((d, i) => [d.id, rowsOf(d, i)]));
  const allRows = () => DEFS.flatMap((d) => rowsByDef.get(d.id));

  // The source line: the published lines, with what the reader changed after the
  // definitions (as the static export writes a toggled definition's).
  function wrap(text, width, size) {
    const lines = [];
    let line = "";
    let px = 0;
    const w = (s) => Array.from(s).reduce((n, ch) => n + size * (/[\u2e80-\uffff]/.test(ch) ? 1 : 0.56), 0);
    const tokens = text.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+/g) || [];
    for (const token of tokens) {
      const tw = w(token);
      if (line && px + tw > width) {
        lines.push(line.trimEnd());
        line = token.trimStart();
        px = w(line);
      } else {
        line += token;
        px += tw;
      }
    }
    if (line.trim()) lines.push(line.trimEnd());
    return lines;
  }

  // What the reader changed, as the static export's source line says it of a toggled
  // definition: "* modified from the published definition: OSAID 1.0 *: training-code off."
  function modifiedLines() {
    const changed = [];
    for (const def of DEFS) {
      const list = toggles(def);
      if (!list.length) continue;
      const what = list
        .map(([key, value]) => key.split("#")[0] + " " + (Array.isArray(value) ? "licenses " + value.join("/") : value))
        .join(", ");
      changed.push(DATA.captionModified.replace("{changes}", labelOf(def) + ": " + what));
    }
    return changed;
  }

  // The whole source line, as a static export of the page's state would write it. The chart
  // draws the published lines; the changes are written under it (re-laying the chart out
  // for a longer caption on every toggle would cost more than the toggle itself).
  function captionLines() {
    const width = Math.max(DATA.chart.width || 0, 560);
    const changed = modifiedLines().flatMap((c) => wrap(c, width, DATA.caption.size));
    return [...DATA.caption.head, ...changed, ...DATA.caption.tail];
  }

  function showModified() {
    document.getElementById("openviz-modified").textContent = modifiedLines().join(" ");
    document.getElementById("openviz-source").textContent = captionLines().join(" ");
  }

  // -- the controls -----------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "dataset") Object.assign(node.dataset, v);
      else if (k in node && typeof v !== "string") node[k] = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  const picker = document.getElementById("openviz-definition");
  for (const def of DEFS) {
    picker.append(el("option", { value: def.id, title: def.picker }, def.label));
  }
  picker.value = current;

  function walk(def, index, depth, out) {
    const node = def.program.nodes[index];
    out.push([node, depth]);
    for (const c of node.children || []) walk(def, c, depth + 1, out);
    return out;
  }

  function buildSwitches() {
    const def = BY_ID.get(current);
    const state = states.get(current);
    const box = document.getElementById("openviz-switches");
    box.replaceChildren();
    def.program.roots.forEach((root, k) => {
      if (def.parts.length) box.append(el("h3", {}, def.parts[k][1]));
      for (const [node, depth] of walk(def, root, 0, [])) {
        const info = def.nodes[node.id];
        const input = el("input", { type: "checkbox", checked: state.enabled[node.id], dataset: { req: node.id } });
        input.addEventListener("change", () => {
          state.enabled[node.id] = input.checked;
          changed();
        });
        box.append(
          el(
            "label",
            { class: "openviz-switch", title: info.paraphrase, style: "margin-left:" + depth * 16 + "px" },
            input,
            " " + info.title,
          ),
        );
        if (state.licenses[node.id] !== null) {
          // Folded: the accepted licence kinds, listed in the summary, ticked inside.
          const set = el("details", { style: "margin-left:" + (depth * 16 + 22) + "px", dataset: { licensesFor: node.id } });
          const summary = el("summary", {});
          const sayAccepted = () => {
            const cats = DATA.categories.filter(([c]) => state.licenses[node.id].has(c)).map(([, n]) => n);
            summary.textContent = T.licenses + DATA.colon + (cats.join(DATA.comma) || T.none);
          };
          sayAccepted();
          set.append(summary);
          const ticks = el("fieldset", {});
          for (const [cat, name] of DATA.categories) {
            const tick = el("input", { type: "checkbox", checked: state.licenses[node.id].has(cat), dataset: { category: cat } });
            tick.addEventListener("change", () => {
              const now = new Set(state.licenses[node.id]);
              if (tick.checked) now.add(cat);
              else now.delete(cat);
              state.licenses[node.id] = now;
              sayAccepted();
              changed();
            });
            ticks.append(el("label", {}, tick, " " + name));
          }
          set.append(ticks);
          box.append(set);
        }
      }
    });
  }

  function showChanges() {
    const def = BY_ID.get(current);
    const box = document.getElementById("openviz-changes");
    const list = toggles(def);
    box.replaceChildren();
    if (!list.length) return;
    box.append(el("b", {}, T.differs.replace("{title}", def.label)));
    const ul = el("ul", { style: "margin:2px 0" });
    const catName = new Map(DATA.categories);
    for (const [key, value] of list) {
      const rid = key.split("#")[0];
      const what = Array.isArray(value)
        ? T["licenses now"].replace("{cats}", value.map((c) => catName.get(c)).join(DATA.comma) || T.none)
        : T["switched " + value];
      ul.append(el("li", {}, def.nodes[rid].title + " ", el("code", {}, rid), ": " + what));
    }
    box.append(ul);
  }

  // -- reasons ----------------------------------------------------------------------------
  let picked = null;

  function statusText(status) {
    return T["released " + status] || status;
  }

  function componentFact(rel, cid) {
    const fact = rel.facts[cid];
    const name = DATA.components[cid] || cid;
    if (!fact) return [name + DATA.colon + statusText("unknown"), ["", ""]];
    const [status, license, url, shows] = fact;
    let text = name + DATA.colon + statusText(status);
    if (status === "yes" || status === "partial") {
      if (license) {
        const lic = DATA.licenses[license];
        const cat = lic ? new Map(DATA.categories).get(lic.category) : "";
        const [open, close] = DATA.lang === "zh" ? ["（", "）"] : [" (", ")"];
        text += DATA.comma + T.license.replace("{license}", license) + (cat ? open + cat + close : "");
      } else {
        text += DATA.comma + T["no license"];
      }
    }
    return [text, [url, shows]];
  }

  function showReasons() {
    const box = document.getElementById("openviz-reasons");
    box.replaceChildren();
    if (picked === null) return;
    const [modelId, defId] = picked;
    const def = BY_ID.get(defId);
    const r = DATA.releases.findIndex((x) => x.id === modelId);
    if (!def || r < 0) return;
    const rel = DATA.releases[r];
    const j = judged.get(defId);
    const state = states.get(defId);
    const row = rowsByDef.get(defId)[r];
    box.append(
      el(
        "h2",
        { style: "font-size:15px" },
        T["reasons for"].replace("{model}", rel.name).replace("{definition}", row.definition).replace("{verdict}", row.cell ? row.verdict_label + " (" + row.cell + ")" : row.verdict_label),
      ),
    );
    const table = el("table", { class: "openviz-reasons", dataset: { model: modelId, definition: defId } });
    table.append(el("tr", {}, ...["requirement", "result", "fact", "evidence"].map((k) => el("th", {}, DATA.columns[k]))));
    def.program.roots.forEach((root, k) => {
      if (def.parts.length) table.append(el("tr", {}, el("th", { colspan: "4" }, def.parts[k][1])));
      const stack = [[root, 0, true]];
      while (stack.length) {
        const [index, depth, parentOn] = stack.pop();
        const node = def.program.nodes[index];
        const info = def.nodes[node.id];
        const on = parentOn && state.enabled[node.id];
        const b = j.rated[node.id][r];
        const result = !on ? "off" : DATA.resultOf[def.judge.rates ? "graded" : "plain"][b];
        let fact = "";
        let ev = ["", ""];
        if (node.kind === "all_of") fact = T["all of"];
        else if (node.kind === "any_of") fact = T["any of"];
        else if (node.kind === "component") {
          const facts = [info.component, ...(info.substitutes || [])].map((cid) => componentFact(rel, cid));
          fact = facts.map((f) => f[0]).join(DATA.semi);
          ev = (facts.find((f) => f[1][0]) || facts[0])[1];
        } else {
          // A condition's fact, in the words of openviz.explain (_interactive_data.condition_facts).
          const [t, url, shows] = info.facts[r];
          [fact, ev] = [DATA.pool[t], [DATA.pool[url], DATA.pool[shows]]];
        }
        const link = /^https?:\/\//.test(ev[0])
          ? el("a", { href: ev[0], target: "_blank", rel: "noopener noreferrer" }, ev[1] || ev[0])
          : ev[0] || (node.kind === "all_of" || node.kind === "any_of" ? "" : T["no evidence"]);
        table.append(
          el(
            "tr",
            { dataset: { requirement: node.id, result } },
            el("td", { style: "padding-left:" + (6 + depth * 14) + "px", title: info.paraphrase }, info.title),
            el("td", { style: "white-space:nowrap" }, DATA.results[result]),
            el("td", {}, fact),
            el("td", {}, link),
          ),
        );
        for (const c of [...(node.children || [])].reverse()) stack.push([c, depth + 1, on]);
      }
    });
    box.append(table);
  }

  // -- CSV --------------------------------------------------------------------------------
  // As openviz.export writes it: a byte-order mark, and no cell a spreadsheet would run.
  function csvValue(value) {
    if (value === null || value === undefined) return "";
    let text = typeof value === "object" ? JSON.stringify(value) : String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && !Number.isFinite(Number(text.trim())) ) {
      text = "'" + text;
    }
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv() {
    const rows = allRows();
    const columns = Object.keys(rows[0] || {});
    const lines = [columns.join(",")];
    for (const row of rows) lines.push(columns.map((c) => csvValue(row[c])).join(","));
    return "\ufeff" + lines.join("\n") + "\n";
  }

  const link = document.getElementById("openviz-csv");
  link.addEventListener("click", () => {
    const blob = new Blob([csv()], { type: "text/csv;charset=utf-8" });
    if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
    link.dataset.url = URL.createObjectURL(blob);
    link.href = link.dataset.url;
  });

  // -- the chart --------------------------------------------------------------------------
  let view = null;
  let queue = Promise.resolve();
  let paints = 0;
  let painted = Promise.resolve();

  function nextFrame() {
    return new Promise((resolve) => requestAnimationFrame(() => resolve()));
  }

  async function draw() {
    const spec = DATA.vega;
    for (const d of spec.data || []) if (d.name === "verdicts") d.values = allRows().map((row) => ({ ...row }));
    const api = await vegaEmbed("#openviz-chart", spec, { mode: "vega", renderer: "svg", actions: false });
    view = api.view;
    view.addEventListener("click", (event, item) => {
      const datum = item && item.datum;
      if (datum && datum.model_id && datum.definition_id) {
        picked = [datum.model_id, datum.definition_id];
        showReasons();
      }
    });
    await nextFrame();
    paints += 1;
    performance.mark("openviz:painted");
  }

  async function redraw(id) {
    // Copies: Vega takes the objects it is given as its own tuples.
    const rows = rowsByDef.get(id).map((row) => ({ ...row }));
    view.change("verdicts", view.changeset().remove((t) => t.definition_id === id).insert(rows));
    await view.runAsync();
    performance.mark("openviz:ran");
    await nextFrame();
    paints += 1;
    performance.mark("openviz:repainted");
  }

  function changed() {
    const id = current;
    rejudge(id);
    rowsByDef.set(id, rowsOf(BY_ID.get(id), DEFS.findIndex((d) => d.id === id)));
    showChanges();
    showModified();
    showReasons();
    painted = queue = queue.then(() => redraw(id)).catch(showError);
  }

  function showError(error) {
    const box = document.getElementById("openviz-chart");
    box.className = "openviz-error";
    box.textContent = T.error + (error && error.message ? error.message : error);
  }

  picker.addEventListener("change", () => {
    current = picker.value;
    buildSwitches();
    showChanges();
  });
  document.getElementById("openviz-reset").addEventListener("click", () => {
    states.set(current, publishedState(BY_ID.get(current)));
    buildSwitches();
    changed();
  });

  function postHeight() {
    if (window.parent !== window) {
      window.parent.postMessage({ type: DATA.heightMessage, height: document.documentElement.scrollHeight }, "*");
    }
  }
  if (window.ResizeObserver) new ResizeObserver(postHeight).observe(document.body);

  buildSwitches();
  const ready = (queue = draw().catch(showError));
  painted = ready;

  // -- for tests and benchmarks -------------------------------------------------------------
  window.openviz = {
    ready,
    painted: () => painted,
    paints: () => paints,
    definitions: DEFS.map((d) => d.id),
    current: () => current,
    toggles: (id) => toggles(BY_ID.get(id || current)),
    // Per (release, definition): what openviz.evaluate reports.
    verdicts(id) {
      const out = [];
      for (const def of id ? [BY_ID.get(id)] : DEFS) {
        const j = judged.get(def.id);
        DATA.releases.forEach((rel, r) => {
          out.push({
            model: rel.id,
            definition: def.id,
            verdict: j.verdict[r],
            level_rank: j.rank[r],
            score: j.score[r],
            score_max: j.scoreMax[r],
            unmet: j.unmet[r],
            unknown: j.unknown[r],
          });
        });
      }
      return out;
    },
    rows: (id) => (id ? rowsByDef.get(id) : allRows()),
    caption: captionLines,
    drawn: () => (view ? view.data("verdicts").map((t) => ({ ...t })) : []),
    csv,
  };
})();
