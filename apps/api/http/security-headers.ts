import helmet from 'helmet';

/**
 * Security headers on every answer (helmet), JSON, files and pages alike: nosniff, no framing, no referrer leaving
 * the site, HSTS. The content security policy suits what this origin serves: the JSON API, Swagger UI at /docs
 * (its own scripts, inline styles, data: icons) and the console that will be served at `/` (Ant Design writes its
 * styles inline; ECharts draws on canvas). Nothing loads from another origin, nothing may frame a page, and no
 * inline script runs. Routes that answer a page of their own (the audit dossier) set a stricter policy themselves.
 * upgrade-insecure-requests is left out: a local start is plain HTTP on a LAN address, where it would break /docs.
 */
export const securityHeaders = () =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
