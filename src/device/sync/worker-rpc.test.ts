import { describe, expect, it } from 'vitest';
import { type Endpoint, serveRpc, WorkerGone, WorkerRpc } from './worker-rpc.ts';

type Api = { double: { req: number; reply: number }; echo: { req: string; reply: string } };

/** Two ends of a fake channel: a message posted on one reaches the other's listeners later, cloned. */
function pair(): [Endpoint & { fire(type: string): void }, Endpoint] {
  const listeners = [new Map<string, ((e: MessageEvent) => void)[]>(), new Map<string, ((e: MessageEvent) => void)[]>()];
  const end = (mine: number) => ({
    postMessage: (m: unknown) =>
      queueMicrotask(() => {
        for (const l of listeners[1 - mine]!.get('message') ?? []) l({ data: structuredClone(m) } as MessageEvent);
      }),
    addEventListener: (type: string, l: (e: MessageEvent) => void) => {
      listeners[mine]!.set(type, [...(listeners[mine]!.get(type) ?? []), l]);
    },
    fire: (type: string) => {
      for (const l of listeners[mine]!.get(type) ?? []) l({} as MessageEvent);
    },
  });
  return [end(0), end(1)];
}

describe('worker-rpc', () => {
  it('matches each reply to its request by id, whatever order they come back in', async () => {
    const [page, worker] = pair();
    let releaseSlow: () => void = () => undefined;
    const slow = new Promise<void>((r) => {
      releaseSlow = r;
    });
    serveRpc<Api>(worker, {
      double: async (n) => {
        if (n === 1) await slow;
        return n * 2;
      },
      echo: async (s) => s,
    });
    const rpc = new WorkerRpc<Api>(page);
    const first = rpc.call('double', 1);
    const second = rpc.call('double', 21);
    const third = rpc.call('echo', '公开');
    expect(await second).toBe(42);
    expect(await third).toBe('公开');
    releaseSlow();
    expect(await first).toBe(2);
  });

  it('rejects the one request whose handler threw', async () => {
    const [page, worker] = pair();
    serveRpc<Api>(worker, {
      double: async () => {
        throw new Error('坏页');
      },
      echo: async (s) => s,
    });
    const rpc = new WorkerRpc<Api>(page);
    await expect(rpc.call('double', 1)).rejects.toThrow('坏页');
    expect(await rpc.call('echo', 'ok')).toBe('ok');
  });

  it('rejects every pending request, and later ones, when the worker fails', async () => {
    const [page] = pair(); // nobody answers
    const rpc = new WorkerRpc<Api>(page);
    const pending = [rpc.call('double', 1), rpc.call('echo', 'x')];
    page.fire('error');
    for (const p of pending) await expect(p).rejects.toBeInstanceOf(WorkerGone);
    await expect(rpc.call('double', 2)).rejects.toBeInstanceOf(WorkerGone);
  });
});
