/**
 * Where to go after logging in or changing the password: only a path of this site. `//evil.example` and `/\evil.example` are read by browsers
 * as another host, and anything with a scheme leaves the site; those, the login page and 修改密码 itself (where the
 * person comes from) fall back to 待办.
 */
export function safeReturnTo(value: string | null | undefined, fallback = '/todo'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if ([...value].some((c) => c.charCodeAt(0) < 0x20) || value.startsWith('/login') || value.startsWith('/password')) return fallback;
  return value;
}
