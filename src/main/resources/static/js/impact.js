// Impact charts: each <canvas data-chart="{...}"> becomes a bar chart (Chart.js, served from the WebJar).
(function () {
  'use strict';

  var colours = ['#00594c', '#4c9f38', '#d4a017', '#b5485d', '#2b6cb0', '#6b4c9a'];

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    var datasets = spec.datasets.map(function (set, i) {
      return { label: set.label, data: set.data, backgroundColor: colours[i % colours.length] };
    });
    canvas.chart = new window.Chart(canvas, {
      type: 'bar',
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: spec.stacked },
          y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
        },
        plugins: { legend: { position: 'bottom' } }
      }
    });
    canvas.setAttribute('data-drawn', 'true');
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.Chart) {
      return;
    }
    document.querySelectorAll('canvas[data-chart]').forEach(draw);
  });
})();
