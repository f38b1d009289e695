import { useQuery } from '@tanstack/react-query';
import { Alert, App, Card, Empty, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import {
  EFFECT_LABELS,
  keyworkApi,
  PROBLEM_TAG_LABELS,
  type ProblemTag,
  RULE_LABELS,
  type RuleCode,
} from '../../../common/contracts/keywork.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';

const HELD_UP = new Set<string>(['buck_passing', 'ignoring_whole', 'inaction', 'incapacity']);
/**
 * Sends a form with a busy flag and tells the user how it went; `send` resolves true when the
 * request went through (the caller then closes the form).
 */
export function useSubmit() {
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const send = async (
    request: () => Promise<unknown>,
    done: string,
    /** Told of a refusal, e.g. to show its field errors next to the fields. */
    onError?: (e: unknown) => void,
  ): Promise<boolean> => {
    setSaving(true);
    try {
      await request();
      message.success(done);
      return true;
    } catch (e) {
      onError?.(e);
      message.error(errorText(e));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { saving, send };
}

export function ProblemTags(props: { tags: string[] }) {
  return (
    <Space size={4} wrap>
      {props.tags.map((t) => (
        <Tag
          key={t}
          color={HELD_UP.has(t) ? 'error' : t === 'objective' ? 'default' : 'success'}
          style={{ marginInlineEnd: 0 }}
        >
          {PROBLEM_TAG_LABELS[t as ProblemTag] ?? t}
        </Tag>
      ))}
    </Space>
  );
}

export function EffectTag(props: { effect: string }) {
  const color = props.effect === 'held_up' ? 'red' : props.effect === 'moved' ? 'green' : 'default';
  return <Tag color={color}>{EFFECT_LABELS[props.effect as keyof typeof EFFECT_LABELS] ?? props.effect}</Tag>;
}

export function RuleTag(props: { code: string; version?: number }) {
  return (
    <Tag color="orange" style={{ marginInlineEnd: 0 }}>
      {RULE_LABELS[props.code as RuleCode] ?? props.code}
      {props.version ? ` · v${props.version}` : ''}
    </Tag>
  );
}

/** Progress against plan as a coloured figure: red when behind by more than 10 points. */
export function Gap(props: { gap: number | null }) {
  if (props.gap === null) return <Typography.Text type="secondary">未报送</Typography.Text>;
  const behind = props.gap > 10;
  return (
    <Typography.Text type={behind ? 'danger' : props.gap > 0 ? 'warning' : 'success'}>
      {props.gap > 0 ? `落后 ${props.gap}` : `领先 ${Math.abs(props.gap)}`} 个百分点
    </Typography.Text>
  );
}

type ChainFinding = WireOf<typeof keyworkApi.taskChain>['taskFindings'][number];

function FindingLine(props: { f: ChainFinding }) {
  const { f } = props;
  return (
    <div data-testid="chain-finding" style={{ marginTop: 4 }}>
      <Space wrap size={6}>
        <Link to={`/keywork/cadres/${f.cadreId}`}>{f.cadreName}</Link>
        <Typography.Text type="secondary">{f.unitName}</Typography.Text>
        <EffectTag effect={f.effect} />
        <ProblemTags tags={f.tags} />
        {f.inspectionStatus === 'open' && <Tag>考察中</Tag>}
      </Space>
      <div>
        <Typography.Text type="secondary">{f.cause}</Typography.Text>
      </div>
    </div>
  );
}

const STATE = {
  done: { status: 'finish', text: '按期完成' },
  done_late: { status: 'finish', text: '逾期完成' },
  overdue: { status: 'error', text: '逾期未完成' },
  pending: { status: 'wait', text: '未到期' },
} as const;

/** 任务推进—干部担当因果链: milestone → responsible cadre → conduct found. */
export function ChainView(props: { taskId: string }) {
  const q = useQuery({
    queryKey: ['keywork', 'chain', props.taskId],
    queryFn: () => call(keyworkApi.taskChain, { params: { id: props.taskId } }),
  });
  if (q.isError) return <Alert type="error" showIcon title={errorText(q.error)} />;
  const c = q.data;
  if (!c) return <Card loading />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="chain-view">
      <Card size="small" title="节点 → 责任人 → 担当表现">
        <Steps
          orientation="vertical"
          size="small"
          items={c.milestones.map((m) => ({
            status: STATE[m.state].status,
            title: (
              <Space wrap>
                <Typography.Text strong>{m.title}</Typography.Text>
                <Tag
                  color={
                    m.state === 'overdue' || m.state === 'done_late'
                      ? 'red'
                      : m.state === 'pending'
                        ? 'default'
                        : 'green'
                  }
                >
                  {STATE[m.state].text}
                </Tag>
              </Space>
            ),
            content: (
              <div>
                <Typography.Text type="secondary">
                  计划 {m.baselineOn}
                  {m.plannedOn !== m.baselineOn && `，现调整为 ${m.plannedOn}（推迟 ${m.slips.length} 次）`}
                  {m.doneOn && `，${m.doneOn} 完成`} · 责任人：{m.responsibleName ?? '未指定'}
                </Typography.Text>
                {m.hits.map((h) => (
                  <div key={h.id}>
                    <RuleTag code={h.ruleCode} />{' '}
                    <Typography.Text type="secondary">{h.message}</Typography.Text>
                  </div>
                ))}
                {m.findings.map((f) => (
                  <FindingLine key={f.id} f={f} />
                ))}
              </div>
            ),
          }))}
        />
        {c.taskFindings.length > 0 && (
          <>
            <Typography.Text strong>涉及整个任务的考察发现</Typography.Text>
            {c.taskFindings.map((f) => (
              <FindingLine key={f.id} f={f} />
            ))}
          </>
        )}
      </Card>
      <Card size="small" title="谁推动了任务，谁拖延了任务">
        <Table
          rowKey="cadreId"
          size="small"
          pagination={false}
          dataSource={c.people}
          data-testid="chain-people"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无责任人" /> }}
          columns={[
            {
              title: '干部',
              dataIndex: 'name',
              render: (v: string, p) => <Link to={`/keywork/cadres/${p.cadreId}`}>{v}</Link>,
            },
            { title: '单位', dataIndex: 'unitName' },
            {
              title: '分工',
              render: (_, p) =>
                [p.role === 'responsible' ? '责任领导' : p.role ? '专班成员' : '考察涉及', p.part]
                  .filter(Boolean)
                  .join('：'),
            },
            {
              title: '推动',
              dataIndex: 'moved',
              width: 70,
              render: (n: number) => (n ? <Tag color="green">{n}</Tag> : '—'),
            },
            {
              title: '拖延',
              dataIndex: 'heldUp',
              width: 70,
              render: (n: number) => (n ? <Tag color="red">{n}</Tag> : '—'),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
