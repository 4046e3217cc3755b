import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { startSchemaRegistry, type SchemaRegistryProcess } from '@sluice/devstack';
import { startBasicAuthProxy, type BasicAuthProxy } from '../../../test/support/basic-auth-proxy';
import { makeTestCertificates, type TestCertificates } from '../../../test/support/tls-certificates';
import { uniqueName } from '../../../test/support/unique-name';
import { createSchemaRegistry } from '../src/index';

const PASSWORD = 'registry-Pw-5b7e21';
const SCHEMA = JSON.stringify({ type: 'record', name: 'Event', fields: [{ name: 'page', type: 'string' }] });

/** A real registry (Apicurio) behind an HTTPS basic-auth proxy with a CA made here, as a secured registry is reached. */
describe('a schema registry with basic auth and a private CA', () => {
  let registry: SchemaRegistryProcess;
  let proxy: BasicAuthProxy;
  let certificates: TestCertificates;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-secured-registry-'));
    certificates = await makeTestCertificates(dir);
    registry = await startSchemaRegistry({ logDir: dir });
    proxy = await startBasicAuthProxy({
      target: registry.url,
      username: 'sluice',
      password: PASSWORD,
      certPem: await readFile(certificates.certFile, 'utf8'),
      keyPem: await readFile(certificates.keyFile, 'utf8'),
    });
  }, 180_000);

  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });

  const register = (settings: Parameters<typeof createSchemaRegistry>[0]) =>
    createSchemaRegistry(settings).register({ type: SchemaType.AVRO, schema: SCHEMA }, { subject: `${uniqueName('secured')}-value` });

  it('registers and reads schemas with the configured user, password and CA', async () => {
    const client = createSchemaRegistry({ url: proxy.url, username: 'sluice', password: PASSWORD, caFile: certificates.caFile });
    const { id } = await client.register({ type: SchemaType.AVRO, schema: SCHEMA }, { subject: `${uniqueName('secured')}-value` });
    expect(await client.getSchema(id)).toBeDefined();
  });

  it('is refused without the right password or without the CA, and the error shows no password', async () => {
    const wrong = await register({ url: proxy.url, username: 'sluice', password: 'not-the-password', caFile: certificates.caFile }).catch((error: Error) => error);
    expect(wrong).toMatchObject({ status: 401 });
    expect(String((wrong as Error).message)).not.toContain('not-the-password');
    await expect(register({ url: proxy.url, caFile: certificates.caFile })).rejects.toMatchObject({ status: 401 });
    await expect(register({ url: proxy.url, username: 'sluice', password: PASSWORD })).rejects.toThrow(/certificate/);
  });
});
