import { foreignRequestReason } from './request-origin';

describe('foreignRequestReason', () => {
  const check = (headers: Record<string, string>) => foreignRequestReason(headers, 8123, ['ch.internal']);

  it('takes loopback names and configured hosts with the server port', () => {
    for (const host of ['localhost:8123', '127.0.0.1:8123', '[::1]:8123', 'LOCALHOST:8123', 'ch.internal:8123']) expect(check({ host })).toBeUndefined();
  });

  it('refuses any other Host, another port, or none (DNS rebinding)', () => {
    for (const host of ['evil.example:8123', '127.0.0.1:8124', '127.0.0.1', '']) expect(check({ host })).toMatch(/not one this endpoint serves/);
    expect(foreignRequestReason({}, 8123, [])).toBeDefined();
  });

  it("refuses an Origin other than the server's own", () => {
    expect(check({ host: '127.0.0.1:8123', origin: 'http://127.0.0.1:8123' })).toBeUndefined();
    for (const origin of ['http://evil.example', 'null', 'https://127.0.0.1:8123', 'http://127.0.0.1:8124']) {
      expect(check({ host: '127.0.0.1:8123', origin })).toMatch(/web origin/);
    }
  });
});
