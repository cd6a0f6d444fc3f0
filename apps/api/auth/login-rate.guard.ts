import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { LoginThrottle } from './login-throttle.service.js';

/**
 * On the login route, before the body is validated: every attempt counts towards the limits of its client address
 * and of the e-mail it names, a malformed one too, so a flood of junk is throttled like a flood of guesses.
 */
@Injectable()
export class LoginRateGuard implements CanActivate {
  constructor(private readonly throttle: LoginThrottle) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const request = ctx.switchToHttp().getRequest<Request>();
    const email: unknown = (request.body as { email?: unknown } | undefined)?.email;
    // The socket's address unless TRUST_PROXY names the proxies whose X-Forwarded-For is believed.
    await this.throttle.countAttempt(request.ip ?? 'unknown', typeof email === 'string' ? email : undefined);
    return true;
  }
}
