import type { LrmxCadre } from './lrmx.ts';

/** What a 干部任免审批表 written from the registry carries besides the parsed fields. */
export interface LrmxForm extends Omit<LrmxCadre, 'education'> {
  /** 全日制学历 and 学位 (the registry keeps "大学（管理学学士）": split at the parenthesis). */
  education: string | null;
  /** YYYYMM: the day ages are counted at. */
  ageOn: string;
  /** YYYYMMDD. */
  filledOn: string;
  filledBy: string | null;
}

/** Characters XML 1.0 does not allow at all (the form's text comes from people and imports). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const xmlText = (v: string) =>
  v
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** "大学（管理学学士）" → level 大学, degree 管理学学士; the parser joins them back the same way. */
function splitEducation(education: string | null): { level: string; degree: string } {
  const m = /^(.*?)（(.*)）$/.exec(education ?? '');
  return m ? { level: m[1]!, degree: m[2]! } : { level: education ?? '', degree: '' };
}

/**
 * Writes a 干部任免审批表 in the .lrmx layout the importer reads (`parseLrmx`): UTF-8 XML with
 * one <Person> element; fields the registry does not hold are written empty, the photo left out.
 */
export function writeLrmx(f: LrmxForm): Buffer {
  const edu = splitEducation(f.education);
  const birth = f.birthMonth ? `${f.birthYear}${String(f.birthMonth).padStart(2, '0')}` : String(f.birthYear);
  const fields: [string, string | null][] = [
    ['XingMing', f.name],
    ['XingBie', f.sex],
    ['ChuShengNianYue', birth],
    ['MinZu', f.ethnicity],
    ['JiGuan', null],
    ['ChuShengDi', null],
    ['RuDangShiJian', null],
    ['CanJiaGongZuoShiJian', null],
    ['JianKangZhuangKuang', null],
    ['ZhuanYeJiShuZhiWu', null],
    ['ShuXiZhuanYeYouHeZhuanChang', null],
    ['QuanRiZhiJiaoYu_XueLi', edu.level],
    ['QuanRiZhiJiaoYu_XueWei', edu.degree],
    ['QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', null],
    ['QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', null],
    ['ZaiZhiJiaoYu_XueLi', null],
    ['ZaiZhiJiaoYu_XueWei', null],
    ['ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi', null],
    ['ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi', null],
    ['XianRenZhiWu', f.currentPost],
    ['XianZhiJi', f.rank],
    ['NiRenZhiWu', f.proposedPost],
    ['NiMianZhiWu', f.proposedRemoval],
    ['JianLi', f.resume],
    ['JiangChengQingKuang', null],
    ['NianDuKaoHeJieGuo', null],
    ['RenMianLiYou', f.reason],
    ['JiaTingChengYuan', null],
    ['ChengBaoDanWei', f.reportingUnit],
    ['JiSuanNianLingShiJian', f.ageOn],
    ['TianBiaoShiJian', f.filledOn],
    ['TianBiaoRen', f.filledBy],
    ['ShenFenZheng', null],
    ['ZhaoPian', null],
    ['Version', '3.2.1.16'],
  ];
  const body = fields.map(([tag, v]) => `  <${tag}>${v ? xmlText(v) : ''}</${tag}>`).join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Person>\n${body}\n</Person>\n`, 'utf8');
}
