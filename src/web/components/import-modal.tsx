import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Modal,
  Progress,
  Result,
  Space,
  Table,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { pathOf, type WireOf } from '../../common/api.ts';
import { type BatchStatus, importsApi } from '../../common/contracts/imports.ts';
import type { ErrorBody } from '../../common/errors.ts';
import { ApiError, call, csrfHeaders, upload } from '../api/client.ts';
import { errorText } from './errors.ts';

export type { BatchStatus } from '../../common/contracts/imports.ts';

/** A batch's progress and report, as the server gives it (also the answer of the upload). */
export type ImportBatchView = WireOf<typeof importsApi.batch>;
/** One problem found in an import file; row 0 is the file as a whole. */
export type ImportIssue = NonNullable<ImportBatchView['errors']>[number];

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  queued: '排队中',
  validating: '校验中',
  applying: '写入中',
  done: '已完成',
  invalid: '有错误未导入',
  failed: '失败',
};
const FINISHED = new Set<BatchStatus>(['done', 'invalid', 'failed']);
/** After this long without a change, the dialog says the job may be stuck (the server retries). */
const STALL_MS = 30_000;

/** The file name a download answer names (RFC 6266 filename*, then filename). */
function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = disposition.match(/filename\*\s*=\s*UTF-8''([^;]+)/i);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  const plain = disposition.match(/filename\s*=\s*"?([^";]+)"?/i);
  return plain?.[1] ?? null;
}

/**
 * Downloads a file from the API under the name the server gives it; an error answer becomes an
 * ApiError with the server's Chinese message (instead of a saved error page). With `postBody`,
 * the file is the answer of a POST of that JSON (e.g. slips whose tokens the server does not keep).
 */
export async function downloadFile(url: string, fallbackName: string, postBody?: unknown): Promise<void> {
  const res = await fetch(
    url,
    postBody === undefined
      ? { credentials: 'same-origin' }
      : {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', ...csrfHeaders() },
          body: JSON.stringify(postBody),
        },
  );
  if (!res.ok) {
    let body: ErrorBody | null = null;
    try {
      body = (await res.json()) as ErrorBody;
    } catch {
      // not JSON
    }
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'UNKNOWN',
      body?.error?.message ?? `下载失败（${res.status}）`,
    );
  }
  const name = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export interface ImportModalProps {
  open: boolean;
  onClose(): void;
  /** The import kind, e.g. `org.cadres`. */
  kind: string;
  title: string;
  /** File types offered by the picker, e.g. `.xlsx,.csv`. */
  accept: string;
  /** Several files in one batch (lrmx). */
  multiple?: boolean;
  /** Extra form items: the caller's own `<Form>`, read back by getOptions. */
  options?: ReactNode;
  /** The import options; throw (e.g. a failed validateFields) to stop the upload. */
  getOptions?: () => Promise<object | undefined>;
  /** Called once when a batch has been written. */
  onDone?(): void;
  /** How the result counts what it wrote: the measure word (人, 项, 条) and the word for a change (更新, 修订). */
  counted?: { unit: string; updated?: string };
}

/**
 * The import dialog: template, file choice, upload, progress, and the row-by-row report.
 * Its state starts afresh each time it opens.
 */
export function ImportModal(props: ImportModalProps) {
  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onClose}
      footer={null}
      width={760}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <ImportBody {...props} />
    </Modal>
  );
}

function ImportBody(props: ImportModalProps) {
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [first, setFirst] = useState<ImportBatchView | null>(null);
  const [templateBusy, setTemplateBusy] = useState(false);

  const batch = useQuery({
    queryKey: ['imports', 'batch', batchId],
    enabled: !!batchId,
    queryFn: () => call(importsApi.batch, { params: { id: batchId! } }),
    initialData: first ?? undefined,
    initialDataUpdatedAt: 0,
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 1000),
  });
  const b = batchId ? batch.data : undefined;
  const stalled = useStalled(b ? `${b.status}|${b.processedRows}` : '', !!b && !FINISHED.has(b.status));

  // Tell the caller once, when the rows have been written.
  const told = useRef(false);
  useEffect(() => {
    if (b?.status === 'done' && !told.current) {
      told.current = true;
      props.onDone?.();
    }
  }, [b?.status, props.onDone]);

  const tableKind = /\.(xlsx|csv)\b/i.test(props.accept);
  const types = props.accept.split(',').join('、');

  const start = async () => {
    setUploadError(null);
    let options: object | undefined;
    try {
      options = await props.getOptions?.();
    } catch {
      return; // the caller's form shows what is missing
    }
    const form = new FormData();
    if (options) form.append('options', JSON.stringify(options));
    for (const f of files) {
      const raw = (f.originFileObj ?? f) as unknown as File;
      form.append('file', raw, f.name);
    }
    setUploading(true);
    try {
      const created = await upload(importsApi.upload, form, { kind: props.kind });
      told.current = false;
      setFirst(created);
      setBatchId(created.id);
    } catch (e) {
      setUploadError(errorText(e));
    } finally {
      setUploading(false);
    }
  };

  const again = () => {
    setBatchId(null);
    setFirst(null);
    setFiles([]);
    setUploadError(null);
  };

  const downloadTemplate = async () => {
    setTemplateBusy(true);
    try {
      await downloadFile(pathOf(importsApi.template.path, { kind: props.kind }), `${props.title}模板.xlsx`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setTemplateBusy(false);
    }
  };

  if (b) {
    return (
      <BatchReport
        batch={b}
        stalled={stalled}
        rowsAreFiles={!tableKind}
        counted={props.counted}
        pollError={batch.isError ? errorText(batch.error) : null}
        onAgain={again}
        onClose={props.onClose}
      />
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-modal">
      {tableKind && (
        <Alert
          type="info"
          showIcon
          title="请按模板填写：第一行为表头，带 * 的列必填。整份文件校验无误后才会写入，有任何错误都不会导入。"
          action={
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={templateBusy}
              onClick={downloadTemplate}
              data-testid="import-template"
            >
              下载模板
            </Button>
          }
        />
      )}
      {props.options}
      <Upload.Dragger
        accept={props.accept}
        multiple={!!props.multiple}
        fileList={files}
        beforeUpload={(file) => {
          const entry: UploadFile = {
            uid: file.uid,
            name: file.name,
            size: file.size,
            type: file.type,
            originFileObj: file,
          };
          setFiles((cur) => (props.multiple ? [...cur.filter((f) => f.uid !== file.uid), entry] : [entry]));
          setUploadError(null);
          return false;
        }}
        onRemove={(file) => {
          setFiles((cur) => cur.filter((f) => f.uid !== file.uid));
        }}
        data-testid="import-dragger"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击或将文件拖到此处</p>
        <p className="ant-upload-hint">
          {props.multiple ? `可一次选择多个 ${types} 文件` : `支持 ${types} 文件，一次一个`}
          ，单个文件不超过 10 MB
        </p>
      </Upload.Dragger>
      {uploadError && <Alert type="error" showIcon title={uploadError} data-testid="import-upload-error" />}
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={props.onClose}>取消</Button>
        <Button
          type="primary"
          disabled={files.length === 0}
          loading={uploading}
          onClick={start}
          data-testid="import-start"
        >
          开始导入
        </Button>
      </div>
    </Space>
  );
}

/** True once `signature` has not changed for STALL_MS while `active`. */
function useStalled(signature: string, active: boolean): boolean {
  // The signature that has stood still for STALL_MS; any change of signature clears it.
  const [still, setStill] = useState<string | null>(null);
  useEffect(() => {
    if (!active) return;
    const t = setTimeout(() => setStill(signature), STALL_MS);
    return () => clearTimeout(t);
  }, [signature, active]);
  return active && still === signature;
}

function BatchReport(props: {
  batch: ImportBatchView;
  /** Each file is one record (lrmx): the row number is only the file's place in the batch. */
  rowsAreFiles: boolean;
  counted?: ImportModalProps['counted'];
  stalled: boolean;
  pollError: string | null;
  onAgain(): void;
  onClose(): void;
}) {
  const b = props.batch;
  const unit = props.counted?.unit ?? '人';
  const updated = props.counted?.updated ?? '更新';
  const finished = FINISHED.has(b.status);
  const total = b.totalRows ?? 0;
  const percent =
    b.status === 'done'
      ? 100
      : b.status === 'applying' && total
        ? Math.floor((b.processedRows / total) * 100)
        : 0;
  // The file's name leads some messages; with a file column it need not be said twice.
  const errors = (b.errors ?? []).map((e) =>
    e.file && e.message.startsWith(`${e.file}：`) ? { ...e, message: e.message.slice(e.file.length + 1) } : e,
  );
  const withFile = errors.some((e) => e.file);
  const withRow = !props.rowsAreFiles || !withFile;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-report">
      <Typography.Text type="secondary">文件：{b.fileName}</Typography.Text>
      {!finished && (
        <div data-testid="import-progress">
          <Progress
            percent={percent}
            status="active"
            format={() => (b.status === 'applying' && total ? `${b.processedRows}/${total}` : '')}
          />
          <Typography.Text>
            {BATCH_STATUS_LABELS[b.status]}
            {b.status === 'applying' && total ? `：已写入 ${b.processedRows} / ${total} 行` : '…'}
          </Typography.Text>
          {props.stalled && (
            <Alert
              style={{ marginTop: 12 }}
              type="warning"
              showIcon
              title="导入耗时较长，可能正在排队或重试。可以关闭此窗口，稍后刷新页面查看结果。"
            />
          )}
          {props.pollError && (
            <Alert style={{ marginTop: 12 }} type="error" showIcon title={props.pollError} />
          )}
        </div>
      )}
      {b.status === 'done' && (
        <Result
          status="success"
          title="导入完成"
          subTitle={
            <span data-testid="import-result">
              新增 {b.result?.inserted ?? 0} {unit}，{updated} {b.result?.updated ?? 0} {unit}，无变化{' '}
              {b.result?.unchanged ?? 0} {unit}
            </span>
          }
          style={{ padding: '16px 0' }}
        />
      )}
      {b.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title="导入失败"
          description={errors[0]?.message ?? '后台任务出错，未导入任何数据，请稍后重试。'}
        />
      )}
      {b.status === 'invalid' && (
        <>
          <Alert
            type="error"
            showIcon
            title={`文件有 ${b.errorCount} 处错误，未导入任何数据`}
            description={
              b.errorCount > errors.length
                ? `下表列出前 ${errors.length} 处。请改正后重新导入整份文件。`
                : '请按下表改正后重新导入整份文件。'
            }
            data-testid="import-errors-alert"
          />
          <Table<ImportIssue & { key: number }>
            size="small"
            data-testid="import-errors"
            dataSource={errors.map((e, i) => ({ ...e, key: i }))}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              ...(withRow
                ? [
                    {
                      title: '行号',
                      dataIndex: 'row',
                      width: 70,
                      render: (r: number) => (r > 0 ? r : '—'),
                    },
                  ]
                : []),
              ...(withFile
                ? [
                    {
                      title: '文件',
                      dataIndex: 'file',
                      width: 180,
                      ellipsis: true,
                      render: (f?: string) => f ?? '—',
                    },
                  ]
                : []),
              { title: '列', dataIndex: 'column', width: 100, render: (c?: string) => c ?? '—' },
              { title: '原因', dataIndex: 'message' },
            ]}
          />
        </>
      )}
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        {finished && b.status !== 'done' && (
          <Button onClick={props.onAgain} data-testid="import-again">
            重新选择文件
          </Button>
        )}
        {b.status === 'done' && <Button onClick={props.onAgain}>继续导入</Button>}
        <Button type={finished ? 'primary' : 'default'} onClick={props.onClose}>
          {finished ? '关闭' : '关闭（后台继续）'}
        </Button>
      </div>
    </Space>
  );
}
