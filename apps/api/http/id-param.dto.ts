import { IsUUID } from 'class-validator';

/** `:id` of every resource: a malformed id is a 400 naming `id`, never a database error. */
export class IdParam {
  @IsUUID()
  id!: string;
}
