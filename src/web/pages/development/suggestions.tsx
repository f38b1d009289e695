import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { developmentApi, PLAN_KIND_HINTS } from '../../../common/contracts/development.ts';
import { call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { Page } from '../../components/page.tsx';
import { RecordLinks } from '../growth/components/record-links.tsx';
import { KindTag } from './components/bits.tsx';
import { PlanFormModal, type PlanSeed } from './components/plan-form.tsx';

type Suggestion = WireOf<typeof developmentApi.suggestions>['items'][number];

/** Suggestions from the evidence: each names the records that triggered it; a plan can be made from one. */
export default function DevelopmentSuggestionsPage() {
  const [seed, setSeed] = useState<PlanSeed | null>(null);
  const q = useQuery({
    queryKey: ['development', 'suggestions'],
    queryFn: () => call(developmentApi.suggestions),
  });
  const items = q.data?.items ?? [];
  const fromSuggestion = (s: Suggestion): PlanSeed => ({
    cadre: s.cadre,
    kind: s.kind,
    reason: s.reasons.map((r) => r.text).join('；'),
    evidence: s.reasons.flatMap((r) => r.evidence),
  });
  return (
    <Page
      title="一人一策建议"
      subtitle={`依据：${q.data?.sources.join('、') ?? '—'}。建议只是线索，是否制定计划由组织部门研究决定。`}
      permission="development.manage"
    >
      {q.isError && <Alert type="error" showIcon title={errorText(q.error)} style={{ marginBottom: 12 }} />}
      <Card>
        {q.isLoading ? (
          <Skeleton active />
        ) : !items.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="当前实绩记录中没有触发培养建议的干部" />
        ) : (
          <List
            data-testid="development-suggestions"
            dataSource={items}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            renderItem={(s) => (
              <List.Item
                data-testid="development-suggestion"
                actions={[
                  s.activePlanId ? (
                    <Link key="plan" to={`/development/plans/${s.activePlanId}`}>
                      已有进行中的计划
                    </Link>
                  ) : (
                    <Button key="make" type="primary" size="small" onClick={() => setSeed(fromSuggestion(s))}>
                      据此制定计划
                    </Button>
                  ),
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space>
                      <Typography.Text strong>{s.cadre.name}</Typography.Text>
                      <Typography.Text type="secondary">
                        {s.cadre.unitName ?? ''} {s.cadre.post ?? ''}
                      </Typography.Text>
                      <KindTag kind={s.kind} />
                    </Space>
                  }
                  description={
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {PLAN_KIND_HINTS[s.kind]}
                      </Typography.Text>
                      {s.reasons.map((r) => (
                        <div key={`${r.source}-${r.evidence[0]?.id ?? r.text}`} style={{ marginTop: 6 }}>
                          <Tag>{r.source}</Tag>
                          <Typography.Text>{r.text}</Typography.Text>
                          <div style={{ paddingLeft: 8 }}>
                            <RecordLinks records={r.evidence} />
                          </div>
                        </div>
                      ))}
                    </div>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <PlanFormModal open={!!seed} seed={seed} onClose={() => setSeed(null)} />
    </Page>
  );
}
