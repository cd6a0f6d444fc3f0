import { ApiError, fieldErrors, reasonText, refusalMessages, messageFor, statusMessages } from '../../apps/web/src/api/errors.js';
import { safeReturnTo } from '../../apps/web/src/auth/return-to.js';
import { domainErrorCodes } from '../../libs/domain/index.js';

const chinese = /[\u4e00-\u9fff]/;

describe('console refusal messages', () => {
  it('has a Chinese message for every refusal code the API can answer with', () => {
    for (const code of domainErrorCodes) expect([code, chinese.test(refusalMessages[code] ?? '')]).toEqual([code, true]);
    // And no message for a code the API no longer has.
    expect(Object.keys(refusalMessages).sort()).toEqual([...domainErrorCodes].sort());
  });

  it('falls back to the status for answers without a code: validation, login, throttling, outages', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 429, 503]) expect([status, chinese.test(statusMessages[status] ?? '')]).toEqual([status, true]);
    expect(messageFor(409, 'NOT_ASSIGNEE')).toBe(refusalMessages.NOT_ASSIGNEE);
    expect(messageFor(503, undefined)).toBe(statusMessages[503]);
    expect(messageFor(502, 'SOMETHING_NEW')).toMatch(chinese);
  });

  it("puts a 400's field messages beside the form's fields it names, and nothing of other refusals", () => {
    const refusal = new ApiError(400, 'INVALID_INPUT', ['newPassword: 密码至少需要 10 个字符', 'email: 不是这个表单的']);
    expect(fieldErrors(refusal, ['currentPassword', 'newPassword'])).toEqual([{ name: 'newPassword', errors: ['密码至少需要 10 个字符'] }]);
    expect(fieldErrors(new ApiError(429, undefined, ['currentPassword: 尝试过于频繁']), ['currentPassword'])).toEqual([]);
  });

  it("shows a field message without its path where no field of the form stands beside it", () => {
    expect(reasonText('goals.0.target: 年度目标第 1 项的考核指标不能超过 100 个字符')).toBe('年度目标第 1 项的考核指标不能超过 100 个字符');
    expect(reasonText('原任职人员当前不担任该组织的这一职务')).toBe('原任职人员当前不担任该组织的这一职务');
  });
});

describe('return after login', () => {
  it('returns to a path of this site, query included', () => {
    expect(safeReturnTo('/tasks/6f1c2d3e?from=mail')).toBe('/tasks/6f1c2d3e?from=mail');
  });

  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/login?returnTo=/x', '/password?returnTo=/x', '', null])(
    'refuses %p and goes to 待办',
    (value) => {
      expect(safeReturnTo(value)).toBe('/todo');
    },
  );
});
