import type { components } from '../../openapi/types.ts';

type Schemas = components['schemas'];

/** Options for {@link ApiClient}. */
export interface ApiClientOptions {
  /** Base URL of a planner, e.g. `http://127.0.0.1:7070`. */
  baseUrl: string;
  /** Bearer token for mutating calls, if the planner requires one. */
  token?: string;
  /** Per-request timeout, in ms. Default 10 000. */
  timeoutMs?: number;
}

/**
 * A failed API call: the planner's problem document when it answered, or the transport error
 * when it did not. Identified by `code` (a catalog code, or `API_UNREACHABLE`).
 */
export class ApiCallError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly problem: Schemas['Problem'] | undefined;

  constructor(message: string, code: string, status?: number, problem?: Schemas['Problem']) {
    super(message);
    this.name = 'ApiCallError';
    this.code = code;
    this.status = status;
    this.problem = problem;
  }
}

/** A typed client of the planner's REST API, for the CLI, the demo and the benchmarks. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  putNode(id: string, body: Schemas['NodeInput']): Promise<Schemas['Node']> {
    return this.request('PUT', `/v1/nodes/${encodeURIComponent(id)}`, body);
  }

  putFamily(id: string, body: Schemas['FamilyInput']): Promise<Schemas['Family']> {
    return this.request('PUT', `/v1/families/${encodeURIComponent(id)}`, body);
  }

  putVariant(familyId: string, variant: Schemas['Variant']): Promise<Schemas['Family']> {
    const path = `/v1/families/${encodeURIComponent(familyId)}/variants/${encodeURIComponent(variant.id)}`;
    return this.request('PUT', path, variant);
  }

  putApp(id: string, body: Schemas['AppInput']): Promise<Schemas['App']> {
    return this.request('PUT', `/v1/apps/${encodeURIComponent(id)}`, body);
  }

  getPlan(version: number | 'current'): Promise<Schemas['Plan']> {
    return this.request('GET', `/v1/plans/${version}`);
  }

  startSolve(body: Schemas['SolveRequest'] = {}): Promise<Schemas['Solve']> {
    return this.request('POST', '/v1/plans', body);
  }

  getSolve(id: string): Promise<Schemas['Solve']> {
    return this.request('GET', `/v1/solves/${encodeURIComponent(id)}`);
  }

  /** Sends one request; resolves with the JSON body of a 2xx answer. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const reason =
        (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ApiCallError(
        `cannot reach the planner at ${this.baseUrl} (${reason})`,
        'API_UNREACHABLE',
      );
    }
    const text = await response.text();
    if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
    throw failure(method, path, response.status, text);
  }
}

function failure(method: string, path: string, status: number, text: string): ApiCallError {
  let problem: Schemas['Problem'] | undefined;
  try {
    problem = JSON.parse(text) as Schemas['Problem'];
  } catch {
    problem = undefined;
  }
  const fields = (problem?.errors ?? [])
    .map((error) => `${error.pointer} ${error.detail}`)
    .join('; ');
  const detail = problem?.detail ?? (text.slice(0, 200) || `HTTP ${status}`);
  const message = `${method} ${path} answered ${status}: ${detail}${fields && !detail.includes(fields) ? ` (${fields})` : ''}`;
  return new ApiCallError(message, problem?.code ?? `HTTP_${status}`, status, problem);
}
