import { fieldLabel, fieldMessage, fieldRefusal, messageLine } from '../../apps/api/http/field-messages.js';

const chinese = /[\u4e00-\u9fff]/;

describe('field refusals in Chinese', () => {
  it('names a field by its owner\'s word, the common word, or the property itself', () => {
    expect(fieldLabel(['title'], 'CreateProjectDto')).toBe('项目名称');
    expect(fieldLabel(['title'], 'CreateCampaignDto')).toBe('工作名称');
    expect(fieldLabel(['comment'], 'DecideDto')).toBe('意见');
    expect(fieldLabel(['goals', '0', 'target'], 'GoalDto')).toBe('年度目标第 1 项的考核指标');
    expect(fieldLabel(['meeting', 'heldOn'], 'MeetingDto')).toBe('会议记录的会议日期');
    expect(fieldLabel(['colour'])).toBe('「colour」');
  });

  it.each([
    [{ path: ['title'], constraint: 'maxLength', args: [200], owner: 'CreateProjectDto' }, '项目名称不能超过 200 个字符'],
    [{ path: ['title'], constraint: 'minLength', args: [1], owner: 'CreateProjectDto' }, '请填写项目名称'],
    [{ path: ['password'], constraint: 'minLength', args: [8], owner: 'CreatePersonDto' }, '密码至少需要 8 个字符'],
    [{ path: ['year'], constraint: 'max', args: [2100] }, '年度不能大于 2100'],
    [{ path: ['pageSize'], constraint: 'min', args: [1] }, '每页条数不能小于 1'],
    [{ path: ['personId'], constraint: 'isUuid', args: [undefined] }, '人员无效，不是系统中的编号'],
    [{ path: ['coOwningUnitIds'], constraint: 'isUuid', each: true }, '共建单位中的每一项无效，不是系统中的编号'],
    [{ path: ['goals'], constraint: 'arrayMinSize', args: [1] }, '年度目标至少需要 1 项'],
    [{ path: ['startsOn'], constraint: 'matches', args: [/x/] }, '开始日期应为日期，格式为 YYYY-MM-DD'],
    [{ path: ['evil'], constraint: 'whitelistValidation' }, '不能提交未定义的字段「evil」'],
    [{ path: ['goals', '0', 'evil'], constraint: 'whitelistValidation' }, '不能提交未定义的字段「goals.0.evil」'],
    [{ path: ['comment'], constraint: 'someFutureRule' }, '意见填写有误'],
  ])('says %j as %s', (problem, message) => {
    expect(fieldMessage(problem)).toBe(message);
  });

  it('has a Chinese sentence for every rule the DTOs use, naming the field', () => {
    const rules = ['isDefined', 'isString', 'minLength', 'maxLength', 'isUuid', 'isIn', 'isInt', 'isNumber', 'min', 'max', 'isEmail', 'isBoolean', 'isObject'];
    const more = ['nestedValidation', 'isArray', 'arrayMinSize', 'arrayMaxSize', 'isIso8601', 'matches', 'isMeasurableTarget', 'controlCharacters', 'tooDeep'];
    for (const constraint of [...rules, ...more]) {
      const message = fieldMessage({ path: ['effectiveAt'], constraint, args: [3] });
      // No English words, bar the literal values a client sends (true, false).
      const english = /[a-z]{4,}/.test(message.replace(/\b(true|false)\b/g, ''));
      expect([constraint, chinese.test(message), message.includes('生效时间'), english]).toEqual([constraint, true, true, false]);
    }
  });

  it('keeps the path and rule for programs, and the path before the sentence in the message list', () => {
    const refusal = fieldRefusal({ path: ['goals', '1', 'title'], constraint: 'maxLength', args: [200], owner: 'GoalDto' });
    expect(refusal).toEqual({ field: 'goals.1.title', code: 'maxLength', message: '年度目标第 2 项的目标名称不能超过 200 个字符' });
    expect(messageLine(refusal)).toBe('goals.1.title: 年度目标第 2 项的目标名称不能超过 200 个字符');
  });
});
