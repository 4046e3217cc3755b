import { deadLetterHeaders, readDeadLetterOrigin } from './dead-letter-headers';

describe('dead-letter headers', () => {
  const origin = { reason: 'missing field ts', topic: 'events', partition: 2, offset: '9007199254740993' };

  it('round-trips the origin through the header bytes a consumer sees', () => {
    const consumed = Object.fromEntries(Object.entries(deadLetterHeaders(origin)).map(([name, value]) => [name, Buffer.from(value)]));

    expect(consumed['sluice-reason']?.toString()).toBe('missing field ts');
    expect(readDeadLetterOrigin(consumed)).toEqual(origin);
  });

  it('returns undefined for a record without the Sluice headers', () => {
    expect(readDeadLetterOrigin({ 'trace-id': Buffer.from('x') })).toBeUndefined();
    expect(readDeadLetterOrigin(undefined)).toBeUndefined();
  });
});
