// The indicator page's chart with locally served ECharts: official values, the plan path from the
// baseline to each target, and the targets themselves.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart");
  var src = document.getElementById("chart-data");
  if (!el || !src || typeof echarts === "undefined") { return; }
  var d = JSON.parse(src.textContent);
  var points = {};  // category → {actual, path, target}
  function at(key) { points[key] = points[key] || {}; return points[key]; }
  d.periods.forEach(function (p, i) { at(p).actual = d.values[i]; });
  var hasBase = d.baseline[0] !== null && d.baseline[1] !== null;
  if (hasBase) { at(String(d.baseline[0])).path = d.baseline[1]; at(String(d.baseline[0])).actual = d.baseline[1]; }
  d.targets.forEach(function (t) {
    if (t[0] === null) { return; }
    at(String(t[0])).target = t[1];
    if (hasBase) { at(String(t[0])).path = t[1]; }
  });
  var labels = Object.keys(points).sort();
  function column(name) { return labels.map(function (k) { return points[k][name] === undefined ? null : points[k][name]; }); }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["实际值", "规划路径", "目标值"] },
    xAxis: { type: "category", data: labels },
    yAxis: { type: "value", name: d.unit || "", scale: true },
    series: [
      { name: "实际值", type: "line", data: column("actual"), connectNulls: true },
      { name: "规划路径", type: "line", data: column("path"), connectNulls: true, lineStyle: { type: "dashed" }, symbol: "none" },
      { name: "目标值", type: "scatter", data: column("target"), symbolSize: 12, symbol: "diamond" }
    ]
  });
  el.dataset.ready = "1";
});
