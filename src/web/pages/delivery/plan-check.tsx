import { ArrowLeftOutlined, CheckCircleFilled, EnvironmentOutlined, SaveOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Divider,
  Empty,
  Input,
  InputNumber,
  Progress,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { WireOf } from '../../../common/api.ts';
import { deliveryApi, ITEM_KIND_LABELS, VERDICTS, type Verdict } from '../../../common/contracts/delivery.ts';
import { ApiError, call } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { Forbidden, Page } from '../../components/page.tsx';
import {
  fmtNum,
  type PlanTarget,
  targetsByCadre,
  useDomainName,
  VERDICT_BUTTON_COLORS,
  VERDICT_COLORS,
  verdictLabel,
} from './delivery-options.ts';
import {
  type DeviceLocation,
  EvidenceGallery,
  EvidenceUpload,
  useDeviceLocation,
} from './evidence-photos.tsx';

type Finding = NonNullable<WireOf<typeof deliveryApi.recordCheck>['finding']>;

/** The on-site screen: one column, large touch targets, for a phone in the officer's hand. */
export default function PlanCheckPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const location = useDeviceLocation();
  const q = useQuery({
    queryKey: ['delivery', 'plan', id],
    queryFn: () => call(deliveryApi.plan, { params: { id } }),
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
  });
  const back = (
    <Link to={`/delivery/plans/${id}`}>
      <ArrowLeftOutlined /> 返回计划
    </Link>
  );
  const err = q.error instanceof ApiError ? q.error : null;
  if (err?.status === 403) return <Forbidden />;

  const d = q.data;
  const groups = d ? targetsByCadre(d.targets) : [];
  const cadreId = params.get('cadre') ?? (groups.length === 1 ? groups[0]!.cadreId : undefined);
  const group = groups.find((g) => g.cadreId === cadreId);
  const done = d?.targets.filter((t) => t.check).length ?? 0;

  let body: React.ReactNode;
  if (!d) {
    body = q.isError ? (
      <Result
        status={err?.status === 404 || err?.code === 'VALIDATION_FAILED' ? '404' : 'error'}
        title={err?.status === 404 ? '考察计划不存在' : '加载失败'}
        subTitle={errorText(q.error)}
        extra={<Link to="/delivery/plans">返回对账考察</Link>}
      />
    ) : (
      <Skeleton active />
    );
  } else if (!d.plan.can.check) {
    body = (
      <Result
        status="warning"
        title={d.plan.status === 'secret' ? '请先在电脑端开始考察' : '考察已结束'}
        subTitle={
          d.plan.status === 'secret'
            ? '本计划仍处于保密状态。出发时在电脑端计划页点击“出发（开始考察）”后，才能在现场记录核验结果。'
            : '考察结束后不能再记录或修改核验结果，可在计划页查看核验情况。'
        }
        extra={
          <Link to={`/delivery/plans/${id}`}>
            <Button type="primary" size="large">
              打开考察计划
            </Button>
          </Link>
        }
        data-testid="check-refused"
      />
    );
  } else {
    body = (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Card size="small" styles={{ body: { padding: 12 } }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {d.plan.title}
          </Typography.Text>
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 4 }}>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              核验 {d.plan.month} 月进度
            </Typography.Text>
            <Progress
              percent={d.targets.length ? Math.round((done / d.targets.length) * 100) : 0}
              format={() => `${done}/${d.targets.length}`}
              size="small"
              style={{ margin: 0, flex: 1 }}
            />
          </div>
          <LocationLine location={location} />
        </Card>
        <Select
          size="large"
          style={{ width: '100%' }}
          placeholder="选择考察对象"
          value={group?.cadreId}
          onChange={(v: string) => setParams({ cadre: v }, { replace: true })}
          data-testid="check-cadre"
          options={groups.map((g) => {
            const n = g.items.filter((t) => t.check).length;
            return {
              value: g.cadreId,
              label: `${g.cadreName}（${n}/${g.items.length}）`,
              title: [g.unitName, g.post].filter(Boolean).join(' '),
            };
          })}
          optionRender={(o) => {
            const g = groups.find((x) => x.cadreId === o.value);
            if (!g) return o.label;
            const n = g.items.filter((t) => t.check).length;
            return (
              <div style={{ padding: '6px 0' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between' }}>
                  <b>{g.cadreName}</b>
                  <Typography.Text type={n === g.items.length ? 'success' : 'secondary'}>
                    {n}/{g.items.length}
                  </Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                  {[g.unitName, g.post].filter(Boolean).join(' · ')}
                </Typography.Text>
              </div>
            );
          }}
        />
        {!group ? (
          <Card>
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="请先选择考察对象，再逐项核验" />
          </Card>
        ) : (
          <>
            <Typography.Text type="secondary">
              {[group.unitName, group.post].filter(Boolean).join(' · ')}
            </Typography.Text>
            {group.items.map((t) => (
              <ItemCheck key={t.itemId} planId={id} month={d.plan.month} target={t} location={location} />
            ))}
          </>
        )}
      </Space>
    );
  }

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }}>
      <Page title="现场核验" subtitle={back} permission="delivery.verify">
        {body}
      </Page>
    </div>
  );
}

function LocationLine({ location }: { location: DeviceLocation | null }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="check-location">
      <EnvironmentOutlined />{' '}
      {location
        ? `已定位（${location.latitude.toFixed(4)}，${location.longitude.toFixed(4)}${
            location.accuracy !== null ? `，±${Math.round(location.accuracy)} 米` : ''
          }），照片将记录拍摄位置`
        : '未获取定位，照片不带位置（可在浏览器中允许定位）'}
    </Typography.Text>
  );
}

function Figure(props: { label: string; value: string; strong?: boolean }) {
  return (
    <div style={{ flex: 1, minWidth: 0, background: '#fafafa', borderRadius: 6, padding: '6px 10px' }}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,.45)' }}>{props.label}</div>
      <div style={{ fontSize: 20, fontWeight: props.strong ? 600 : 500, lineHeight: 1.3 }}>{props.value}</div>
    </div>
  );
}

function ItemCheck(props: {
  planId: string;
  month: number;
  target: PlanTarget;
  location: DeviceLocation | null;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const domainName = useDomainName();
  const t = props.target;
  const saved = t.check;
  const [verified, setVerified] = useState<number | null>(
    saved?.verifiedValue != null ? Number(saved.verifiedValue) : null,
  );
  const [verdict, setVerdict] = useState<Verdict | null>(saved?.verdict ?? null);
  const [notes, setNotes] = useState(saved?.notes ?? '');
  const [description, setDescription] = useState('');
  // The description last sent (the check itself does not carry the finding's text).
  const [sentDescription, setSentDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [finding, setFinding] = useState<Finding | null>(null);

  const unit = t.targetKind === 'value' ? (t.measureUnit ?? '') : '个节点';
  const changed =
    !!saved &&
    (saved.verdict !== verdict ||
      (saved.notes ?? '') !== notes.trim() ||
      (saved.verifiedValue == null ? null : Number(saved.verifiedValue)) !== verified ||
      description.trim() !== sentDescription.trim());

  const save = async () => {
    if (!verdict) {
      setError('请选择核验结论');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call(deliveryApi.recordCheck, {
        params: { id: props.planId },
        body: {
          itemId: t.itemId,
          verifiedValue: verified,
          verdict,
          notes: notes.trim() || null,
          description: verdict !== 'true' && description.trim() ? description.trim() : null,
        },
      });
      setFinding(r.finding);
      setSentDescription(description);
      message.success(
        r.finding
          ? `已保存：${verdictLabel(verdict)}，已生成考察发现，待干部说明`
          : `已保存：${verdictLabel(verdict)}`,
      );
      await qc.invalidateQueries({ queryKey: ['delivery', 'plan', props.planId] });
      qc.invalidateQueries({ queryKey: ['delivery', 'plans'] });
      qc.invalidateQueries({ queryKey: ['delivery', 'findings'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      data-testid="check-item"
      styles={{ body: { padding: 12 } }}
      title={
        <div style={{ whiteSpace: 'normal', padding: '8px 0', lineHeight: 1.4 }}>
          <div style={{ fontSize: 16 }}>{t.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {ITEM_KIND_LABELS[t.kind]} · {domainName(t.domainCode)} · 目标{' '}
            {t.targetKind === 'value' ? `${fmtNum(t.targetValue)}${t.measureUnit ?? ''}` : '按节点'}
          </Typography.Text>
        </div>
      }
      extra={
        saved ? (
          <Tag
            color={VERDICT_COLORS[saved.verdict]}
            icon={<CheckCircleFilled />}
            style={{ marginInlineEnd: 0 }}
            data-testid="check-saved-verdict"
          >
            {verdictLabel(saved.verdict)}
          </Tag>
        ) : (
          <Tag style={{ marginInlineEnd: 0 }}>未核验</Tag>
        )
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div style={{ display: 'flex', gap: 8 }}>
          <Figure
            label="申报（累计）"
            value={t.reported === null ? '未填报' : `${fmtNum(t.reported)}${unit}`}
            strong
          />
          <Figure label={`${props.month}月计划`} value={`${fmtNum(t.planned)}${unit}`} />
        </div>
        <div>
          <Typography.Text strong>现场核实</Typography.Text>
          <InputNumber
            size="large"
            min={0}
            max={1e12}
            style={{ width: '100%', marginTop: 4 }}
            inputMode="decimal"
            placeholder="现场看到的实际进度"
            suffix={unit || undefined}
            value={verified}
            onChange={(v) => setVerified(v === null || v === undefined ? null : Number(v))}
            data-testid="check-verified"
          />
        </div>
        <div>
          <Typography.Text strong>核验结论</Typography.Text>
          <div
            role="radiogroup"
            aria-label="核验结论"
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8, marginTop: 4 }}
          >
            {VERDICTS.map((v) => {
              const on = verdict === v;
              const color = VERDICT_BUTTON_COLORS[v];
              return (
                <Button
                  key={v}
                  role="radio"
                  aria-checked={on}
                  onClick={() => {
                    setVerdict(v);
                    setError(null);
                  }}
                  style={{
                    height: 52,
                    fontSize: 17,
                    fontWeight: on ? 600 : 400,
                    color: on ? '#fff' : color,
                    background: on ? color : '#fff',
                    borderColor: color,
                    borderWidth: on ? 2 : 1,
                  }}
                  data-testid={`verdict-${v}`}
                >
                  {verdictLabel(v)}
                </Button>
              );
            })}
          </div>
        </div>
        <div>
          <Typography.Text strong>备注</Typography.Text>
          <Input.TextArea
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder="现场看到的情况、核对的台账等"
            style={{ marginTop: 4, fontSize: 16 }}
            data-testid="check-notes"
          />
        </div>
        {verdict && verdict !== 'true' && (
          <div>
            <Typography.Text strong>问题描述</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              （选填，留空则按计划、申报与核实数自动生成）
            </Typography.Text>
            <Input.TextArea
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              placeholder="干部将看到这段描述并作出说明"
              style={{ marginTop: 4, fontSize: 16 }}
              data-testid="check-description"
            />
          </div>
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="check-error" />}
        <Button
          type={saved && !changed ? 'default' : 'primary'}
          size="large"
          block
          icon={saved && !changed ? <CheckCircleFilled /> : <SaveOutlined />}
          loading={busy}
          onClick={save}
          style={{ height: 52, fontSize: 17 }}
          data-testid="check-save"
        >
          {saved ? (changed ? '保存修改' : '已保存') : '保存'}
        </Button>
        {saved && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {changed ? '有未保存的修改 · ' : ''}上次保存 {fmtTime(saved.checkedAt)}
          </Typography.Text>
        )}
        {finding && (
          <Alert
            type="warning"
            showIcon
            title={`已生成考察发现（${verdictLabel(finding.kind)}）`}
            description={
              <>
                干部须在 {finding.explanationDue} 前作出说明。
                <Link to={`/delivery/findings/${finding.id}`}>查看</Link>
              </>
            }
          />
        )}
        {saved ? (
          <>
            <Divider style={{ margin: '4px 0' }} />
            <Typography.Text strong>现场照片</Typography.Text>
            <EvidenceUpload
              ownerType="delivery_check"
              ownerId={saved.id}
              camera
              large
              location={props.location}
              data-testid="check-photo"
            />
            <EvidenceGallery
              ownerType="delivery_check"
              ownerId={saved.id}
              emptyText="尚未上传照片"
              size={96}
            />
          </>
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            保存核验结论后可拍照上传现场照片。
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
