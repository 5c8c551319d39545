// The indicator page's 分地区汇总 bar chart (locally served ECharts): each child region's
// rolled-up value in the latest period; the series name comes translated from the page.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("region-chart");
  var src = document.getElementById("region-chart-data");
  if (!el || !src || typeof echarts === "undefined") { return; }
  var d = JSON.parse(src.textContent);
  if (!d.names.length) { return; }
  var chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    tooltip: { trigger: "axis" },
    grid: { containLabel: true },
    xAxis: { type: "category", data: d.names, axisLabel: { interval: 0, rotate: d.names.length > 8 ? 30 : 0 } },
    yAxis: { type: "value", name: d.unit || "" },
    series: [{ name: el.dataset.seriesName || "", type: "bar", data: d.values }]
  });
  el.dataset.ready = "1";
});
