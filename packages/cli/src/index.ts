/** @sluice/cli is a command, not a library: it exports nothing; bin/sluice.js runs it. */
export {};
