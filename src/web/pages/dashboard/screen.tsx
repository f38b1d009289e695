import { useQuery } from '@tanstack/react-query';
import { Spin } from 'antd';
import dayjs from 'dayjs';
import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import { EChart } from '../../components/echart.tsx';
import { Forbidden } from '../../components/page.tsx';
import { asOfText, curveOption, fetchScreen, figures, rateOption, type Screen } from './figures.ts';

/** The wall is drawn on a 1920×1080 stage and scaled to the window (3840×2160 is twice that). */
const W = 1920;
const H = 1080;
const ROTATE_MS = 12_000;

const C = {
  bg: '#061228',
  panel: 'rgba(14, 38, 78, 0.85)',
  border: '#1f4b8f',
  text: '#dbe9ff',
  dim: '#8fb3d9',
  accent: '#36cfff',
  bad: '#ff5a5a',
};

const panel: CSSProperties = {
  background: C.panel,
  border: `1px solid ${C.border}`,
  borderRadius: 8,
  padding: '12px 16px',
  boxSizing: 'border-box',
  overflow: 'hidden',
  position: 'relative',
};

const stageScale = () => Math.min(window.innerWidth / W, window.innerHeight / H);

function useStageScale() {
  const [scale, setScale] = useState(stageScale);
  useEffect(() => {
    const on = () => setScale(stageScale());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return scale;
}

function PanelTitle(props: { title: string; asOf: string | null; extra?: string }) {
  return (
    <div
      style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 8 }}
    >
      <span style={{ fontSize: 24, fontWeight: 600, color: C.accent }}>{props.title}</span>
      <span style={{ fontSize: 16, color: C.dim }} data-testid="as-of">
        {props.extra ? `${props.extra} · ` : ''}
        {asOfText(props.asOf)}
      </span>
    </div>
  );
}

/** Per-domain indicator curves, one domain at a time, rotating. */
function CurvesPanel(props: { s: Screen }) {
  const domains = props.s.curves.domains;
  const [i, setI] = useState(0);
  useEffect(() => {
    if (domains.length < 2) return;
    const t = setInterval(() => setI((x) => x + 1), ROTATE_MS);
    return () => clearInterval(t);
  }, [domains.length]);
  const d = domains.length ? domains[i % domains.length]! : null;
  const option = useMemo(() => (d ? curveOption(d, true) : null), [d]);
  const asOf =
    d?.indicators
      .map((x) => x.asOf)
      .sort()
      .at(-1) ?? null;
  return (
    <div style={{ ...panel, height: 580 }} data-testid="panel-curves">
      <PanelTitle
        title={d ? `${d.name}领域 · 核心指标` : '核心指标'}
        asOf={asOf}
        extra={domains.length > 1 ? `${(i % domains.length) + 1}/${domains.length}` : undefined}
      />
      {option ? (
        <EChart option={option} height={500} theme="dark" testId="chart-curves" />
      ) : (
        <Empty text="暂无核心指标数据" />
      )}
    </div>
  );
}

function Empty(props: { text: string }) {
  return <div style={{ color: C.dim, fontSize: 22, textAlign: 'center', marginTop: 120 }}>{props.text}</div>;
}

function Figures(props: { s: Screen }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12, height: 960 }}>
      {figures(props.s).map((f, n, all) => (
        <div
          key={f.key}
          style={{
            ...panel,
            gridColumn: n === 0 && all.length % 2 ? 'span 2' : undefined,
            padding: '10px 14px',
          }}
          data-testid={`figure-${f.key}`}
        >
          <div style={{ fontSize: 18, color: C.dim }}>{f.label}</div>
          <div
            style={{ fontSize: 56, fontWeight: 700, color: f.key === 'tasks' && f.value ? C.bad : C.text }}
            data-testid={`figure-${f.key}-value`}
          >
            {f.value}
          </div>
          <div style={{ fontSize: 16, color: C.dim }}>{f.sub}</div>
          <div style={{ fontSize: 14, color: C.dim, marginTop: 4 }}>{asOfText(f.asOf)}</div>
        </div>
      ))}
    </div>
  );
}

/** Key tasks, lagging ones first and in red, scrolling when they do not fit. */
function TaskList(props: { s: Screen }) {
  const t = props.s.tasks;
  const scroll = t.items.length > 11;
  // Scrolling runs the list twice, so the second copy carries its own keys.
  const rows = (scroll ? [...t.items, ...t.items] : t.items).map((r, n) => ({
    ...r,
    key: n < t.items.length ? r.id : `${r.id}-again`,
  }));
  return (
    <div style={{ ...panel, height: 960 }} data-testid="panel-tasks">
      <PanelTitle title="重点任务督办" asOf={t.asOf} extra={`共 ${t.total} 项 · 滞后 ${t.lagging} 项`} />
      <div style={{ height: 880, overflow: 'hidden' }}>
        <div
          style={
            scroll
              ? { animation: `yzd-scroll ${Math.max(20, t.items.length * 3)}s linear infinite` }
              : undefined
          }
        >
          {rows.map((r) => (
            <div
              key={r.key}
              data-testid={r.lagging ? 'task-lagging' : 'task'}
              style={{
                padding: '10px 12px',
                marginBottom: 8,
                borderLeft: `4px solid ${r.lagging ? C.bad : C.accent}`,
                background: r.lagging ? 'rgba(255, 90, 90, 0.12)' : 'rgba(54, 207, 255, 0.06)',
              }}
            >
              <div
                style={{
                  fontSize: 20,
                  color: r.lagging ? C.bad : C.text,
                  whiteSpace: 'nowrap',
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                }}
              >
                {r.lagging ? '【滞后】' : ''}
                {r.title}
              </div>
              <div style={{ fontSize: 16, color: C.dim, display: 'flex', justifyContent: 'space-between' }}>
                <span>牵头：{r.leadUnitName}</span>
                <span>
                  进度 {r.progress ?? '—'}% / 计划 {r.planned}% · 截止 {r.dueOn}
                </span>
              </div>
            </div>
          ))}
          {t.items.length === 0 && <Empty text="暂无在督重点任务" />}
        </div>
      </div>
    </div>
  );
}

function Wall(props: { s: Screen }) {
  const s = props.s;
  const rates = useMemo(() => rateOption(s, true), [s]);
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const t = setInterval(() => setNow(dayjs()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <div style={{ width: W, height: H, padding: 20, boxSizing: 'border-box', color: C.text }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', height: 80 }}>
        <div style={{ fontSize: 40, fontWeight: 700, letterSpacing: 4, color: C.text }}>
          玉智督 · 综合考核重点任务监督平台
        </div>
        <div style={{ fontSize: 20, color: C.dim, textAlign: 'right' }}>
          <div>{s.regionName ?? ''}</div>
          <div data-testid="generated-at">
            {now.format('YYYY-MM-DD HH:mm:ss')} · 数据刷新 {dayjs(s.generatedAt).format('HH:mm:ss')}
          </div>
        </div>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '820px 440px 1fr', gap: 16, height: 960 }}>
        <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
          <CurvesPanel s={s} />
          <div style={{ ...panel, height: 364 }} data-testid="panel-rates">
            <PanelTitle title="民意测评参评率" asOf={s.campaigns.asOf} />
            {s.campaigns.items.length ? (
              <EChart option={rates} height={290} theme="dark" testId="chart-rates" />
            ) : (
              <Empty text="暂无进行中的测评" />
            )}
          </div>
        </div>
        <Figures s={s} />
        <TaskList s={s} />
      </div>
    </div>
  );
}

/** The city-brain wall: full window, no menu, dark, polling the one aggregate. */
export default function ScreenPage() {
  const { me, loading, can } = useSession();
  const loc = useLocation();
  const [params] = useSearchParams();
  const scale = useStageScale();
  // Seconds between refreshes (30 by default; ?refresh=N for a wall that wants it faster).
  const every = Math.max(1, Number(params.get('refresh') ?? 30)) * 1000;
  const allowed = !!me && can('dashboard.screen');
  const q = useQuery({
    queryKey: ['dashboard', 'screen'],
    queryFn: fetchScreen,
    refetchInterval: every,
    enabled: allowed,
  });
  useEffect(() => {
    const html = document.documentElement;
    const prev = [html.style.overflow, document.body.style.background];
    html.style.overflow = 'hidden';
    document.body.style.background = C.bg;
    return () => {
      html.style.overflow = prev[0]!;
      document.body.style.background = prev[1]!;
    };
  }, []);
  if (loading) return <Spin style={{ margin: 80 }} />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  if (!allowed) return <Forbidden />;
  return (
    <div style={{ position: 'fixed', inset: 0, background: C.bg, overflow: 'hidden' }}>
      <style>
        {'@keyframes yzd-scroll { from { transform: translateY(0) } to { transform: translateY(-50%) } }'}
      </style>
      <div
        data-testid="stage"
        style={{
          position: 'absolute',
          left: (window.innerWidth - W * scale) / 2,
          top: (window.innerHeight - H * scale) / 2,
          width: W,
          height: H,
          transform: `scale(${scale})`,
          transformOrigin: '0 0',
        }}
      >
        {q.data ? <Wall s={q.data} /> : <Empty text={q.error ? '数据加载失败，稍后自动重试' : '正在加载…'} />}
      </div>
    </div>
  );
}
