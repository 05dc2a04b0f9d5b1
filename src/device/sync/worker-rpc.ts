/**
 * Typed request/reply between a page and its worker. Each request carries an
 * id; one map holds the pending requests, and a reply settles only the request
 * with its id. An error thrown by the worker's handler rejects that request;
 * the worker dying (its `error` event) or being closed rejects every request
 * still pending, so nothing waits for a reply that cannot come.
 *
 *   type Api = { double: { req: number; reply: number } };
 *   serveRpc<Api>(self, { double: async (n) => n * 2 });   // in the worker
 *   await new WorkerRpc<Api>(worker).call('double', 21);    // 42, on the page
 */

/** The messages a worker understands: for each type, its request's body and its reply. */
export type Protocol = Record<string, { req: unknown; reply: unknown }>;

export type RpcRequest<P extends Protocol> = { [K in keyof P]: { rid: number; type: K; body: P[K]['req'] } }[keyof P];
export type RpcReply = { rid: number; ok: true; value: unknown } | { rid: number; ok: false; error: string };

/** What the helper uses of a Worker or of a worker's global scope (tests pass a fake pair). */
export interface Endpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message' | 'error', listener: (e: MessageEvent) => void): void;
}

/** The worker failed (its script did not load, or it threw outside a handler) or was closed. */
export class WorkerGone extends Error {}

export class WorkerRpc<P extends Protocol> {
  private readonly pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  private next = 0;
  private gone: WorkerGone | undefined;

  constructor(private readonly port: Endpoint) {
    port.addEventListener('message', (e: MessageEvent<RpcReply>) => {
      const waiting = this.pending.get(e.data.rid);
      if (!waiting) return;
      this.pending.delete(e.data.rid);
      if (e.data.ok) waiting.resolve(e.data.value as never);
      else waiting.reject(new Error(e.data.error));
    });
    port.addEventListener('error', () => this.end(new WorkerGone('worker failed')));
  }

  call<K extends keyof P & string>(type: K, body: P[K]['req']): Promise<P[K]['reply']> {
    if (this.gone) return Promise.reject(this.gone);
    const rid = this.next++;
    return new Promise<P[K]['reply']>((resolve, reject) => {
      this.pending.set(rid, { resolve, reject });
      this.port.postMessage({ rid, type, body } satisfies RpcRequest<P>);
    });
  }

  /** Rejects every pending request with `reason`, and every later one. */
  end(reason: WorkerGone): void {
    this.gone ??= reason;
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
  }
}

/** The worker's side: one handler per message type; each reply names the request it answers. */
export function serveRpc<P extends Protocol>(
  port: Endpoint,
  handlers: { [K in keyof P]: (body: P[K]['req']) => Promise<P[K]['reply']> },
): void {
  port.addEventListener('message', (e: MessageEvent<RpcRequest<P>>) => {
    const { rid, type, body } = e.data;
    handlers[type](body).then(
      (value) => port.postMessage({ rid, ok: true, value } satisfies RpcReply),
      (err: unknown) => port.postMessage({ rid, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies RpcReply),
    );
  });
}
