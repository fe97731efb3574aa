// Replays a relationship as of the day under the slider: moves the line on the chart at once, with the veil over what
// follows it and the fading of the engagements not yet known, then asks the HTTP API for the state of that day and
// rewrites the badges, reasons, related contacts, evidence and temperature in place. Without this script the date
// field and the Show button reload the page for the day chosen.
(() => {
  "use strict";
  const form = document.querySelector("form.replay");
  if (!form) return;
  const slider = document.getElementById("as-of-slider");
  const output = document.getElementById("as-of-output");
  const dateField = document.getElementById("as-of-date");
  const chart = document.getElementById("timeline");
  const marker = document.getElementById("as-of-marker");
  const markerLabel = document.getElementById("as-of-label");
  const heading = document.getElementById("as-of-heading");
  const veil = document.getElementById("future-veil");
  const zoomAsOf = document.querySelector("form.zoom input[name=asOf]");
  const wholeHistory = document.getElementById("whole-history");
  const markers = chart.querySelectorAll("a.marker[data-known-from]");
  const dayMs = 86400000;
  const from = Date.parse(form.dataset.from + "T00:00:00Z");
  let asked = 0;
  let pending;

  const dayAt = (offset) => new Date(from + offset * dayMs).toISOString().slice(0, 10);
  const offsetOf = (day) => Math.round((Date.parse(day + "T00:00:00Z") - from) / dayMs);

  function moveTo(day) {
    output.textContent = day;
    dateField.value = day;
    slider.setAttribute("aria-valuetext", day);
    markerLabel.textContent = "as of " + day;
    const x = Number(chart.dataset.left) + (offsetOf(day) / Number(chart.dataset.days)) * Number(chart.dataset.plotWidth);
    marker.setAttribute("transform", "translate(" + x.toFixed(1) + ",0)");
    const towardsStart = x > Number(chart.dataset.left) + Number(chart.dataset.plotWidth) / 2;
    markerLabel.setAttribute("text-anchor", towardsStart ? "end" : "start");
    markerLabel.setAttribute("x", towardsStart ? "-4" : "4");
    const right = Number(chart.dataset.left) + Number(chart.dataset.plotWidth);
    const after = Math.min(Number(chart.dataset.left) + ((offsetOf(day) + 1) / Number(chart.dataset.days)) * Number(chart.dataset.plotWidth), right);
    veil.setAttribute("x", after.toFixed(1));
    veil.setAttribute("width", (right - after).toFixed(1));
    for (const m of markers) m.classList.toggle("future", m.dataset.knownFrom > day);
    // Zooming or charting the whole history keeps the day chosen.
    zoomAsOf.value = day;
    const whole = new URL(wholeHistory.href);
    whole.searchParams.set("asOf", day);
    wholeHistory.href = whole.toString();
  }

  // "meeting (diplomatic) on 2023-07-12 [sourceId]", linking to its row, as the server writes it.
  function bearing(cell, engagements) {
    const list = cell.querySelector("ul");
    list.replaceChildren();
    for (const e of engagements) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#engagement-" + encodeURIComponent(e.sourceId);
      link.textContent = e.kind + " (" + e.channel + ") on " + e.occurredOn + " [" + e.sourceId + "]";
      item.append(link);
      list.append(item);
    }
    if (engagements.length === 0) {
      const none = document.createElement("li");
      none.textContent = "none";
      list.append(none);
    }
  }

  function show(state) {
    heading.textContent = state.asOf;
    for (const channel of state.channels) {
      const row = document.querySelector('#channels tr[data-channel="' + channel.channel + '"]');
      if (!row) continue;
      const badge = row.querySelector(".badge");
      badge.className = "badge status-" + channel.status;
      badge.textContent = channel.status;
      row.querySelector(".since-cell").textContent = channel.since ?? "–";
      row.querySelector(".reason").textContent = channel.reason;
      const upcoming = channel.upcoming;
      row.querySelector(".upcoming").textContent = upcoming
        ? "Upcoming: " + upcoming.kind + " on " + upcoming.occurredOn + " [" + upcoming.sourceId + "]."
        : "";
      bearing(row.querySelector(".related-contacts"), channel.relatedContacts);
      bearing(row.querySelector(".evidence"), channel.evidence);
    }
    for (const window of state.temperature.windows) {
      const row = document.querySelector('#temperature tr[data-days="' + window.days + '"]');
      if (!row) continue;
      row.querySelector(".count").textContent = window.count;
      row.querySelector(".mean").textContent = window.meanGoldstein == null ? "–" : window.meanGoldstein.toFixed(2);
    }
  }

  async function replay(day) {
    const ask = ++asked;
    const response = await fetch(form.dataset.api + "?asOf=" + day, { headers: { Accept: "application/json" } });
    if (!response.ok || ask !== asked) return;
    const state = await response.json();
    if (ask !== asked) return;
    show(state);
    const address = new URLSearchParams(location.search);
    address.set("asOf", day);
    history.replaceState(null, "", "?" + address.toString());
  }

  slider.addEventListener("input", () => {
    const day = dayAt(Number(slider.value));
    moveTo(day);
    clearTimeout(pending);
    pending = setTimeout(() => replay(day), 120);
  });
})();
