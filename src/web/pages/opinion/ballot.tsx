import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Progress, Result, Skeleton, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { opinionApi } from '../../../common/contracts/opinion.ts';
import { systemApi } from '../../../common/contracts/system.ts';
import type { ErrorDetail } from '../../../common/errors.ts';
import { ApiError, call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { type BallotView, type CadreAnswer, CadreCard, PRIMARY, SCALE_CSS } from './ballot-card.tsx';

type Draft = Record<string, CadreAnswer>;

const EMPTY: CadreAnswer = { answers: {}, text: '', skipped: false };

/** A personal link's one-time token, or a public link's code. */
type BallotLink = { kind: 'personal'; token: string } | { kind: 'public'; code: string };

const openLink = (l: BallotLink) =>
  l.kind === 'personal'
    ? call(opinionApi.openBallot, { params: { token: l.token } })
    : call(opinionApi.openPublic, { params: { code: l.code } });

/** Errors after which the page has nothing left to offer but an explanation. */
const FINAL_CODES = new Set([
  'LINK_INVALID',
  'LINK_USED',
  'SLIP_USED',
  'CAMPAIGN_NOT_OPEN',
  'CAMPAIGN_CLOSED',
]);

/**
 * The ballot page, without login: a personal one-time link (/v/:token) or a public link of a
 * unit or town (/p/:code, where a cadre one does not know may be skipped) entered with the code
 * of a card handed out at the session (in the card's QR code as ?c=, or typed). Phone first.
 */
export default function BallotPage() {
  const { token, code } = useParams();
  const [search] = useSearchParams();
  const kind: 'personal' | 'public' = token ? 'personal' : 'public';
  // The card's code, once the server has confirmed it is valid and unused.
  const [slip, setSlip] = useState<string | null>(null);
  const link: BallotLink = token ? { kind: 'personal', token } : { kind: 'public', code: code ?? '' };
  // The key of the query and of the draft kept in this tab.
  const url = token
    ? `/api/opinion/ballot/${encodeURIComponent(token)}`
    : `/api/opinion/public/${encodeURIComponent(code ?? '')}`;
  const q = useQuery({
    queryKey: ['opinion', 'ballot', url],
    queryFn: () => openLink(link),
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [finalError, setFinalError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ rated: number } | null>(null);

  let body: ReactNode;
  if (done) body = <ThankYou kind={kind} rated={done.rated} />;
  else if (finalError) body = <Refusal error={finalError} kind={kind} />;
  else if (q.data && kind === 'public' && !slip) {
    body = (
      <SlipGate
        code={code ?? ''}
        initial={search.get('c') ?? ''}
        cadres={q.data.cadres.length}
        onValid={setSlip}
        onFinalError={setFinalError}
      />
    );
  } else if (q.data) {
    body = (
      <BallotForm
        view={q.data}
        link={link}
        slip={slip}
        draftKey={`yzd-ballot:${url}`}
        onDone={setDone}
        onFinalError={setFinalError}
      />
    );
  } else if (q.isError) {
    body = <Refusal error={q.error} kind={kind} onRetry={() => q.refetch()} />;
  } else {
    body = (
      <Card style={{ margin: 12 }}>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }

  return (
    <div style={{ minHeight: '100vh', background: '#f4f1ee' }} data-testid="ballot-page">
      <style>{'body { margin: 0; }'}</style>
      <DemoBanner />
      <Header view={q.data} kind={kind} />
      <div style={{ maxWidth: 640, margin: '0 auto' }}>{body}</div>
    </div>
  );
}

function DemoBanner() {
  const info = useQuery({
    queryKey: ['system-info'],
    queryFn: () => call(systemApi.info),
    staleTime: 600_000,
  });
  if (info.data?.mode !== 'demo') return null;
  return (
    <Alert
      banner
      type="warning"
      title="演示数据 —— 所有人员和数据均为虚构，仅供体验。"
      data-testid="demo-banner"
    />
  );
}

function Header(props: { view?: BallotView; kind: 'personal' | 'public' }) {
  const v = props.view;
  return (
    <div
      style={{
        background: 'linear-gradient(135deg, #8b1a1a 0%, #b8322a 70%, #c9573f 100%)',
        color: '#fff',
        padding: '18px 16px 20px',
      }}
    >
      <div style={{ maxWidth: 608, margin: '0 auto' }}>
        <div style={{ fontSize: 13, opacity: 0.85, letterSpacing: 1 }}>
          走进群众听民意 · {v ? v.groupLabel : props.kind === 'public' ? '群众测评' : '干部评价'}
        </div>
        <div
          style={{ fontSize: 21, fontWeight: 600, lineHeight: 1.35, marginTop: 6 }}
          data-testid="ballot-title"
        >
          {v?.campaign.title ?? '民主测评'}
        </div>
        {v && (
          <div style={{ fontSize: 13, opacity: 0.85, marginTop: 6 }}>
            共 {v.cadres.length} 名干部 · {v.campaign.endsOn} 截止
          </div>
        )}
      </div>
    </div>
  );
}

/** The thank-you page after a successful submission. */
function ThankYou(props: { kind: 'personal' | 'public'; rated: number }) {
  return (
    <Card style={{ margin: 12 }} data-testid="ballot-done">
      <Result
        status="success"
        title="提交成功，感谢您的参与"
        subTitle={
          <>
            您对 {props.rated} 名干部的评价已匿名记录。
            <br />
            {props.kind === 'personal' ? '本链接已失效，' : ''}现在可以关闭此页面。
          </>
        }
      />
    </Card>
  );
}

/** A clear screen for each reason the ballot cannot be filled in. */
function Refusal(props: { error: unknown; kind: 'personal' | 'public'; onRetry?: () => void }) {
  const e = props.error instanceof ApiError ? props.error : null;
  const code = e?.code === 'VALIDATION_FAILED' && e.status === 400 ? 'LINK_INVALID' : e?.code;
  let status: 'warning' | 'info' | 'error' | 'success' | '404' = 'warning';
  let title: string;
  let sub: ReactNode;
  let retry = false;
  switch (code) {
    case 'LINK_INVALID':
      status = '404';
      title = '链接无效';
      sub =
        props.kind === 'personal'
          ? '请核对链接是否完整。如组织部门为您补发了链接，请使用最新收到的链接。'
          : '请核对链接或二维码是否完整，或向组织测评的单位索取新的链接。';
      break;
    case 'LINK_USED':
      status = 'info';
      title = '该链接已经使用过';
      sub = '每个评价链接只能提交一次，您的评价已经提交，不能再次提交或修改。感谢您的参与！';
      break;
    case 'SLIP_USED':
      status = 'info';
      title = '该评价卡已经使用过';
      sub = '每张评价卡只能提交一次，通过它的评价已经提交，不能再次提交或修改。感谢您的参与！';
      break;
    case 'CAMPAIGN_NOT_OPEN':
      status = 'info';
      title = '测评尚未开始';
      sub = `${e?.message ?? ''}。请在测评开始后再打开此链接。`;
      break;
    case 'CAMPAIGN_CLOSED':
      status = 'info';
      title = '测评已经结束';
      sub = '本次测评已经结束，不再接受评价。感谢您的关注！';
      break;
    case 'RATE_LIMITED':
      status = 'warning';
      title = '访问过于频繁';
      sub = e?.message ?? '请稍后再试。';
      retry = true;
      break;
    default:
      status = 'error';
      title = '页面加载失败';
      sub = errorText(props.error);
      retry = true;
  }
  return (
    <Card style={{ margin: 12 }} data-testid="ballot-refused" data-code={code ?? 'NETWORK'}>
      <Result
        status={status}
        title={title}
        subTitle={sub}
        extra={
          retry && props.onRetry ? (
            <Button type="primary" size="large" onClick={props.onRetry}>
              重试
            </Button>
          ) : undefined
        }
      />
    </Card>
  );
}

/**
 * The first step of a public ballot: the code of the card handed out at the session. A card's QR
 * code carries it (?c=), so most raters only confirm; a code typed wrongly is said so at once.
 */
function SlipGate(props: {
  code: string;
  initial: string;
  cadres: number;
  onValid(slip: string): void;
  onFinalError(e: ApiError): void;
}) {
  const [value, setValue] = useState(props.initial.toUpperCase());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const check = async (slip: string) => {
    const v = slip.trim().toUpperCase();
    if (!/^[A-HJ-NP-Z2-9]{8}$/.test(v)) {
      setError('评价码为评价卡上的 8 位字母数字（不含 0、O、1、I）');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(opinionApi.checkSlip, { params: { code: props.code, slip: v } });
      props.onValid(v);
    } catch (e) {
      if (e instanceof ApiError && FINAL_CODES.has(e.code)) props.onFinalError(e);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  // A code from the card's QR code is checked at once.
  const tried = useRef(false);
  useEffect(() => {
    if (props.initial && !tried.current) {
      tried.current = true;
      void check(props.initial);
    }
  });
  return (
    <Card style={{ margin: 12 }} data-testid="slip-gate">
      <Typography.Paragraph>
        本次群众测评共 {props.cadres} 名干部。请输入现场发放的<b>评价卡</b>上的 8
        位评价码，每张评价卡可提交一次。
      </Typography.Paragraph>
      <Input
        size="large"
        value={value}
        maxLength={8}
        placeholder="例如 K7M2QX9P"
        style={{ letterSpacing: 4, fontFamily: 'monospace', textTransform: 'uppercase' }}
        onChange={(e) => {
          setValue(e.target.value.toUpperCase());
          setError(null);
        }}
        onPressEnter={() => check(value)}
        data-testid="slip-input"
      />
      {error && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="slip-error" />
      )}
      <Button
        type="primary"
        size="large"
        block
        style={{ marginTop: 16, background: PRIMARY }}
        loading={busy}
        onClick={() => check(value)}
        data-testid="slip-start"
      >
        开始评价
      </Button>
    </Card>
  );
}

function loadDraft(key: string): Draft {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : {};
  } catch {
    return {};
  }
}

function BallotForm(props: {
  view: BallotView;
  link: BallotLink;
  /** A public ballot's card code. */
  slip: string | null;
  draftKey: string;
  onDone(r: { rated: number }): void;
  onFinalError(e: ApiError): void;
}) {
  const { modal, message } = App.useApp();
  const v = props.view;
  const q = v.questionnaire;
  const items = useMemo(() => q.dimensions.flatMap((d) => d.items), [q]);
  const scale = useMemo(() => {
    const out: { value: number; label: string }[] = [];
    for (let s = q.scale.min; s <= q.scale.max; s++)
      out.push({ value: s, label: q.scale.labels?.[s - q.scale.min] ?? String(s) });
    return out;
  }, [q]);
  // Answers survive a reload of the tab (phones drop background tabs), never the tab itself.
  const [draft, setDraft] = useState<Draft>(() => loadDraft(props.draftKey));
  const [open, setOpen] = useState<string | null>(v.cadres[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; details?: string[] } | null>(null);
  const refs = useRef(new Map<string, HTMLDivElement>());

  useEffect(() => {
    try {
      sessionStorage.setItem(props.draftKey, JSON.stringify(draft));
    } catch {
      // private mode or full storage: the draft simply is not kept
    }
  }, [draft, props.draftKey]);

  const of = (id: string): CadreAnswer => draft[id] ?? EMPTY;
  const answered = (id: string) => items.filter((i) => typeof of(id).answers[i.code] === 'number').length;
  const complete = (id: string) => answered(id) === items.length;
  const settled = (id: string) => (v.mayskip && of(id).skipped) || complete(id);
  const doneCount = v.cadres.filter((c) => settled(c.id)).length;
  const skippedCount = v.mayskip ? v.cadres.filter((c) => of(c.id).skipped).length : 0;
  const ratedCount = v.cadres.filter((c) => !(v.mayskip && of(c.id).skipped) && complete(c.id)).length;

  const update = (id: string, patch: Partial<CadreAnswer>) => {
    setError(null);
    setDraft((d) => ({ ...d, [id]: { ...(d[id] ?? EMPTY), ...patch } }));
  };
  const scrollTo = (id: string) =>
    setTimeout(() => refs.current.get(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  /** Opens the next cadre not yet done after `id` (or before it), or closes all. */
  const next = (id: string) => {
    const i = v.cadres.findIndex((c) => c.id === id);
    const order = [...v.cadres.slice(i + 1), ...v.cadres.slice(0, i)];
    const n = order.find((c) => !settled(c.id));
    setOpen(n?.id ?? null);
    if (n) scrollTo(n.id);
    else setTimeout(() => refs.current.get('submit')?.scrollIntoView({ behavior: 'smooth' }), 50);
  };

  const send = async () => {
    const ballots = v.cadres
      .filter((c) => !(v.mayskip && of(c.id).skipped))
      .map((c) => {
        const a = of(c.id);
        const text = q.freeText ? a.text.trim() : '';
        return { cadreId: c.id, answers: a.answers, ...(text ? { text } : {}) };
      });
    setBusy(true);
    setError(null);
    try {
      const l = props.link;
      if (l.kind === 'personal')
        await call(opinionApi.submitBallot, { params: { token: l.token }, body: { ballots } });
      else
        await call(opinionApi.submitPublic, {
          params: { code: l.code },
          body: { ballots, slip: props.slip ?? '' },
        });
      try {
        sessionStorage.removeItem(props.draftKey);
      } catch {
        // nothing kept
      }
      props.onDone({ rated: ballots.length });
    } catch (e) {
      if (e instanceof ApiError && FINAL_CODES.has(e.code)) {
        props.onFinalError(e);
        return;
      }
      const details =
        e instanceof ApiError && e.code === 'VALIDATION_FAILED'
          ? (e.details ?? []).map((d) => detailText(d, ballots, v))
          : undefined;
      setError({ text: errorText(e), details });
      setTimeout(
        () => refs.current.get('submit')?.scrollIntoView({ behavior: 'smooth', block: 'center' }),
        50,
      );
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    const missing = v.cadres.filter((c) => !settled(c.id));
    if (missing.length) {
      message.warning(
        v.mayskip
          ? `还有 ${missing.length} 名干部未评价完整；不了解的可以选择“不了解，跳过”`
          : `还有 ${missing.length} 名干部未评价完整，请逐项评价后再提交`,
      );
      setOpen(missing[0]!.id);
      scrollTo(missing[0]!.id);
      return;
    }
    if (ratedCount === 0) {
      message.warning('请至少评价一名干部');
      return;
    }
    modal.confirm({
      title: '确认提交评价？',
      icon: <SafetyCertificateOutlined style={{ color: PRIMARY }} />,
      content: (
        <div data-testid="ballot-confirm">
          您评价了 {ratedCount} 名干部{skippedCount ? `，跳过 ${skippedCount} 名` : ''}。
          <br />
          <b>{v.kind === 'personal' ? '提交后链接失效，不能修改。' : '提交后评价卡失效，不能修改。'}</b>
        </div>
      ),
      okText: '确认提交',
      cancelText: '再检查一下',
      okButtonProps: { size: 'large', 'data-testid': 'ballot-confirm-ok' } as never,
      cancelButtonProps: { size: 'large' },
      onOk: send,
    });
  };

  return (
    <div style={{ padding: '12px 12px 0' }}>
      <style>{SCALE_CSS}</style>
      <Alert
        type="success"
        showIcon
        icon={<SafetyCertificateOutlined />}
        title="本评价匿名，系统不记录评价人与评价内容的对应关系"
        description={
          v.mayskip
            ? '请对您了解的干部逐项评价；不了解的可以选择“不了解，跳过”，至少评价一名。'
            : `请对以下 ${v.cadres.length} 名干部逐项评价，全部完成后提交。每个链接只能提交一次。`
        }
        style={{ marginBottom: 12 }}
        data-testid="ballot-anonymity"
      />
      {v.cadres.map((c, idx) => (
        <div
          key={c.id}
          ref={(el) => {
            if (el) refs.current.set(c.id, el);
            else refs.current.delete(c.id);
          }}
          style={{ scrollMarginTop: 8 }}
        >
          <CadreCard
            index={idx + 1}
            cadre={c}
            view={v}
            value={of(c.id)}
            answered={answered(c.id)}
            total={items.length}
            scale={scale}
            open={open === c.id}
            last={!v.cadres.some((o) => o.id !== c.id && !settled(o.id))}
            onToggle={() => {
              const opening = open !== c.id;
              setOpen(opening ? c.id : null);
              if (opening) scrollTo(c.id);
            }}
            onChange={(patch) => update(c.id, patch)}
            onSkip={() => {
              update(c.id, { skipped: true });
              next(c.id);
            }}
            onNext={() => next(c.id)}
          />
        </div>
      ))}
      <div ref={(el) => void (el ? refs.current.set('submit', el) : refs.current.delete('submit'))}>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error.text}
            description={
              error.details?.length ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {error.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              ) : undefined
            }
            style={{ marginTop: 4, marginBottom: 12 }}
            data-testid="ballot-error"
          />
        )}
      </div>
      <div
        style={{
          position: 'sticky',
          bottom: 0,
          margin: '8px -12px 0',
          padding: '10px 12px calc(10px + env(safe-area-inset-bottom))',
          background: 'rgba(255,255,255,.97)',
          boxShadow: '0 -2px 12px rgba(0,0,0,.08)',
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          zIndex: 10,
        }}
      >
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontSize: 15 }} data-testid="ballot-progress">
            已完成 <b>{doneCount}</b>/{v.cadres.length}
            {skippedCount > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                （跳过 {skippedCount}）
              </Typography.Text>
            )}
          </div>
          <Progress
            percent={v.cadres.length ? Math.round((doneCount / v.cadres.length) * 100) : 0}
            showInfo={false}
            size="small"
            strokeColor={PRIMARY}
            style={{ margin: 0 }}
          />
        </div>
        <Button
          type="primary"
          size="large"
          loading={busy}
          onClick={submit}
          style={{ height: 48, minWidth: 120, fontSize: 17 }}
          data-testid="ballot-submit"
        >
          提交评价
        </Button>
      </div>
    </div>
  );
}

/** A detail of a refused submission, with the name of the cadre it is about. */
function detailText(d: ErrorDetail, sent: { cadreId: string }[], v: BallotView): string {
  const m = /(?:^|\.)ballots\.(\d+)/.exec(d.path ?? '');
  const cadreId = m ? sent[Number(m[1])]?.cadreId : undefined;
  const name = cadreId ? v.cadres.find((c) => c.id === cadreId)?.name : undefined;
  return name ? `${name}：${d.message}` : d.message;
}
