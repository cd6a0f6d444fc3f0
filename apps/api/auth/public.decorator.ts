import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tandem:public';

/**
 * The allow-list of routes anyone may call without a token: login and health (the /docs pages are served by
 * Swagger outside the router). Everything else needs a JWT, and test/e2e/api-guard.spec.ts checks every route.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
