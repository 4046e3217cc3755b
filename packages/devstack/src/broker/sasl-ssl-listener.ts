/** A SCRAM user the broker knows from the start, written into the storage when it is formatted. */
export interface ScramUser {
  readonly mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  readonly name: string;
  readonly password: string;
}

/**
 * A second client listener that speaks SASL over TLS, as managed Kafka does.
 * The PLAINTEXT listener stays for the broker's own traffic and the launcher's
 * readiness probe.
 */
export interface SaslSslListener {
  readonly port: number;
  /** PKCS#12 keystore with the broker's key and certificate chain. */
  readonly keystoreFile: string;
  readonly keystorePassword: string;
  /**
   * SCRAM users, added when the storage is formatted (KIP-900); a data
   * directory formatted earlier keeps the users it was formatted with.
   */
  readonly scramUsers: readonly ScramUser[];
  /** PLAIN users (name -> password), read from the broker's JAAS config on every start. */
  readonly plainUsers?: Readonly<Record<string, string>>;
}

const SCRAM_LOGIN = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/**
 * The server.properties entries of the listener. A broker only accepts the
 * SASL mechanisms it is told to enable (the default is GSSAPI alone), and
 * each enabled mechanism needs a login module on the listener.
 */
export function saslSslProperties(listener: SaslSslListener): Record<string, string> {
  const plainUsers = Object.entries(listener.plainUsers ?? {});
  const mechanisms = ['SCRAM-SHA-512', 'SCRAM-SHA-256', ...(plainUsers.length > 0 ? ['PLAIN'] : [])];
  const plainLogin = `org.apache.kafka.common.security.plain.PlainLoginModule required ${plainUsers
    .map(([name, password]) => `user_${name}="${password}"`)
    .join(' ')};`;
  return {
    'sasl.enabled.mechanisms': mechanisms.join(','),
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': SCRAM_LOGIN,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': SCRAM_LOGIN,
    ...(plainUsers.length > 0 ? { 'listener.name.sasl_ssl.plain.sasl.jaas.config': plainLogin } : {}),
    'listener.name.sasl_ssl.ssl.keystore.type': 'PKCS12',
    'listener.name.sasl_ssl.ssl.keystore.location': listener.keystoreFile,
    'listener.name.sasl_ssl.ssl.keystore.password': listener.keystorePassword,
  };
}

/** `kafka-storage format` arguments that add the listener's SCRAM users. */
export function addScramArguments(users: readonly ScramUser[]): string[] {
  return users.flatMap((user) => ['--add-scram', `${user.mechanism}=[name=${user.name},password=${user.password}]`]);
}
