import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { PersonEntity } from '../../../libs/db/entities/index.js';
import { Refusal } from '../http/refusal.js';
import { BEFORE_PASSWORD_CHANGE, IS_PUBLIC } from './public.decorator.js';

export interface AuthenticatedRequest extends Request {
  user: { personId: string };
}

export interface TokenPayload {
  /** The person id: the actor every command carries into its workflow. */
  sub: string;
  /** The person's token version when the token was issued; any other version than today's is refused. */
  ver: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A token issued before a password change, a reset, a deactivation or a role ending. */
export const staleTokenMessage = '登录已失效（密码已修改、账号已停用或角色已变更），请重新登录';
export const passwordChangeRequiredMessage = '请先修改密码（POST /me/password），修改后才能进行其他操作';

/** Global guard (APP_GUARD): every route needs a valid bearer token unless it is marked @Public(). */
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly ds: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const marked = (key: string) => this.reflector.getAllAndOverride<boolean>(key, [ctx.getHandler(), ctx.getClass()]);
    if (marked(IS_PUBLIC)) return true;
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
    const person =
      typeof payload.sub === 'string' && uuid.test(payload.sub)
        ? await this.ds.getRepository(PersonEntity).findOne({
            where: { id: payload.sub },
            select: { id: true, tokenVersion: true, mustChangePassword: true, deactivatedAt: true },
          })
        : null;
    if (!person) throw new UnauthorizedException('the token names nobody known here; log in again');
    // Deactivation bumps the version too; checking both keeps a deactivated person out even if a bump were missed.
    if (payload.ver !== person.tokenVersion || person.deactivatedAt !== null) throw new UnauthorizedException(staleTokenMessage);
    // Refused before the request acts for anyone, so the error filter does not audit each blocked write: someone
    // holding only a temporary password cannot grow the audit chain.
    if (person.mustChangePassword && !marked(BEFORE_PASSWORD_CHANGE)) {
      throw new Refusal(403, 'PASSWORD_CHANGE_REQUIRED', passwordChangeRequiredMessage);
    }
    request.user = { personId: person.id };
    return true;
  }
}
