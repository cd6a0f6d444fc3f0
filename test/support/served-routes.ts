import type { INestApplication } from '@nestjs/common';
import { apiBase } from './api.js';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** @nestjs/serve-static's catch-all route (its DEFAULT_EXPRESS_RENDER_PATH): the console's page, no API route. */
const consoleFallback = '{*any}';

/**
 * The routes as Express will serve them, read from the router rather than written down by hand (`POST /tasks/:id`),
 * named without the `/api` prefix; `outsidePrefix` lists any route that does not carry it, so a test can refuse them.
 */
export function servedRoutes(app: INestApplication): { routes: string[]; outsidePrefix: string[] } {
  const stack = (app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } }).router.stack;
  const layers = stack.filter((layer) => layer.route && !layer.route.path.startsWith(`${apiBase}/docs`) && layer.route.path !== consoleFallback);
  const outsidePrefix = layers.map((layer) => layer.route!.path).filter((path) => !path.startsWith(`${apiBase}/`));
  const routes = layers.flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.slice(apiBase.length)}`));
  return { routes, outsidePrefix };
}
