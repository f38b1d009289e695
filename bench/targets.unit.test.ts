import { describe, expect, it } from 'vitest';
import { judge, targetSummary } from './targets.ts';

describe('benchmark targets', () => {
  it('reads each kind of target from a row and says whether it is met', () => {
    expect(judge('GET 名册（目标 p99 ≤ 50 ms）', '3,444 请求/秒', 'p50 25 ms，p99 69 ms')).toEqual({
      figure: 'p99 69 ms',
      met: false,
    });
    expect(judge('名册（规模 0.1，目标 p99 ≤ 200 ms）', 'p99 13 ms（基线的 1.6×）', '')?.met).toBe(true);
    expect(judge('重算（规模 0.1，目标 ≤ 1.5× 下限）', '3.66×', '')).toEqual({ figure: '3.66×', met: false });
    expect(judge('提交（目标 ≥ 2,000 份/秒）', '2,055 份/秒', '')?.met).toBe(true);
    expect(
      judge('GET /api/auth/me（目标 ≥ 0.3× /api/health）', '7,981 请求/秒', '为 /api/health 的 0.75×')?.met,
    ).toBe(true);
    expect(judge('生成数据', '16.7 秒', '')).toBeNull();
  });

  it('gathers the rows with a target from every section', () => {
    const lines = targetSummary(
      new Map([
        [
          '平台',
          [
            '## 平台',
            '',
            '| 项目 | 结果 | 说明 |',
            '|---|---|---|',
            '| A（目标 p99 ≤ 50 ms） | 1 请求/秒 | p99 20 ms |',
          ],
        ],
        ['省', ['## 省', '| B（目标 ≤ 1.5× 下限） | 2.5× | x |', '| C | 1 | y |']],
      ]),
    );
    expect(lines.filter((l) => l.startsWith('| A') || l.startsWith('| B'))).toEqual([
      '| A（目标 p99 ≤ 50 ms） | p99 20 ms | 达标 | 平台 |',
      '| B（目标 ≤ 1.5× 下限） | 2.5× | **未达标** | 省 |',
    ]);
    expect(lines.join('\n')).toContain('共 2 项，达标 1 项');
  });
});
