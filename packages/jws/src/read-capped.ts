/**
 * A fetch answer's body as text, or undefined (and the rest cancelled) once it grows past
 * `maxBytes`: the SDKs read keys, metadata and token answers from the network and must not
 * buffer an endless or oversized body. A declared length over the cap is refused unread.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}
