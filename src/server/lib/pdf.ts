import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from './errors.ts';

/**
 * Office file → PDF through LibreOffice (`soffice --headless --convert-to pdf`), the one place the
 * product makes a PDF.
 *
 * - The program is found on PATH (`soffice`, then `libreoffice`), or named by `YZD_SOFFICE`;
 *   where there is none, `REPORTS_PDF_UNAVAILABLE` (the pages then offer Word only).
 * - No shell: the program runs by `execFile` with an argument list, and the input is written under
 *   a fixed name in a fresh temporary directory, so nothing a user typed reaches a command line.
 * - Each conversion has its own LibreOffice profile in that directory (`-env:UserInstallation`),
 *   so conversions in parallel do not wait on one profile lock; the directory is removed afterwards,
 *   whatever happened.
 * - A conversion that takes longer than `timeoutMs` (60 s by default) is killed and reported as
 *   `REPORTS_PDF_FAILED`, as is a run that leaves no PDF; the reason goes to the server log only.
 */

const CANDIDATES = ['soffice', 'libreoffice'];
let found: string | null | undefined;

async function onPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      await fs.access(p, fs.constants.X_OK);
      return p;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** The LibreOffice program, or null where it is not installed (looked up once). */
export async function sofficePath(): Promise<string | null> {
  if (process.env.YZD_SOFFICE !== undefined) return process.env.YZD_SOFFICE || null;
  if (found !== undefined) return found;
  for (const c of CANDIDATES) {
    const p = await onPath(c);
    if (p) {
      found = p;
      return p;
    }
  }
  found = null;
  return null;
}

/** Whether PDFs can be made here. */
export async function pdfAvailable(): Promise<boolean> {
  return (await sofficePath()) !== null;
}

/** Converts an Office file (by its extension: `docx`, `xlsx`) to PDF bytes. */
export async function convertToPdf(
  input: Buffer,
  ext: 'docx' | 'xlsx',
  o: { timeoutMs?: number } = {},
): Promise<Buffer> {
  const program = await sofficePath();
  if (!program) throw new AppError('REPORTS_PDF_UNAVAILABLE');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yzd-pdf-'));
  try {
    const source = path.join(dir, `input.${ext}`);
    await fs.writeFile(source, input);
    const args = [
      `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      source,
    ];
    await new Promise<void>((resolve, reject) => {
      execFile(
        program,
        args,
        {
          timeout: o.timeoutMs ?? 60_000,
          killSignal: 'SIGKILL',
          windowsHide: true,
          env: { ...process.env, HOME: dir },
        },
        (err, _stdout, stderr) => {
          if (err) {
            console.error(`PDF conversion failed: ${err.message} ${String(stderr).slice(0, 500)}`);
            reject(new AppError('REPORTS_PDF_FAILED'));
          } else resolve();
        },
      );
    });
    try {
      return await fs.readFile(path.join(dir, 'input.pdf'));
    } catch {
      throw new AppError('REPORTS_PDF_FAILED');
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
