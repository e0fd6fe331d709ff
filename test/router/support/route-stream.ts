import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { waitUntil } from '../../../kit/wait-until.ts';
import type { components } from '../../../openapi/types.ts';

type Route = components['schemas']['Route'];

/** A client of `GET /v1/routes/stream`: collects the `route` events as they arrive. */
export class RouteStream {
  readonly routes: Route[] = [];

  private constructor(private readonly response: IncomingMessage) {
    let buffered = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffered += chunk;
      const frames = buffered.split('\n\n');
      buffered = frames.pop() ?? '';
      for (const frame of frames) this.take(frame);
    });
  }

  static async open(url: string): Promise<RouteStream> {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${url}/v1/routes/stream`, resolve).on('error', reject).end();
    });
    return new RouteStream(response);
  }

  get contentType(): string | undefined {
    return this.response.headers['content-type'];
  }

  /** The first route event (past or future) matching, or a rejection after `timeoutMs`. */
  waitFor(what: string, match: (route: Route) => boolean, timeoutMs = 10_000): Promise<Route> {
    return waitUntil(what, () => this.routes.find(match), { timeoutMs, intervalMs: 5 });
  }

  close(): void {
    this.response.destroy();
  }

  private take(frame: string): void {
    const lines = frame.split('\n');
    if (!lines.includes('event: route')) return;
    const data = lines.find((line) => line.startsWith('data: '));
    if (data === undefined) return;
    this.routes.push(JSON.parse(data.slice('data: '.length)) as Route);
  }
}
