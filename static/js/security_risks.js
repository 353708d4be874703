/* Risk heat map (第二十条): open risks by likelihood (x) and impact (y), drawn with ECharts from the json_script
   element "risk-heat-map-data" (the CSP forbids inline scripts). */
(function () {
  "use strict";

  var source = document.getElementById("risk-heat-map-data");
  var el = document.querySelector("[data-chart=risk-heat-map]");
  if (!source || !el || typeof window.echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var labels = data.labels || {};
  var max = data.cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 1);
  var chart = window.echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: {
      formatter: function (p) {
        return labels.likelihood + " " + (p.value[0] + 1) + " · " + labels.impact + " " + (p.value[1] + 1) +
          "<br>" + labels.risks + ": " + p.value[2];
      }
    },
    grid: { left: 64, right: 24, top: 24, bottom: 56 },
    xAxis: { type: "category", data: data.axis, name: labels.likelihood, nameLocation: "middle", nameGap: 32,
             splitArea: { show: true } },
    yAxis: { type: "category", data: data.axis, name: labels.impact, nameLocation: "middle", nameGap: 40,
             splitArea: { show: true } },
    visualMap: { min: 0, max: max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
                 inRange: { color: ["#fff3cd", "#fd7e14", "#dc3545"] } },
    series: [{ name: labels.risks, type: "heatmap", data: data.cells, label: { show: true } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
