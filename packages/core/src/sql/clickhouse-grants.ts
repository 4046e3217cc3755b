import type { PipelineConfig } from '../config/types';
import { sourceObjects, viewObjects } from '../contracts/clickhouse-objects';
import { qualifiedName, quoteIdentifier } from '../contracts/clickhouse-quoting';

/** What the writers (sink, compactor, recompute) do to each generated table: create it, add columns, insert, delete by mutation, read. */
const WRITER_TABLE_PRIVILEGES = 'SELECT, INSERT, ALTER, CREATE TABLE, DROP TABLE, TRUNCATE';
/** `CREATE OR REPLACE VIEW` needs both; reading it back checks what it serves. */
const WRITER_VIEW_PRIVILEGES = 'SELECT, CREATE VIEW, DROP VIEW';

/** The two roles `sluice clickhouse grants` creates for one pipeline, and the users it suggests. */
export interface ClickHouseGrantNames {
  readonly writerRole: string;
  readonly readerRole: string;
  readonly writerUser: string;
  readonly readerUser: string;
}

/** Roles named after the pipeline; users as configured (`clickhouse.user`, `clickhouse.reader.user`), else named after the pipeline. */
export function clickHouseGrantNames(config: PipelineConfig): ClickHouseGrantNames {
  const configuredWriter = config.clickhouse.user === undefined || config.clickhouse.user === 'default' ? undefined : config.clickhouse.user;
  return {
    writerRole: `${config.name}_write`,
    readerRole: `${config.name}_read`,
    writerUser: configuredWriter ?? `${config.name}_writer`,
    readerUser: config.clickhouse.reader?.user ?? `${config.name}_reader`,
  };
}

/**
 * The SQL that creates a writer role with what the sink and the compactor
 * need on every generated object, and a reader role that may only SELECT the
 * serving views and the tables they (and the dashboard) read. The reader
 * role carries `readonly = 2`: no writes or DDL, yet a client may still set
 * query settings, which Grafana's ClickHouse datasource does on every query.
 * Run it as a user with access management; the CREATE USER lines are
 * comments, to fill in with real passwords.
 */
export function clickHouseGrantsSql(config: PipelineConfig): string {
  const names = clickHouseGrantNames(config);
  const database = config.clickhouse.database;
  const writer = quoteIdentifier(names.writerRole);
  const reader = quoteIdentifier(names.readerRole);
  const on = (name: string) => qualifiedName(database, name);

  const writerGrants = [`GRANT CREATE DATABASE ON ${quoteIdentifier(database)}.* TO ${writer};`];
  const readerGrants: string[] = [];
  for (const view of config.views) {
    const objects = viewObjects(view.name);
    writerGrants.push(`GRANT ${WRITER_VIEW_PRIVILEGES} ON ${on(objects.serving)} TO ${writer};`);
    for (const table of [objects.speed, objects.batch, objects.final, objects.reconcile, objects.dirty, objects.closed]) {
      writerGrants.push(`GRANT ${WRITER_TABLE_PRIVILEGES} ON ${on(table)} TO ${writer};`);
    }
    // The serving view runs with its caller's rights, so the reader needs the tables it reads; the dashboard also shows reconcile.
    for (const object of [objects.serving, objects.speed, objects.batch, objects.final, objects.reconcile]) {
      readerGrants.push(`GRANT SELECT ON ${on(object)} TO ${reader};`);
    }
  }
  for (const source of Object.keys(config.sources)) {
    const objects = sourceObjects(source);
    for (const table of [objects.raw, objects.progress]) writerGrants.push(`GRANT ${WRITER_TABLE_PRIVILEGES} ON ${on(table)} TO ${writer};`);
  }

  const suggestedUser = (user: string, role: string) => [
    `-- CREATE USER IF NOT EXISTS ${quoteIdentifier(user)} IDENTIFIED WITH sha256_password BY 'CHANGE-ME';`,
    `-- GRANT ${quoteIdentifier(role)} TO ${quoteIdentifier(user)};`,
  ];
  return [
    `-- Roles for the Sluice pipeline ${config.name} in database ${database}. Run as a user with access management.`,
    '-- Writers: the sink and the compactor (clickhouse.user).',
    `CREATE ROLE IF NOT EXISTS ${writer};`,
    ...writerGrants,
    '',
    '-- Readers: the dashboard, sluice query and Grafana (clickhouse.reader). readonly = 2 refuses writes but lets clients set query settings.',
    `CREATE ROLE IF NOT EXISTS ${reader} SETTINGS readonly = 2;`,
    ...readerGrants,
    '',
    '-- Users, if they do not exist yet: set the passwords, then give them to clickhouse.passwordFile and clickhouse.reader.passwordFile.',
    ...suggestedUser(names.writerUser, names.writerRole),
    ...suggestedUser(names.readerUser, names.readerRole),
    '',
  ].join('\n');
}

