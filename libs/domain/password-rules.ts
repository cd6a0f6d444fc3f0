/**
 * What a new password must be, as people read it: checked when someone changes their own password and when an
 * administrator sets a temporary one. Long enough to resist guessing at scrypt's cost, mixed enough that a word from
 * a dictionary padded to length is not enough, and never the one it replaces.
 */
export const passwordMinLength = 10;
export const passwordMaxLength = 200;

const characterClasses: readonly RegExp[] = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u];

/** The problems with a proposed password, in Chinese, one per rule broken; none when it may be used. */
export function passwordProblems(password: string, previous: string | null = null): string[] {
  const problems: string[] = [];
  // Code points, not UTF-16 units: a Chinese character or an emoji counts as one character.
  const length = [...password].length;
  if (length < passwordMinLength) problems.push(`密码至少需要 ${passwordMinLength} 个字符`);
  if (length > passwordMaxLength) problems.push(`密码不能超过 ${passwordMaxLength} 个字符`);
  if (characterClasses.filter((c) => c.test(password)).length < 2) {
    problems.push('密码需包含以下至少两类字符：小写字母、大写字母、数字、其他符号');
  }
  if (previous !== null && password === previous) problems.push('新密码不能与当前密码相同');
  return problems;
}

/**
 * scrypt's N (its CPU and memory cost) as config may set it and a stored hash may name it: a power of two, at most
 * 2^20, so a row edited to N=2^40 cannot make one login exhaust the server's memory. Production's least is its
 * default: a cheaper cost is for test stacks, which hash hundreds of passwords a run.
 */
export const scryptNLimits = { min: 2 ** 10, productionMin: 2 ** 15, max: 2 ** 20 } as const;

export const isScryptN = (N: number): boolean => Number.isInteger(N) && N >= scryptNLimits.min && N <= scryptNLimits.max && (N & (N - 1)) === 0;
