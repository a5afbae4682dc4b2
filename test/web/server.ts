import { type RunningServer, startServer } from '../../src/reference-impl/adapters/node.js';
import { seedDemo } from '../../src/reference-impl/demo.js';
import { createEngine, type Engine } from '../../src/reference-impl/engine.js';
import { createWebPages, inboxAccessFor, type WebPages } from '../../src/web/index.js';

export interface PagesServer {
  readonly url: string;
  readonly engine: Engine;
  readonly web: WebPages;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/** The reference server in-process with the web pages mounted, as `serve` mounts them. */
export async function startPagesServer(
  options: { demo?: boolean; controlToken?: string; heartbeatMs?: number } = {},
): Promise<PagesServer> {
  const demo = options.demo ?? false;
  const engine = createEngine({ controlToken: options.controlToken });
  if (demo) await seedDemo(engine);
  const web = createWebPages({
    outbox: engine.outbox,
    inbox: inboxAccessFor({ demo, controlToken: options.controlToken }),
    // As `serve` mounts it: the console drives the control API with the server's token.
    ...(options.controlToken !== undefined && {
      control: { handle: engine.handle, token: options.controlToken },
    }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const server = await startServer({ engine, port: 0, extraRoutes: web.handle });
  return {
    url: server.url,
    engine,
    web,
    server,
    close: async () => {
      web.close();
      await server.close();
    },
  };
}

/** The JSON body of an API call from the test, as a client of the server would make it. */
export async function api(
  url: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
