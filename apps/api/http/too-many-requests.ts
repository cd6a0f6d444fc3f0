import { HttpException } from '@nestjs/common';

/** 429 with how long to wait: the error filter writes it into Retry-After. */
export class TooManyRequests extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 429, message }, 429);
  }
}
