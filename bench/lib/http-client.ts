import { Agent, request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  json<T>(): T;
}

/**
 * The driver's HTTP client for the local API: node:http over kept-alive connections. The driver shares
 * its process (and its CPU figure) with the stack it measures; fetch (undici, its parser in WebAssembly)
 * took about twice the CPU of node:http a request there, which counted against every claim.
 */
export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  send(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
      const req = request(
        url,
        {
          method: init.method ?? 'GET',
          agent: this.agent,
          headers: { ...init.headers, ...(body === undefined ? {} : { 'content-length': body.length }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T });
          });
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
