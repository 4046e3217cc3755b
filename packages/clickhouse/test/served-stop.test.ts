import { Agent, request } from 'node:http';
import { serveEmbeddedClickHouse } from '@sluice/clickhouse';

const credentials = { user: 'default', password: 'served-stop-test-password' };
const BASIC = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

/** One statement over a kept-alive socket; resolves with the status, or the connection error's code. */
function post(url: string, agent: Agent, sql: string): Promise<number | string> {
  return new Promise((resolve) => {
    const sent = request(url, { method: 'POST', agent, headers: { Authorization: BASIC } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    sent.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    sent.end(sql);
  });
}

describe('stopping the served embedded ClickHouse', () => {
  it('does not wait on a client that keeps sending statements over a kept-alive socket', async () => {
    const server = await serveEmbeddedClickHouse({ path: ':memory:', port: 0, credentials });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: (number | string)[] = [];
    let polling = true;
    // Back to back, as a worker polls: a statement is nearly always running when stop() begins.
    const poller = (async () => {
      while (polling) answers.push(await post(server.url, agent, 'SELECT sleep(0.05)'));
    })();
    try {
      while (answers.length < 3) await post(server.url, new Agent(), 'SELECT 1');
      const outcome = await Promise.race([
        server.stop().then(() => 'stopped'),
        new Promise((resolve) => setTimeout(resolve, 20_000, 'still waiting on the client')),
      ]);
      expect(outcome).toBe('stopped');
    } finally {
      polling = false;
      agent.destroy();
      await poller;
    }
    expect(answers.filter((answer) => answer === 200).length).toBeGreaterThanOrEqual(3);
    expect(answers.slice(3).every((answer) => answer === 200 || typeof answer === 'string')).toBe(true);
  });
});
