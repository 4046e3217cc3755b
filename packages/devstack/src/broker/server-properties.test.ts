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
});
