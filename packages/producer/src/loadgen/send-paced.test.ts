import type { GeneratedEvent } from './generated-event';
import { sendPaced } from './send-paced';

const record = (offset: number): GeneratedEvent => ({ event: { event_id: String(offset) }, key: 'k', partition: 0, kind: 'normal', sendOffsetMs: offset });

describe('sendPaced', () => {
  it('sends due records in order, batching whatever is due, on virtual time', async () => {
    let now = 0;
    const batches: string[][] = [];
    const sender = { retries: 0, close: async () => undefined, send: async (records: readonly GeneratedEvent[]) => void batches.push(records.map((r) => String(r.event['event_id']))) };
    const progress = await sendPaced([0, 0, 5, 10, 10, 10].map(record), sender, { batchMax: 2, now: () => now, sleep: async (ms) => void (now += ms) });
    expect(batches).toEqual([['0', '0'], ['5'], ['10', '10'], ['10']]);
    expect(progress).toMatchObject({ sent: 6, total: 6 });
  });
});
