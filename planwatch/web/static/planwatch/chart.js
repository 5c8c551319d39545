// The indicator page's chart with locally served ECharts, drawn from the engine's numbers
// (planwatch.evaluation.chart): every value at its place in time (x = years, 2023.0 = end of
// 2023, 2023-Q2 = 2022.5), the plan path the engine judged against, the forecast with its
// interval, the targets, and each lower region's own series, named.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("chart");
  var src = document.getElementById("chart-data");
  if (!el || !src || typeof echarts === "undefined") { return; }
  var d = JSON.parse(src.textContent);
  var names = el.dataset;
  function label(t) {
    var year = Math.floor(t + 1e-9);
    var rest = t - year;
    if (rest < 1e-6) { return String(year); }
    var month = Math.round(rest * 12);
    return (year + 1) + "-" + (month < 10 ? "0" : "") + month;
  }
  var series = [
    { name: names.actual, type: "line", data: d.actual.map(function (p) { return [p[0], p[1], p[2]]; }), symbolSize: 7 },
    { name: names.path, type: "line", data: d.path, lineStyle: { type: "dashed" }, symbol: "none" },
    { name: names.target, type: "scatter", symbol: "diamond", symbolSize: 12,
      data: d.targets.map(function (t) { return { value: [t[0], t[1]], itemStyle: t[2] ? { color: "#c62828" } : undefined }; }) }
  ];
  if (d.forecast) {
    series.push({ name: names.forecast, type: "line", data: d.forecast.line, lineStyle: { type: "dotted" }, symbol: "circle" });
    if (d.forecast.interval) {
      var end = d.forecast.line[1][0];
      series.push({ name: names.interval, type: "line", data: [[end, d.forecast.interval[0]], [end, d.forecast.interval[1]]],
        lineStyle: { width: 6, opacity: 0.35 }, symbol: "none" });
    }
  }
  d.regions.forEach(function (r) {
    series.push({ name: r.name, type: "line", data: r.points, lineStyle: { width: 1 }, symbolSize: 4 });
  });
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "item", formatter: function (p) {
      return p.seriesName + "<br>" + (p.value[2] || label(p.value[0])) + "：" + (+p.value[1]).toLocaleString(); } },
    legend: { type: "scroll", data: series.map(function (s) { return s.name; }) },
    xAxis: { type: "value", scale: true, minInterval: 1, axisLabel: { formatter: label } },
    yAxis: { type: "value", name: d.unit || "", scale: true },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
  el.dataset.ready = "1";
});
