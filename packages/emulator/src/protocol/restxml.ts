import { XMLParser } from 'fast-xml-parser';

/**
 * REST-XML, the wire of S3: XML bodies in the `http://s3.amazonaws.com/doc/2006-03-01/` namespace, errors as
 * `<Error><Code>..</Code><Message>..</Message>...<RequestId>..</RequestId></Error>`.
 */

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A value the writer can put in an element: nested elements, a repeated element (array), or text. */
export type XmlValue = string | number | boolean | Date | undefined | null | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/**
 * Escape text for XML. Characters XML 1.0 cannot carry even as references (other control characters) are
 * written as numeric references, which is what S3 does; clients that need them exact ask for `encoding-type=url`.
 */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what gets escaped
  return text.replace(/[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      default:
        return `&#x${(ch.codePointAt(0) ?? 0).toString(16)};`;
    }
  });
}

/** S3's timestamp text: ISO 8601 with milliseconds, UTC. */
export function xmlTimestamp(d: Date): string {
  return d.toISOString();
}

function writeValue(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) writeValue(name, v, out);
    return;
  }
  if (value instanceof Date) {
    out.push(`<${name}>${xmlTimestamp(value)}</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) writeValue(k, v, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/**
 * A whole XML document with one root element in S3's namespace.
 *
 * @example
 * toXml('ListAllMyBucketsResult', { Buckets: { Bucket: [{ Name: 'a' }] } })
 */
export function toXml(root: string, body: XmlObject, xmlns: string | undefined = S3_XMLNS): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  out.push(xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`);
  for (const [k, v] of Object.entries(body)) writeValue(k, v, out);
  out.push(`</${root}>`);
  return out.join('');
}

/** An S3 `<Error>` document (no namespace, as S3 sends it). */
export function errorXml(code: string, message: string, extra: Readonly<Record<string, string>>, requestId: string) {
  return toXml('Error', { Code: code, Message: message, ...extra, RequestId: requestId, HostId: requestId }, '');
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  isArray: () => false,
});

/** Parsed XML: elements become objects, repeated elements arrays, text strings. */
export type ParsedXml = { [name: string]: ParsedXml | ParsedXml[] | string | string[] };

/** Parse a request body; undefined when it is not well-formed XML. */
export function parseXml(text: string): ParsedXml | undefined {
  try {
    const doc = parser.parse(text, true) as unknown;
    return doc !== null && typeof doc === 'object' ? (doc as ParsedXml) : undefined;
  } catch {
    return undefined;
  }
}

/** The children named `name` of a parsed element, always as a list. */
export function children(node: unknown, name: string): unknown[] {
  if (node === null || typeof node !== 'object') return [];
  const v = (node as Record<string, unknown>)[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The text of the child `name`, if it is text. */
export function childText(node: unknown, name: string): string | undefined {
  const [v] = children(node, name);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // `<Key></Key>` parses as an empty string; an element with only attributes may parse as an object.
  if (v !== undefined && typeof v === 'object' && Object.keys(v as object).length === 0) return '';
  return undefined;
}
