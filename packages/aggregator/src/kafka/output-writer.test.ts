import { CompressionTypes, type Message, type ProducerRecord } from 'kafkajs';
import { asyncScheduler } from 'rxjs';
import { MetricsRegistry, silentLogger } from '@sluice/core';
import { StallWatch } from '@sluice/runtime';
import { OutputWriter } from './output-writer';
import { requestBudget } from './record-size-limit';

function recordingWriter() {
  const sends: ProducerRecord[] = [];
  const producer = { send: (record: ProducerRecord) => (sends.push(record), Promise.resolve([])) };
  const stalls = new StallWatch({ stalled: new MetricsRegistry().gauge('sluice_test_stalled', 'stalled') });
  return { sends, writer: new OutputWriter(producer, (error) => { throw error; }, { stalls, scheduler: asyncScheduler, logger: silentLogger }) };
}

const bytesOf = (messages: readonly Message[]) => messages.reduce((sum, message) => sum + Buffer.byteLength(String(message.key)) + (message.value as Buffer).length + 64, 0);

describe('OutputWriter', () => {
  it('splits a send into gzip-compressed requests below the record batch limit, records in order', async () => {
    const { sends, writer } = recordingWriter();
    const limit = 64 * 1024;
    writer.limitRecordBatchesTo(limit);
    const messages = Array.from({ length: 100 }, (_, index) => ({ key: `k${index}`, value: Buffer.alloc(3_000 + index * 10, 'é') }));
    writer.send('results', messages);
    await writer.drained();
    expect(sends.length).toBeGreaterThan(4);
    for (const send of sends) {
      expect(send.compression).toBe(CompressionTypes.GZIP);
      expect(bytesOf(send.messages)).toBeLessThanOrEqual(requestBudget(limit));
    }
    expect(sends.flatMap((send) => send.messages)).toEqual(messages);
  });

  it('sends a record larger than a request alone rather than with its neighbours', async () => {
    const { sends, writer } = recordingWriter();
    writer.limitRecordBatchesTo(16 * 1024);
    writer.send('late', [{ key: 'a', value: Buffer.alloc(100) }, { key: 'b', value: Buffer.alloc(40_000) }, { key: 'c', value: Buffer.alloc(100) }]);
    await writer.drained();
    expect(sends.map((send) => send.messages.map((message) => message.key))).toEqual([['a'], ['b'], ['c']]);
  });
});
