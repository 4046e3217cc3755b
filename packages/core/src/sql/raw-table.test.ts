import { rawTableName } from '../contracts/clickhouse-objects';
import { createRawTableSql, rawInsertToken } from './raw-table';

describe('raw table', () => {
  it('is named after its source', () => {
    expect(rawTableName('events')).toBe('events__raw');
  });

  it('keeps the record whole, partitions by day and sorts by time, then partition and offset', () => {
    const sql = createRawTableSql('db', { name: 'events' }, 0);
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS `db`.`events__raw`');
    expect(sql).toContain('`raw` String');
    expect(sql).toContain('ENGINE = ReplacingMergeTree');
    expect(sql).toContain('PARTITION BY toYYYYMMDD(event_time)');
    expect(sql).toContain('ORDER BY (event_time, kafka_partition, kafka_offset)');
    expect(sql).toContain('non_replicated_deduplication_window = 10000');
    expect(sql).not.toContain('TTL');
  });

  it('drops old events when a retention is set', () => {
    expect(createRawTableSql('db', { name: 'events' }, 30 * 86_400_000)).toContain('TTL toDateTime(event_time) + INTERVAL 2592000 SECOND DELETE');
  });

  it('derives the insert token from the offset range alone', () => {
    expect(rawInsertToken('events', 2, '100', '199')).toBe('events/2/100-199');
    expect(rawInsertToken('events', 2, '100', '199')).toBe(rawInsertToken('events', 2, '100', '199'));
  });
});
