/* Availability monitoring (第十七条): the two 30-day charts of a service page, drawn with ECharts from the
   json_script element "monitoring-chart-data" (the CSP forbids inline scripts). */
(function () {
  "use strict";

  var source = document.getElementById("monitoring-chart-data");
  if (!source || typeof window.echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var days = data.days || [];
  var labels = data.labels || {};
  var dates = days.map(function (d) { return d.date.slice(5); });
  var charts = [];

  function pick(key) {
    return days.map(function (d) { return d[key] === null ? null : d[key]; });
  }

  function draw(el, option) {
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  var grid = { left: 56, right: 16, top: 36, bottom: 28 };
  var uptimeEl = document.querySelector("[data-chart=uptime]");
  if (uptimeEl) {
    draw(uptimeEl, {
      grid: grid,
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var d = days[items[0].dataIndex];
          var value = d.uptime === null ? "—" : d.uptime.toFixed(2) + "%";
          return d.date + "<br>" + labels.uptime + ": " + value + "<br>" + labels.checks + ": " + d.checks;
        }
      },
      xAxis: { type: "category", data: dates },
      yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(Math.min(v.min, 90) / 10) * 10); },
               max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{
        name: labels.uptime, type: "bar", data: pick("uptime"), barMaxWidth: 18,
        itemStyle: {
          color: function (p) {
            if (p.value === null) return "#ced4da";
            if (p.value >= 99) return "#198754";
            if (p.value >= 95) return "#e0a100";
            return "#dc3545";
          }
        }
      }]
    });
  }

  var responseEl = document.querySelector("[data-chart=response]");
  if (responseEl) {
    draw(responseEl, {
      grid: grid,
      tooltip: { trigger: "axis" },
      legend: { data: [labels.avg, labels.max], top: 0 },
      xAxis: { type: "category", data: dates },
      yAxis: { type: "value", axisLabel: { formatter: "{value} ms" } },
      series: [
        { name: labels.avg, type: "line", data: pick("avg_ms"), connectNulls: false, smooth: true,
          itemStyle: { color: "#0f4c81" } },
        { name: labels.max, type: "line", data: pick("max_ms"), connectNulls: false,
          lineStyle: { type: "dashed" }, itemStyle: { color: "#c8102e" } }
      ]
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
