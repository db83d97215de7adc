// Reading a tile pack over HTTP: a byte range (206), or the whole file from a host that ignores Range (200),
// of which only the snapshot inside is read before the download is cancelled.
import { HEADER, PACK_MAGIC, SNAPSHOT_MAGIC, magicAt, packError } from './pack-format.js';

/**
 * A byte range of `url`: the bytes when the server answered 206 for exactly that range, or the response when it
 * sent the whole file (200: Range ignored). `revalidate`: the host must answer, not the browser's HTTP cache
 * (the pack's first bytes say which version is out, and a network that does not answer means offline).
 * @returns {Promise<{bytes: Uint8Array} | {whole: Response}>}
 */
export async function fetchRange(url, from, length, revalidate = false) {
  const response = await fetch(url, { headers: { Range: `bytes=${from}-${from + length - 1}` }, cache: revalidate ? 'no-cache' : 'default' });
  if (response.status === 200) return { whole: response };
  if (response.status !== 206) throw Object.assign(new Error(`relais: HTTP ${response.status}`), { code: 'RELAIS_FETCH' });
  // Another origin's host shows Content-Range only if it exposes it (Access-Control-Expose-Headers): without
  // it, a 206 of no more than the bytes asked is taken as that range.
  const contentRange = response.headers.get('Content-Range');
  const range = /^bytes (\d+)-(\d+)\//.exec(contentRange || '');
  if (contentRange !== null && (!range || Number(range[1]) !== from)) throw packError('the server sent another range');
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > length) throw packError('the server sent more than asked');
  return { bytes, total: Number(/\/(\d+)$/.exec(response.headers.get('Content-Range'))?.[1]) || Infinity };
}

/**
 * A stream of `size` bytes of `reader` after skipping `skip` of them, `head` (bytes already read) first; the
 * reader is cancelled once they are given: the rest of the file is never downloaded.
 */
function sliceStream(reader, head, skip, size) {
  let pending = head, left = size;
  return new ReadableStream({
    async pull(controller) {
      for (;;) {
        if (!pending || pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) return controller.error(packError('the file ended early'));
          pending = value;
        }
        if (skip > 0) {
          const dropped = Math.min(skip, pending.length);
          skip -= dropped;
          pending = pending.subarray(dropped);
          continue;
        }
        const piece = pending.subarray(0, left);
        pending = pending.subarray(piece.length);
        left -= piece.length;
        controller.enqueue(piece);
        if (left === 0) {
          controller.close();
          reader.cancel().catch(() => {});
        }
        return;
      }
    },
    cancel() {
      reader.cancel().catch(() => {});
    },
  });
}

/** A whole response (a plain snapshot, or a pack whose server ignored Range) opened as one snapshot. */
export async function openWhole(response, Relais, module) {
  if (!response.ok) throw Object.assign(new Error(`relais: HTTP ${response.status}`), { code: 'RELAIS_FETCH' });
  const reader = response.body.getReader();
  let head = new Uint8Array(0);
  while (head.length < HEADER) {
    const { done, value } = await reader.read();
    if (done) break;
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
  }
  const magic = magicAt(head);
  let skip = 0, size = Number(response.headers.get('Content-Length')) || 0;
  if (magic === PACK_MAGIC) {
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    skip = Number(view.getBigUint64(24, true));
    size = Number(view.getBigUint64(32, true));
  } else if (magic !== SNAPSHOT_MAGIC || !size) {
    // Not ours, or no length to stream into: the engine says what is wrong with the bytes.
    const rest = await new Response(sliceStream(reader, head, 0, Infinity)).arrayBuffer().catch(() => head);
    return Relais.load(rest, { module });
  }
  const body = sliceStream(reader, head, skip, size);
  return Relais.load(new Response(body, { headers: { 'Content-Length': String(size) } }), { module });
}
