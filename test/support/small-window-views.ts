/**
 * Three views over an `events` source with small windows, so a test sees many
 * of them: tumbling 10s with every measure kind, hopping 20s/10s with a
 * filter, and sessions with a 30s gap; lateness 5s each. YAML, to be placed
 * under `views:` of a test pipeline.
 */
export const SMALL_WINDOW_VIEWS_YAML = `
  - name: pages_10s
    source: events
    window: { type: tumbling, size: 10s }
    lateness: 5s
    groupBy: [page, country]
    measures:
      views: count
      latency: sum(latency_ms)
      fastest: min(latency_ms)
      slowest: max(latency_ms)
      mean_latency: avg(latency_ms)
      users: uniq(user_id)
      p95: quantile(0.95, latency_ms)
  - name: types_20s
    source: events
    where: { type: [page_view, click] }
    window: { type: hopping, size: 20s, hop: 10s }
    lateness: 5s
    groupBy: [type]
    measures: { events: count, latency: sum(latency_ms) }
  - name: sessions
    source: events
    window: { type: session, gap: 30s }
    lateness: 5s
    groupBy: [user_id]
    measures: { events: count, slowest: max(latency_ms) }
`;
