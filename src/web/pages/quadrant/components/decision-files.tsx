import { PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Space, Tooltip, Typography } from 'antd';
import { pathOf } from '../../../../common/api.ts';
import { evidenceApi } from '../../../../common/contracts/evidence.ts';
import { DECISION_EVIDENCE_OWNER } from '../../../../common/contracts/quadrant.ts';
import { errorText } from '../../../components/errors.ts';
import { downloadFile } from '../../../components/import-modal.tsx';
import { EvidenceUpload } from '../../delivery/evidence-photos.tsx';

interface FileRef {
  id: string;
  name: string;
  sm3: string;
}

/** Links that download a decision's files (each checked against its SM3 by the server). */
export function FileLinks(props: { files: FileRef[]; empty?: string }) {
  const { message } = App.useApp();
  if (!props.files.length)
    return props.empty ? <Typography.Text type="secondary">{props.empty}</Typography.Text> : null;
  return (
    <Space size={[8, 0]} wrap data-testid="quadrant-files">
      {props.files.map((f) => (
        <Tooltip key={f.id} title={`SM3：${f.sm3}`}>
          <Button
            type="link"
            size="small"
            icon={<PaperClipOutlined />}
            style={{ padding: 0 }}
            onClick={() =>
              downloadFile(pathOf(evidenceApi.content.path, { id: f.id }), f.name).catch((e) =>
                message.error(errorText(e)),
              )
            }
          >
            {f.name}
          </Button>
        </Tooltip>
      ))}
    </Space>
  );
}

/**
 * A form field of file ids: upload to the decision here, tick which uploaded files this record
 * rests on (files already uploaded and not yet used are offered too).
 */
export function DecisionFilesField(props: {
  decisionId: string;
  offered: FileRef[];
  value?: string[];
  onChange?: (ids: string[]) => void;
  label?: string;
  /** Only the upload (the files are listed elsewhere). */
  uploadOnly?: boolean;
}) {
  const qc = useQueryClient();
  const value = props.value ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <EvidenceUpload
        ownerType={DECISION_EVIDENCE_OWNER}
        ownerId={props.decisionId}
        label={props.label ?? '上传材料'}
        data-testid="quadrant-file-upload"
        onUploaded={async (meta) => {
          props.onChange?.([...value, meta.id]);
          await qc.invalidateQueries({ queryKey: ['quadrant', 'decision', props.decisionId] });
        }}
      />
      {props.uploadOnly ? null : props.offered.length > 0 ? (
        <Checkbox.Group
          value={value}
          onChange={(v) => props.onChange?.(v as string[])}
          options={props.offered.map((f) => ({ value: f.id, label: f.name }))}
          data-testid="quadrant-file-choices"
        />
      ) : (
        <Typography.Text type="secondary">尚未上传材料</Typography.Text>
      )}
    </Space>
  );
}
