import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { SluiceError, type SchemaRegistrySettings } from '@sluice/core';

/**
 * The one way Sluice makes a schema registry client: basic auth when the
 * config names a user, and the configured CA for an https registry.
 */
export function createSchemaRegistry(settings: SchemaRegistrySettings): SchemaRegistry {
  return new SchemaRegistry({
    host: settings.url,
    ...(settings.username === undefined ? {} : { auth: { username: settings.username, password: settings.password ?? '' } }),
    ...(settings.caFile === undefined ? {} : { agent: new Agent({ ca: readCa(settings.caFile), keepAlive: true }) }),
  });
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SluiceError('SCHEMA_REGISTRY_CA_UNREADABLE', `schemaRegistry.caFile ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}
