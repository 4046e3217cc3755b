// The dashboard page: one card per view with a chart per measure (batch and
// speed rows drawn apart), the reconciliation report, and worker health.
// Refreshes itself; Chart.js instances are kept and updated in place.
'use strict';

const REFRESH_MS = 5000;
const charts = new Map();

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

function describeWindow(window) {
  if (window.type === 'tumbling') return `tumbling ${window.sizeMs / 1000}s`;
  if (window.type === 'hopping') return `hopping ${window.sizeMs / 1000}s every ${window.hopMs / 1000}s`;
  return `session, gap ${window.gapMs / 1000}s`;
}

function formatTime(ms) {
  return new Date(ms).toISOString().slice(11, 19);
}

function renderViewCard(view) {
  const card = document.createElement('section');
  card.className = 'view';
  card.dataset.view = view.name;
  const groups = view.groupBy.length ? `, by ${view.groupBy.join(', ')}` : '';
  card.innerHTML = `<h2>${view.name}</h2><div class="muted">${describeWindow(view.window)}${groups}</div><div class="charts"></div><div class="reconcile"></div>`;
  const holder = card.querySelector('.charts');
  for (const measure of view.measures) {
    const box = document.createElement('div');
    box.className = 'chart';
    const canvas = document.createElement('canvas');
    canvas.dataset.view = view.name;
    canvas.dataset.measure = measure.name;
    box.appendChild(canvas);
    holder.appendChild(box);
    charts.set(`${view.name}/${measure.name}`, createChart(canvas, `${measure.name} (${measure.kind})`));
  }
  return card;
}

function createChart(canvas, title) {
  return new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'batch', data: [], borderColor: '#2563eb', backgroundColor: '#2563eb', spanGaps: false, pointRadius: 2 },
        { label: 'speed', data: [], borderColor: '#f59e0b', backgroundColor: '#f59e0b', borderDash: [4, 3], spanGaps: false, pointRadius: 2 },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      plugins: { title: { display: true, text: title }, legend: { display: false } },
      scales: { x: { type: 'linear', ticks: { callback: (value) => formatTime(value), maxTicksLimit: 6 } }, y: { beginAtZero: true } },
    },
  });
}

function updateCharts(view, points) {
  for (const measure of view.measures) {
    const chart = charts.get(`${view.name}/${measure.name}`);
    for (const dataset of chart.data.datasets) {
      dataset.data = points
        .filter((point) => point.source === dataset.label)
        .map((point) => ({ x: Number(point.t), y: point[measure.name] === null ? null : Number(point[measure.name]) }));
    }
    chart.update();
  }
}

function renderReconcile(card, rows) {
  const holder = card.querySelector('.reconcile');
  if (rows.length === 0) {
    holder.innerHTML = '<div class="muted">reconciliation: no recomputed periods yet</div>';
    return;
  }
  const columns = Object.keys(rows[0]);
  const head = columns.map((column) => `<th>${column}</th>`).join('');
  const body = rows
    .slice(0, 10)
    .map((row) => `<tr>${columns.map((column) => `<td>${row[column]}</td>`).join('')}</tr>`)
    .join('');
  holder.innerHTML = `<div class="muted">reconciliation (speed vs batch), newest first</div><table><tr>${head}</tr>${body}</table>`;
}

function renderHealth(health) {
  const pills = [{ role: 'clickhouse', status: health.clickhouse.status }, ...health.workers];
  document.getElementById('health').innerHTML = pills
    .map((pill) => `<span class="pill ${pill.status}" data-role="${pill.role}">${pill.role}: ${pill.status}</span>`)
    .join('');
}

async function refresh(views) {
  const cards = document.querySelectorAll('.view');
  await Promise.all(
    views.map(async (view, index) => {
      const [series, reconcile] = await Promise.all([
        getJson(`/api/series?view=${encodeURIComponent(view.name)}`),
        getJson(`/api/reconcile?view=${encodeURIComponent(view.name)}`),
      ]);
      updateCharts(view, series.points);
      renderReconcile(cards[index], reconcile.rows);
    }),
  );
  renderHealth(await getJson('/api/health'));
  const updated = document.getElementById('updated');
  updated.textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  updated.dataset.refreshes = String(Number(updated.dataset.refreshes || 0) + 1);
}

async function main() {
  const views = await getJson('/api/views');
  const main = document.getElementById('views');
  views.forEach((view) => main.appendChild(renderViewCard(view)));
  const loop = () =>
    refresh(views)
      .catch((error) => {
        document.getElementById('updated').textContent = `refresh failed: ${error.message}`;
      })
      .finally(() => setTimeout(loop, REFRESH_MS));
  loop();
}

main();
