import { createServer, connect, type Socket } from 'node:net';

/** A loopback port that forwards every connection to another one, until closed. */
export interface TcpForwarder {
  readonly port: number;
  /** Stops listening and cuts every forwarded connection. */
  close(): Promise<void>;
}

/**
 * Forwards `port` (0 picks one) to `targetPort` on loopback. A real service
 * behind it becomes unreachable while no forwarder listens and reachable
 * again, with its state intact, when one starts on the same port: an outage
 * as clients see it, without stopping the service.
 */
export function startTcpForwarder(targetPort: number, port = 0): Promise<TcpForwarder> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A reset on one side ends the pair; the error itself is the other side's news, not the test's.
      socket.on('error', () => (socket === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('forwarder has no TCP address'));
      resolve({
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
