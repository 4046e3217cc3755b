import type { Command } from '../command';
import { grafanaCommand } from './grafana';
import { healthcheckCommand } from './healthcheck';
import { validateCommand } from './validate';

/** Every `sluice` command; each lives in its own file under commands/. */
export const COMMANDS: readonly Command[] = [validateCommand, grafanaCommand, healthcheckCommand];
