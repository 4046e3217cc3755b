import type { Command } from '../command';
import { writeComposeSecrets } from '../compose/compose-secrets';

/** `sluice compose secrets [--dir DIR]`: the password files docker/compose.yaml mounts as secrets, generated where missing. */
export const composeSecretsCommand: Command = {
  name: ['compose', 'secrets'],
  summary: 'generate the password files docker/compose.yaml mounts as secrets (existing ones are kept)',
  usage: 'compose secrets [--dir docker/secrets]',
  options: { dir: { type: 'string', default: 'docker/secrets' } },
  async run({ options, stdout }) {
    const outcomes = await writeComposeSecrets(String(options['dir']));
    // Names and paths only: the passwords stay in their files.
    for (const outcome of outcomes) stdout.write(`${outcome.created ? 'generated' : 'kept     '} ${outcome.path}\n`);
    return 0;
  },
};
