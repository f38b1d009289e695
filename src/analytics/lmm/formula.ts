/**
 * The subset of R's model formulae that lme4 users write for Gaussian mixed models:
 * `y ~ x + f + (1 | g) + (1 + x | g) + (0 + x | h)`, `y ~ 1 + (1 | g)`, `y ~ 0 + f + (1 | g)`.
 * Column names may be written in backquotes (`` `年 度` ``); `g1:g2` groups by the combination.
 */

export interface RandomTerm {
  /** Whether the term has a random intercept (`1 + x | g`, `x | g`) or not (`0 + x | g`). */
  intercept: boolean;
  /** Covariates with random slopes, in formula order. */
  slopes: string[];
  /** Grouping columns; more than one (`a:b`) groups by their combination. */
  group: string[];
}

export interface Formula {
  response: string;
  intercept: boolean;
  fixed: string[];
  random: RandomTerm[];
}

export class FormulaError extends Error {}

type Token = { kind: 'name' | 'num' | 'op'; text: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if ('~+-|():'.includes(ch)) {
      out.push({ kind: 'op', text: ch, at: i });
      i++;
    } else if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) throw new FormulaError(`公式第 ${i + 1} 个字符处的反引号没有闭合`);
      out.push({ kind: 'name', text: src.slice(i + 1, end), at: i });
      i = end + 1;
    } else {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|[\p{L}_.][\p{L}\p{N}_.]*)/u.exec(src.slice(i));
      if (!m) throw new FormulaError(`公式第 ${i + 1} 个字符“${ch}”无法识别`);
      out.push({ kind: /^[0-9]/.test(m[0]) ? 'num' : 'name', text: m[0], at: i });
      i += m[0].length;
    }
  }
  return out;
}

/** Parses a formula; throws FormulaError with a Chinese message on anything outside the subset. */
export function parseFormula(src: string): Formula {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const t = peek();
    throw new FormulaError(t ? `公式第 ${t.at + 1} 个字符处：${what}` : `公式不完整：${what}`);
  };
  const expectOp = (op: string) => {
    const t = peek();
    if (t?.kind !== 'op' || t.text !== op) fail(`应为“${op}”`);
    pos++;
  };
  const name = (): string => {
    const t = peek();
    if (t?.kind !== 'name') return fail('应为列名');
    pos++;
    return t.text;
  };

  const response = name();
  expectOp('~');
  const formula: Formula = { response, intercept: true, fixed: [], random: [] };
  let sign = 1;
  let first = true;
  while (pos < tokens.length) {
    if (!first) {
      const t = peek()!;
      if (t.kind === 'op' && (t.text === '+' || t.text === '-')) {
        sign = t.text === '-' ? -1 : 1;
        pos++;
      } else {
        fail('项之间应以“+”连接');
      }
    } else if (peek()?.kind === 'op' && peek()!.text === '-') {
      sign = -1;
      pos++;
    }
    first = false;
    const t = peek();
    if (!t) fail('缺少项');
    if (t!.kind === 'num') {
      if (t!.text !== '0' && t!.text !== '1') fail('常数项只能写 0 或 1');
      formula.intercept = sign > 0 ? t!.text === '1' : t!.text !== '1';
      pos++;
    } else if (t!.kind === 'op' && t!.text === '(') {
      if (sign < 0) fail('不能减去随机效应项');
      pos++;
      formula.random.push(randomTerm());
      expectOp(')');
    } else {
      if (sign < 0) fail('不支持减去变量');
      const v = name();
      if (peek()?.kind === 'op' && peek()!.text === ':') fail('固定效应暂不支持交互项');
      if (v === response) fail(`因变量 ${v} 不能同时作为自变量`);
      if (!formula.fixed.includes(v)) formula.fixed.push(v);
    }
  }

  if (first) fail('“~”右边缺少项');

  function randomTerm(): RandomTerm {
    const term: RandomTerm = { intercept: true, slopes: [], group: [] };
    let s = 1;
    let firstInner = true;
    for (;;) {
      const t = peek();
      if (!t) fail('随机效应项缺少“|”');
      if (t!.kind === 'op' && t!.text === '|') break;
      if (!firstInner) {
        if (t!.kind === 'op' && (t!.text === '+' || t!.text === '-')) {
          s = t!.text === '-' ? -1 : 1;
          pos++;
        } else {
          fail('随机效应项内应以“+”连接');
        }
      }
      firstInner = false;
      const u = peek();
      if (!u) fail('随机效应项不完整');
      if (u!.kind === 'num') {
        if (u!.text !== '0' && u!.text !== '1') fail('常数项只能写 0 或 1');
        term.intercept = s > 0 ? u!.text === '1' : u!.text !== '1';
        pos++;
      } else {
        if (s < 0) fail('不支持减去变量');
        const v = name();
        if (!term.slopes.includes(v)) term.slopes.push(v);
      }
    }
    expectOp('|');
    term.group.push(name());
    while (peek()?.kind === 'op' && peek()!.text === ':') {
      pos++;
      term.group.push(name());
    }
    if (peek()?.kind === 'op' && peek()!.text === '/') fail('嵌套请写成 (1|a) + (1|a:b)');
    if (!term.intercept && term.slopes.length === 0) fail('随机效应项至少要有截距或一个斜率');
    return term;
  }
  return formula;
}

/** The R name of a grouping factor: `g` or `a:b`. */
export function groupName(term: RandomTerm): string {
  return term.group.join(':');
}
