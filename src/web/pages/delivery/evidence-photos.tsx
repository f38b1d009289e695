import { CameraOutlined, EnvironmentOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Image, Space, Tooltip, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { pathOf, type WireOf } from '../../../common/api.ts';
import { evidenceApi } from '../../../common/contracts/evidence.ts';
import { ApiError, call, upload } from '../../api/client.ts';
import { errorText } from '../../components/errors.ts';
import { fmtTime } from '../../components/format.ts';
import { downloadFile } from '../../components/import-modal.tsx';

/** What the server gives of a file (never its bytes). */
export type EvidenceMeta = WireOf<typeof evidenceApi.get>;

export interface DeviceLocation {
  latitude: number;
  longitude: number;
  accuracy: number | null;
}

const contentUrl = (id: string, inline = false) =>
  `${pathOf(evidenceApi.content.path, { id })}${inline ? '?inline=1' : ''}`;

/** The files of one record; `enabled: false` while the reader may not see them yet. */
export function useEvidence(ownerType: string, ownerId: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: ['delivery', 'evidence', ownerType, ownerId],
    enabled: !!ownerId && enabled,
    queryFn: () => call(evidenceApi.list, { query: { ownerType, ownerId: ownerId ?? '' } }),
    select: (d) => d.items,
    retry: (n, e) => !(e instanceof ApiError && (e.status === 403 || e.status === 404)) && n < 1,
  });
}

/**
 * The device's position, asked for once when the screen opens (so that an upload does not wait
 * for it); null when the browser has none or the user refused.
 */
export function useDeviceLocation(): DeviceLocation | null {
  const [loc, setLoc] = useState<DeviceLocation | null>(null);
  useEffect(() => {
    if (!('geolocation' in navigator)) return;
    let live = true;
    const id = navigator.geolocation.watchPosition(
      (p) => {
        if (live)
          setLoc({
            latitude: p.coords.latitude,
            longitude: p.coords.longitude,
            accuracy: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null,
          });
      },
      () => {
        // refused or unavailable: photos are stored without a position
      },
      { enableHighAccuracy: true, maximumAge: 60_000, timeout: 20_000 },
    );
    return () => {
      live = false;
      navigator.geolocation.clearWatch(id);
    };
  }, []);
  return loc;
}

/** Thumbnails of the images (with preview) and links to the other files of a record. */
export function EvidenceGallery(props: {
  ownerType: string;
  ownerId: string;
  /** False while the reader may not see the files yet (the server would refuse). */
  enabled?: boolean;
  hiddenText?: string;
  emptyText?: string;
  size?: number;
}) {
  const { message } = App.useApp();
  const enabled = props.enabled ?? true;
  const q = useEvidence(props.ownerType, props.ownerId, enabled);
  const size = props.size ?? 88;
  if (!enabled)
    return props.hiddenText ? <Typography.Text type="secondary">{props.hiddenText}</Typography.Text> : null;
  if (q.isError) {
    const e = q.error;
    if (e instanceof ApiError && (e.status === 403 || e.status === 404))
      return <Typography.Text type="secondary">{props.hiddenText ?? '无权查看材料'}</Typography.Text>;
    return <Alert type="error" showIcon title={errorText(e)} />;
  }
  const files = q.data ?? [];
  if (!q.isLoading && files.length === 0)
    return props.emptyText ? <Typography.Text type="secondary">{props.emptyText}</Typography.Text> : null;
  const images = files.filter((f) => f.contentType.startsWith('image/'));
  const others = files.filter((f) => !f.contentType.startsWith('image/'));
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="evidence-gallery">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space size={8} wrap>
            {images.map((f) => (
              <Tooltip
                key={f.id}
                title={
                  <>
                    {f.originalName}
                    <br />
                    {fmtTime(f.uploadedAt)}
                    {f.location && (
                      <>
                        <br />
                        位置：{f.location.latitude}，{f.location.longitude}
                        {f.location.accuracyM !== null ? `（±${f.location.accuracyM} 米）` : ''}
                      </>
                    )}
                  </>
                }
              >
                <div style={{ position: 'relative' }}>
                  <Image
                    src={contentUrl(f.id, true)}
                    alt={f.originalName}
                    width={size}
                    height={size}
                    style={{ objectFit: 'cover', borderRadius: 6, border: '1px solid #f0f0f0' }}
                    data-testid="evidence-thumb"
                  />
                  {f.location && (
                    <EnvironmentOutlined
                      style={{
                        position: 'absolute',
                        right: 4,
                        bottom: 4,
                        color: '#fff',
                        background: 'rgba(0,0,0,.45)',
                        borderRadius: 8,
                        padding: 2,
                        fontSize: 12,
                      }}
                    />
                  )}
                </div>
              </Tooltip>
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {others.map((f) => (
        <Button
          key={f.id}
          type="link"
          icon={<PaperClipOutlined />}
          style={{ padding: 0, height: 'auto' }}
          onClick={() =>
            downloadFile(contentUrl(f.id), f.originalName).catch((e) => message.error(errorText(e)))
          }
        >
          {f.originalName}
        </Button>
      ))}
    </Space>
  );
}

/**
 * Uploads files to a record as they are chosen (several at once), with the device position when
 * one is known. `camera` makes a phone open its camera.
 */
export function EvidenceUpload(props: {
  ownerType: string;
  ownerId: string;
  camera?: boolean;
  accept?: string;
  location?: DeviceLocation | null;
  label?: string;
  large?: boolean;
  'data-testid'?: string;
  onUploaded?: (meta: EvidenceMeta) => void;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(0);
  // The latest position, read when each file is sent (not when the control was drawn).
  const where = useRef(props.location ?? null);
  where.current = props.location ?? null;
  return (
    <div data-testid={props['data-testid']} className={props.large ? 'dlv-upload-block' : undefined}>
      {props.large && (
        <style>
          {
            '.dlv-upload-block .ant-upload-wrapper, .dlv-upload-block .ant-upload { display: block; width: 100%; }'
          }
        </style>
      )}
      <Upload
        accept={props.accept ?? (props.camera ? 'image/*' : undefined)}
        capture={props.camera ? 'environment' : undefined}
        multiple
        showUploadList={false}
        customRequest={async (opt) => {
          const file = opt.file as File;
          const form = new FormData();
          form.append('ownerType', props.ownerType);
          form.append('ownerId', props.ownerId);
          const loc = where.current;
          if (loc) {
            form.append('latitude', loc.latitude.toFixed(6));
            form.append('longitude', loc.longitude.toFixed(6));
            if (loc.accuracy !== null)
              form.append('accuracy', String(Math.min(100_000, Math.max(0, Math.round(loc.accuracy)))));
          }
          form.append('file', file, file.name);
          setBusy((n) => n + 1);
          try {
            const meta = await upload(evidenceApi.upload, form);
            opt.onSuccess?.(meta);
            message.success(`已上传：${meta.originalName}`);
            await qc.invalidateQueries({
              queryKey: ['delivery', 'evidence', props.ownerType, props.ownerId],
            });
            props.onUploaded?.(meta);
          } catch (e) {
            opt.onError?.(e as Error);
            message.error(`${file.name} 上传失败：${errorText(e)}`);
          } finally {
            setBusy((n) => n - 1);
          }
        }}
      >
        <Button
          size={props.large ? 'large' : 'middle'}
          icon={props.camera ? <CameraOutlined /> : <UploadOutlined />}
          loading={busy > 0}
          block={props.large}
        >
          {busy > 0 ? '上传中…' : (props.label ?? (props.camera ? '拍照/上传' : '上传材料'))}
        </Button>
      </Upload>
    </div>
  );
}
