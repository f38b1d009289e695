import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { qs } from '../../../api/client.ts';
import { errorText } from '../../../components/errors.ts';
import { downloadFile } from '../../../components/import-modal.tsx';

const LABELS = { docx: 'Word', pdf: 'PDF', xlsx: 'Excel 统计表' } as const;
type Format = keyof typeof LABELS;

/** Download buttons for one file in several formats; PDF is offered only where the server can make it. */
export function Downloads(props: {
  url: string;
  query: Record<string, unknown>;
  name: string;
  formats: Format[];
  pdf: boolean;
  testId?: string;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);
  const get = async (format: Format) => {
    setBusy(format);
    try {
      await downloadFile(`${props.url}${qs({ ...props.query, format })}`, `${props.name}.${format}`);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space wrap>
      {props.formats.map((f) => {
        const off = f === 'pdf' && !props.pdf;
        const b = (
          <Button
            key={f}
            icon={<DownloadOutlined />}
            loading={busy === f}
            disabled={off}
            onClick={() => get(f)}
            data-testid={`${props.testId ?? 'download'}-${f}`}
          >
            下载 {LABELS[f]}
          </Button>
        );
        return off ? (
          <Tooltip key={f} title="服务器未安装 LibreOffice，暂不能生成 PDF">
            {b}
          </Tooltip>
        ) : (
          b
        );
      })}
    </Space>
  );
}
