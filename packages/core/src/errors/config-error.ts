import { SluiceError } from './sluice-error';

/** One problem in a pipeline definition: where it is, what was found, what is allowed. */
export interface ConfigIssue {
  /** Key path in the config file, e.g. `views[0].window.size`. */
  readonly path: string;
  /** The offending value as written (undefined when the key is missing). */
  readonly value: unknown;
  readonly message: string;
}

/** A pipeline definition that cannot be used; carries every issue found, not just the first. */
export class ConfigError extends SluiceError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source = 'config') {
    super('CONFIG_INVALID', ConfigError.describe(issues, source));
    this.issues = issues;
  }

  private static describe(issues: readonly ConfigIssue[], source: string): string {
    const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
    const noun = issues.length === 1 ? 'problem' : 'problems';
    return `${source} has ${issues.length} ${noun}:\n${lines.join('\n')}`;
  }
}

/** `path: message (got value)`, the one-line form used in error messages. */
export function formatIssue(issue: ConfigIssue): string {
  const got = issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`;
  return `${issue.path || '<root>'}: ${issue.message}${got}`;
}
