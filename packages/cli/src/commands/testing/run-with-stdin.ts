import { PassThrough, Readable } from 'node:stream';
import { run } from '../../run';

/** Runs one CLI command with `input` on stdin, as a pipe gives it, and collects what it printed. */
export async function runWithStdin(args: string[], input: string): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await run(args, { stdout, stderr, env: {}, stdin: Readable.from([input]) });
  return { code, out, err };
}
