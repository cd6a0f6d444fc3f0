import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'tandem:public';

/** The few routes anyone may call without a token: login, health. Everything else needs a JWT. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
