import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './jwt.guard.js';

/** The person id from the verified JWT: the actor every command carries into its workflow. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().user.personId;
});
