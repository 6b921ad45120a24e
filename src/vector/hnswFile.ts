// hnswlib's loadIndex trusts the file: a forged header or a neighbour id past the end makes it
// throw "Index seems to be corrupted" at best and read out of bounds at worst. A checksum only
// proves the file is what the sidecar says, and the sidecar can be rewritten too, so before the
// native reader sees a file its layout is checked against what the sidecar records. The layout is
// hnswalg.h saveIndex: a 96-byte header, then cur_element_count level-0 records, then one
// length-prefixed upper-level link list per element.
import fs from 'node:fs';

const HEADER_BYTES = 96;
const LABEL_BYTES = 8;
/** hnswlib draws levels with mult 1/ln(M); past this a level is not plausible. */
const MAX_LEVEL = 64;

export interface ExpectedLayout {
  dimension: number;
  /** Live vectors; the file also holds deleted ones, so it has at least this many records. */
  count: number;
  m?: number;
  efConstruction?: number;
}

/** Null when the file's layout is what hnswlib wrote for these settings, else what is wrong. */
export function checkHnswLayout(file: string, expected: ExpectedLayout): string | null {
  const fd = fs.openSync(file, 'r');
  try {
    return checkOpen(fd, fs.fstatSync(fd).size, expected);
  } finally {
    fs.closeSync(fd);
  }
}

function checkOpen(fd: number, size: number, expected: ExpectedLayout): string | null {
  if (size < HEADER_BYTES) return 'index file shorter than its header';
  const h = Buffer.alloc(HEADER_BYTES);
  fs.readSync(fd, h, 0, HEADER_BYTES, 0);
  const u64 = (at: number) => Number(h.readBigUInt64LE(at));
  const [offsetLevel0, maxElements, cur, sizePerElement, labelOffset, offsetData] = [
    u64(0),
    u64(8),
    u64(16),
    u64(24),
    u64(32),
    u64(40),
  ];
  const maxLevel = h.readInt32LE(48);
  const enterPoint = h.readUInt32LE(52);
  const [maxM, maxM0, m] = [u64(56), u64(64), u64(72)];
  const mult = h.readDoubleLE(80);
  const efConstruction = u64(88);
  const m_ = expected.m ?? m;
  const linksLevel0 = maxM0 * 4 + 4;
  const linksUpper = maxM * 4 + 4;
  const wrong = [
    offsetLevel0 !== 0,
    m !== m_ || m < 2 || m > 1024 || maxM !== m || maxM0 !== 2 * m,
    expected.efConstruction !== undefined && efConstruction !== expected.efConstruction,
    offsetData !== linksLevel0,
    labelOffset !== linksLevel0 + expected.dimension * 4,
    sizePerElement !== labelOffset + LABEL_BYTES,
    cur < expected.count || cur > maxElements || maxElements > Math.max(2048, 2 * cur + 1),
    !(mult > 0 && Number.isFinite(mult)),
    cur === 0 ? maxLevel !== -1 : maxLevel < 0 || maxLevel >= MAX_LEVEL || enterPoint >= cur,
  ];
  if (wrong.some(Boolean)) return 'index file header does not match its metadata';
  const upperStart = HEADER_BYTES + cur * sizePerElement;
  if (size < upperStart + cur * 4) return 'index file shorter than its records';
  return (
    checkLevel0(fd, cur, sizePerElement, maxM0) ?? checkUpper(fd, size, upperStart, cur, linksUpper, maxLevel, maxM)
  );
}

/** Every level-0 record: at most maxM0 neighbours, each an existing record. */
function checkLevel0(fd: number, cur: number, sizePerElement: number, maxM0: number): string | null {
  const perRead = Math.max(1, Math.floor((1 << 20) / sizePerElement));
  const buf = Buffer.alloc(perRead * sizePerElement);
  for (let first = 0; first < cur; first += perRead) {
    const n = Math.min(perRead, cur - first);
    fs.readSync(fd, buf, 0, n * sizePerElement, HEADER_BYTES + first * sizePerElement);
    for (let i = 0; i < n; i++) {
      if (!linksOk(buf, i * sizePerElement, maxM0, cur)) return 'index file holds an impossible neighbour list';
    }
  }
  return null;
}

/** The upper-level link lists: whole levels, each list's neighbours existing records; nothing after them. */
function checkUpper(
  fd: number,
  size: number,
  start: number,
  cur: number,
  linksUpper: number,
  maxLevel: number,
  maxM: number,
): string | null {
  const lenBuf = Buffer.alloc(4);
  let at = start;
  for (let i = 0; i < cur; i++) {
    if (at + 4 > size) return 'index file shorter than its link lists';
    fs.readSync(fd, lenBuf, 0, 4, at);
    const len = lenBuf.readUInt32LE(0);
    at += 4;
    if (len === 0) continue;
    if (len % linksUpper !== 0 || len / linksUpper > maxLevel || at + len > size)
      return 'index file holds an impossible link list';
    const list = Buffer.alloc(len);
    fs.readSync(fd, list, 0, len, at);
    for (let off = 0; off < len; off += linksUpper) {
      if (!linksOk(list, off, maxM, cur)) return 'index file holds an impossible neighbour list';
    }
    at += len;
  }
  return at === size ? null : 'index file longer than its records';
}

function linksOk(buf: Buffer, off: number, max: number, cur: number): boolean {
  const count = buf.readUInt16LE(off);
  if (count > max) return false;
  for (let j = 0; j < count; j++) if (buf.readUInt32LE(off + 4 + 4 * j) >= cur) return false;
  return true;
}
