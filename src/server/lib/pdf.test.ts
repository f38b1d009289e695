import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { systemCtx } from './context.ts';
import { exportDocx } from './docx.ts';
import { convertToPdf, pdfAvailable } from './pdf.ts';

// A Word file as the reports write it, printed to PDF by LibreOffice where it is installed.
let db: TestDb;
let soffice = false;
const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  db = await createTestDb();
  soffice = await pdfAvailable();
  if (!soffice) console.warn('LibreOffice (soffice) 未安装：跳过 Word 转 PDF 的检查');
});
afterAll(async () => db?.close());

async function sampleDocx(): Promise<Buffer> {
  return exportDocx(systemCtx(db.deps), {
    action: 'reports.report.export',
    title: '张三同志考察材料',
    sections: [
      {
        heading: '一、政治品质和道德品行（德）',
        paragraphs: ['组织部门列席党组会议，表态担当，符合决策规则。'],
      },
      { heading: '六、主要不足', paragraphs: ['对账考察发现进度滞后问题 1 个。$(touch /tmp/x); rm -rf ~'] },
    ],
  });
}

describe('Word → PDF', () => {
  it('converts a generated .docx without error, Chinese text intact', async ({ skip }) => {
    if (!soffice) skip('LibreOffice 未安装');
    const pdf = await convertToPdf(await sampleDocx(), 'docx', { timeoutMs: 120_000 });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (has('pdftotext')) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yzd-pdf-test-'));
      try {
        const file = path.join(dir, 'out.pdf');
        fs.writeFileSync(file, pdf);
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        expect(text).toContain('张三同志考察材料');
        expect(text).toContain('主要不足');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 180_000);

  it('leaves no temporary directory behind', async ({ skip }) => {
    if (!soffice) skip('LibreOffice 未安装');
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('yzd-pdf-')).length;
    await convertToPdf(await sampleDocx(), 'docx', { timeoutMs: 120_000 });
    const after = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('yzd-pdf-')).length;
    expect(after).toBeLessThanOrEqual(before);
  }, 180_000);

  it('says so with a stable code where LibreOffice is absent', async () => {
    const saved = process.env.YZD_SOFFICE;
    process.env.YZD_SOFFICE = '';
    try {
      expect(await pdfAvailable()).toBe(false);
      await expect(convertToPdf(Buffer.from('x'), 'docx')).rejects.toMatchObject({
        code: 'REPORTS_PDF_UNAVAILABLE',
      });
    } finally {
      if (saved === undefined) delete process.env.YZD_SOFFICE;
      else process.env.YZD_SOFFICE = saved;
    }
  });
});
