import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ErrorDetail } from '../../../common/errors.ts';
import { AMBIGUOUS, matchDate, validParts } from '../../lib/cell-dates.ts';
import { AppError } from '../../lib/errors.ts';

/** The cadre fields the import takes from one 干部任免审批表 (.lrmx). */
export interface LrmxCadre {
  name: string;
  sex: '男' | '女';
  birthYear: number;
  birthMonth: number | null;
  ethnicity: string | null;
  education: string | null;
  currentPost: string | null;
  rank: string | null;
  resume: string | null;
  reportingUnit: string | null;
  /** 拟任职务, 拟免职务 and 任免理由: what the form proposes. */
  proposedPost: string | null;
  proposedRemoval: string | null;
  reason: string | null;
}

/** A real form with its photo is a few hundred kilobytes; anything far larger is not one. */
export const LRMX_MAX_BYTES = 2 * 1024 * 1024;

const MIN_BIRTH_YEAR = 1940;
const MAX_BIRTH_YEAR = 2010;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Keep every value a string: 出生年月 "197805" or a 身份证号 must not turn into numbers.
  parseTagValue: false,
  // Without it the library leaves numeric references such as &#xD; (common in 简历) undecoded;
  // doing that ourselves after parsing would decode an escaped "&amp;#13;" a second time.
  htmlEntities: true,
  // The photo is most of a large file and is never returned; left raw it parses ten times faster.
  stopNodes: ['*.ZhaoPian'],
});

/** Parses one .lrmx file into the fields of a cadre; throws IMPORT_INVALID naming what is wrong. */
export function parseLrmx(bytes: Buffer | Uint8Array, fileName?: string): LrmxCadre {
  const fail = (message: string, row?: number): AppError => {
    const detail: ErrorDetail = { message };
    if (fileName) detail.path = fileName;
    if (row !== undefined) detail.row = row;
    return new AppError('IMPORT_INVALID', message, [detail]);
  };

  if (bytes.byteLength > LRMX_MAX_BYTES) {
    throw fail(`任免审批表文件过大：超过 ${LRMX_MAX_BYTES / 1024 / 1024} MB 上限`);
  }
  const text = decode(bytes, fail);
  if (text.trim() === '') throw fail('任免审批表文件为空');

  // A form never needs a DTD; refusing any declaration outright rules out entity expansion
  // ("billion laughs") and external entities, whatever the XML library would do with them.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw fail('任免审批表含有 DOCTYPE 或实体声明，出于安全原因拒绝导入');
  }

  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { code, msg, line } = validation.err;
    // Tags still open at the end (a truncated file) are reported at line 1, which would send
    // the user to the wrong place; the end of the file is where it breaks off.
    if (code === 'InvalidXml' && msg.startsWith("Invalid '")) {
      const last = text.trimEnd().split('\n').length;
      throw fail(
        `任免审批表不是有效的 XML 文件：到第 ${last} 行文件结束时仍有标签未闭合，文件可能不完整`,
        last,
      );
    }
    const what = XML_PROBLEMS[code] ?? '格式错误';
    throw line
      ? fail(`任免审批表不是有效的 XML 文件：第 ${line} 行${what}`, line)
      : fail(`任免审批表不是有效的 XML 文件：${what}`);
  }

  let document: unknown;
  try {
    document = parser.parse(text);
  } catch {
    // The parser refuses element names such as "constructor" that could pollute prototypes.
    throw fail('任免审批表不是有效的 XML 文件：含有不允许的元素名');
  }
  // The validator accepts several top-level elements; a form has exactly one.
  const roots = isNode(document) ? Object.keys(document) : [];
  if (roots.length !== 1) throw fail('任免审批表应当只有一个根元素');
  const person = (document as XmlNode)[roots[0]!];
  if (!isNode(person) || !Object.hasOwn(person, 'XingMing')) {
    throw fail('文件不是任免审批表：找不到“姓名”（XingMing）元素');
  }

  const field = (tag: string, label: string): string | null => {
    const value = person[tag];
    if (value === undefined) return null;
    if (Array.isArray(value)) throw fail(`任免审批表“${label}”重复出现`);
    if (typeof value !== 'string') throw fail(`任免审批表“${label}”格式不正确：应为文字`);
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  };

  const name = field('XingMing', '姓名');
  if (!name) throw fail('任免审批表缺少“姓名”');

  const sexText = field('XingBie', '性别');
  if (!sexText) throw fail('任免审批表缺少“性别”');
  const sex = SEXES[sexText];
  if (!sex) throw fail(`任免审批表“性别”应为“男”或“女”：${shown(sexText)}`);

  const birthText = field('ChuShengNianYue', '出生年月');
  if (!birthText) throw fail('任免审批表缺少“出生年月”');
  const birth = parseBirth(birthText, fail);

  const resume = field('JianLi', '简历');

  return {
    name,
    sex,
    birthYear: birth.year,
    birthMonth: birth.month,
    ethnicity: field('MinZu', '民族'),
    education: highestEducation(
      {
        level: field('QuanRiZhiJiaoYu_XueLi', '全日制学历'),
        degree: field('QuanRiZhiJiaoYu_XueWei', '全日制学位'),
      },
      { level: field('ZaiZhiJiaoYu_XueLi', '在职学历'), degree: field('ZaiZhiJiaoYu_XueWei', '在职学位') },
    ),
    currentPost: field('XianRenZhiWu', '现任职务'),
    rank: field('XianZhiJi', '现职级') ?? field('ZhiJi', '职级'),
    // Forms written on Windows carry CR LF (sometimes as &#xD;); lines are stored with LF only.
    resume: resume ? resume.replace(/\r\n?/g, '\n') : null,
    reportingUnit: field('ChengBaoDanWei', '呈报单位'),
    proposedPost: field('NiRenZhiWu', '拟任职务'),
    proposedRemoval: field('NiMianZhiWu', '拟免职务'),
    reason: field('RenMianLiYou', '任免理由'),
  };
}

/** Parses a batch of .lrmx files, each on its own, so one bad file does not hold back the rest. */
export function parseLrmxMany(files: { name: string; bytes: Buffer }[]): {
  ok: { file: string; cadre: LrmxCadre }[];
  errors: { file: string; message: string }[];
} {
  const ok: { file: string; cadre: LrmxCadre }[] = [];
  const errors: { file: string; message: string }[] = [];
  for (const { name, bytes } of files) {
    try {
      ok.push({ file: name, cadre: parseLrmx(bytes, name) });
    } catch (err) {
      // Anything but AppError is a fault in this code, not in the file: let it reach the 500 path.
      if (!(err instanceof AppError)) throw err;
      errors.push({ file: name, message: err.message });
    }
  }
  return { ok, errors };
}

type Fail = (message: string, row?: number) => AppError;

const SEXES: Record<string, '男' | '女'> = { 男: '男', 女: '女', '1': '男', '2': '女' };

const XML_PROBLEMS: Record<string, string> = {
  InvalidXml: '结构不正确',
  InvalidTag: '标签未闭合或不匹配',
  InvalidAttr: '属性格式不正确',
  InvalidChar: '出现了不应有的字符',
};

const GBK_LABELS = new Set(['gb2312', 'gbk', 'gb18030', 'cp936', 'x-gbk', 'windows-936']);

/** Decodes by byte-order mark, then by the XML declaration, then UTF-8 with a GBK fallback. */
function decode(bytes: Uint8Array, fail: Fail): string {
  if (bytes.byteLength === 0) throw fail('任免审批表文件为空');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return strictDecode('utf-16le', bytes, fail);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return strictDecode('utf-16be', bytes, fail);

  // The declaration is ASCII in every encoding we accept, so reading the head as Latin-1 is safe.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(
    head,
  )?.[1];
  if (declared) {
    const label = declared.trim().toLowerCase();
    if (label === 'utf-8' || label === 'utf8') return strictDecode('utf-8', bytes, fail);
    if (GBK_LABELS.has(label)) return strictDecode(label === 'gb18030' ? 'gb18030' : 'gbk', bytes, fail);
    throw fail(`任免审批表的文件编码不受支持：${shown(declared)}（应为 UTF-8 或 GBK）`);
  }
  // Without a declaration XML means UTF-8, but older forms saved without one are often GBK.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return strictDecode('gbk', bytes, fail);
  }
}

function strictDecode(encoding: string, bytes: Uint8Array, fail: Fail): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw fail(`任免审批表不是有效的 ${encoding.toUpperCase()} 编码文本，文件可能已损坏`);
  }
}

/** Accepts YYYYMM, YYYYMMDD, YYYY.MM(.DD), YYYY-MM, YYYY年MM月 and a bare year; YYYY.1 is refused as ambiguous. */
function parseBirth(raw: string, fail: Fail): { year: number; month: number | null } {
  const p = matchDate(raw);
  if (p === AMBIGUOUS) {
    const year = raw.normalize('NFKC').trim().slice(0, 4);
    throw fail(
      `任免审批表“出生年月”（ChuShengNianYue）“${shown(raw)}”有歧义：可能是 ${year} 年 1 月，也可能是 ${year} 年 10 月；请改为 ${year}01 或 ${year}10`,
    );
  }
  if (!p) throw fail(`任免审批表“出生年月”格式不正确：${shown(raw)}`);
  const { year, month } = p;
  if (year < MIN_BIRTH_YEAR || year > MAX_BIRTH_YEAR) {
    throw fail(
      `任免审批表“出生年月”不合理：${shown(raw)}（年份应在 ${MIN_BIRTH_YEAR}—${MAX_BIRTH_YEAR} 之间）`,
    );
  }
  if (month !== null && (month < 1 || month > 12)) {
    throw fail(`任免审批表“出生年月”不合理：${shown(raw)}（月份应在 1—12 之间）`);
  }
  if (!validParts(p)) {
    throw fail(`任免审批表“出生年月”不合理：${shown(raw)}（日期不存在）`);
  }
  return { year, month };
}

interface Schooling {
  level: string | null;
  degree: string | null;
}

/** The order the form's wording follows; synonyms of a level are tested before the shorter word. */
const LEVELS: [RegExp, number][] = [
  [/研究生/, 5],
  [/中专|中等专科/, 2],
  [/大专|专科/, 3],
  [/大学|本科/, 4],
  [/高中/, 1],
];

function levelOf(text: string): number | null {
  return LEVELS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** The higher of 全日制 and 在职 schooling as written, with its degree in parentheses. */
function highestEducation(fullTime: Schooling, inService: Schooling): string | null {
  const full = fullTime.level ? levelOf(fullTime.level) : null;
  const service = inService.level ? levelOf(inService.level) : null;
  let chosen: Schooling;
  if (full !== null && service !== null) chosen = service > full ? inService : fullTime;
  else chosen = fullTime.level ? fullTime : inService;
  if (!chosen.level) return fullTime.degree ?? inService.degree;
  return chosen.degree ? `${chosen.level}（${chosen.degree}）` : chosen.level;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keeps a quoted bad value short enough for a message. */
function shown(value: string): string {
  return value.length > 20 ? `${value.slice(0, 20)}…` : value;
}
