/** `-c FILE`, taken by every command that reads a pipeline definition. */
export const configOption = {
  config: { type: 'string', short: 'c', default: 'sluice.yaml' },
} as const;
