/**
 * The file types the evidence store accepts, recognised by their bytes alone: a client's
 * file name and MIME type are claims, not facts, and a mislabelled HTML or SVG file served
 * back from our origin would run script in the user's session.
 */

export type FileKind =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'heic'
  | 'heif'
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'doc'
  | 'xls'
  | 'mp4'
  | 'mov';

export interface FileType {
  kind: FileKind;
  contentType: string;
  /** Extensions (lower case, without the dot) a file of this type may carry; the first is canonical. */
  extensions: readonly string[];
  /** How a person calls it, for messages. */
  label: string;
  /** A picture a browser may show inline. */
  image: boolean;
}

const TYPES: Record<FileKind, FileType> = {
  jpeg: {
    kind: 'jpeg',
    contentType: 'image/jpeg',
    extensions: ['jpg', 'jpeg'],
    label: 'JPEG 图片',
    image: true,
  },
  png: { kind: 'png', contentType: 'image/png', extensions: ['png'], label: 'PNG 图片', image: true },
  gif: { kind: 'gif', contentType: 'image/gif', extensions: ['gif'], label: 'GIF 图片', image: true },
  webp: { kind: 'webp', contentType: 'image/webp', extensions: ['webp'], label: 'WebP 图片', image: true },
  // Phones name HEIF pictures .heic or .heif regardless of the exact brand.
  heic: {
    kind: 'heic',
    contentType: 'image/heic',
    extensions: ['heic', 'heif'],
    label: 'HEIC 图片',
    image: true,
  },
  heif: {
    kind: 'heif',
    contentType: 'image/heif',
    extensions: ['heif', 'heic'],
    label: 'HEIF 图片',
    image: true,
  },
  pdf: { kind: 'pdf', contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF 文档', image: false },
  docx: {
    kind: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word 文档（docx）',
    image: false,
  },
  xlsx: {
    kind: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    label: 'Excel 表格（xlsx）',
    image: false,
  },
  pptx: {
    kind: 'pptx',
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    label: 'PowerPoint 演示文稿（pptx）',
    image: false,
  },
  doc: {
    kind: 'doc',
    contentType: 'application/msword',
    extensions: ['doc'],
    label: 'Word 文档（doc）',
    image: false,
  },
  xls: {
    kind: 'xls',
    contentType: 'application/vnd.ms-excel',
    extensions: ['xls'],
    label: 'Excel 表格（xls）',
    image: false,
  },
  mp4: { kind: 'mp4', contentType: 'video/mp4', extensions: ['mp4'], label: 'MP4 视频', image: false },
  mov: { kind: 'mov', contentType: 'video/quicktime', extensions: ['mov'], label: 'MOV 视频', image: false },
};

/** Every accepted type. */
export const FILE_TYPES: readonly FileType[] = Object.values(TYPES);

/** The accepted type with this MIME type, or null: guards what we put in a Content-Type header. */
export function fileTypeByContentType(contentType: string): FileType | null {
  return FILE_TYPES.find((t) => t.contentType === contentType) ?? null;
}

/** The accepted types a file with this extension claims to be (empty when none). */
export function fileTypesByExtension(extension: string): FileType[] {
  const ext = extension.toLowerCase();
  return FILE_TYPES.filter((t) => t.extensions.includes(ext));
}

/** The type of these bytes if it is one we accept, else null. Never looks at a name. */
export function detectFileType(bytes: Uint8Array): FileType | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(b, [0xff, 0xd8, 0xff])) return TYPES.jpeg;
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return TYPES.png;
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return TYPES.gif;
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return TYPES.webp;
  if (ascii(b, 0, 5) === '%PDF-') return TYPES.pdf;
  if (ascii(b, 4, 4) === 'ftyp') return isoMediaType(b);
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return officeOpenXmlType(b);
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return compoundDocumentType(b);
  return null;
}

function startsWith(b: Buffer, magic: readonly number[]): boolean {
  return b.length >= magic.length && magic.every((byte, i) => b[i] === byte);
}

function ascii(b: Buffer, offset: number, length: number): string {
  return b.length >= offset + length ? b.toString('latin1', offset, offset + length) : '';
}

const IMAGE_BRANDS: Record<string, FileType> = {
  heic: TYPES.heic,
  heix: TYPES.heic,
  mif1: TYPES.heif,
  msf1: TYPES.heif,
};
const VIDEO_BRANDS: Record<string, FileType> = {
  isom: TYPES.mp4,
  mp41: TYPES.mp4,
  mp42: TYPES.mp4,
  'qt  ': TYPES.mov,
};

/**
 * ISO base media files (HEIF pictures, MP4/MOV video) start with an `ftyp` box: its major brand
 * decides; failing that, the first known compatible brand, pictures before video, because a HEIF
 * file may list video brands for its image sequences.
 */
function isoMediaType(b: Buffer): FileType | null {
  const boxSize = b.readUInt32BE(0);
  if (boxSize < 16 || boxSize > 4096 || boxSize > b.length || boxSize % 4 !== 0) return null;
  const major = ascii(b, 8, 4);
  const known = IMAGE_BRANDS[major] ?? VIDEO_BRANDS[major];
  if (known) return known;
  const compatible: string[] = [];
  for (let at = 16; at + 4 <= boxSize; at += 4) compatible.push(ascii(b, at, 4));
  for (const table of [IMAGE_BRANDS, VIDEO_BRANDS]) {
    const hit = compatible.find((brand) => table[brand]);
    if (hit) return table[hit]!;
  }
  return null;
}

/**
 * docx/xlsx/pptx are ZIP archives; a plain ZIP could carry anything, so the archive must hold
 * `[Content_Types].xml` and the parts of exactly one Office application. The central directory
 * names are enough: we never unpack anything.
 */
function officeOpenXmlType(b: Buffer): FileType | null {
  const names = zipEntryNames(b);
  if (!names?.includes('[Content_Types].xml')) return null;
  // Macros run code on the reader's machine: macro-enabled documents are not evidence.
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'))) return null;
  const families = [
    { prefix: 'word/', type: TYPES.docx },
    { prefix: 'xl/', type: TYPES.xlsx },
    { prefix: 'ppt/', type: TYPES.pptx },
  ].filter((f) => names.some((n) => n.startsWith(f.prefix)));
  return families.length === 1 ? families[0]!.type : null;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const MAX_ZIP_ENTRIES = 10_000;

/** The file names in a ZIP archive's central directory, or null when it is not a sound archive. */
function zipEntryNames(b: Buffer): string[] | null {
  // The end-of-central-directory record is 22 bytes plus a comment of at most 65535 bytes.
  const lowest = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let at = b.length - 22; at >= lowest; at--) {
    if (b.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = b.readUInt16LE(eocd + 10);
  const dirSize = b.readUInt32LE(eocd + 12);
  const dirOffset = b.readUInt32LE(eocd + 16);
  if (dirOffset + dirSize > eocd || entries > MAX_ZIP_ENTRIES) return null;
  const names: string[] = [];
  let at = dirOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > eocd || b.readUInt32LE(at) !== CENTRAL_SIGNATURE) return null;
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    if (at + 46 + nameLength > eocd) return null;
    names.push(b.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Legacy .doc and .xls share the OLE2 compound-file container with installers (.msi) and mail
 * (.msg); the stream names in its directory tell Word from Excel from the rest. Directory entries
 * are 128 bytes, aligned within sectors (which follow the 512-byte header), so checking aligned
 * entries only keeps a document that merely mentions "Workbook" in its text from confusing us.
 */
function compoundDocumentType(b: Buffer): FileType | null {
  const streams = new Set<string>();
  for (let at = 512; at + 128 <= b.length; at += 128) {
    const nameBytes = b.readUInt16LE(at + 64);
    const isStream = b[at + 66] === 2;
    if (!isStream || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) continue;
    // The stored length counts the terminating NUL.
    if (b.readUInt16LE(at + nameBytes - 2) !== 0) continue;
    streams.add(b.toString('utf16le', at, at + nameBytes - 2));
  }
  const word = streams.has('WordDocument');
  const excel = streams.has('Workbook') || streams.has('Book');
  if (word === excel) return null;
  return word ? TYPES.doc : TYPES.xls;
}
