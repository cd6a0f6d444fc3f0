import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { PersonEntity } from '../../../libs/db/entities/index.js';
import { IS_PUBLIC } from './public.decorator.js';

export interface AuthenticatedRequest extends Request {
  user: { personId: string };
}

export interface TokenPayload {
  /** The person id: the actor every command carries into its workflow. */
  sub: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Global guard (APP_GUARD): every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly ds: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException('a bearer token is required (POST /auth/login)');
    let payload: Partial<TokenPayload>;
    try {
      // HS256 only: a token signed any other way (or "none") is refused whatever its header says.
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedException('the token is invalid or has expired; log in again');
    }
    // One primary-key read: a token outliving its person (or signed for another database) acts for nobody.
    const known = typeof payload.sub === 'string' && uuid.test(payload.sub) && (await this.ds.getRepository(PersonEntity).existsBy({ id: payload.sub }));
    if (!known) throw new UnauthorizedException('the token names nobody known here; log in again');
    request.user = { personId: payload.sub as string };
    return true;
  }
}
