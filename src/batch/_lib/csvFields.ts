/**
 * The fields of one CSV record (RFC 4180 quoting), without its line ending. Used on the main thread only
 * for the header and for the few records at chunk boundaries; the bulk parsing happens in src/io.
 */
export function csvFields(record: string): string[] {
  let text = record;
  if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text.endsWith('\r')) text = text.slice(0, -1);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          value += text.slice(j);
          j = text.length;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        value += text.slice(j, q);
        j = q + 1;
        break;
      }
      const comma = text.indexOf(',', j);
      // Anything between the closing quote and the comma is malformed; keep it so keys still differ.
      value += comma === -1 ? text.slice(j) : text.slice(j, comma);
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      fields.push(comma === -1 ? text.slice(i) : text.slice(i, comma));
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}
