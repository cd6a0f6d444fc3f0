import { Injectable, UnsupportedMediaTypeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

const json = 'application/json';

/**
 * A body is read only in a type its route declares with `@ApiConsumes` (JSON unless it says more), so the OpenAPI
 * document is also the rule. Without this a form or text body on a JSON route is not parsed, reaches the handler as
 * an empty body and, where every field is optional, acts as if nothing had been sent. Global, so it runs before a
 * route's multer interceptor reads an upload the route does not take.
 */
@Injectable()
export class ContentTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (hasBody(request)) {
      const consumes = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]) ?? [json];
      if (request.is(consumes) === false) throw new UnsupportedMediaTypeException([`Content-Type must be ${consumes.join(' or ')}`]);
    }
    return next.handle();
  }
}

/** An empty POST (`curl -X POST`) carries no body to type. */
const hasBody = (request: Request) => Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
