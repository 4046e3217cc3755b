import { describeWindow, formatDuration } from '@sluice/core';
import { loadPipelineFile } from '@sluice/runtime';
import type { Command } from '../command';
import { configOption } from './shared-options';

/** `sluice validate -c FILE`: every config problem at once, or a one-line summary per view. */
export const validateCommand: Command = {
  name: ['validate'],
  summary: 'check a pipeline definition and summarise its views',
  usage: 'validate -c sluice.yaml',
  options: { ...configOption },
  async run({ options, stdout, stderr, env }) {
    const config = await loadPipelineFile(String(options['config']), env);
    for (const warning of config.warnings) stderr.write(`warning: ${warning}\n`);
    for (const view of config.views) {
      const window = describeWindow(view.window, formatDuration);
      const groups = view.groupBy.length > 0 ? ` by ${view.groupBy.join(', ')}` : '';
      const measures = view.measures.map((measure) => measure.name).join(', ');
      stdout.write(`${view.name}: ${window}${groups}, lateness ${formatDuration(view.latenessMs)}; ${measures}\n`);
    }
    stdout.write(`valid: ${config.views.length} views over ${Object.keys(config.sources).length} sources\n`);
    return 0;
  },
};
