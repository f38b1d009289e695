import { DownloadOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Result,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { pathOf, type WireOf } from '../../../../common/api.ts';
import { deliveryApi } from '../../../../common/contracts/delivery.ts';
import { evidenceApi } from '../../../../common/contracts/evidence.ts';
import { ApiError, call, upload as sendForm } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { downloadFile } from '../../../components/import-modal.tsx';
import { fmtNum, type ItemView, targetText, targetTotal } from '../delivery-options.ts';
import { useEvidence } from '../evidence-photos.tsx';
import { showFieldErrors } from './field-errors.ts';

// ——— the monthly report and its evidence ———

type ReportRow = WireOf<typeof deliveryApi.report>;

/** The field a refusal of the report is about. */
const REPORT_FIELDS: Partial<Record<string, keyof ReportFormValues>> = {
  DELIVERY_MONTH_NOT_STARTED: 'month',
  DELIVERY_REPORT_EXISTS: 'month',
  PERIOD_CLOSED: 'month',
  DELIVERY_PROGRESS_DECREASING: 'progress',
};

interface ReportFormValues {
  month: number;
  progress: number;
  account?: string;
}

/** Reports an item's progress for a month, then takes the evidence of that report. */
export function ReportModal(props: {
  item: ItemView | null;
  round: number;
  year: number;
  /** Months in closed assessment periods: named when the item missed them. */
  closed: readonly number[];
  onClose(): void;
  onReported(): void;
}) {
  const i = props.item;
  return (
    <Modal
      title={i ? `填报月度进度：${i.title}` : ''}
      open={!!i}
      onCancel={props.onClose}
      footer={null}
      width={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {i && (
        <ReportBody
          key={`${i.id}:${props.round}`}
          item={i}
          year={props.year}
          closed={props.closed}
          onClose={props.onClose}
          onReported={props.onReported}
        />
      )}
    </Modal>
  );
}

function ReportBody(props: {
  item: ItemView;
  year: number;
  closed: readonly number[];
  onClose(): void;
  onReported(): void;
}) {
  const { item, year } = props;
  const [form] = Form.useForm<ReportFormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ReportRow | null>(null);
  const months = item.reportMonths;
  const missedClosed = props.closed.filter((m) => !item.reports[m - 1]);
  const month = Form.useWatch('month', form);
  const milestones = item.targetKind === 'milestones';
  const total = targetTotal(item);
  const before = month
    ? item.reports
        .slice(0, month - 1)
        .reverse()
        .find((r) => r !== null)
    : null;
  const after = month ? item.reports.slice(month).find((r) => r !== null) : null;

  const thisMonth = year === dayjs().year() ? dayjs().month() + 1 : 12;
  const earlier = months.filter((m) => m < thisMonth);
  const initialMonth = earlier.length ? earlier[earlier.length - 1] : months[months.length - 1];

  const submit = async (v: ReportFormValues) => {
    setBusy(true);
    setError(null);
    try {
      const row = await call(deliveryApi.report, {
        params: { id: item.id },
        body: { month: v.month, progress: v.progress, account: v.account?.trim() || null },
      });
      setReport(row);
      props.onReported();
    } catch (e) {
      const text = errorText(e);
      setError(text);
      showFieldErrors(form, e);
      const field = e instanceof ApiError ? REPORT_FIELDS[e.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [text] }]);
    } finally {
      setBusy(false);
    }
  };

  if (report) return <ReportEvidence report={report} item={item} onClose={props.onClose} />;

  return (
    <Form<ReportFormValues>
      form={form}
      layout="vertical"
      initialValues={{ month: initialMonth }}
      onFinish={submit}
      onValuesChange={() => error && setError(null)}
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="report-error" />
      )}
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'target', label: '年度目标', children: targetText(item) },
          {
            key: 'plan',
            label: month ? `${month} 月累计计划` : '累计计划',
            children: month ? fmtNum(item.monthlyPlan[month - 1]) : '—',
          },
          {
            key: 'before',
            label: '此前填报',
            children: before ? `${fmtNum(before.progress)}（${before.month} 月）` : '—',
          },
        ]}
      />
      <Row gutter={16}>
        <Col span={10}>
          <Form.Item
            name="month"
            label="月份"
            rules={[{ required: true, message: '请选择月份' }]}
            extra={
              missedClosed.length ? `${missedClosed.join('、')} 月所在考核期已关闭，不能补报` : undefined
            }
          >
            <Select
              options={months.map((m) => ({ value: m, label: `${year} 年 ${m} 月` }))}
              notFoundContent="没有可填报的月份"
              data-testid="report-month"
            />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="progress"
            label={
              milestones
                ? `累计完成节点数（共 ${total} 个）`
                : `累计进度${item.measureUnit ? `（${item.measureUnit}）` : ''}`
            }
            rules={[
              { required: true, message: '请填写累计进度' },
              {
                validator: async (_, v: number | null) => {
                  if (v === null || v === undefined) return;
                  if (before && v < before.progress)
                    throw new Error(`累计进度不能少于 ${before.month} 月已填报的 ${fmtNum(before.progress)}`);
                  if (after && v > after.progress)
                    throw new Error(`累计进度不能多于 ${after.month} 月已填报的 ${fmtNum(after.progress)}`);
                },
              },
            ]}
            extra="填写截至该月末的累计数，而不是当月增量"
          >
            <InputNumber
              min={0}
              max={milestones ? total : 1e12}
              precision={milestones ? 0 : undefined}
              style={{ width: '100%' }}
              data-testid="report-progress"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="account" label="情况说明" rules={[{ max: 2000 }]}>
        <Input.TextArea
          rows={4}
          showCount
          maxLength={2000}
          placeholder="本月推进情况、取得的实绩、存在的困难"
          data-testid="report-account"
        />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        进度报送后不能修改；次月第 5 个工作日后报送的记为逾期。报送后可上传佐证材料。
      </Typography.Paragraph>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="report-submit">
          报送
        </Button>
      </div>
    </Form>
  );
}

type Place = { latitude: number; longitude: number; accuracy: number } | 'pending' | 'none';

/** The browser's position, asked for once (null when refused or unavailable). */
function usePlace(): Place {
  const [place, setPlace] = useState<Place>('pending');
  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setPlace('none');
      return;
    }
    let live = true;
    navigator.geolocation.getCurrentPosition(
      (p) =>
        live &&
        setPlace({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => live && setPlace('none'),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
    return () => {
      live = false;
    };
  }, []);
  return place;
}

function ReportEvidence(props: { report: ReportRow; item: ItemView; onClose(): void }) {
  const { report } = props;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const place = usePlace();
  const key = ['delivery', 'evidence', 'delivery_report', report.id];
  const files = useEvidence('delivery_report', report.id);
  const [uploading, setUploading] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const upload = async (file: File) => {
    const form = new FormData();
    form.append('ownerType', 'delivery_report');
    form.append('ownerId', report.id);
    if (typeof place === 'object') {
      form.append('latitude', place.latitude.toFixed(6));
      form.append('longitude', place.longitude.toFixed(6));
      form.append('accuracy', String(Math.min(100_000, Math.max(0, Math.round(place.accuracy)))));
    }
    form.append('file', file, file.name);
    setUploading((n) => n + 1);
    setUploadError(null);
    try {
      await sendForm(evidenceApi.upload, form);
      message.success(`已上传 ${file.name}`);
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      setUploadError(`${file.name}：${errorText(e)}`);
    } finally {
      setUploading((n) => n - 1);
    }
  };

  return (
    <div data-testid="report-evidence">
      <Result
        status="success"
        title={`已报送 ${report.month} 月进度`}
        subTitle={
          <Space size={4}>
            累计 {fmtNum(report.progress)}
            {props.item.targetKind === 'milestones' ? ' 个节点' : (props.item.measureUnit ?? '')}
            {report.late && <Tag color="orange">逾期（截止 {report.deadline}）</Tag>}
          </Space>
        }
        style={{ padding: '8px 0 16px' }}
      />
      <Typography.Text strong>佐证材料</Typography.Text>
      <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
        {place === 'pending'
          ? '正在获取位置…'
          : place === 'none'
            ? '未获取到位置，材料将不带定位上传'
            : `将附带当前位置（精度约 ${Math.round(place.accuracy)} 米）`}
      </Typography.Text>
      <Upload.Dragger
        multiple
        showUploadList={false}
        accept=".jpg,.jpeg,.png,.heic,.pdf,.doc,.docx,.xls,.xlsx,.ofd"
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
        disabled={place === 'pending'}
        style={{ marginTop: 8 }}
        data-testid="evidence-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或将照片、文件拖到此处上传</p>
        <p className="ant-upload-hint">现场照片、会议纪要、批复文件等，单个文件不超过 20 MB</p>
      </Upload.Dragger>
      {uploadError && <Alert type="error" showIcon title={uploadError} style={{ marginTop: 12 }} />}
      <List
        size="small"
        style={{ marginTop: 12 }}
        loading={files.isLoading || uploading > 0}
        dataSource={files.data ?? []}
        locale={{ emptyText: '尚未上传材料' }}
        data-testid="evidence-list"
        renderItem={(f) => (
          <List.Item
            actions={[
              <Button
                key="dl"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                onClick={() =>
                  downloadFile(pathOf(evidenceApi.content.path, { id: f.id }), f.originalName).catch((e) =>
                    message.error(errorText(e)),
                  )
                }
              >
                下载
              </Button>,
            ]}
          >
            <Space size={6}>
              <PaperClipOutlined />
              {f.originalName}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {(f.size / 1024).toFixed(0)} KB{f.location ? ' · 含定位' : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginTop: 12 }}>
        <Button type="primary" onClick={props.onClose} data-testid="report-done">
          完成
        </Button>
      </div>
    </div>
  );
}
