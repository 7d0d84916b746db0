// The rectification roadmap 整改路线图: a Gantt drawn with an ECharts custom series.
// <div id="roadmap-chart" data-gantt='{"rows": [...], "bars": [...], "today": "2026-12-01", ...}'>
// A renderItem function cannot travel in JSON (and the CSP allows no inline script), hence this file.
(function () {
  "use strict";
  var DAY = 24 * 3600 * 1000;
  var ROW = 30; // pixels per item row

  function time(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }

  function renderBar(params, api) {
    var row = api.value(0);
    var start = api.coord([api.value(1), row]);
    var end = api.coord([api.value(2) + DAY, row]);
    var milestone = api.value(3) === 1;
    var band = api.size([0, 1])[1];
    var height = band * (milestone ? 0.5 : 0.8);
    var shape = window.echarts.graphic.clipRectByRect(
      { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height: height },
      { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height }
    );
    if (!shape) return null;
    return { type: "rect", transition: [], shape: shape, style: api.style() };
  }

  function option(data) {
    var bars = data.bars.map(function (bar) {
      var milestone = bar.kind === "milestone";
      var colour = data.colours[bar.state];
      return {
        name: bar.name,
        value: [bar.row, time(bar.start), time(bar.end), milestone ? 1 : 0],
        detail: bar.detail,
        itemStyle: milestone
          ? { color: colour, borderColor: "#fff", borderWidth: 1 }
          : { color: colour, opacity: 0.18, borderColor: colour, borderWidth: 1 },
      };
    });
    var today = time(data.today);
    var first = today, last = today + 30 * DAY;
    data.bars.forEach(function (bar) {
      first = Math.min(first, time(bar.start));
      last = Math.max(last, time(bar.end) + DAY);
    });
    var legend = data.legend.map(function (entry) {
      return { name: entry.label, itemStyle: { color: data.colours[entry.state] } };
    });
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 36, bottom: 28, containLabel: true },
      legend: { top: 0, left: "center", data: legend.map(function (l) { return l.name; }), selectedMode: false },
      tooltip: {
        formatter: function (p) {
          if (!p.data || !p.data.detail) return "";
          var box = document.createElement("div");
          var name = document.createElement("strong");
          name.textContent = p.data.name;
          var detail = document.createElement("div");
          detail.textContent = p.data.detail;
          box.appendChild(name);
          box.appendChild(detail);
          return box;
        },
      },
      xAxis: {
        type: "time",
        position: "top",
        min: first - 3 * DAY,
        max: last + 3 * DAY,
        splitLine: { show: true, lineStyle: { color: "#eee" } },
        // One label format per tick level (a span of weeks gets days, a year gets months), never overlapping.
        axisLabel: { hideOverlap: true, formatter: { year: "{yyyy}", month: "{yyyy}-{MM}", day: "{MM}-{dd}" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: data.rows,
        axisTick: { show: false },
        axisLabel: { width: 260, overflow: "truncate" },
      },
      series: [
        {
          type: "custom",
          renderItem: renderBar,
          encode: { x: [1, 2], y: 0 },
          data: bars,
          markLine: {
            symbol: "none",
            silent: true,
            label: { formatter: data.todayLabel, position: "end", color: "#dc3545" },
            lineStyle: { color: "#dc3545", type: "dashed", width: 1.5 },
            data: [{ xAxis: today }],
          },
        },
      ].concat(
        legend.map(function (l) {
          // Empty series give the legend its colours.
          return { type: "custom", name: l.name, renderItem: function () { return null; }, data: [], itemStyle: l.itemStyle };
        })
      ),
    };
  }

  function draw(el) {
    if (!window.echarts) return;
    var data = JSON.parse(el.getAttribute("data-gantt"));
    el.style.height = Math.max(160, data.rows.length * ROW + 80) + "px";
    var chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
    chart.setOption(option(data));
    window.addEventListener("resize", function () { chart.resize(); });
    // Print on A4 landscape: draw at the printable width, then back.
    window.addEventListener("beforeprint", function () { chart.resize({ width: 1040 }); });
    window.addEventListener("afterprint", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-gantt]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
