/** `raw` (relative to `base`) as an http(s) URL, or null when it does not parse or has another scheme. */
export function httpUrl(raw: string | null | undefined, base?: string | URL): URL | null {
  const trimmed = raw?.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
