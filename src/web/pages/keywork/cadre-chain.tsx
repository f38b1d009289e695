import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Space, Statistic, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { keyworkApi } from '../../../common/contracts/keywork.ts';
import { call } from '../../api/client.ts';
import { BackLink, Page, refusedRecord, retryUnlessRefused } from '../../components/page.tsx';
import { EffectTag, ProblemTags } from './keywork-bits.tsx';

/** One cadre's part in key tasks: milestones they answer for and the conduct recorded. */
export default function CadreChainPage() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['keywork', 'cadre-chain', id],
    queryFn: () => call(keyworkApi.cadreChain, { params: { id } }),
    retry: retryUnlessRefused,
  });
  const refused = refusedRecord(q.error, {
    title: '干部不存在',
    back: '/keywork/tasks',
    backLabel: '返回任务看板',
  });
  if (refused) return refused;
  const c = q.data;
  if (!c) return <Card loading />;
  return (
    <Page
      title={`${c.cadre.name} · 重点任务担当表现`}
      subtitle={
        <BackLink to={`/org/cadres/${c.cadre.id}`}>{`${c.cadre.unitName ?? ''} ${c.cadre.post}`}</BackLink>
      }
      permission="keywork.chain"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="cadre-chain">
        <Card size="small">
          <Space size={48}>
            <Statistic title="参与重点任务" value={c.tasks.length} suffix="项" />
            <Statistic
              title="推动任务"
              value={c.moved}
              suffix="次"
              styles={{ content: { color: '#389e0d' } }}
            />
            <Statistic
              title="拖延任务"
              value={c.heldUp}
              suffix="次"
              styles={{ content: { color: '#cf1322' } }}
            />
          </Space>
        </Card>
        {c.tasks.length === 0 && (
          <Card>
            <Empty description="未参与重点任务，也没有相关考察发现" />
          </Card>
        )}
        {c.tasks.map((t) => (
          <Card
            key={t.id}
            size="small"
            title={<Link to={`/keywork/tasks/${t.id}`}>{t.title}</Link>}
            extra={t.leadUnitName}
          >
            <Typography.Paragraph>
              {t.role ? (
                <Tag color="blue">{t.role === 'responsible' ? '责任领导' : '专班成员'}</Tag>
              ) : (
                <Tag>考察涉及</Tag>
              )}{' '}
              {t.part}
            </Typography.Paragraph>
            {t.milestones.map((m) => (
              <div key={m.id}>
                负责节点：{m.title}（原定 {m.baselineOn}
                {m.plannedOn !== m.baselineOn ? `，调整至 ${m.plannedOn}` : ''}
                {m.doneOn ? `，${m.doneOn} 完成` : ''}）
              </div>
            ))}
            {t.findings.map((f) => (
              <div key={f.id} style={{ marginTop: 6 }} data-testid="cadre-finding">
                <Space wrap>
                  <EffectTag effect={f.effect} />
                  <ProblemTags tags={f.tags} />
                  {f.inspectionStatus === 'open' && <Tag>考察中</Tag>}
                </Space>
                <div>
                  <Typography.Text type="secondary">{f.cause}</Typography.Text>
                </div>
              </div>
            ))}
          </Card>
        ))}
      </Space>
    </Page>
  );
}
