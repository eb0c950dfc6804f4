// Share links are compressed by the browser's own deflate (CompressionStream,
// raw deflate), so the app downloads no compressor of its own. See src/share.rs.

export async function deflate(bytes) {
  const packed = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(packed).arrayBuffer());
}

// Unpacks at most `limit` bytes: a link that would unpack to more (a
// deflate bomb) gives `undefined`, as does one that is not deflate.
export async function inflate(bytes, limit) {
  const reader = new Blob([bytes])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const parts = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return undefined;
      }
      parts.push(value);
    }
  } catch {
    return undefined;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// Copies the text a promise will give, from inside the click that asked for
// it: a ClipboardItem may hold a promise, so the copy keeps the click's user
// activation (which Safari requires) while the link is still being compressed.
export function copyLater(text) {
  if (typeof ClipboardItem === 'function' && navigator.clipboard && navigator.clipboard.write) {
    const blob = text.then((t) => new Blob([t], { type: 'text/plain' }));
    return navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]).catch(() => {});
  }
  return text.then((t) => navigator.clipboard && navigator.clipboard.writeText(t)).catch(() => {});
}
