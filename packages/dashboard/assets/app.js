// The dashboard page: one card per view with a chart per measure (batch and
// speed rows drawn apart), the reconciliation report, worker health, and the
// disk use of the tables and topics.
// Refreshes itself; Chart.js instances are kept and updated in place.
// Everything shown is built as DOM nodes with text content, never as HTML:
// group values come from events, and an event must not be able to add markup.
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

/** An element with a class and text (the text is never parsed as HTML). */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatTime(ms) {
  return new Date(ms).toISOString().slice(11, 19);
}

function renderViewCard(view) {
  const card = document.createElement('section');
  card.className = 'view';
  card.dataset.view = view.name;
  const groups = view.groupBy.length ? `, by ${view.groupBy.join(', ')}` : '';
  const holder = element('div', 'charts');
  card.append(element('h2', '', view.name), element('div', 'muted', `${describeWindow(view.window)}${groups}`), holder, element('div', 'reconcile'));
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
    holder.replaceChildren(element('div', 'muted', 'reconciliation: no recomputed periods yet'));
    return;
  }
  const columns = Object.keys(rows[0]);
  const table = element('table');
  const head = element('tr');
  head.append(...columns.map((column) => element('th', '', column)));
  table.append(head);
  for (const row of rows.slice(0, 10)) {
    const line = element('tr');
    line.append(...columns.map((column) => element('td', '', String(row[column]))));
    table.append(line);
  }
  holder.replaceChildren(element('div', 'muted', 'reconciliation (speed vs batch), newest first'), table);
}

function renderHealth(health) {
  const pills = [{ role: 'clickhouse', status: health.clickhouse.status }, ...health.workers];
  const nodes = pills.map((pill) => {
    const node = element('span', 'pill', `${pill.role}: ${pill.status}`);
    node.classList.add(pill.status);
    node.dataset.role = pill.role;
    return node;
  });
  document.getElementById('health').replaceChildren(...nodes);
}

/** A table with a header row and one row per item; every cell is text. */
function textTable(columns, rows) {
  const table = element('table');
  const head = element('tr');
  head.append(...columns.map((column) => element('th', '', column)));
  table.append(head);
  for (const row of rows) {
    const line = element('tr');
    line.append(...row.map((cell) => element('td', '', String(cell))));
    table.append(line);
  }
  return table;
}

function renderStorage(storage) {
  const count = (value) => Number(value).toLocaleString('en-US');
  const tables = storage.tables.length
    ? textTable(['table', 'on disk', 'rows'], storage.tables.map((t) => [t.table, t.size, count(t.rows)]))
    : element('div', 'muted', 'no tables yet');
  const topics = storage.topics.length
    ? textTable(['topic', 'records retained'], storage.topics.map((t) => [t.topic, count(t.records)]))
    : element('div', 'muted', storage.topicsError ? `topics: ${storage.topicsError}` : 'no topic sizes yet');
  const holder = element('div', 'storage-tables');
  holder.append(tables, topics);
  holder.dataset.tables = String(storage.tables.length);
  holder.dataset.topics = String(storage.topics.length);
  document.getElementById('storage').replaceChildren(element('h2', '', 'disk use'), holder);
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
  renderStorage(await getJson('/api/storage'));
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
