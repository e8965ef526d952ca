// SPDX-License-Identifier: Apache-2.0
// opswheel's wheel page. It reads the spin from the JSON block #opswheel-data (docs/page.md) and
// animates to the teams the library drew. It never chooses: no random numbers here. Every piece of
// data enters the document through textContent or setAttribute, never as markup.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var FORMAT = "opswheel-page/1";
  var RADIUS = 100;
  var LABEL_INNER = 0.14 * RADIUS; // labels run along the radius, no closer to the hub than this ...
  var LABEL_OUTER = 0.82 * RADIUS; // ... and ending here (the order badges sit further out)
  var MIN_FONT = 2.6; // below this a sector shows no label (the legend and the <title> name it)
  var MAX_FONT = 7;
  var DEFAULT_SPIN_SECONDS = 4;
  var MAX_SPIN_SECONDS = 60;

  var root = document.getElementById("opswheel");
  var byId = function (id) { return document.getElementById(id); };
  var ui = {
    title: byId("ow-title"), meeting: byId("ow-meeting"), wheel: byId("ow-wheel"),
    desc: byId("ow-wheel-desc"), rotor: byId("ow-rotor"), caption: byId("ow-caption"),
    start: byId("ow-start"), now: byId("ow-now"), seconds: byId("ow-seconds"), theme: byId("ow-theme"),
    live: byId("ow-live"), result: byId("ow-result"), unpickableBox: byId("ow-unpickable-box"),
    unpickable: byId("ow-unpickable"), legend: byId("ow-legend"), teamCount: byId("ow-team-count")
  };

  // ---- small helpers ----------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }
  function str(value, fallback) {
    return typeof value === "string" ? value : (typeof value === "number" ? String(value) : fallback);
  }
  function fmt(x) { return (Math.round(x * 1000) / 1000).toString(); }
  function point(degrees, r) { // angles run clockwise from twelve o'clock, where the pointer is
    var a = degrees * Math.PI / 180;
    return [r * Math.sin(a), -r * Math.cos(a)];
  }
  function percent(chance) {
    var p = chance * 100;
    return (p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toFixed(2)) + "%";
  }
  // Only http(s) links become <a>; anything else is shown as text (docs/page.md, defence in depth:
  // the library already refuses other schemes where a URL enters the roster).
  function safeHref(url) {
    if (typeof url !== "string" || url === "") return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }
  // A deterministic place inside a sector to stop at, so the pointer does not always land dead centre.
  function landing(id, order) {
    var h = 2166136261;
    var s = id + "#" + order;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619) >>> 0; }
    return 0.2 + 0.6 * (h % 1000) / 1000;
  }
  function hue(index) { return (index * 137.508) % 360; } // the golden angle keeps neighbours apart

  // ---- data -------------------------------------------------------------------------------------
  function fail(message) {
    root.setAttribute("data-state", "error");
    var p = el("p", "ow-error", message);
    p.setAttribute("role", "alert");
    root.insertBefore(p, root.firstChild);
  }

  function readBlock() {
    var block = byId("opswheel-data");
    try {
      return JSON.parse(block ? block.textContent : "");
    } catch (e) {
      throw new Error("This page's data could not be read (" + e.message + ").");
    }
  }

  function readData(data) {
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      throw new Error("This page's data is not in the format " + FORMAT + ".");
    }
    var teams = [];
    var known = Object.create(null);
    (Array.isArray(data.teams) ? data.teams : []).forEach(function (t) {
      if (!t || typeof t !== "object") return;
      var id = str(t.id, "");
      if (id === "" || known[id]) return;
      var chance = Number(t.chance);
      if (!isFinite(chance) || chance < 0) chance = 0;
      var team = { id: id, name: str(t.name, "") || id, url: str(t.url, ""), chance: chance, index: teams.length };
      known[id] = team;
      teams.push(team);
    });
    var unpickable = [];
    (Array.isArray(data.unpickable) ? data.unpickable : []).forEach(function (t) {
      if (!t || typeof t !== "object") return;
      var id = str(t.id, "");
      if (id === "") return;
      unpickable.push({ id: id, name: str(t.name, "") || id, reason: str(t.reason, ""), url: str(t.url, "") });
    });
    // A listed team with no chance is not pickable either: no sector, listed beside the wheel.
    teams.forEach(function (t) {
      if (t.chance === 0) unpickable.push({ id: t.id, name: t.name, reason: "no chance this week", url: t.url });
    });
    var draw = [];
    (Array.isArray(data.draw) ? data.draw : []).forEach(function (d) {
      if (!d || typeof d !== "object") return;
      var id = str(d.id, "");
      if (id === "") return;
      var how = d.how === "pinned" || d.how === "replacement" ? d.how : "drawn";
      var minutes = Number(d.minutes);
      draw.push({
        id: id, how: how, reason: str(d.reason, ""), replaces: str(d.replaces, ""),
        minutes: isFinite(minutes) && minutes > 0 ? minutes : null
      });
    });
    var meeting = data.meeting && typeof data.meeting === "object" ? data.meeting : {};
    var options = data.options && typeof data.options === "object" ? data.options : {};
    var seconds = Number(options.spin_seconds);
    if (!isFinite(seconds) || seconds < 0) seconds = DEFAULT_SPIN_SECONDS;
    var theme = options.theme === "light" || options.theme === "dark" ? options.theme : "auto";
    var minutes = Number(meeting.minutes);
    return {
      wheel: str(data.wheel, ""), policy: str(data.policy, ""), seed: str(data.seed, ""),
      meeting: {
        number: str(meeting.number, ""), date: str(meeting.date, ""), start: str(meeting.start, ""),
        minutes: isFinite(minutes) && minutes > 0 ? minutes : null
      },
      teams: teams, known: known, unpickable: unpickable, draw: draw,
      spinSeconds: Math.min(seconds, MAX_SPIN_SECONDS), theme: theme
    };
  }

  // ---- drawing ----------------------------------------------------------------------------------
  var data, sectors = [], badges = [], rotation = 0, run = 0;

  function sectorPath(a0, a1) {
    if (a1 - a0 >= 359.999) { // one sector is the whole wheel: an arc cannot close on itself
      return "M 0 " + fmt(-RADIUS) + " A " + RADIUS + " " + RADIUS + " 0 1 1 0 " + fmt(RADIUS) +
             " A " + RADIUS + " " + RADIUS + " 0 1 1 0 " + fmt(-RADIUS) + " Z";
    }
    var p0 = point(a0, RADIUS), p1 = point(a1, RADIUS);
    return "M 0 0 L " + fmt(p0[0]) + " " + fmt(p0[1]) + " A " + RADIUS + " " + RADIUS + " 0 " +
           (a1 - a0 > 180 ? 1 : 0) + " 1 " + fmt(p1[0]) + " " + fmt(p1[1]) + " Z";
  }

  function fill(index) {
    // Neighbours differ in hue (golden angle) and alternate in lightness.
    return "hsl(" + hue(index).toFixed(1) + " var(--sector-s) var(" + (index % 2 ? "--sector-l2" : "--sector-l") + "))";
  }

  // A label runs along the sector's radius, from the badges' ring inward. At every point along it
  // the sector must be wider than the font is tall, so narrow sectors take short labels far out.
  // Sizes are in the SVG's units (the wheel's radius is 100).
  var CHAR_WIDTH = 0.56; // an average character's width, in ems
  var FILL = 0.85;       // the share of the sector's width the font may use
  function labelFit(chars, sweepRad) {
    // The whole name at the largest font that fits it, unless that font is much smaller than the
    // largest that fits a six-character abbreviation: then an abbreviation, slightly smaller.
    function fit(font) {
      var inner = Math.max(LABEL_INNER, font / (FILL * sweepRad)); // where the sector is wide enough
      return Math.floor((LABEL_OUTER - inner) / (CHAR_WIDTH * font));
    }
    var short = null, whole = null;
    for (var font = MAX_FONT; font >= MIN_FONT - 1e-9; font -= 0.25) {
      var n = fit(font);
      if (whole === null && n >= chars) whole = font;
      if (short === null && n >= Math.min(6, chars)) short = font;
      if (whole !== null && short !== null) break;
    }
    if (short === null) return null; // too narrow for any label
    if (whole !== null && whole >= 0.6 * short) return { font: whole, chars: chars };
    var smaller = Math.max(MIN_FONT, 0.8 * short);
    return { font: smaller, chars: Math.max(1, fit(smaller)) };
  }

  function addLabel(group, team, a0, a1) {
    var sweep = a1 - a0;
    var mid = (a0 + a1) / 2;
    var chars = Array.from(team.name);
    var fit = labelFit(chars.length, Math.min(sweep, 90) * Math.PI / 180);
    if (fit === null) return; // too narrow: the <title> and the legend name it
    var label = chars.length <= fit.chars ? team.name
      : chars.slice(0, Math.max(1, fit.chars - 1)).join("") + "\u2026";
    var flip = mid > 180; // keep text upright on the left half: it then reads inward
    var at = point(mid, LABEL_OUTER);
    var text = svg("text", {
      x: fmt(at[0]), y: fmt(at[1]), "text-anchor": flip ? "start" : "end", "dominant-baseline": "central",
      transform: "rotate(" + fmt(flip ? mid + 90 : mid - 90) + " " + fmt(at[0]) + " " + fmt(at[1]) + ")"
    });
    text.style.fontSize = fmt(fit.font) + "px";
    text.textContent = label;
    group.appendChild(text);
  }

  function drawWheel() {
    var total = data.teams.reduce(function (s, t) { return s + t.chance; }, 0);
    while (ui.rotor.firstChild) ui.rotor.removeChild(ui.rotor.firstChild);
    sectors = [];
    if (!(total > 0)) {
      ui.rotor.appendChild(svg("circle", { r: RADIUS, "class": "ow-empty" }));
      var t = svg("text", { "class": "ow-empty-text", "text-anchor": "middle", y: 30 });
      t.textContent = "No team can be picked this week";
      ui.rotor.appendChild(t);
      return;
    }
    var start = 0;
    data.teams.forEach(function (team) {
      if (team.chance === 0) return;
      var sweep = 360 * team.chance / total;
      var a0 = start, a1 = start + sweep;
      start = a1;
      var group = svg("g", {
        "class": "ow-sector", "data-id": team.id, "data-start": fmt(a0), "data-sweep": fmt(sweep),
        "data-chance": String(team.chance)
      });
      var title = svg("title");
      title.textContent = team.name + " (" + team.id + "): " + percent(team.chance) + " chance";
      group.appendChild(title);
      var path = svg("path", { d: sectorPath(a0, a1) });
      path.style.fill = fill(team.index);
      group.appendChild(path);
      addLabel(group, team, a0, a1);
      ui.rotor.appendChild(group);
      sectors.push({ team: team, a0: a0, a1: a1, group: group });
      team.sector = sectors[sectors.length - 1];
    });
  }

  function setRotation(degrees) {
    rotation = degrees;
    ui.rotor.setAttribute("transform", "rotate(" + fmt(degrees) + ")");
    root.setAttribute("data-rotation", fmt(((degrees % 360) + 360) % 360));
    badges.forEach(uprightBadge); // order numbers stay upright while the wheel turns
  }
  function uprightBadge(n) {
    n.setAttribute("transform", "rotate(" + fmt(-rotation) + " " + n.getAttribute("x") + " " + n.getAttribute("y") + ")");
  }

  function drawHeader() {
    var name = data.wheel || "opswheel";
    ui.title.textContent = name;
    var bits = [];
    if (data.meeting.number) bits.push("Meeting " + data.meeting.number);
    if (data.meeting.date) bits.push(data.meeting.date);
    if (data.meeting.start) bits.push("starts " + data.meeting.start);
    if (data.policy) bits.push("policy " + data.policy);
    bits.push(data.draw.length + " presenter" + (data.draw.length === 1 ? "" : "s"));
    ui.meeting.textContent = bits.join(" \u00b7 ");
    document.title = name + (data.meeting.number ? " \u2014 meeting " + data.meeting.number : "") + " \u2014 opswheel";
    var k = data.teams.reduce(function (s, t) { return s + t.chance; }, 0);
    ui.caption.textContent = "Each sector is a team's chance of being among this week's presenters (chances add up to " +
      fmt(k) + "). The library drew the presenters" + (data.seed ? " (seed " + data.seed + ")" : "") +
      "; the wheel only shows its draw.";
    ui.desc.textContent = "A wheel of " + sectors.length + " teams, each sector sized by the team's chance this week.";
  }

  function drawLists() {
    [ui.legend, ui.unpickable].forEach(function (list) { while (list.firstChild) list.removeChild(list.firstChild); });
    ui.unpickableBox.hidden = true;
    ui.teamCount.textContent = String(sectors.length);
    sectors.forEach(function (s) {
      var li = el("li");
      var sw = el("span", "ow-swatch");
      sw.style.backgroundColor = fill(s.team.index);
      sw.setAttribute("aria-hidden", "true");
      li.appendChild(sw);
      li.appendChild(document.createTextNode(s.team.name + " \u2014 " + percent(s.team.chance)));
      li.setAttribute("title", s.team.id);
      ui.legend.appendChild(li);
    });
    if (data.unpickable.length) {
      ui.unpickableBox.hidden = false;
      data.unpickable.forEach(function (t) {
        var li = el("li");
        li.setAttribute("data-id", t.id);
        li.appendChild(el("span", "ow-name", t.name));
        if (t.reason) li.appendChild(el("span", "ow-note", " \u2014 " + t.reason));
        ui.unpickable.appendChild(li);
      });
    }
  }

  // ---- the result -------------------------------------------------------------------------------
  function teamName(id) {
    if (data.known[id]) return data.known[id].name;
    for (var i = 0; i < data.unpickable.length; i++) if (data.unpickable[i].id === id) return data.unpickable[i].name;
    return id;
  }
  function teamUrl(id) {
    if (data.known[id]) return data.known[id].url;
    for (var i = 0; i < data.unpickable.length; i++) if (data.unpickable[i].id === id) return data.unpickable[i].url;
    return "";
  }
  function clock(start, offsetMinutes) {
    var m = /^(\d{1,2}):(\d{2})$/.exec(start);
    if (!m) return null;
    var total = Number(m[1]) * 60 + Number(m[2]) + offsetMinutes;
    total = ((Math.round(total) % 1440) + 1440) % 1440;
    var h = Math.floor(total / 60), mm = total % 60;
    return (h < 10 ? "0" : "") + h + ":" + (mm < 10 ? "0" : "") + mm;
  }
  function markText(d) {
    if (d.how === "pinned") return "pinned" + (d.reason ? ": " + d.reason : "");
    if (d.how === "replacement") {
      return "replaces " + (d.replaces ? teamName(d.replaces) : "a skipped team") + (d.reason ? " (" + d.reason + ")" : "");
    }
    return "drawn";
  }
  function slotOffsets() {
    var offsets = [], at = 0;
    data.draw.forEach(function (d) {
      var minutes = d.minutes || data.meeting.minutes;
      offsets.push({ from: at, minutes: minutes });
      at += minutes || 0;
    });
    return offsets;
  }

  function addResult(i) {
    var d = data.draw[i];
    var slot = slotOffsets()[i];
    var li = el("li");
    li.setAttribute("data-id", d.id);
    li.setAttribute("data-how", d.how);
    if (slot.minutes) {
      var from = data.meeting.start ? clock(data.meeting.start, slot.from) : null;
      var text = from ? from + "\u2013" + clock(data.meeting.start, slot.from + slot.minutes) : slot.minutes + " min";
      li.appendChild(el("span", "ow-slot", text));
    }
    li.appendChild(el("span", "ow-name", teamName(d.id)));
    var mark = el("span", "ow-mark ow-mark-" + d.how, markText(d));
    li.appendChild(mark);
    if (teamName(d.id) !== d.id) li.appendChild(el("div", "ow-id", d.id));
    var url = teamUrl(d.id);
    var href = safeHref(url);
    if (href) {
      var a = el("a", "ow-link", url);
      a.setAttribute("href", href);
      a.setAttribute("rel", "noopener noreferrer");
      a.setAttribute("target", "_blank");
      li.appendChild(a);
    } else if (url) {
      li.appendChild(el("span", "ow-link ow-note", url + " (not an http(s) link)"));
    }
    ui.result.appendChild(li);
    var sector = data.known[d.id] && data.known[d.id].sector;
    if (sector) {
      sectors.forEach(function (s) { s.group.classList.remove("ow-current"); });
      sector.group.classList.add("ow-picked", "ow-current");
      var at = point((sector.a0 + sector.a1) / 2, 0.905 * RADIUS); // by the rim, past the labels
      var badge = svg("g", { "class": "ow-order-badge" });
      badge.appendChild(svg("circle", { cx: fmt(at[0]), cy: fmt(at[1]), r: 4.6, "class": "ow-order-bg" }));
      var n = svg("text", {
        x: fmt(at[0]), y: fmt(at[1]), "class": "ow-order", "text-anchor": "middle", "dominant-baseline": "central"
      });
      n.textContent = String(i + 1);
      badges.push(n);
      uprightBadge(n);
      badge.appendChild(n);
      sector.group.appendChild(badge);
    }
  }

  function describe(i) {
    var d = data.draw[i];
    var name = teamName(d.id);
    return d.how === "drawn" ? name : name + " (" + markText(d) + ")";
  }

  function clearResult() {
    while (ui.result.firstChild) ui.result.removeChild(ui.result.firstChild);
    sectors.forEach(function (s) {
      s.group.classList.remove("ow-picked", "ow-current");
      var old = s.group.querySelectorAll(".ow-order-badge");
      for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
    });
    badges = [];
    root.removeAttribute("data-result");
    root.setAttribute("data-picked", "0");
  }

  function restingAngle(i) { // the rotation that puts draw i's landing place under the pointer
    var d = data.draw[i];
    var sector = data.known[d.id] && data.known[d.id].sector;
    if (!sector) return null;
    var target = sector.a0 + (sector.a1 - sector.a0) * landing(d.id, i);
    return ((-target % 360) + 360) % 360;
  }

  function settle() {
    run++; // stops any animation in flight
    clearResult();
    for (var i = 0; i < data.draw.length; i++) {
      var rest = restingAngle(i);
      if (rest !== null) setRotation(rest);
      addResult(i);
    }
    finish();
  }

  function finish() {
    root.setAttribute("data-picked", String(data.draw.length));
    root.setAttribute("data-result", JSON.stringify(data.draw.map(function (d) { return d.id; })));
    root.setAttribute("data-state", "settled");
    var list = data.draw.map(function (d, i) { return (i + 1) + ". " + describe(i); });
    ui.live.textContent = data.draw.length
      ? "Presenters this week: " + list.join("; ") + "."
      : "No presenters were drawn for this meeting.";
    ui.start.textContent = "Spin again";
    ui.start.disabled = false;
    ui.now.disabled = true;
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function spinSeconds() {
    var v = Number(ui.seconds.value);
    if (ui.seconds.value === "" || !isFinite(v) || v < 0) return data.spinSeconds;
    return Math.min(v, MAX_SPIN_SECONDS);
  }

  function animateTo(target, seconds, turns, token) {
    return new Promise(function (resolve) {
      var from = rotation;
      var delta = ((target - from) % 360 + 360) % 360 + 360 * turns;
      var ms = seconds * 1000;
      if (ms <= 0 || delta === 0) { setRotation(from + delta); resolve(); return; }
      var t0 = null;
      function frame(now) {
        if (token !== run) { resolve(); return; }
        if (t0 === null) t0 = now;
        var x = Math.min(1, (now - t0) / ms);
        var eased = 1 - Math.pow(1 - x, 3); // fast start, slow stop
        setRotation(from + delta * eased);
        if (x < 1) window.requestAnimationFrame(frame); else resolve();
      }
      window.requestAnimationFrame(frame);
    });
  }
  function pause(ms, token) {
    return new Promise(function (resolve) { window.setTimeout(resolve, token === run ? ms : 0); });
  }

  function start() {
    if (root.getAttribute("data-state") === "spinning") return;
    if (reducedMotion() || spinSeconds() === 0) { settle(); return; }
    var token = ++run;
    var seconds = spinSeconds();
    clearResult();
    root.setAttribute("data-state", "spinning");
    ui.start.disabled = true;
    ui.now.disabled = false;
    ui.live.textContent = "Spinning for " + data.draw.length + " presenter" + (data.draw.length === 1 ? "" : "s") + "\u2026";
    var i = 0;
    function next() {
      if (token !== run) return;
      if (i >= data.draw.length) { finish(); return; }
      var rest = restingAngle(i);
      var pinned = data.draw[i].how === "pinned";
      // A pin is not a draw: the wheel turns straight to it, without the spin.
      var go = rest === null ? Promise.resolve()
        : animateTo(rest, pinned ? Math.min(0.6, seconds) : seconds, pinned ? 0 : Math.max(1, Math.round(seconds)), token);
      go.then(function () {
        if (token !== run) return;
        addResult(i);
        root.setAttribute("data-picked", String(i + 1));
        ui.live.textContent = (i + 1) + " of " + data.draw.length + ": " + describe(i);
        i++;
        return pause(Math.min(900, 250 + seconds * 150), token).then(next);
      });
    }
    next();
  }

  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
    else document.documentElement.removeAttribute("data-theme");
    ui.theme.value = theme;
  }

  // ---- wiring -----------------------------------------------------------------------------------
  // Shows `raw` (the data document): a new wheel, waiting for the host, or settled at once when
  // motion is reduced.
  function show(raw) {
    run++; // stops any animation of the previous data
    data = readData(raw);
    badges = [];
    root.removeAttribute("data-result");
    root.setAttribute("data-picked", "0");
    while (ui.result.firstChild) ui.result.removeChild(ui.result.firstChild);
    ui.live.textContent = "";
    ui.start.textContent = "Spin";
    ui.now.disabled = true;
    applyTheme(data.theme);
    ui.seconds.value = String(data.spinSeconds);
    drawWheel();
    setRotation(0);
    drawHeader();
    drawLists();
    ui.start.disabled = false;
    root.setAttribute("data-state", "ready");
    if (reducedMotion()) settle(); // no spinning: the result at once
  }

  ui.start.addEventListener("click", start);
  ui.now.addEventListener("click", settle);
  ui.theme.addEventListener("change", function () { applyTheme(ui.theme.value); });
  // Enter or Space anywhere but in a control starts the spin (controls handle their own keys).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    if (!data) return;
    var t = event.target;
    if (t && t.closest && t.closest("button, a, input, select, textarea, summary, details")) return;
    event.preventDefault();
    if (root.getAttribute("data-state") !== "spinning") start();
  });
  // The live page (opswheel serve, docs/serve.md) has no data block to start from: it hands each
  // new document over as an "opswheel:data" event, detail {data, spin}, and the wheel spins to it
  // when `spin` is true (a spin the host just made) or shows it settled otherwise.
  if (root.hasAttribute("data-live")) {
    document.addEventListener("opswheel:data", function (event) {
      var detail = event.detail || {};
      try {
        show(detail.data);
      } catch (e) {
        fail(e.message);
        return;
      }
      var errors = root.querySelectorAll(".ow-error[role=alert]");
      for (var i = 0; i < errors.length; i++) errors[i].parentNode.removeChild(errors[i]);
      if (root.getAttribute("data-state") === "settled") return;
      if (detail.spin) start(); else settle();
    });
    return;
  }
  try {
    show(readBlock());
  } catch (e) {
    fail(e.message);
    return;
  }
  ui.start.focus();
})();
