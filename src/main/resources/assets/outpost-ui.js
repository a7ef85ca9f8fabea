// Outpost report pages: small progressive enhancements. Every page reads and works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A click anywhere on a table row follows the row's own link (the filter), not only on its name.
  document.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest("tr[data-href]");
    if (!row || e.target.closest("a, button, input, select, label")) return;
    if (window.getSelection && String(window.getSelection())) return; // selecting text, not clicking
    window.location.href = row.getAttribute("data-href");
  });

  // The chart's metric buttons: show that metric's series, hide the others.
  document.querySelectorAll(".chart-switch").forEach(function (group) {
    var card = group.parentNode;
    group.addEventListener("click", function (e) {
      var button = e.target.closest("button[data-series]");
      if (!button) return;
      var key = button.getAttribute("data-series");
      group.querySelectorAll("button[data-series]").forEach(function (b) {
        var on = b === button;
        b.classList.toggle("on", on);
        b.setAttribute("aria-pressed", on ? "true" : "false");
      });
      card.querySelectorAll("svg.chart g.series").forEach(function (g) {
        g.classList.toggle("on", g.getAttribute("data-series") === key);
      });
      var title = card.querySelector("[data-chart-title]");
      if (title) title.textContent = button.textContent;
    });
  });

  // A page that shows a one-time secret is a form's answer: reloading it would post the form again
  // (a second key) and going back to its address is no page. Its history entry becomes the plain page.
  var once = document.querySelector("[data-shown-once]");
  if (once && window.history && history.replaceState) history.replaceState(null, "", once.getAttribute("data-shown-once"));

  // Destructive buttons ask first.
  document.addEventListener("submit", function (e) {
    var button = e.submitter || e.target.querySelector("button[data-confirm]");
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });

  // Bars behind table rows, as long as each row's first figure is against the table's largest.
  document.querySelectorAll("tr[data-share]").forEach(function (row) {
    row.style.setProperty("--share", row.getAttribute("data-share") + "%");
  });

  // The attribution model picker applies as soon as it changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Copy buttons: the field's text to the clipboard, else select it for Ctrl-C.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      var done = function () {
        var label = button.textContent;
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 1500);
      };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else {
        try { if (document.execCommand("copy")) done(); } catch (ignored) { /* the text stays selected */ }
      }
    });
  });

  // A new site's time zone: the browser's own, when the field is left empty.
  document.querySelectorAll("input[data-default-timezone]").forEach(function (input) {
    if (input.value) return;
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (ignored) { /* leave it empty: UTC */ }
  });

  // Live figures: the setup page waits for the first pageview; the dashboard refreshes its realtime count.
  function poll(url, every, onData) {
    var stopped = false;
    function tick() {
      if (stopped) return;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data && onData(data) === false) stopped = true; })
        .catch(function () { /* offline for a moment: try again next time */ })
        .then(function () { if (!stopped) setTimeout(tick, every); });
    }
    setTimeout(tick, every);
  }

  var status = document.querySelector("[data-status][data-live-url]");
  if (status && status.getAttribute("data-status") === "waiting") {
    poll(status.getAttribute("data-live-url"), 3000, function (data) {
      if (!(data.pageviews_total > 0)) return true;
      status.classList.remove("waiting");
      status.classList.add("receiving");
      status.setAttribute("data-status", "receiving");
      status.querySelector("[data-status-title]").textContent = "Receiving pageviews.";
      status.querySelector("[data-status-text]").textContent =
        data.pageviews_total + (data.pageviews_total === 1 ? " pageview" : " pageviews") + " so far.";
      return false;
    });
  }

  // The setup page's last minutes: what arrived, what was dropped and why, redrawn from recent.json.
  var recent = document.querySelector("[data-recent-url]");
  if (recent) {
    poll(recent.getAttribute("data-recent-url"), 4000, function (data) {
      recent.querySelector("[data-recent-summary]").textContent = data.summary;
      var list = recent.querySelector("[data-recent-list]");
      while (list.firstChild) list.removeChild(list.firstChild);
      (data.items || []).forEach(function (item) {
        var li = document.createElement("li");
        li.className = item.outcome;
        var time = document.createElement("time");
        time.textContent = item.time;
        var label = document.createElement("strong");
        label.textContent = item.label;
        li.appendChild(time);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(label);
        li.appendChild(document.createTextNode(" " + item.what));
        if (item.outcome !== "counted") {
          var why = document.createElement("span");
          why.className = "why";
          why.textContent = ": " + item.why;
          li.appendChild(why);
        }
        list.appendChild(li);
      });
      return true;
    });
  }

  var realtime = document.querySelector(".realtime[data-live-url]");
  if (realtime) {
    var count = realtime.querySelector("[data-live-count]");
    poll(realtime.getAttribute("data-live-url"), 30000, function (data) {
      var n = data.realtime_visitors;
      if (typeof n === "number" && count) count.textContent = n + (n === 1 ? " visitor" : " visitors");
      return true;
    });
  }
})();
