/* Promotion summary (第十三条): activities by city (bars, with new registrations) and by month (bars, with
   participants), drawn with ECharts from the json_script element "promotion-chart-data" (the CSP forbids inline
   scripts). */
(function () {
  "use strict";

  var source = document.getElementById("promotion-chart-data");
  if (!source || typeof window.echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var labels = data.labels || {};
  var charts = [];

  function draw(selector, categories, first, second, secondLabel, rotate) {
    var el = document.querySelector(selector);
    if (!el) return;
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 56, top: 36, bottom: rotate ? 72 : 32 },
      xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: rotate ? 30 : 0 } },
      yAxis: [{ type: "value", name: labels.activities, minInterval: 1 },
              { type: "value", name: secondLabel, splitLine: { show: false } }],
      series: [
        { name: labels.activities, type: "bar", data: first, itemStyle: { color: "#0d6efd" } },
        { name: secondLabel, type: "line", yAxisIndex: 1, data: second, itemStyle: { color: "#fd7e14" } }
      ]
    });
    charts.push(chart);
  }

  draw("[data-chart=promotion-by-city]", data.cities, data.city_activities, data.city_registrations,
       labels.registrations, true);
  draw("[data-chart=promotion-by-month]", data.months, data.month_activities, data.month_participants,
       labels.participants, false);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
