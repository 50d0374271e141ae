// Runs inside the page (evaluated as text so no bundler helpers leak in): every animation frame
// it records [epoch ms, bytes shown in the status bar], and it collects long tasks.
(() => {
  window.samples = [];
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  const status = document.querySelector('[role="status"][data-bytes-received]');
  function tick() {
    const bytes = Number(status?.getAttribute('data-bytes-received') ?? 0);
    window.samples.push([performance.timeOrigin + performance.now(), bytes]);
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
