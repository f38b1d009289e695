import { startDemoServer } from './demo-server.ts';
import { load } from './load.ts';
import type { BenchResult } from './run.ts';

/**
 * The evaluation round on the full demo county (512 cadres): issuing the rule-based links,
 * ballots through personal links, closing the round (freezing 512 profiles), and the results page.
 */
export async function benchOpinion(ballotLinks = 400): Promise<BenchResult[]> {
  const server = await startDemoServer();
  const base = server.base;
  const out: BenchResult[] = [];
  try {
    const { cookie, csrf } = await server.login('officer');
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const c = await call('POST', '/api/opinion/campaigns', {
      title: '基准测评',
      year: 2099,
      round: 1,
      startsOn: '2020-01-01',
      endsOn: '2099-12-31',
    });
    let t0 = performance.now();
    const assigned = await call('POST', `/api/opinion/campaigns/${c.id}/raters/assign`, {
      groups: ['superior', 'peer'],
    });
    const { slips } = await call('POST', `/api/opinion/campaigns/${c.id}/issue`, {});
    out.push({
      name: '按规则产生上级、同级评价者并发放链接（512 名干部）',
      value: `${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
      note: `${slips.length.toLocaleString('en')} 个一次性链接（上级 ${assigned.created.superior}，同级 ${assigned.created.peer}）`,
    });
    await call('POST', `/api/opinion/campaigns/${c.id}/open`, {});

    const tokens = (slips as { token: string }[]).slice(0, ballotLinks).map((s) => s.token);
    let ballots = 0;
    t0 = performance.now();
    for (const token of tokens) {
      const page = (await (await fetch(`${base}/api/opinion/ballot/${token}`)).json()) as {
        questionnaire: { dimensions: { items: { code: string }[] }[] };
        cadres: { id: string }[];
      };
      const codes = page.questionnaire.dimensions.flatMap((d) => d.items.map((i) => i.code));
      const res = await fetch(`${base}/api/opinion/ballot/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ballots: page.cadres.map((x, i) => ({
            cadreId: x.id,
            answers: Object.fromEntries(codes.map((code, k) => [code, ((i + k) % 5) + 1])),
          })),
        }),
      });
      if (res.status !== 201) throw new Error(`ballot: ${res.status}`);
      ballots += page.cadres.length;
    }
    const secs = (performance.now() - t0) / 1000;
    out.push({
      name: '打开并提交个人评价链接（串行）',
      value: `${(tokens.length / secs).toFixed(0)} 份/秒`,
      note: `${tokens.length} 个链接，${ballots.toLocaleString('en')} 张选票`,
    });

    t0 = performance.now();
    const closed = await call('POST', `/api/opinion/campaigns/${c.id}/close`, {});
    out.push({
      name: '结束测评并冻结口碑档案',
      value: `${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
      note: `${closed.profiles} 份档案`,
    });
    for (const [name, path] of [
      ['测评结果第一页（512 名干部，按得分排序）', `/api/opinion/campaigns/${c.id}/results?pageSize=20`],
      ['某干部口碑档案（历轮）', '/api/opinion/profiles/CADRE'],
    ] as const) {
      const cadre = (await call('GET', `/api/opinion/campaigns/${c.id}/results?pageSize=1`)).items[0].cadreId;
      const r = await load(`${base}${path.replace('CADRE', cadre)}`, { cookie, connections: 4, duration: 5 });
      out.push({
        name: `GET ${name}`,
        value: `${Math.round(r.requests.average).toLocaleString('en')} 请求/秒`,
        note: `p50 ${r.latency.p50} ms，p99 ${r.latency.p99} ms，非 2xx ${r.non2xx}`,
      });
    }
  } finally {
    await server.close();
  }
  return out;
}
