import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Ctx } from './context.ts';
import { localDay } from './time.ts';
import { write } from './tx.ts';

export interface DocxSection {
  heading?: string;
  paragraphs?: string[];
  table?: { columns: string[]; rows: (string | number)[][] };
}

/**
 * A Word report: title, a 内部资料 line with who exported it and when, then sections of
 * paragraphs and tables. Recorded in the audit chain by action only.
 */
export async function exportDocx(
  ctx: Ctx,
  spec: { action: string; title: string; sections: DocxSection[] },
): Promise<Buffer> {
  const who = ctx.actor ? `${ctx.actor.displayName}（${ctx.actor.username}）` : '系统';
  const font = { font: 'SimSun' };
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: spec.title, ...font })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [
        new TextRun({
          text: `内部资料 · 导出人：${who} · 导出日期：${localDay(ctx.clock.now())}`,
          size: 18,
          color: 'B8322A',
          ...font,
        }),
      ],
    }),
  ];
  for (const s of spec.sections) {
    if (s.heading)
      children.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_2,
          children: [new TextRun({ text: s.heading, ...font })],
        }),
      );
    for (const p of s.paragraphs ?? [])
      children.push(
        new Paragraph({ children: [new TextRun({ text: p, size: 24, ...font })], spacing: { after: 120 } }),
      );
    if (s.table) {
      const cell = (text: string | number, bold = false) =>
        new TableCell({
          children: [
            new Paragraph({ children: [new TextRun({ text: String(text), bold, size: 20, ...font })] }),
          ],
        });
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: s.table.columns.map((c) => cell(c, true)) }),
            ...s.table.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
          ],
        }),
      );
    }
  }
  const buf = await Packer.toBuffer(
    new Document({ creator: '玉智督', title: spec.title, sections: [{ children }] }),
  );
  await write(ctx, async (_tx, audit) =>
    audit({ action: spec.action, objectType: 'export', objectId: null }),
  );
  return buf;
}
