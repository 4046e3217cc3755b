import { PassThrough } from 'node:stream';
import type { Command } from './command';
import { run } from './run';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

const echo: Command = {
  name: ['say', 'hello'],
  summary: 'greets',
  usage: 'say hello [--loud]',
  options: { loud: { type: 'boolean' } },
  async run({ options, positionals, stdout }) {
    stdout.write(`${options['loud'] ? 'HELLO' : 'hello'} ${positionals.join(' ')}\n`);
    return 0;
  },
};

describe('run', () => {
  it('dispatches on the leading words and parses the rest', async () => {
    const out = capture();
    const err = capture();
    const code = await run(['say', 'hello', '--loud', 'world'], { stdout: out.stream, stderr: err.stream, env: {} }, [echo]);
    expect(code).toBe(0);
    expect(out.text()).toBe('HELLO world\n');
  });

  it('rejects an unknown option with the usage line and exit code 2', async () => {
    const out = capture();
    const err = capture();
    const code = await run(['say', 'hello', '--quiet'], { stdout: out.stream, stderr: err.stream, env: {} }, [echo]);
    expect(code).toBe(2);
    expect(err.text()).toMatch(/Unknown option '--quiet'[\s\S]*usage: sluice say hello \[--loud\]/);
  });

  it('lists the commands for an unknown command and exits 2', async () => {
    const out = capture();
    const err = capture();
    const code = await run(['fly'], { stdout: out.stream, stderr: err.stream, env: {} }, [echo]);
    expect(code).toBe(2);
    expect(out.text()).toContain('say hello  greets');
  });

  it('turns a config error into its message and exit code 1', async () => {
    const out = capture();
    const err = capture();
    const code = await run(['validate', '-c', '/nonexistent.yaml'], { stdout: out.stream, stderr: err.stream, env: {} });
    expect(code).toBe(1);
    expect(err.text()).toMatch(/sluice validate: cannot read pipeline definition \/nonexistent\.yaml/);
  });
});
