// Small behaviours that must live in a file (the content-security policy allows no inline script).
(function () {
  "use strict";
  // Progress bars: width from data-percent (style attributes are blocked by the CSP).
  function paintBars(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      bar.style.width = bar.getAttribute("data-percent") + "%";
    });
  }
  // Charts: <div class="chart" data-chart='{"...": ...}'> holds an ECharts option object.
  function drawCharts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
      chart.setOption(JSON.parse(el.getAttribute("data-chart")));
    });
  }
  // Confirm before a destructive submit: <form data-confirm="...">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // Disable submit buttons once a form is sent, against double submits.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    event.target.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
  });
  // Confirm before one button's submit: <button data-confirm-click="...">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm-click]");
    if (button && !window.confirm(button.getAttribute("data-confirm-click"))) event.preventDefault();
  });
  // Countdown of a timed paper: <div data-countdown="seconds" data-countdown-form="form id">.
  // The server holds the real deadline; at zero the page hands the paper in.
  function countdowns(root) {
    root.querySelectorAll("[data-countdown]").forEach(function (el) {
      var end = Date.now() + parseInt(el.getAttribute("data-countdown"), 10) * 1000;
      function tick() {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        var m = Math.floor(left / 60), s = left % 60;
        el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
        if (left <= 60) el.classList.add("text-danger");
        if (left === 0) {
          var form = document.getElementById(el.getAttribute("data-countdown-form"));
          if (form && !form.dataset.sent) {
            form.dataset.sent = "1";
            var input = document.createElement("input");
            input.type = "hidden"; input.name = "action"; input.value = "finish";
            form.appendChild(input);
            form.submit();
          }
          return;
        }
        window.setTimeout(tick, 1000);
      }
      tick();
    });
  }
  function init(root) { paintBars(root); drawCharts(root); countdowns(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
