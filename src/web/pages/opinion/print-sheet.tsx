import { type ReactNode, useEffect } from 'react';
import { createPortal } from 'react-dom';

/**
 * While mounted, prints its children alone: they are put straight under <body>, the print
 * stylesheet hides everything else, and the browser's print dialog opens. `onDone` is called once
 * the dialog has closed (or at once where printing is not possible).
 */
export function PrintSheet(props: { children: ReactNode; onDone(): void }) {
  const { onDone } = props;
  useEffect(() => {
    // Let the images (QR codes as data URLs) decode before the dialog takes its snapshot.
    const t = window.setTimeout(() => {
      try {
        window.print();
      } finally {
        window.setTimeout(onDone, 0);
      }
    }, 150);
    return () => window.clearTimeout(t);
  }, [onDone]);
  return createPortal(
    <div className="opinion-print-root" data-testid="print-sheet">
      <style>{PRINT_CSS}</style>
      {props.children}
    </div>,
    document.body,
  );
}

const PRINT_CSS = `
.opinion-print-root { display: none; }
@media print {
  @page { size: A4; margin: 10mm; }
  body > *:not(.opinion-print-root) { display: none !important; }
  body { background: #fff !important; }
  .opinion-print-root { display: block; color: #000; font-size: 10.5pt;
    font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; }
  .opinion-slips { display: grid; grid-template-columns: 1fr 1fr; }
  .opinion-slips .opinion-slip { break-inside: avoid; page-break-inside: avoid; height: 66mm;
    border: 1px dashed #888; margin: -0.5px; }
  .opinion-posters .opinion-poster { break-after: page; page-break-after: always; }
  .opinion-posters .opinion-poster:last-child { break-after: auto; page-break-after: auto; }
}
`;
