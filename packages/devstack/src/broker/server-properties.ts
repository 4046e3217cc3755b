import { saslSslProperties, type SaslSslListener } from './sasl-ssl-listener';

/** What a single-node KRaft broker needs to know about its place on this machine. */
export interface ServerPropertiesInput {
  readonly port: number;
  readonly controllerPort: number;
  /** Where partitions and the metadata log live (`log.dirs`). */
  readonly logDir: string;
  readonly host?: string;
  /** A SASL_SSL client listener besides the PLAINTEXT one. */
  readonly saslSsl?: SaslSslListener;
}

/**
 * A combined broker+controller `server.properties` for one node on loopback.
 * Every internal topic has replication factor 1 (there is one broker), and a
 * consumer group starts without the default 3 s rebalance delay, so that a
 * local consumer gets its partitions at once.
 */
export function serverProperties(input: ServerPropertiesInput): string {
  const host = input.host ?? '127.0.0.1';
  const secured = input.saslSsl === undefined ? '' : `,SASL_SSL://${host}:${input.saslSsl.port}`;
  const entries: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.bootstrap.servers': `${host}:${input.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${input.port},CONTROLLER://${host}:${input.controllerPort}${secured}`,
    'advertised.listeners': `PLAINTEXT://${host}:${input.port},CONTROLLER://${host}:${input.controllerPort}${secured}`,
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${secured === '' ? '' : ',SASL_SSL:SASL_SSL'}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': input.logDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    // Fewer than the default 50 partitions: a local broker has few groups, and it starts faster.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': 'true',
    'delete.topic.enable': 'true',
    ...(input.saslSsl === undefined ? {} : saslSslProperties(input.saslSsl)),
  };
  const lines = Object.entries(entries).map(([key, value]) => `${key}=${escapePropertyValue(String(value))}`);
  return `# Written by sluice kafka up on every start; edits here are overwritten.\n${lines.join('\n')}\n`;
}

/** Java properties treat a backslash as an escape; paths must keep theirs. */
function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}
