import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { LRMX_MAX_BYTES, parseLrmx, parseLrmxMany } from './lrmx.ts';

const FIXTURES = new URL('../../../../test/fixtures/lrmx/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

/** A minimal form with the required fields, overridable one by one. */
function form(fields: Record<string, string | undefined> = {}): Buffer {
  const all: Record<string, string | undefined> = {
    XingMing: '周测试',
    XingBie: '男',
    ChuShengNianYue: '198001',
    ChengBaoDanWei: '演示县委组织部（测试数据）',
    ...fields,
  };
  const body = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${v}</${k}>`)
    .join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Person>\n${body}\n</Person>\n`);
}

/** Runs the parser expecting a refusal and returns it. */
function refusal(bytes: Buffer | Uint8Array, fileName?: string): AppError {
  try {
    parseLrmx(bytes, fileName);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.status).toBe(422);
    return e;
  }
  throw new Error('expected the file to be refused');
}

describe('parseLrmx: sample files', () => {
  it('reads a full UTF-8 form and leaves the photo out', () => {
    const cadre = parseLrmx(fixture('valid-zhang.lrmx'), 'valid-zhang.lrmx');
    expect(cadre).toEqual({
      name: '张明远',
      sex: '男',
      birthYear: 1978,
      birthMonth: 5,
      ethnicity: '汉族',
      education: '大学（管理学学士）',
      currentPost: '演示乡党委书记',
      rank: null,
      resume:
        '1996.09--2000.07  演示大学公共管理专业学习\n2000.07--2024.06  演示乡工作，历任科员、副乡长、党委书记',
      reportingUnit: '演示县委组织部（测试数据）',
      proposedPost: '演示县农业农村局局长',
      proposedRemoval: '演示乡党委书记',
      reason: '工作需要',
    });
    // The file is written with CR LF; the résumé keeps two clean lines.
    expect(cadre.resume!.split('\n')).toHaveLength(2);
    expect(cadre.resume).not.toContain('\r');
    expect(JSON.stringify(cadre)).not.toContain('iVBORw0KGgo');
  });

  it('decodes a GBK form by its declaration', () => {
    const bytes = fixture('valid-gbk.lrmx');
    // The sample really is GBK: as UTF-8 it would not decode.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const cadre = parseLrmx(bytes, 'valid-gbk.lrmx');
    expect(cadre.name).toBe('王秀兰');
    expect(cadre.sex).toBe('女');
    expect([cadre.birthYear, cadre.birthMonth]).toEqual([1969, 11]);
    expect(cadre.ethnicity).toBe('回族');
    expect(cadre.currentPost).toBe('演示镇人大主席');
    // 在职 大学 is higher than 全日制 中专, and no degree is given.
    expect(cadre.education).toBe('大学');
    // The line break is written as &#xD;&#xA; in this file.
    expect(cadre.resume!.split('\n')).toEqual([
      '1988.09--1991.07  演示师范学校学习',
      '1991.07--  演示镇工作',
    ]);
  });

  it('decodes GBK without a declaration when the bytes are not UTF-8', () => {
    const gbk = fixture('valid-gbk.lrmx');
    const withoutDeclaration = gbk.subarray(gbk.indexOf('<Person>'));
    expect(parseLrmx(withoutDeclaration).name).toBe('王秀兰');
  });

  it('reads the rank, the code for sex, a full birth date and the in-service degree', () => {
    const cadre = parseLrmx(fixture('valid-rank.lrmx'));
    expect(cadre.name).toBe('赵演示');
    expect(cadre.sex).toBe('女');
    expect([cadre.birthYear, cadre.birthMonth]).toEqual([1985, 3]);
    expect(cadre.rank).toBe('二级主任科员');
    expect(cadre.currentPost).toBe('演示县司法局副局长');
    expect(cadre.education).toBe('研究生（法学硕士）');
    expect(cadre.reportingUnit).toBe('演示县委组织部&演示县司法局（测试数据）');
  });

  it('refuses a truncated file and names the line where it breaks off', () => {
    const e = refusal(fixture('malformed.lrmx'), 'malformed.lrmx');
    expect(e.message).toMatch(/不是有效的 XML 文件/);
    expect(e.message).toMatch(/第 22 行/);
    expect(e.details).toEqual([{ path: 'malformed.lrmx', row: 22, message: e.message }]);
  });

  it('refuses a form without 出生年月', () => {
    expect(refusal(fixture('missing-birth.lrmx')).message).toBe('任免审批表缺少“出生年月”');
  });

  it('refuses a form whose 性别 is neither 男 nor 女', () => {
    expect(refusal(fixture('bad-sex.lrmx')).message).toBe('任免审批表“性别”应为“男”或“女”：未知');
  });

  it('refuses a DOCTYPE outright instead of expanding its entities', () => {
    const started = performance.now();
    expect(refusal(fixture('doctype.lrmx')).message).toMatch(/DOCTYPE 或实体声明/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseLrmx: refusals', () => {
  it('refuses a file over the size limit and says the limit', () => {
    const e = refusal(Buffer.alloc(LRMX_MAX_BYTES + 1, 0x20));
    expect(e.message).toMatch(/过大/);
    expect(e.message).toMatch(/2 MB/);
  });

  it('refuses an empty file', () => {
    expect(refusal(Buffer.alloc(0)).message).toBe('任免审批表文件为空');
    expect(refusal(Buffer.from('\uFEFF \n')).message).toBe('任免审批表文件为空');
  });

  it('refuses text that is not XML and names the line', () => {
    expect(refusal(Buffer.from('姓名,性别\n张三,男\n')).message).toMatch(/不是有效的 XML 文件：第 1 行/);
    expect(refusal(Buffer.from('<Person>\n<XingMing>a</XingMing>\n<XingBie>男</Person>')).message).toMatch(
      /第 3 行标签未闭合或不匹配/,
    );
  });

  it('refuses an ENTITY declaration even without a DOCTYPE line', () => {
    expect(refusal(Buffer.from('<!ENTITY x "y"><Person><XingMing>a</XingMing></Person>')).message).toMatch(
      /实体声明/,
    );
  });

  it('refuses XML that is not a 任免审批表', () => {
    expect(refusal(Buffer.from('<Book><Title>x</Title></Book>')).message).toMatch(/不是任免审批表.*XingMing/);
    expect(refusal(Buffer.from('<a/><b/>')).message).toMatch(/只有一个根元素/);
  });

  it('refuses a blank 姓名', () => {
    expect(refusal(form({ XingMing: '   ' })).message).toBe('任免审批表缺少“姓名”');
  });

  it('refuses 出生年月 that is not a date, naming the field and the value', () => {
    expect(refusal(form({ ChuShengNianYue: '19781' })).message).toBe('任免审批表“出生年月”格式不正确：19781');
    expect(refusal(form({ ChuShengNianYue: '七八年五月' })).message).toMatch(/“出生年月”格式不正确/);
    expect(refusal(form({ ChuShengNianYue: '193512' })).message).toMatch(/“出生年月”不合理.*1940—2010/);
    expect(refusal(form({ ChuShengNianYue: '201101' })).message).toMatch(/“出生年月”不合理/);
    expect(refusal(form({ ChuShengNianYue: '197813' })).message).toMatch(/“出生年月”不合理.*月份/);
    expect(refusal(form({ ChuShengNianYue: '19780230' })).message).toMatch(/“出生年月”不合理.*日期不存在/);
  });

  it('refuses 出生年月 1985.1 (January, or 1985.10 with its zero lost) instead of guessing January', () => {
    expect(refusal(form({ ChuShengNianYue: '1985.1' })).message).toMatch(
      /“出生年月”（ChuShengNianYue）“1985.1”有歧义.*198501 或 198510/,
    );
    expect(refusal(form({ ChuShengNianYue: '１９８５．１' })).message).toMatch(/有歧义/);
    const october = parseLrmx(form({ ChuShengNianYue: '1985.10' }));
    expect([october.birthYear, october.birthMonth]).toEqual([1985, 10]);
  });

  it('refuses an unsupported declared encoding', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="Big5"?><Person><XingMing>a</XingMing></Person>');
    expect(refusal(bytes).message).toMatch(/编码不受支持：Big5/);
  });
});

describe('parseLrmx: field rules', () => {
  it.each([
    ['197805', 1978, 5],
    ['1978.05', 1978, 5],
    ['1978.5', 1978, 5],
    ['1978-05', 1978, 5],
    ['19780501', 1978, 5],
    ['1978.05.01', 1978, 5],
    ['1978年5月', 1978, 5],
    ['１９７８．０５', 1978, 5],
    ['1978', 1978, null],
    ['1985.10', 1985, 10],
    ['1985年10月', 1985, 10],
    ['1985/10', 1985, 10],
  ])('reads 出生年月 %s', (text, year, month) => {
    const cadre = parseLrmx(form({ ChuShengNianYue: text }));
    expect([cadre.birthYear, cadre.birthMonth]).toEqual([year, month]);
  });

  it('accepts the GB/T 2261.1 codes 1 and 2 for 性别', () => {
    expect(parseLrmx(form({ XingBie: '1' })).sex).toBe('男');
    expect(parseLrmx(form({ XingBie: ' 2 ' })).sex).toBe('女');
  });

  it('falls back to ZhiJi for the rank and leaves it null when neither is present', () => {
    expect(parseLrmx(form({ ZhiJi: '一级科员' })).rank).toBe('一级科员');
    expect(parseLrmx(form({ XianZhiJi: '四级调研员', ZhiJi: '一级科员' })).rank).toBe('四级调研员');
    expect(parseLrmx(form()).rank).toBeNull();
  });

  it('picks the higher schooling, preferring 全日制 when the wording is not in the order', () => {
    const education = (full: string, fullDegree: string, service: string, serviceDegree: string) =>
      parseLrmx(
        form({
          QuanRiZhiJiaoYu_XueLi: full,
          QuanRiZhiJiaoYu_XueWei: fullDegree,
          ZaiZhiJiaoYu_XueLi: service,
          ZaiZhiJiaoYu_XueWei: serviceDegree,
        }),
      ).education;
    expect(education('大学', '管理学学士', '研究生', '管理学硕士')).toBe('研究生（管理学硕士）');
    expect(education('研究生', '工学硕士', '大学', '')).toBe('研究生（工学硕士）');
    expect(education('大学', '', '大学', '法学学士')).toBe('大学');
    expect(education('中等专科', '', '大学专科', '')).toBe('大学专科');
    expect(education('其他', '', '研究生', '')).toBe('其他');
    expect(education('', '', '大专', '')).toBe('大专');
    expect(education('', '', '', '')).toBeNull();
  });

  it('trims text, treats blank fields as absent and decodes character references', () => {
    const cadre = parseLrmx(
      form({
        XingMing: '  吴测试 ',
        MinZu: '',
        XianRenZhiWu: ' 演示局&#x5C40;长 ',
        JianLi: '\n  2001.07--  演示局工作&#13;\n2010.01--  演示乡工作  \n',
      }),
    );
    expect(cadre.name).toBe('吴测试');
    expect(cadre.ethnicity).toBeNull();
    expect(cadre.currentPost).toBe('演示局局长');
    expect(cadre.resume).toBe('2001.07--  演示局工作\n2010.01--  演示乡工作');
  });

  it('refuses a field given twice rather than guessing which one is right', () => {
    const bytes = Buffer.from(
      '<Person><XingMing>甲测试</XingMing><XingMing>乙测试</XingMing><XingBie>男</XingBie><ChuShengNianYue>198001</ChuShengNianYue></Person>',
    );
    expect(refusal(bytes).message).toBe('任免审批表“姓名”重复出现');
  });
});

describe('parseLrmxMany', () => {
  it('parses every sample on its own and separates the good from the bad', () => {
    const names = readdirSync(FIXTURES).sort();
    const result = parseLrmxMany(names.map((name) => ({ name, bytes: fixture(name) })));
    expect(result.ok.map((r) => [r.file, r.cadre.name])).toEqual([
      ['valid-gbk.lrmx', '王秀兰'],
      ['valid-rank.lrmx', '赵演示'],
      ['valid-zhang.lrmx', '张明远'],
    ]);
    expect(result.errors.map((r) => r.file)).toEqual([
      'bad-sex.lrmx',
      'doctype.lrmx',
      'malformed.lrmx',
      'missing-birth.lrmx',
    ]);
    expect(result.errors.find((r) => r.file === 'bad-sex.lrmx')!.message).toMatch(/“性别”/);
    expect(result.errors.find((r) => r.file === 'missing-birth.lrmx')!.message).toMatch(/“出生年月”/);
  });
});
