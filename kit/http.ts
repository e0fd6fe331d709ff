/** Calling an agent or the planner's router the way a test or a benchmark client does. */

/** What a caller reads from an answer. */
export interface Reply {
  status: number;
  headers: Headers;
  /** Parsed JSON for JSON answers; the bytes otherwise. */
  body: unknown;
}

/** POSTs JSON (or raw bytes with their content type). */
export async function post(
  url: string,
  body: unknown,
  options: { contentType?: string; raw?: Uint8Array | string } = {},
): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json' },
    body: options.raw ?? JSON.stringify(body),
  });
  return read(response);
}

export async function get(url: string): Promise<Reply> {
  return read(await fetch(url));
}

async function read(response: Response): Promise<Reply> {
  const type = response.headers.get('content-type') ?? '';
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes,
  };
}

/** A JSON inference body for one float32 input filled with `value`. */
export function floatInput(
  name: string,
  dims: number[],
  value = 0.5,
): { inputs: Record<string, unknown> } {
  const count = dims.reduce((product, dim) => product * dim, 1);
  return {
    inputs: { [name]: { type: 'float32', dims, data: Array.from({ length: count }, () => value) } },
  };
}
