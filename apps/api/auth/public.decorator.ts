import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tandem:public';
export const BEFORE_PASSWORD_CHANGE = 'tandem:before-password-change';

/**
 * The allow-list of routes anyone may call without a token: login and health (the /docs pages are served by
 * Swagger outside the router). Everything else needs a JWT, and test/e2e/api-guard.spec.ts checks every route.
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The routes someone who must change their password may still call (who am I, change it); every other route
 * answers 403 PASSWORD_CHANGE_REQUIRED until they have.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);
