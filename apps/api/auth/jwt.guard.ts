import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { IS_PUBLIC } from './public.decorator.js';

export interface AuthenticatedRequest extends Request {
  user: { personId: string };
}

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required (POST /auth/login)');
    try {
      const payload = await this.jwt.verifyAsync<{ sub: string }>(token);
      request.user = { personId: payload.sub };
      return true;
    } catch {
      throw new UnauthorizedException('the token is invalid or has expired; log in again');
    }
  }
}
