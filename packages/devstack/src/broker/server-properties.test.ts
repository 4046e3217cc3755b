import { serverProperties } from './server-properties';

function parse(text: string): Map<string, string> {
  const lines = text.split('\n').filter((line) => line && !line.startsWith('#'));
  return new Map(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('serverProperties', () => {
  const properties = parse(serverProperties({ port: 19092, controllerPort: 19093, logDir: '/var/sluice/kafka/data' }));

  it('describes one combined broker and controller on loopback', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('node.id')).toBe('1');
    expect(properties.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(properties.get('controller.quorum.bootstrap.servers')).toBe('127.0.0.1:19093');
    expect(properties.get('log.dirs')).toBe('/var/sluice/kafka/data');
  });

  it('gives every internal topic one replica and starts groups without delay', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
    ]) {
      expect(properties.get(key)).toBe('1');
    }
    expect(properties.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('keeps backslashes in paths', () => {
    expect(parse(serverProperties({ port: 1, controllerPort: 2, logDir: 'C:\\kafka\\data' })).get('log.dirs')).toBe('C:\\\\kafka\\\\data');
  });

  it('adds a SASL_SSL listener with SCRAM enabled when asked, leaving PLAINTEXT for the broker itself', () => {
    const secured = parse(
      serverProperties({
        port: 1,
        controllerPort: 2,
        logDir: '/d',
        saslSsl: { port: 3, keystoreFile: '/k.p12', keystorePassword: 'kp', scramUsers: [], plainUsers: { carol: 'c' } },
      }),
    );
    expect(secured.get('listeners')).toBe('PLAINTEXT://127.0.0.1:1,CONTROLLER://127.0.0.1:2,SASL_SSL://127.0.0.1:3');
    expect(secured.get('listener.security.protocol.map')).toBe('PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL');
    expect(secured.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(secured.get('sasl.enabled.mechanisms')).toBe('SCRAM-SHA-512,SCRAM-SHA-256,PLAIN');
    expect(secured.get('listener.name.sasl_ssl.plain.sasl.jaas.config')).toContain('user_carol="c"');
    expect(secured.get('listener.name.sasl_ssl.ssl.keystore.location')).toBe('/k.p12');
  });
});
