import { randomUUID } from 'node:crypto';
import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthenticatedRequest } from '../auth/jwt.guard.js';

const maxLength = 200;

/** The request's `Idempotency-Key`, checked; undefined when it carries none. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const value = request.header('idempotency-key');
  if (value === undefined || value === '') return undefined;
  if (value.length > maxLength) {
    throw new BadRequestException({ statusCode: 400, message: [`Idempotency-Key must be at most ${maxLength} characters`] });
  }
  return value;
}

/**
 * The Temporal update id of this request: the person and their `Idempotency-Key`, so a retried request returns the
 * first answer instead of acting twice, and the same key sent by someone else is another request (Temporal dedupes
 * update ids per execution, whoever sent them). Without the header every request is new (a fresh random id).
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return `${request.user.personId}/${idempotencyKeyOf(request) ?? randomUUID()}`;
});

/** Documents the header on every route that sends a workflow update. */
export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: `up to ${maxLength} characters; retrying with the same key returns the first answer and never acts twice`,
  });
