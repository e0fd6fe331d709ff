import { request, Agent as HttpAgent } from 'node:http';

/** A keep-alive HTTP client with one connection: the lowest-overhead way to call an agent. */
export class KeepAliveClient {
  private readonly agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  private readonly port: number;

  constructor(port: number) {
    this.port = port;
  }

  /** POSTs and resolves with status and body once the whole answer is read. */
  post(
    path: string,
    contentType: string,
    body: Buffer | string,
  ): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path,
          agent: this.agent,
          headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
