import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** The SVG of a QR code for `value` as an image address (data URL); medium error correction. */
export function qrDataUrl(value: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(value);
  qr.make();
  const svg = qr.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** A QR code drawn in the browser (nothing is sent anywhere to draw it). */
export function QrCode(props: {
  value: string;
  /** Width and height in CSS pixels. */
  size?: number;
  alt?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}) {
  const src = useMemo(() => qrDataUrl(props.value), [props.value]);
  const size = props.size ?? 128;
  return (
    <img
      src={src}
      width={size}
      height={size}
      alt={props.alt ?? '二维码'}
      style={{ display: 'block', imageRendering: 'pixelated', ...props.style }}
      data-testid={props['data-testid']}
      data-value={props.value}
    />
  );
}
