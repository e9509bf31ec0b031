/**
 * The YAML side of config loading: parsing with line numbers, finding the node (and so the line) of a path
 * such as `venues[1].host`, writing paths, keeping exact number text where decimals are expected, and cutting
 * out the text of one node with every other character blanked so that its offsets and lines stay those of
 * the file.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';

/** A parsed config text with the means to turn paths into line numbers. */
export interface YamlSource {
  readonly text: string;
  readonly doc: Document.Parsed;
  /** 1-based line of a character offset. */
  line(offset: number | undefined): number | undefined;
}

/** One segment of a data path. */
export type PathSegment = string | number;

/** Parses `text` (YAML 1.2, unique keys) keeping line positions. */
export function parseYamlSource(text: string): YamlSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  return {
    text,
    doc,
    line: (offset) => (offset === undefined ? undefined : counter.linePos(offset).line),
  };
}

/** A map key or list entry as written (numbers keep their digits); undefined for other nodes. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (typeof node.value === 'number' || typeof node.value === 'bigint' || typeof node.value === 'boolean') {
    return typeof node.source === 'string' ? node.source : String(node.value);
  }
  return undefined;
}

/**
 * The node at `path` and, when `keyOf` is true and the last segment is a map key, that key's node. When the
 * path leads nowhere (a missing field), the deepest node found on the way.
 */
export function nodeAt(doc: Document.Parsed, path: readonly PathSegment[], keyOf = false): unknown {
  return walkPath(doc, path, keyOf).node;
}

/** The node at `path`, or undefined when the path does not exist in the document. */
export function findNode(doc: Document.Parsed, path: readonly PathSegment[]): unknown {
  const r = walkPath(doc, path, false);
  return r.found ? r.node : undefined;
}

function walkPath(
  doc: Document.Parsed,
  path: readonly PathSegment[],
  keyOf: boolean,
): { node: unknown; found: boolean } {
  let cur: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(cur)) {
      const pair = cur.items.find((p) => scalarText(p.key) === String(seg));
      if (pair === undefined) return { node: cur, found: false };
      if (i === path.length - 1 && keyOf) return { node: pair.key, found: true };
      cur = pair.value ?? pair.key;
    } else if (isSeq(cur) && typeof seg === 'number') {
      const item = cur.items[seg];
      if (item === undefined || item === null) return { node: cur, found: false };
      cur = item;
    } else {
      return { node: cur, found: false };
    }
  }
  return { node: cur, found: true };
}

/** Start offset of a node, if it has a source range. */
export function nodeOffset(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return (node as Node).range?.[0];
}

/** `venues[1].host`, `rateLimits.venues["my venue"]`: a path as people read it. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Replaces every number under `node` by its source text, so that decimals (prices, sizes, limits) reach the
 * schema exactly as written and never through a float.
 */
export function keepNumberText(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  visit(node as Node, {
    Scalar(_key, s) {
      if (typeof s.value === 'number' && typeof s.source === 'string' && Number.isFinite(s.value)) {
        s.value = s.source;
      }
    },
  });
}

/**
 * The file's text with everything outside `node` replaced by spaces (line breaks kept), so that the node
 * parses on its own at the same offsets and lines. Undefined when the node has no range.
 */
export function isolateNode(text: string, node: unknown): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const range = (node as Node).range;
  if (range === undefined || range === null) return undefined;
  const [start, , end] = range;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    out += (i >= start && i < end) || c === '\n' || c === '\r' ? c : ' ';
  }
  return out;
}
