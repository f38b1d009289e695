import { describe, expect, it } from 'vitest';
import { dataChanged } from './data-version.ts';
import { summaryCache } from './summary-cache.ts';

describe('summary cache', () => {
  it('shares one computation among readers arriving while it runs, until the data changes', async () => {
    const cache = summaryCache<number>();
    let runs = 0;
    const compute = async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 5));
      return runs;
    };
    const at = new Date('2026-12-06T08:00:00Z');
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', at, compute)));
    expect(runs).toBe(1);
    expect(answers.every((a) => a.value === 1 && a.asOf === at)).toBe(true);
    expect((await cache.get('other', at, compute)).value).toBe(2);
    dataChanged();
    expect((await cache.get('k', new Date(at.getTime() + 1000), compute)).value).toBe(3);
  });

  it('does not keep a failed computation: the next reader computes again', async () => {
    const cache = summaryCache<string>();
    const at = new Date();
    await expect(cache.get('k', at, () => Promise.reject(new Error('数据库不可用')))).rejects.toThrow(
      '数据库不可用',
    );
    expect((await cache.get('k', at, async () => 'ok')).value).toBe('ok');
  });

  it('computes again after its time limit though nothing changed', async () => {
    const cache = summaryCache<number>({ maxAgeMs: 1 });
    let runs = 0;
    const at = new Date();
    await cache.get('k', at, async () => ++runs);
    await new Promise((r) => setTimeout(r, 5));
    expect((await cache.get('k', at, async () => ++runs)).value).toBe(2);
  });
});
