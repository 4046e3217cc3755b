import { createServer } from 'node:net';
import { LOCAL_BROKER_ERROR_CODES, LocalBrokerError } from './local-broker-error';

/** Fails with a clear message when nothing may listen on `host:port` (taken, or not permitted). */
export async function assertPortFree(port: number, host: string, role = 'port'): Promise<void> {
  try {
    await listenAndClose(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? 'is already in use by another process; pick a free one with --port, or stop what listens there'
        : `cannot be listened on (${code ?? String(error)})`;
    throw new LocalBrokerError(LOCAL_BROKER_ERROR_CODES.portInUse, `${role} ${port} on ${host} ${reason}`, { cause: error });
  }
}

/** True when `host:port` can be listened on right now. */
export async function isPortFree(port: number, host: string): Promise<boolean> {
  try {
    await listenAndClose(port, host);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}

/** A port the OS reports free on `host` at this moment. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return listenAndClose(0, host);
}

function listenAndClose(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}
