import { SluiceError } from '@sluice/core';

/** A results record the sink cannot use; it goes to the dead-letter topic with this message as the reason. */
export class UnusableResultError extends SluiceError {
  constructor(reason: string, cause?: unknown) {
    super('SINK_UNUSABLE_RESULT', reason, { cause });
  }
}

/** The existing ClickHouse tables cannot serve a view as it is now defined. */
export class SchemaConflictError extends SluiceError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      'SINK_SCHEMA_CONFLICT',
      `the existing ClickHouse tables cannot serve the views as now defined:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n` +
        'Keep the old definition, give the changed view a new name, or drop its tables to rebuild them.',
    );
    this.problems = problems;
  }
}
