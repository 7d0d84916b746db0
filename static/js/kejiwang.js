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
  function init(root) { paintBars(root); drawCharts(root); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
