import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer on loopback: each request (not each connection) goes to the next upstream
 * in turn, as a round-robin balancer with keep-alive on both sides would send them. It counts
 * what each upstream served, so a test can tell both instances did the work.
 */
export interface RoundRobinProxy {
  url: string;
  /** Requests answered by each upstream, in the order given. */
  served: number[];
  /** Which upstream took each request, in arrival order. */
  routed: { path: string; upstream: number }[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  const targets = upstreams.map((u) => new URL(u));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const served = targets.map(() => 0);
  const routed: { path: string; upstream: number }[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next;
    next = (next + 1) % targets.length;
    const target = targets[index]!;
    routed.push({ path: req.url ?? '', upstream: index });
    const upstream = httpRequest(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        served[index]! += 1;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"bad_gateway","message":"The upstream did not answer."}}');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    routed,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
