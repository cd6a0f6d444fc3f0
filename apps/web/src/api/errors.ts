import type { components } from './schema.js';

/** A refusal code the API may answer with (libs/domain DomainErrorCode, as the OpenAPI document declares it). */
export type ErrorCode = components['schemas']['ErrorCode'];

/**
 * What each refusal code says to a person, in their language. The API's own reasons are English for operators and
 * auditors; people read these. Typed by the generated schema, so a new code fails the console's typecheck, and a test
 * (test/unit/console-errors.spec.ts) checks the API's list against this one.
 */
export const refusalMessages: Record<ErrorCode, string> = {
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '要办理的事项不存在或已删除',
  INVALID_INPUT: '填写的内容有误，请检查后重试',
  WRONG_STAGE: '事项当前所处阶段不能进行此操作，页面已刷新为最新状态',
  NOT_ASSIGNEE: '当前不是由您办理这一步，页面已刷新为最新状态',
  ALREADY_DECIDED: '这一步已经办理过了，请勿重复提交',
  DECISION_NOT_ALLOWED: '这一步不能这样处理',
  COMMENT_REQUIRED: '请填写审批意见',
  SELF_APPROVAL: '不能审批自己提交的事项',
  NO_APPROVER: '找不到可以审批这一级的人员，请联系管理员',
  ALREADY_EXISTS: '相同的内容已经存在',
  QUORUM_NOT_MET: '到会人数不足，会议决定无效',
  INVALID_DATA: '填写的内容无法保存，请检查后重试',
  CONSTRAINT: '内容与已有记录冲突，无法保存',
  PASSWORD_CHANGE_REQUIRED: '请先修改密码，再办理其他事项',
};

/** Answers without a domain code: by HTTP status. */
export const statusMessages: Record<number, string> = {
  400: '填写的内容有误，请检查后重试',
  401: '登录已过期，请重新登录',
  403: '您没有权限进行此操作',
  404: '要办理的事项不存在',
  409: '事项状态已变化，请刷新后重试',
  413: '上传的文件太大',
  429: '操作太频繁，请稍后再试',
  503: '系统繁忙，请稍后重试',
};

export const networkMessage = '网络连接失败，请检查网络后重试';
export const unknownMessage = '系统出错了，请稍后重试';

/** A non-2xx answer of the API, as the console shows it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | undefined,
    /** The API's own reason(s): field messages for a 400. */
    readonly reasons: string[],
  ) {
    super(messageFor(status, code));
    this.name = 'ApiError';
  }
}

export function messageFor(status: number, code: string | undefined): string {
  if (code && code in refusalMessages) return refusalMessages[code as ErrorCode];
  return statusMessages[status] ?? unknownMessage;
}

/** The person-facing words for anything a request threw. */
export const messageOf = (error: unknown): string => (error instanceof ApiError ? error.message : error instanceof TypeError ? networkMessage : unknownMessage);

/** A reason as a person reads it: a field message without the field's path (`title: 项目名称不能超过 200 个字符`). */
export const reasonText = (reason: string): string => reason.replace(/^[A-Za-z][\w.]*: /, '');

/**
 * The API's field messages of a 400 (`newPassword: 密码至少需要 10 个字符`), for `form.setFields` beside the fields
 * named; none when the refusal names none of them (the page shows its message instead).
 */
export function fieldErrors<F extends string>(error: unknown, fields: readonly F[]): { name: F; errors: string[] }[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return fields.flatMap((name) => {
    const errors = error.reasons.filter((r) => r.startsWith(`${name}: `)).map((r) => r.slice(name.length + 2));
    return errors.length > 0 ? [{ name, errors }] : [];
  });
}
