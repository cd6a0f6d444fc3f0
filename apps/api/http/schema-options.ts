/** `@ApiProperty` options the response schemas share, so every id, moment and nullable field reads alike. */
export const uuid = { format: 'uuid' } as const;
export const when = { type: String, format: 'date-time' } as const;
export const maybe = <T extends object>(options: T) => ({ ...options, nullable: true }) as T & { nullable: true };
