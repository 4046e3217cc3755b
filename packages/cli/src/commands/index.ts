import type { Command } from '../command';
import { validateCommand } from './validate';

/** Every `sluice` command; each lives in its own file under commands/. */
export const COMMANDS: readonly Command[] = [validateCommand];
