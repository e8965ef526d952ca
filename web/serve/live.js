// SPDX-License-Identifier: Apache-2.0
// The live page of `opswheel serve` (docs/serve.md). It takes the token from the address's
// fragment (#token=..., which the browser never sends to a server) or from the form, keeps it in
// this tab's sessionStorage, and sends it in the Authorization header: no cookie, so another site
// cannot make this browser act. It reads the state document, hands the wheel's data to wheel.js
// (an "opswheel:data" event), fills the panels through textContent only, and follows the event
// stream with fetch (EventSource cannot send a header), catching up from its last event id.
(function () {
  "use strict";

  var byId = function (id) { return document.getElementById(id); };
  var ui = {
    connection: byId("ow-connection"), auth: byId("ow-auth"), token: byId("ow-token"), host: byId("ow-host"),
    draw: byId("ow-draw"), accept: byId("ow-accept"), undo: byId("ow-undo"), message: byId("ow-host-message"),
    roster: document.querySelector("#ow-roster tbody"), agenda: byId("ow-agenda"), counts: byId("ow-board-counts"),
    due: byId("ow-due"), overdue: byId("ow-overdue"), history: byId("ow-history")
  };
  var KEY = "opswheel-token";
  var token = null, state = null, shown = null, shownSpin = null, lastEventId = null, loaded = false;
  var refreshing = false, again = false, streamRun = 0;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function percent(x) { return typeof x === "number" ? (x * 100).toFixed(x >= 0.1 ? 0 : 1) + "%" : ""; }
  function fixed(x) { return typeof x === "number" ? x.toFixed(2) : ""; }
  function say(text) { ui.connection.textContent = text; }

  function readToken() {
    var m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (m) {
      token = decodeURIComponent(m[1]);
      // Out of the address bar (and so out of the history and of screenshots of it).
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    } else {
      try { token = window.sessionStorage.getItem(KEY); } catch (e) { token = null; }
    }
    if (token) { try { window.sessionStorage.setItem(KEY, token); } catch (e) { /* private mode */ } }
  }

  function call(method, path, body) {
    var init = { method: method, cache: "no-store", headers: { "Authorization": "Bearer " + token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return window.fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        return { status: response.status, data: data };
      });
    });
  }
  function errorText(r) {
    return r.data && r.data.error ? r.data.error.message : "the server answered " + r.status;
  }

  // ---- panels -------------------------------------------------------------------------------------
  function drawRoster(roster) {
    clear(ui.roster);
    roster.forEach(function (t) {
      var tr = el("tr");
      tr.setAttribute("data-id", t.id);
      var st = t.stats || {};
      tr.appendChild(el("td", t.name ? t.name + " (" + t.id + ")" : t.id));
      [percent(t.chance), st.turns, fixed(st.expected), st.longest_gap].forEach(function (v) { tr.appendChild(el("td", v, "ow-num")); });
      tr.appendChild(el("td", t.paused ? "paused" + (t.paused_until ? " until " + t.paused_until : "") : "active"));
      ui.roster.appendChild(tr);
    });
  }
  function item(i) {
    var li = el("li", i.id + ": " + i.title + " \u2014 " + i.owner + ", due " + i.due + " (" + i.status + ")");
    li.setAttribute("data-id", i.id);
    if (i.progress && i.progress.total) li.appendChild(el("span", " fleet " + i.progress.done + "/" + i.progress.total, "ow-note"));
    return li;
  }
  function drawPanels() {
    drawRoster(state.roster || []);
    clear(ui.agenda);
    ((state.agenda && state.agenda.sections) || []).forEach(function (s) {
      ui.agenda.appendChild(el("li", s.start + " " + s.title + " (" + s.minutes + " min)"));
    });
    var board = state.board || {}, c = board.counts || {};
    ui.counts.textContent = (c.open || 0) + " open, " + (c.in_progress || 0) + " in progress, " + (c.overdue || 0) +
      " overdue" + (c.targets_total ? "; fleet-wide: " + c.targets_done + " of " + c.targets_total + " teams done" : "");
    [[ui.due, board.due], [ui.overdue, board.overdue]].forEach(function (pair) {
      clear(pair[0]);
      (pair[1] || []).forEach(function (i) { pair[0].appendChild(item(i)); });
    });
    clear(ui.history);
    (state.history || []).slice(-20).reverse().forEach(function (m) {
      var li = el("li", "Meeting " + m.number + (m.date ? " (" + m.date + ")" : "") + ": " + (m.picks || []).join(", "));
      li.setAttribute("data-number", String(m.number));
      ui.history.appendChild(li);
    });
    ui.accept.disabled = !state.spin;
  }

  // The wheel: handed to wheel.js when its data changed; it spins when a new spin came in live.
  function drawWheel(live) {
    var text = JSON.stringify(state.page);
    if (text === shown) return;
    var number = state.spin ? state.spin.number : null;
    var spinNow = live && number !== null && number !== shownSpin; // a new spin: animate it
    shown = text;
    shownSpin = number;
    if (!state.page) { say("Connected. No spin yet: the wheel appears with the first spin."); return; }
    document.dispatchEvent(new CustomEvent("opswheel:data", { detail: { data: state.page, spin: !!spinNow } }));
  }

  function refresh(live) {
    if (refreshing) { again = true; return Promise.resolve(); }
    refreshing = true;
    return call("GET", "/api/state").then(function (r) {
      refreshing = false;
      if (r.status !== 200) { say("Could not read the wheel: " + errorText(r)); return; }
      state = r.data;
      drawPanels();
      drawWheel(live && loaded);
      loaded = true;
      if (again) { again = false; return refresh(true); }
    }, function () { refreshing = false; say("The server cannot be reached; retrying."); });
  }

  // ---- the event stream ---------------------------------------------------------------------------
  function follow() {
    var run = ++streamRun;
    var headers = { "Authorization": "Bearer " + token };
    if (lastEventId !== null) headers["Last-Event-ID"] = lastEventId;
    window.fetch("/api/events" + (lastEventId === null && state ? "?after=" + state.head : ""), { headers: headers, cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) throw new Error("the event stream answered " + response.status);
        say("Live: following the wheel " + (state ? state.wheel : "") + ".");
        var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done || run !== streamRun) return;
            buffer += decoder.decode(chunk.value, { stream: true });
            var at, changed = false;
            while ((at = buffer.indexOf("\n\n")) >= 0) {
              var frame = buffer.slice(0, at);
              buffer = buffer.slice(at + 2);
              frame.split("\n").forEach(function (line) {
                if (line.indexOf("id: ") === 0) { lastEventId = line.slice(4); changed = true; }
              });
            }
            if (changed) refresh(true);
            return pump();
          });
        }
        return pump();
      })
      .catch(function (e) { say("Reconnecting (" + e.message + ")\u2026"); })
      .then(function () { if (run === streamRun) window.setTimeout(follow, 1000); });
  }

  // ---- the host's controls ------------------------------------------------------------------------
  function act(path, body) {
    ui.message.textContent = "";
    return call("POST", path, body).then(function (r) {
      if (r.status !== 200) ui.message.textContent = errorText(r);
      return refresh(true);
    });
  }
  ui.draw.addEventListener("click", function () { act("/api/spin", {}); });
  ui.accept.addEventListener("click", function () { if (state && state.spin) act("/api/accept", { spin: state.spin.number }); });
  ui.undo.addEventListener("click", function () { act("/api/undo", {}); });
  ui.auth.addEventListener("submit", function (event) {
    event.preventDefault();
    token = ui.token.value.trim();
    try { window.sessionStorage.setItem(KEY, token); } catch (e) { /* private mode */ }
    start();
  });

  function start() {
    if (!token) { ui.auth.hidden = false; say("This page needs the meeting's view or host token."); return; }
    call("GET", "/api/whoami").then(function (r) {
      if (r.status !== 200) { ui.auth.hidden = false; say(errorText(r)); return; }
      ui.auth.hidden = true;
      document.documentElement.setAttribute("data-role", r.data.role);
      ui.host.hidden = r.data.role !== "host";
      return refresh(false).then(follow);
    }, function () { say("The server cannot be reached."); });
  }

  readToken();
  start();
})();
