import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, type DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';
import type { Config } from '../../../libs/config/index.js';
import { apiPrefix } from '../openapi.js';

/**
 * The console (apps/web, built by Vite) served by the API process at `/`: its files as they are, and index.html for
 * every other path outside /api, so a reload or a mail link on a console route such as /tasks/<id> opens that page.
 * index.html is never cached (a deploy shows at once); the hashed assets are cached for good.
 * Nothing is served when the console is not built (API-only tests and tools), rather than a broken page.
 */
export function consoleModules(config: Config): DynamicModule[] {
  const root = resolve(config.api.consoleDir);
  if (!existsSync(join(root, 'index.html'))) {
    if (config.production) new Logger('Console').warn(`no console at ${root} (build it with \`npm run build:web\`): serving the API only`);
    return [];
  }
  return [
    ServeStaticModule.forRoot({
      rootPath: root,
      // Paths the API answered before it moved under /api stay 404 rather than the console's page with 200: a probe
      // left on /health/ready must not see a healthy API whatever Postgres and Temporal say.
      exclude: [`/${apiPrefix}/{*any}`, '/health', '/health/{*any}', '/docs', '/docs/{*any}', '/docs-json'],
      serveStaticOptions: {
        setHeaders(res: Response, path: string) {
          res.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
        },
      },
    }),
  ];
}
