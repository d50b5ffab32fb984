/* dyad timeline: a zoomable focus+context timeline in plain SVG (no dependencies).
 *
 * Reads the JSON in <script id="dyad-data"> (the dyad page's .json twin, embedded) and draws
 * every event at the interval its date denotes (date.earliest .. date.latest): a day is a dot,
 * a decade or a century is a span as wide as the decade or century, approximate dates are
 * drawn dashed and labelled "c.". Colours are the PLOVER quad classes. The table of events
 * under the timeline is rendered by the server; this script filters it with the timeline.
 */
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const dataEl = document.getElementById("dyad-data");
  const root = document.getElementById("timeline");
  if (!dataEl || !root) return;
  const data = JSON.parse(dataEl.textContent);

  function parseDay(s) {
    // "YYYY-MM-DD" -> ms since epoch (UTC). Date.UTC handles years >= 100 correctly.
    const m = /^(-?\d{1,4})-(\d\d)-(\d\d)$/.exec(s || "");
    if (!m) return null;
    return Date.UTC(+m[1], +m[2] - 1, +m[3]);
  }
  const yearOf = (t) => new Date(t).getUTCFullYear();
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // Events with a usable interval; undated events are listed in the table only.
  const events = data.events
    .map((e) => {
      const t0 = parseDay(e.date && e.date.earliest);
      const t1 = parseDay(e.date && e.date.latest);
      if (t0 === null || t1 === null) return null;
      return Object.assign({}, e, { t0: t0, t1: t1 + DAY });
    })
    .filter(Boolean);

  const DOMAIN = [parseDay(data.domain[0]), parseDay(data.domain[1])];
  let view = DOMAIN.slice();
  const hidden = new Set();
  let actorFilter = "";
  let selected = null;

  // ---- layout constants
  const M = { left: 14, right: 14 };
  const LANE = 24, AXIS = 26, TOP = 8, MAXLANES = 16;
  const OVERVIEW_H = 46;

  root.innerHTML = "";
  const svg = el("svg", { class: "main", role: "img", "aria-label": "Timeline of events" });
  const ov = el("svg", { class: "overview", height: OVERVIEW_H, "aria-label": "Overview" });
  const tip = document.createElement("div");
  tip.className = "tl-tip";
  root.append(svg, ov, tip);

  function el(name, attrs, parent) {
    const n = document.createElementNS(NS, name);
    for (const k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(n);
    return n;
  }
  function quadClass(e) { return "q-" + (e.quad ? e.quad.replace(/ /g, "-") : "domain"); }
  function visible(e) {
    if (hidden.has(e.type)) return false;
    if (actorFilter && !(e.source || []).concat(e.target || []).some((a) => a.id === actorFilter)) return false;
    return true;
  }
  function width() { return Math.max(320, root.clientWidth); }
  function x(t, w) { return M.left + ((t - view[0]) / (view[1] - view[0])) * (w - M.left - M.right); }
  function tAt(px, w) { return view[0] + ((px - M.left) / (w - M.left - M.right)) * (view[1] - view[0]); }

  // ---- axis ticks: pick a step so that labels are ~90px apart
  const YEAR_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];
  function ticks(w) {
    const spanDays = (view[1] - view[0]) / DAY;
    const perPx = spanDays / (w - M.left - M.right);
    const want = perPx * 90; // days between labels
    const out = [];
    if (want > 300) {
      const stepY = YEAR_STEPS.find((s) => s * 365 >= want) || 1000;
      let y = Math.floor(yearOf(view[0]) / stepY) * stepY;
      for (; ; y += stepY) {
        const t = Date.UTC(y, 0, 1);
        if (t > view[1]) break;
        if (t >= view[0]) out.push({ t: t, label: y >= 1000 ? String(y) : y + " AD", major: y % (stepY * 5) === 0 });
      }
    } else if (want > 20) {
      const stepM = [1, 2, 3, 6].find((s) => s * 30 >= want) || 6;
      const d0 = new Date(view[0]);
      let y = d0.getUTCFullYear(), mo = Math.floor(d0.getUTCMonth() / stepM) * stepM;
      for (; ;) {
        const t = Date.UTC(y, mo, 1);
        if (t > view[1]) break;
        if (t >= view[0]) out.push({ t: t, label: mo === 0 ? String(y) : MONTHS[mo] + " " + y, major: mo === 0 });
        mo += stepM;
        if (mo >= 12) { mo -= 12; y += 1; }
      }
    } else {
      const stepD = [1, 2, 7, 14].find((s) => s >= want) || 14;
      let t = Math.floor(view[0] / DAY) * DAY;
      for (; t <= view[1]; t += stepD * DAY) {
        const d = new Date(t);
        out.push({ t: t, label: d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(), major: d.getUTCDate() === 1 });
      }
    }
    return out;
  }

  // ---- lane packing on pixel extents (recomputed on every zoom so labels never collide)
  function layout(w) {
    const items = [];
    for (const e of events) {
      if (!visible(e)) continue;
      const a = x(e.t0, w), b = x(e.t1, w);
      if (b < M.left || a > w - M.right) continue; // outside the window
      const point = b - a < 10;
      const cx = (a + b) / 2;
      const x0 = point ? cx - 6 : a;
      const x1 = point ? cx + 6 : b;
      const label = (e.date.approx ? "c. " : "") + e.type + "  " + (e.label || "");
      // Text width estimate at 12px: the bold type name is wider than the plain rest.
      const lw = 12 + ((e.date.approx ? 3 : 0) + e.type.length) * 7.6 + (e.label || "").length * 6.6;
      // Near the right edge the label goes on the left of the mark so that it stays readable.
      const left = Math.max(x1, x0 + (point ? 12 : 0)) + lw > w - M.right && x0 - lw > M.left;
      items.push({ e: e, a: a, b: b, point: point, cx: cx, label: label, lw: lw, left: left,
        x0: left ? x0 - lw : x0, x1: left ? x1 : Math.max(x1, x0 + (point ? 12 : 0)) + lw });
    }
    items.sort((p, q) => p.x0 - q.x0 || p.e.t0 - q.e.t0);
    // Labelled lanes first (mark + label reserved, up to MAXLANES); what does not fit there
    // goes, without its label, into extra lanes packed by marks alone, so that no mark ever
    // lies on another mark or on a label (its label is in the tooltip and the list).
    const lanesEnd = [];
    const extraEnd = [];
    const markEnd = (it) => (it.point ? it.cx + 6 : Math.max(it.b, it.cx + 3));
    const markStart = (it) => (it.point ? it.cx - 6 : it.a);
    for (const it of items) {
      let lane = lanesEnd.findIndex((end) => end + 14 <= it.x0);
      if (lane < 0 && lanesEnd.length < MAXLANES) lane = lanesEnd.length;
      if (lane >= 0) {
        lanesEnd[lane] = it.x1;
        it.lane = lane;
        continue;
      }
      it.label = "";
      let k = extraEnd.findIndex((end) => end + 2 <= markStart(it));
      if (k < 0 && extraEnd.length < 6) k = extraEnd.length;
      if (k < 0) k = extraEnd.indexOf(Math.min.apply(null, extraEnd)); // very crowded: overlap
      extraEnd[k] = Math.max(extraEnd[k] || -Infinity, markEnd(it));
      it.extra = k;
    }
    for (const it of items) if (it.extra !== undefined) it.lane = lanesEnd.length + it.extra;
    return { items: items, lanes: Math.max(1, lanesEnd.length + extraEnd.length) };
  }

  function draw() {
    const w = width();
    // Lifespans only where the founding is known: a band from the window's edge would claim
    // the polity existed all along.
    const lifes = (data.parties || []).filter((p) => p.from);
    const { items, lanes } = layout(w);
    const lifeH = lifes.length ? lifes.length * 16 + 6 : 0;
    const MARKER = data.ended ? 18 : 0; // a strip above the axis for the end marker's label
    const h = TOP + lifeH + lanes * LANE + MARKER + AXIS + 10;
    svg.setAttribute("height", h);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.textContent = "";

    const axisY = h - AXIS - 10;
    const gAxis = el("g", { class: "tl-axis" }, svg);
    for (const tk of ticks(w)) {
      const px = x(tk.t, w);
      el("line", { x1: px, x2: px, y1: TOP, y2: axisY, class: tk.major ? "major" : "" }, gAxis);
      if (px > w - M.right - 8 * tk.label.length) continue; // no clipped label at the edge
      const tx = el("text", { x: px + 3, y: axisY + 16 }, gAxis);
      tx.textContent = tk.label;
    }
    el("line", { x1: M.left, x2: w - M.right, y1: axisY, y2: axisY, class: "major" }, gAxis);

    // Party lifespans (known founding / dissolution) as thin bands above the events.
    lifes.forEach((p, i) => {
      const g = el("g", { class: "tl-life" }, svg);
      const a = Math.max(M.left, x(p.from ? parseDay(p.from) : view[0], w));
      const b = Math.min(w - M.right, x(p.until ? parseDay(p.until) + DAY : view[1], w));
      if (b <= a) return;
      const y = TOP + i * 16;
      el("rect", { x: a, y: y, width: b - a, height: 12, rx: 3 }, g);
      const t = el("text", { x: a + 5, y: y + 10 }, g);
      t.textContent = p.name + (p.from ? " · from " + p.from.slice(0, 4) : "") + (p.until ? " · until " + p.until : "");
    });

    const top = TOP + lifeH;
    for (const it of items) {
      const e = it.e;
      const g = el("g", {
        class: "tl-item " + quadClass(e) + (e.date.approx ? " approx" : "") + (selected === e.id ? " selected" : ""),
        "data-id": e.id, "data-type": e.type, "data-t0": e.date.earliest, "data-x": it.cx.toFixed(1),
        tabindex: 0,
      }, svg);
      const y = top + it.lane * LANE + LANE / 2;
      if (it.point) {
        el("circle", { class: "mark", cx: it.cx, cy: y, r: 5.5 }, g);
      } else {
        el("rect", { class: "span", x: it.a, y: y - 7, width: Math.max(2, it.b - it.a), height: 14, rx: 3 }, g);
      }
      if (it.label) {
        const tx = it.left
          ? el("text", { x: (it.point ? it.cx - 10 : it.a - 5), y: y + 4, "text-anchor": "end" }, g)
          : el("text", { x: (it.point ? it.cx + 10 : Math.max(it.a, M.left) + 5), y: y + 4 }, g);
        const t1 = el("tspan", { class: "t" }, tx);
        t1.textContent = (e.date.approx ? "c. " : "") + e.type;
        const t2 = el("tspan", {}, tx);
        t2.textContent = " " + (e.label || "");
      }
      g.addEventListener("mouseenter", (ev) => showTip(ev, e));
      g.addEventListener("mousemove", (ev) => moveTip(ev));
      g.addEventListener("mouseleave", () => { tip.style.display = "none"; });
      g.addEventListener("click", (ev) => { ev.stopPropagation(); select(e.id, true); });
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") select(e.id, true); });
    }

    // The end of the relation (a party dissolved): a marked vertical line.
    if (data.ended) {
      const t = parseDay(data.ended);
      const px = x(t, w);
      if (px >= M.left && px <= w - M.right) {
        const g = el("g", { class: "tl-end", "data-date": data.ended }, svg);
        el("line", { x1: px, x2: px, y1: TOP, y2: axisY }, g);
        const tx = el("text", { x: px - 6, y: axisY - 6, "text-anchor": "end" }, g);
        tx.textContent = data.ended_label || "ended " + data.ended;
      }
    }
    drawOverview(w);
  }

  function drawOverview(w) {
    ov.setAttribute("viewBox", `0 0 ${w} ${OVERVIEW_H}`);
    ov.textContent = "";
    const full = (t) => M.left + ((t - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0])) * (w - M.left - M.right);
    el("rect", { x: M.left, y: 4, width: w - M.left - M.right, height: OVERVIEW_H - 22, fill: "#f1efe9", rx: 4 }, ov);
    for (const e of events) {
      if (!visible(e)) continue;
      const a = full(e.t0), b = full(e.t1);
      el("rect", { class: "dot " + quadClass(e), x: a, y: 10, width: Math.max(2, b - a), height: OVERVIEW_H - 34, rx: 1 }, ov);
    }
    const y0 = yearOf(DOMAIN[0]), y1 = yearOf(DOMAIN[1]);
    for (let y = Math.ceil(y0 / 100) * 100; y <= y1; y += 100) {
      const t = el("text", { x: full(Date.UTC(y, 0, 1)), y: OVERVIEW_H - 4, "font-size": 10, fill: "#6a7282", "text-anchor": "middle" }, ov);
      t.textContent = y;
    }
    const a = full(view[0]), b = full(view[1]);
    el("rect", { class: "brush", x: a, y: 4, width: Math.max(3, b - a), height: OVERVIEW_H - 22, rx: 3 }, ov);
    ov._full = full;
  }

  // ---- tooltip and selection
  function showTip(ev, e) {
    const who = (e.source || []).map((a) => a.name).join(", ") + (e.target && e.target.length ? " → " + e.target.map((a) => a.name).join(", ") : "");
    tip.innerHTML = "";
    const d = document.createElement("div");
    d.className = "d";
    d.textContent = e.date.text + " · " + e.date.precision + (e.date.approx ? " (approximate)" : "") + (e.date.inherited ? " · date from context" : "");
    const t = document.createElement("div");
    t.innerHTML = "<b></b> <span></span>";
    t.querySelector("b").textContent = e.type + (e.quad ? " (" + e.quad + ")" : "");
    t.querySelector("span").textContent = who;
    const s = document.createElement("div");
    s.style.marginTop = "4px";
    s.textContent = e.sentence ? e.sentence.text : "";
    tip.append(d, t, s);
    tip.style.display = "block";
    moveTip(ev);
  }
  function moveTip(ev) {
    const r = root.getBoundingClientRect();
    let left = ev.clientX - r.left + 14;
    if (left + 390 > r.width) left = Math.max(0, ev.clientX - r.left - 394);
    tip.style.left = left + "px";
    tip.style.top = ev.clientY - r.top + 16 + "px";
  }

  const detail = document.getElementById("event-detail");
  async function select(id, scroll) {
    selected = id;
    tip.style.display = "none"; // the redraw replaces the hovered mark, so no mouseleave comes
    draw();
    document.querySelectorAll("table.events tr[data-id]").forEach((tr) => {
      tr.classList.toggle("selected", tr.dataset.id === String(id));
    });
    if (!detail) return;
    detail.innerHTML = '<span class="muted">Loading…</span>';
    try {
      const res = await fetch(data.event_url_prefix + encodeURIComponent(id) + ".fragment");
      detail.innerHTML = await res.text();
      if (scroll) detail.scrollIntoView({ block: "nearest", behavior: "smooth" });
    } catch (err) {
      detail.textContent = "Could not load the event: " + err;
    }
  }

  // ---- zoom (wheel, around the cursor) and pan (drag)
  const MIN_SPAN = 20 * DAY;
  function setView(a, b) {
    let span = Math.max(MIN_SPAN, Math.min(b - a, DOMAIN[1] - DOMAIN[0]));
    let s = Math.max(DOMAIN[0], Math.min(a, DOMAIN[1] - span));
    view = [s, s + span];
    requestDraw();
  }
  let pending = false;
  function requestDraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  }
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const w = width();
    const r = svg.getBoundingClientRect();
    const t = tAt(ev.clientX - r.left, w);
    const k = Math.exp(ev.deltaY * 0.0018);
    setView(t - (t - view[0]) * k, t + (view[1] - t) * k);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (ev) => {
    if (ev.target.closest(".tl-item")) return;
    drag = { x: ev.clientX, v: view.slice() };
    svg.classList.add("dragging");
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const w = width();
    const dt = ((ev.clientX - drag.x) / (w - M.left - M.right)) * (drag.v[1] - drag.v[0]);
    setView(drag.v[0] - dt, drag.v[1] - dt);
  });
  const endDrag = () => { drag = null; svg.classList.remove("dragging"); };
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  // Overview: click or drag to move the window.
  let ovDrag = false;
  function ovMove(ev) {
    const w = width();
    const r = ov.getBoundingClientRect();
    const t = DOMAIN[0] + ((ev.clientX - r.left - M.left) / (w - M.left - M.right)) * (DOMAIN[1] - DOMAIN[0]);
    const span = view[1] - view[0];
    setView(t - span / 2, t + span / 2);
  }
  ov.addEventListener("pointerdown", (ev) => { ovDrag = true; ov.setPointerCapture(ev.pointerId); ovMove(ev); });
  ov.addEventListener("pointermove", (ev) => { if (ovDrag) ovMove(ev); });
  ov.addEventListener("pointerup", () => { ovDrag = false; });

  // ---- toolbar: zoom presets, type chips, actor filter
  document.querySelectorAll("[data-zoom]").forEach((b) => {
    b.addEventListener("click", () => {
      const [a, z] = b.dataset.zoom.split("/");
      setView(parseDay(a), parseDay(z));
    });
  });
  document.querySelectorAll(".chip[data-type]").forEach((c) => {
    c.addEventListener("click", () => {
      const t = c.dataset.type;
      if (hidden.has(t)) hidden.delete(t); else hidden.add(t);
      c.classList.toggle("off", hidden.has(t));
      c.setAttribute("aria-pressed", String(!hidden.has(t)));
      applyFilters();
    });
  });
  const actorSel = document.getElementById("actor-filter");
  if (actorSel) actorSel.addEventListener("change", () => { actorFilter = actorSel.value; applyFilters(); });

  function applyFilters() {
    const byId = new Map(data.events.map((e) => [String(e.id), e]));
    document.querySelectorAll("table.events tr[data-id]").forEach((tr) => {
      tr.hidden = !visible(byId.get(tr.dataset.id));
    });
    draw();
  }
  document.querySelectorAll("table.events tr[data-id]").forEach((tr) => {
    tr.addEventListener("click", (ev) => {
      if (ev.target.closest("a")) return;
      const e = events.find((x) => String(x.id) === tr.dataset.id);
      if (e) {
        // Bring the event into view when it is outside the window.
        if (e.t1 < view[0] || e.t0 > view[1]) {
          const span = Math.max(view[1] - view[0], (e.t1 - e.t0) * 3);
          setView((e.t0 + e.t1) / 2 - span / 2, (e.t0 + e.t1) / 2 + span / 2);
        }
      }
      select(isNaN(+tr.dataset.id) ? tr.dataset.id : +tr.dataset.id, true);
    });
  });

  window.addEventListener("resize", requestDraw);
  if (data.initial_view) setView(parseDay(data.initial_view[0]), parseDay(data.initial_view[1]));
  draw();
  window.dyadTimeline = { setView: (a, b) => setView(parseDay(a), parseDay(b)), select: select, view: () => view.slice() };
})();
