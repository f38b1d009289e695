import {
  CameraOutlined,
  EditOutlined,
  EyeOutlined,
  PlusOutlined,
  StarOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Rate,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CadreView } from '../../../common/contracts/org.ts';
import { api } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import {
  BackLink,
  Forbidden,
  Page,
  RecordLoading,
  refusedRecord,
  retryUnlessRefused,
} from '../../components/page.tsx';
import { RemoteSelect } from '../../components/remote-select.tsx';
import { EvidenceGallery, type EvidenceMeta, EvidenceUpload } from '../delivery/evidence-photos.tsx';
import { ActivityModal } from './activity-form.tsx';
import { DecideButtons, KindTag, NominationStatusTag, RatingValue } from './scene-bits.tsx';
import {
  type ActivityDetail,
  AGENDA_TAG_COLORS,
  agendaTagLabel,
  criteriaText,
  FOLLOWED_RULES_COLORS,
  FOLLOWED_RULES_OPTIONS,
  type FollowedRules,
  followedRulesLabel,
  LENIENCY_TEXT,
  type NominationView,
  OBSERVATION_OWNER,
  type ObservationView,
  RATING_TEXTS,
  type RankRow,
  subtypeLabel,
} from './scene-options.ts';

const cadreLabel = (c: CadreView) => `${c.name}（${[c.unitName, c.post].filter(Boolean).join(' ')}）`;

export default function ActivityDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ['scene', 'activity', id],
    queryFn: () => api.get<ActivityDetail>(`/api/scene/activities/${id}`),
    retry: retryUnlessRefused,
    enabled: can('scene.read'),
  });
  if (!can('scene.read')) return <Forbidden />;
  const refused = refusedRecord(q.error, {
    title: '活动不存在',
    text: '该现场考察活动不存在，或不在您的查看范围内。',
    back: '/scene/activities',
    backLabel: '返回现场考察活动',
  });
  if (refused) return refused;
  const a = q.data;
  const refresh = () => qc.invalidateQueries({ queryKey: ['scene'] });
  return (
    <Page
      title={a?.title ?? '现场考察活动'}
      subtitle={<BackLink to="/scene/activities">返回现场考察活动</BackLink>}
      extra={
        a &&
        can('scene.record') && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="activity-edit">
            修改活动
          </Button>
        )
      }
    >
      {!a ? (
        <RecordLoading error={q.error} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <InfoCard a={a} />
          {a.kind === 'event' ? (
            <ScoresCard a={a} onChanged={refresh} />
          ) : (
            <ObservationsCard a={a} onChanged={refresh} />
          )}
          <NominationsCard a={a} onChanged={refresh} />
        </Space>
      )}
      {a && (
        <ActivityModal
          open={editing}
          activity={a}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            message.success('活动已修改');
            refresh();
          }}
        />
      )}
    </Page>
  );
}

function InfoCard({ a }: { a: ActivityDetail }) {
  return (
    <Card>
      <Space size={8} wrap style={{ marginBottom: 12 }}>
        <KindTag kind={a.kind} />
        {a.kind !== 'meeting' && <Tag>{subtypeLabel(a.kind, a.subtype)}</Tag>}
      </Space>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xl: 3 }}
        items={[
          {
            key: 'dates',
            label: '日期',
            children: a.startsOn === a.endsOn ? a.startsOn : `${a.startsOn} 至 ${a.endsOn}`,
          },
          ...(a.kind !== 'event' || a.unitName
            ? [
                {
                  key: 'unit',
                  label:
                    a.kind === 'meeting'
                      ? '召开会议的单位'
                      : a.kind === 'emergency'
                        ? '牵头单位'
                        : '承办单位',
                  children: a.unitName ?? '—',
                },
              ]
            : []),
          { key: 'place', label: '地点', children: a.place || '—' },
          {
            key: 'dims',
            label: a.kind === 'event' ? '评分标准' : '评价维度',
            span: 'filled',
            children:
              a.kind === 'event'
                ? `${criteriaText(a.dimensions)}（每项 0–100 分）`
                : `${a.dimensions.map((d) => d.name).join('、')}（每项 1–5 分）`,
          },
          ...(a.summary
            ? [
                {
                  key: 'summary',
                  label: '概况',
                  span: 'filled' as const,
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.summary}</span>,
                },
              ]
            : []),
        ]}
      />
      {a.kind === 'meeting' && a.agenda.length > 0 && (
        <>
          <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
            议题
          </Typography.Text>
          <List
            size="small"
            bordered
            dataSource={a.agenda}
            data-testid="activity-agenda-list"
            renderItem={(x, i) => (
              <List.Item>
                <Space size={8}>
                  <Typography.Text type="secondary">{i + 1}.</Typography.Text>
                  <span>{x.title}</span>
                  <Tag color={AGENDA_TAG_COLORS[x.tag]} style={{ marginInlineEnd: 0 }}>
                    {agendaTagLabel(x.tag)}
                  </Tag>
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Card>
  );
}

// ——— observations (meetings and inspections) ———

function ObservationsCard({ a, onChanged }: { a: ActivityDetail; onChanged(): void }) {
  const { can } = useSession();
  const { modal, message } = App.useApp();
  const [editing, setEditing] = useState<ObservationView | 'new' | null>(null);
  const meeting = a.kind === 'meeting';
  const release = (o: ObservationView) =>
    modal.confirm({
      title: `向${o.cadreName}本人公开这条观察记录？`,
      content: '公开后，本人可在“我的现场考察”中看到评分、观察记录和现场照片。公开不能撤回。',
      okText: '公开',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'release-ok' } as never,
      onOk: async () => {
        try {
          await api.post(`/api/scene/observations/${o.id}/release`);
          message.success(`已向${o.cadreName}公开`);
          onChanged();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  return (
    <Card
      title={`观察记录（${a.observations.length} 人）`}
      extra={
        can('scene.record') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="observation-create"
          >
            记录观察
          </Button>
        )
      }
    >
      <Table<ObservationView>
        rowKey="id"
        size="small"
        dataSource={a.observations}
        pagination={false}
        scroll={{ x: meeting ? 1040 : 860 }}
        data-testid="observation-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无观察记录，点击“记录观察”添加" />
          ),
        }}
        columns={[
          {
            title: '干部',
            dataIndex: 'cadreName',
            width: 150,
            fixed: 'left',
            render: (v: string, o) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/org/cadres/${o.cadreId}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[o.unitName, o.post].filter(Boolean).join(' ')}
                </Typography.Text>
              </Space>
            ),
          },
          ...a.dimensions.map((d) => ({
            title: d.name,
            key: `dim-${d.code}`,
            width: Math.max(76, d.name.length * 14 + 20),
            align: 'center' as const,
            render: (_: unknown, o: ObservationView) => <RatingValue value={o.ratings[d.code]} />,
          })),
          ...(meeting
            ? [
                {
                  title: '表态',
                  dataIndex: 'stance',
                  width: 140,
                  render: (v: string | null) => v || <Typography.Text type="secondary">—</Typography.Text>,
                },
                {
                  title: '决策规则',
                  dataIndex: 'followedRules',
                  width: 100,
                  render: (v: FollowedRules | null) =>
                    v ? (
                      <Tag color={FOLLOWED_RULES_COLORS[v]} style={{ marginInlineEnd: 0 }}>
                        {followedRulesLabel(v)}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
          {
            title: '观察记录与照片',
            key: 'notes',
            render: (_: unknown, o: ObservationView) => (
              <div style={{ minWidth: 280 }}>
                <Typography.Paragraph
                  style={{ margin: 0, whiteSpace: 'pre-wrap' }}
                  ellipsis={{
                    rows: 3,
                    expandable: 'collapsible',
                    symbol: (open) => (open ? '收起' : '展开'),
                  }}
                >
                  {o.notes}
                </Typography.Paragraph>
                <Space size={8} align="start" style={{ marginTop: 6 }} wrap>
                  <EvidenceGallery ownerType={OBSERVATION_OWNER} ownerId={o.id} size={48} />
                  {can('scene.record') && (
                    <EvidenceUpload
                      ownerType={OBSERVATION_OWNER}
                      ownerId={o.id}
                      accept="image/*"
                      label="添加照片"
                      data-testid="observation-photo-upload"
                    />
                  )}
                </Space>
              </div>
            ),
          },
          {
            title: '向本人公开',
            key: 'release',
            width: 132,
            fixed: 'right' as const,
            render: (_: unknown, o: ObservationView) => (
              <Space orientation="vertical" size={4} align="start">
                {o.releasedAt ? (
                  <Tooltip title={`公开于 ${fmtTime(o.releasedAt)}`}>
                    <Tag color="success" style={{ marginInlineEnd: 0 }} data-testid="observation-released">
                      已公开
                    </Tag>
                  </Tooltip>
                ) : can('scene.decide') ? (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() => release(o)}
                    data-testid="observation-release"
                  >
                    向本人公开
                  </Button>
                ) : (
                  <Tag style={{ marginInlineEnd: 0 }}>未公开</Tag>
                )}
                {can('scene.record') && (
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    style={{ padding: 0 }}
                    onClick={() => setEditing(o)}
                    data-testid="observation-edit"
                  >
                    更正
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ObservationModal
        a={a}
        observation={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </Card>
  );
}

interface ObservationForm {
  cadreId?: string;
  ratings: Record<string, number>;
  stance?: string;
  followedRules?: FollowedRules | null;
  notes?: string;
}

function ObservationModal(props: {
  a: ActivityDetail;
  observation: ObservationView | 'new' | null;
  onClose(): void;
  onDone(): void;
}) {
  const o = props.observation && props.observation !== 'new' ? props.observation : null;
  return (
    <Modal
      title={o ? `更正观察记录：${o.cadreName}` : '记录观察'}
      open={!!props.observation}
      onCancel={props.onClose}
      footer={null}
      width={680}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {props.observation && (
        <ObservationFormBody a={props.a} o={o} onClose={props.onClose} onDone={props.onDone} />
      )}
    </Modal>
  );
}

function ObservationFormBody(props: {
  a: ActivityDetail;
  o: ObservationView | null;
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const { a, o } = props;
  const meeting = a.kind === 'meeting';
  const [form] = Form.useForm<ObservationForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const recorded = new Set(a.observations.map((x) => x.cadreId));

  const save = async (f: ObservationForm) => {
    const cadreId = o?.cadreId ?? f.cadreId!;
    if (!o && recorded.has(cadreId)) {
      setError('该干部在本次活动中已有观察记录，请在列表中点“更正”修改');
      return;
    }
    setBusy(true);
    setError(null);
    let saved: { id: string };
    try {
      saved = await api.post<{ id: string }>(`/api/scene/activities/${a.id}/observations`, {
        cadreId,
        ratings: f.ratings,
        stance: meeting ? f.stance?.trim() || null : null,
        followedRules: meeting ? (f.followedRules ?? null) : null,
        notes: f.notes?.trim(),
      });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
      return;
    }
    // The photos go to the evidence store once the observation exists.
    const failed: string[] = [];
    for (const file of files) {
      const form = new FormData();
      form.append('ownerType', OBSERVATION_OWNER);
      form.append('ownerId', saved.id);
      form.append('file', file.originFileObj as File, file.name);
      try {
        await api.upload<EvidenceMeta>('/api/evidence/files', form);
      } catch (e) {
        failed.push(`${file.name}：${errorText(e)}`);
      }
    }
    setBusy(false);
    if (failed.length) {
      message.warning(`观察记录已保存，${failed.length} 张照片上传失败：${failed.join('；')}`, 8);
    } else {
      message.success(
        files.length
          ? `观察记录已保存，上传照片 ${files.length} 张`
          : o
            ? '观察记录已更正'
            : '观察记录已保存',
      );
    }
    props.onDone();
  };

  return (
    <Form<ObservationForm>
      form={form}
      layout="vertical"
      onFinish={save}
      initialValues={{
        cadreId: o?.cadreId,
        ratings: o?.ratings ?? {},
        stance: o?.stance ?? '',
        followedRules: o?.followedRules ?? (meeting ? 'yes' : null),
        notes: o?.notes ?? '',
      }}
    >
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 16 }}
          data-testid="observation-error"
        />
      )}
      {o ? (
        <Typography.Paragraph>
          <Typography.Text strong>{o.cadreName}</Typography.Text>
          <Typography.Text type="secondary">
            （{[o.unitName, o.post].filter(Boolean).join(' ')}）
          </Typography.Text>
        </Typography.Paragraph>
      ) : (
        <Form.Item name="cadreId" label="干部" rules={[{ required: true, message: '请选择干部' }]}>
          <RemoteSelect<CadreView>
            url="/api/org/cadres"
            label={cadreLabel}
            placeholder="输入姓名搜索"
            data-testid="observation-cadre"
          />
        </Form.Item>
      )}
      <Row gutter={16}>
        {a.dimensions.map((d) => (
          <Col key={d.code} xs={24} sm={8}>
            <Form.Item
              name={['ratings', d.code]}
              label={d.name}
              rules={[{ required: true, message: `请为${d.name}评分` }]}
            >
              <Rate tooltips={RATING_TEXTS} allowClear={false} data-testid={`observation-rating-${d.code}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {meeting && (
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="stance" label="表态" rules={[{ max: 500, message: '不能超过 500 个字' }]}>
              <Input
                maxLength={500}
                placeholder="如：同意，并建议分两批实施"
                data-testid="observation-stance"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item
              name="followedRules"
              label="是否符合决策规则"
              tooltip="“三重一大”事项是否集体研究、依规决策"
            >
              <Radio.Group options={FOLLOWED_RULES_OPTIONS} data-testid="observation-rules" />
            </Form.Item>
          </Col>
        </Row>
      )}
      <Form.Item
        name="notes"
        label="观察记录"
        rules={[
          { required: true, whitespace: true, message: '请填写观察记录' },
          { max: 2000, message: '观察记录不能超过 2000 字' },
        ]}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 10 }}
          maxLength={2000}
          showCount
          placeholder={
            meeting
              ? '发言和表态、对“三重一大”事项的意见、决策是否依规等'
              : '是否冲锋在前、现场指挥协调、群众工作等具体表现'
          }
          data-testid="observation-notes"
        />
      </Form.Item>
      <Form.Item
        label="现场照片"
        extra={o ? '新选的照片在保存后上传；已上传的照片见下方' : '照片在观察记录保存后上传到证据库'}
      >
        <Upload
          accept="image/*"
          multiple
          listType="picture"
          fileList={files}
          beforeUpload={(file) => {
            setFiles((prev) => [
              ...prev,
              { uid: file.uid, name: file.name, originFileObj: file, status: 'done' },
            ]);
            return false;
          }}
          onRemove={(file) => setFiles((prev) => prev.filter((f) => f.uid !== file.uid))}
          data-testid="observation-photos"
        >
          <Button icon={<CameraOutlined />}>选择照片</Button>
        </Upload>
        {o && (
          <div style={{ marginTop: 8 }}>
            <EvidenceGallery ownerType={OBSERVATION_OWNER} ownerId={o.id} size={56} emptyText="尚无照片" />
          </div>
        )}
      </Form.Item>
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="observation-save">
          {o ? '保存更正' : '保存'}
        </Button>
      </Space>
    </Form>
  );
}

// ——— events: the judges' score sheets and the ranking ———

/**
 * Each judge's mean total (what the correction subtracts), and how much higher or lower the judge
 * marked than the other judges did on the same participants (what makes a judge lenient or strict).
 */
function judgeLeniency(ranking: RankRow[]) {
  const all = ranking.flatMap((r) => r.byJudge);
  const grand = all.length ? all.reduce((s, x) => s + x.total, 0) / all.length : 0;
  const judges = [...new Set(all.map((x) => x.judge))].sort((x, y) => x.localeCompare(y, 'zh-CN'));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
  const stats = judges.map((j) => {
    const diffs: number[] = [];
    for (const r of ranking) {
      const mine = r.byJudge.find((x) => x.judge === j);
      const others = r.byJudge.filter((x) => x.judge !== j);
      if (mine && others.length) diffs.push(mine.total - mean(others.map((x) => x.total)));
    }
    return {
      judge: j,
      mean: mean(all.filter((x) => x.judge === j).map((x) => x.total)),
      versusOthers: diffs.length ? mean(diffs) : 0,
    };
  });
  return { judges, grand, stats };
}

const f2 = (v: number) => v.toFixed(2);

function ScoresCard({ a, onChanged }: { a: ActivityDetail; onChanged(): void }) {
  const { can } = useSession();
  const [entering, setEntering] = useState(false);
  const ranking = a.ranking ?? [];
  const { judges, grand, stats } = judgeLeniency(ranking);
  // The order the plain means would give (ties share a rank), to show what the correction moved.
  const rawRanks = new Map<string, number>();
  [...ranking]
    .sort((x, y) => y.raw - x.raw)
    .forEach((r, i, all) => {
      rawRanks.set(
        r.cadreId,
        i > 0 && all[i - 1]!.raw === r.raw ? rawRanks.get(all[i - 1]!.cadreId)! : i + 1,
      );
    });
  return (
    <Card
      title={`评委评分与排名（${ranking.length} 人参赛）`}
      extra={
        can('scene.record') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEntering(true)}
            data-testid="score-create"
          >
            录入评分
          </Button>
        )
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="评委宽严校正"
        description={
          <Space orientation="vertical" size={6}>
            <span data-testid="leniency-text">{LENIENCY_TEXT}</span>
            {judges.length > 0 && (
              <Space size={[6, 6]} wrap data-testid="judge-means">
                <Typography.Text type="secondary">总平均分 {f2(grand)}；各评委平均分：</Typography.Text>
                {stats.map((x) => {
                  const lenient = x.versusOthers >= 2;
                  const strict = x.versusOthers <= -2;
                  const sign = x.versusOthers >= 0 ? '+' : '−';
                  return (
                    <Tooltip
                      key={x.judge}
                      title={`与其他评委对同一批干部的打分相比平均${sign}${f2(Math.abs(x.versusOthers))} 分`}
                    >
                      <Tag
                        color={lenient ? 'orange' : strict ? 'blue' : 'default'}
                        style={{ marginInlineEnd: 0 }}
                      >
                        {x.judge} {f2(x.mean)}
                        {lenient ? '（偏宽）' : strict ? '（偏严）' : ''}
                      </Tag>
                    </Tooltip>
                  );
                })}
              </Space>
            )}
          </Space>
        }
      />
      <Table<RankRow>
        rowKey="cadreId"
        size="small"
        dataSource={ranking}
        pagination={false}
        scroll={{ x: 600 + judges.length * 96 }}
        data-testid="ranking-table"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无评分，点击“录入评分”添加" />
          ),
        }}
        columns={[
          {
            title: '名次',
            dataIndex: 'rank',
            width: 64,
            fixed: 'left',
            align: 'center',
            render: (v: number) =>
              v <= 3 ? (
                <Tag
                  color={['gold', 'default', 'orange'][v - 1]}
                  icon={<TrophyOutlined />}
                  style={{ marginInlineEnd: 0 }}
                >
                  {v}
                </Tag>
              ) : (
                v
              ),
          },
          {
            title: '干部',
            dataIndex: 'name',
            width: 170,
            fixed: 'left',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/org/cadres/${r.cadreId}`}>{v}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.unitName ?? ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '校正后得分',
            dataIndex: 'adjusted',
            width: 100,
            align: 'right',
            render: (v: number) => <Typography.Text strong>{f2(v)}</Typography.Text>,
          },
          {
            title: '原始平均分',
            dataIndex: 'raw',
            width: 100,
            align: 'right',
            render: (v: number) => f2(v),
          },
          {
            title: '原始名次',
            key: 'rawRank',
            width: 90,
            align: 'center',
            render: (_: unknown, r) => {
              const n = rawRanks.get(r.cadreId)!;
              const moved = n - r.rank;
              return (
                <Space size={4}>
                  <span>{n}</span>
                  {moved > 0 && <Typography.Text type="success">↑{moved}</Typography.Text>}
                  {moved < 0 && <Typography.Text type="danger">↓{-moved}</Typography.Text>}
                </Space>
              );
            },
          },
          {
            title: '评委数',
            dataIndex: 'judges',
            width: 64,
            align: 'right',
          },
          ...judges.map((j) => ({
            title: (
              <Tooltip title={`${j}：原始总分 / 校正分`}>
                <span>{j.replace(/（.*）$/, '')}</span>
              </Tooltip>
            ),
            key: `judge-${j}`,
            width: 96,
            align: 'right' as const,
            render: (_: unknown, r: RankRow) => {
              const x = r.byJudge.find((b) => b.judge === j);
              return x ? (
                <Space orientation="vertical" size={0} style={{ alignItems: 'flex-end' }}>
                  <span>{f2(x.total)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    校正 {f2(x.centred)}
                  </Typography.Text>
                </Space>
              ) : (
                <Typography.Text type="secondary">未评</Typography.Text>
              );
            },
          })),
        ]}
      />
      <ScoreModal
        a={a}
        open={entering}
        judges={judges}
        onClose={() => setEntering(false)}
        onDone={() => {
          onChanged();
        }}
      />
    </Card>
  );
}

interface ScoreForm {
  judge?: string;
  cadreId?: string;
  scores: Record<string, number | null>;
}

/** One score sheet: a judge's marks of one participant on each criterion (the modal stays open for the next). */
function ScoreModal(props: {
  a: ActivityDetail;
  open: boolean;
  judges: string[];
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ScoreForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dims = props.a.dimensions;
  const scores = Form.useWatch('scores', form);
  const weightSum = dims.reduce((s, d) => s + (d.weight ?? 1), 0);
  const complete = dims.every((d) => typeof scores?.[d.code] === 'number');
  const total = complete
    ? dims.reduce((s, d) => s + (scores![d.code] as number) * (d.weight ?? 1), 0) / weightSum
    : null;
  const save = async (f: ScoreForm) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/scene/activities/${props.a.id}/scores`, {
        judge: f.judge?.trim(),
        cadreId: f.cadreId,
        scores: f.scores,
      });
      message.success('评分已保存，可继续录入下一份');
      // keep the judge for the next sheet of the same judge
      form.setFieldsValue({ cadreId: undefined, scores: {} });
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="录入评分"
      open={props.open}
      onCancel={props.onClose}
      footer={null}
      width={600}
      destroyOnHidden
      mask={{ closable: false }}
      afterClose={() => setError(null)}
    >
      <Form<ScoreForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ scores: {} }}
        preserve={false}
      >
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="score-error" />
        )}
        <Typography.Paragraph type="secondary">
          同一评委对同一干部再次录入即为更正。评分标准：{criteriaText(dims)}。
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="judge"
              label="评委"
              rules={[
                { required: true, whitespace: true, message: '请填写评委' },
                { max: 30, message: '不能超过 30 个字' },
              ]}
            >
              <AutoComplete
                options={props.judges.map((j) => ({ value: j }))}
                placeholder="评委姓名（单位）"
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                data-testid="score-judge"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="cadreId"
              label="参赛干部"
              rules={[{ required: true, message: '请选择参赛干部' }]}
            >
              <RemoteSelect<CadreView>
                url="/api/org/cadres"
                label={cadreLabel}
                placeholder="输入姓名搜索"
                data-testid="score-cadre"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          {dims.map((d) => (
            <Col key={d.code} xs={24} sm={8}>
              <Form.Item
                name={['scores', d.code]}
                label={`${d.name}${d.weight ? `（权重 ${d.weight}）` : ''}`}
                rules={[{ required: true, message: `请填写${d.name}得分` }]}
              >
                <InputNumber
                  min={0}
                  max={100}
                  precision={1}
                  style={{ width: '100%' }}
                  placeholder="0–100"
                  data-testid={`score-${d.code}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary" data-testid="score-total">
            加权总分：{total === null ? '—' : f2(total)}
          </Typography.Text>
          <Space>
            <Button onClick={props.onClose}>关闭</Button>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="score-save">
              保存评分
            </Button>
          </Space>
        </Space>
      </Form>
    </Modal>
  );
}

// ——— 担当作为突出 ———

function NominationsCard({ a, onChanged }: { a: ActivityDetail; onChanged(): void }) {
  const { can } = useSession();
  const [nominating, setNominating] = useState(false);
  const nominated = new Set(a.nominations.map((n) => n.cadreId));
  // A nomination rests on a record of this activity: an observation or a score.
  const onRecord =
    a.kind === 'event'
      ? (a.ranking ?? []).map((r) => ({
          id: r.cadreId,
          label: `${r.name}（第 ${r.rank} 名，校正后 ${f2(r.adjusted)}）`,
        }))
      : a.observations.map((o) => ({
          id: o.cadreId,
          label: `${o.cadreName}（${o.unitName ?? ''} ${o.post ?? ''}）`,
        }));
  const candidates = onRecord.filter((c) => !nominated.has(c.id));
  return (
    <Card
      title={
        <Space>
          <StarOutlined />
          担当作为突出推荐
        </Space>
      }
      extra={
        can('scene.record') && (
          <Tooltip
            title={candidates.length ? undefined : '本次活动中有观察记录或评分、且尚未推荐的干部才能推荐'}
          >
            <Button
              icon={<PlusOutlined />}
              onClick={() => setNominating(true)}
              disabled={candidates.length === 0}
              data-testid="nomination-create"
            >
              推荐担当作为突出
            </Button>
          </Tooltip>
        )
      }
    >
      <Table<NominationView>
        rowKey="id"
        size="small"
        dataSource={a.nominations}
        pagination={false}
        scroll={{ x: 860 }}
        data-testid="nomination-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无推荐" /> }}
        columns={[
          {
            title: '干部',
            dataIndex: 'cadreName',
            width: 100,
            render: (v: string, n) => <Link to={`/org/cadres/${n.cadreId}`}>{v}</Link>,
          },
          {
            title: '推荐理由',
            dataIndex: 'reason',
            render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
          },
          {
            title: '推荐时间',
            dataIndex: 'createdAt',
            width: 110,
            render: (v: string) => (
              <Typography.Text type="secondary">{fmtTime(v).slice(0, 10)}</Typography.Text>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 200,
            render: (_: unknown, n) =>
              n.status === 'pending' && can('scene.decide') ? (
                <Space orientation="vertical" size={4}>
                  <NominationStatusTag status={n.status} />
                  <DecideButtons n={n} onDone={onChanged} />
                </Space>
              ) : (
                <Space orientation="vertical" size={2}>
                  <NominationStatusTag status={n.status} />
                  {n.decidedAt && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(n.decidedAt).slice(0, 10)}
                      {n.decisionNote ? `：${n.decisionNote}` : ''}
                    </Typography.Text>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <NominateModal
        a={a}
        open={nominating}
        candidates={candidates}
        onClose={() => setNominating(false)}
        onDone={() => {
          setNominating(false);
          onChanged();
        }}
      />
    </Card>
  );
}

function NominateModal(props: {
  a: ActivityDetail;
  open: boolean;
  candidates: { id: string; label: string }[];
  onClose(): void;
  onDone(): void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ cadreId?: string; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (f: { cadreId?: string; reason?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/scene/activities/${props.a.id}/nominations`, {
        cadreId: f.cadreId,
        reason: f.reason?.trim(),
      });
      message.success('已推荐，待组织部领导确认');
      props.onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="推荐担当作为突出"
      open={props.open}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText="推荐"
      okButtonProps={{ 'data-testid': 'nomination-save' } as never}
      confirmLoading={busy}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={submit}>
        <Form.Item
          name="cadreId"
          label="干部"
          extra="限本次活动中有观察记录或评分的干部"
          rules={[{ required: true, message: '请选择干部' }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择干部"
            options={props.candidates.map((c) => ({ value: c.id, label: c.label }))}
            data-testid="nomination-cadre"
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="推荐理由"
          rules={[
            { required: true, whitespace: true, message: '请填写推荐理由' },
            { min: 5, message: '推荐理由至少 5 个字' },
            { max: 1000, message: '不能超过 1000 个字' },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={1000}
            showCount
            placeholder="在本次活动中担当作为的具体表现"
            data-testid="nomination-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
