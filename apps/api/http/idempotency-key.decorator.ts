import { randomUUID } from 'node:crypto';
import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The request's `Idempotency-Key` becomes the Temporal update id, so a retried request returns the first
 * answer instead of acting twice. Without the header every request is new.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<Request>().header('idempotency-key');
  if (value === undefined || value === '') return randomUUID();
  if (value.length > 200) throw new BadRequestException({ statusCode: 400, message: ['Idempotency-Key must be at most 200 characters'] });
  return value;
});
