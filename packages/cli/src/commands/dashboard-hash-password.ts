import { randomBytes } from 'node:crypto';
import { SluiceError } from '@sluice/core';
import { scryptPasswordHash } from '@sluice/dashboard';
import type { Command } from '../command';

/** `sluice dashboard hash-password`: the `scrypt` value of `dashboard.auth.users[]`, for a password read from stdin. */
export const dashboardHashPasswordCommand: Command = {
  name: ['dashboard', 'hash-password'],
  summary: 'print the scrypt hash of a dashboard password read from stdin, for dashboard.auth.users',
  usage: 'dashboard hash-password < password.txt',
  options: {},
  async run({ stdin, stdout }) {
    if (stdin === undefined) throw new SluiceError('HASH_PASSWORD_NO_INPUT', 'pipe the password in on stdin');
    let text = '';
    for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const password = text.replace(/\r?\n$/, '');
    if (password === '') throw new SluiceError('HASH_PASSWORD_EMPTY', 'the password on stdin is empty');
    stdout.write(`${scryptPasswordHash(password, randomBytes(16))}\n`);
    return 0;
  },
};
