import type { LmmFit } from './fit.ts';

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

/** Rounds to `digits` significant digits, as R prints. */
function sig(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Number(x.toPrecision(digits)).toString();
}

function table(rows: string[][], alignRight: boolean[]): string[] {
  const cols = Math.max(...rows.map((r) => r.length));
  const w = Array.from({ length: cols }, (_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows.map((r) =>
    r
      .map((cell, c) => (alignRight[c] ? padStart(cell, w[c]!) : padEnd(cell, w[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** A readable summary of a fit in the layout of R's summary(lmer), labelled in Chinese. */
export function formatLmmSummary(fit: LmmFit): string {
  const out: string[] = [];
  out.push(`线性混合模型（${fit.method === 'REML' ? '限制性最大似然 REML' : '最大似然 ML'}）`);
  out.push(`公式：${fit.formula}`);
  out.push('');
  const crit =
    fit.method === 'REML'
      ? `REML 准则：${sig(fit.remlCriterion!, 8)}`
      : `偏差（-2 对数似然）：${sig(fit.deviance!, 8)}`;
  out.push(`${crit}    对数似然：${sig(fit.logLik, 8)}`);
  out.push('');
  out.push('随机效应：');
  const rows: string[][] = [['分组', '项', '方差', '标准差', '相关']];
  for (const [g, terms] of Object.entries(fit.sd)) {
    const names = Object.keys(terms);
    names.forEach((name, i) => {
      const sd = terms[name]!;
      const corr: string[] = [];
      for (let j = 0; j < i; j++) {
        const c = fit.corr[g]?.[`${names[j]}:${name}`];
        if (c !== undefined) corr.push(Number.isNaN(c) ? 'NaN' : c.toFixed(2));
      }
      rows.push([
        i === 0 ? g : '',
        g === 'Residual' ? '' : name,
        sig(sd * sd, 5),
        sig(sd, 5),
        corr.join(' '),
      ]);
    });
  }
  for (const line of table(rows, [false, false, true, true, false])) out.push(` ${line}`);
  const groups = Object.entries(fit.ngroups)
    .map(([g, n]) => `${g} ${n}`)
    .join('，');
  out.push(`观测数：${fit.nobs}；分组水平数：${groups}`);
  out.push('');
  out.push('固定效应：');
  const fr: string[][] = [['', '估计值', '标准误', 't 值']];
  for (const [term, f] of Object.entries(fit.fixef)) {
    fr.push([term, sig(f.estimate, 6), sig(f.se, 5), (f.estimate / f.se).toFixed(3)]);
  }
  for (const line of table(fr, [false, true, true, true])) out.push(line);
  out.push('');
  if (fit.singular) out.push('注意：有方差分量估计为 0（边界解，奇异拟合）。');
  if (!fit.converged) out.push('警告：优化未收敛，结果仅供参考。');
  for (const [g, levels] of Object.entries(fit.unidentified)) {
    const id = fit.identification;
    const platform = id?.platform ?? '';
    if (levels.length > 0) {
      out.push(
        `识别：${g} 中有 ${levels.length} 个水平所在连通集只有一个 ${platform}，其自身效应与 ${platform} 效应无法区分。`,
      );
    } else {
      out.push(`识别：${g} 的全部水平都可与 ${platform} 效应区分。`);
    }
  }
  if (fit.identification) {
    const s = fit.identification.sets;
    out.push(
      `连通集：${s.length} 个（最大含 ${s[0]?.persons ?? 0} 个 ${fit.identification.person}、${s[0]?.platforms ?? 0} 个 ${fit.identification.platform}），流动者 ${fit.identification.movers} 人。`,
    );
  }
  out.push(`拟合用时 ${fit.fitMs.toFixed(1)} 毫秒，偏差函数求值 ${fit.evaluations} 次。`);
  return out.join('\n');
}
