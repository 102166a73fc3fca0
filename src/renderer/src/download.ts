/**
 * Saves text as a file through a Blob URL and a `download` link. A download
 * is not a fetch, so the page's CSP (no `blob:` outside workers) does not
 * block it. Returns false where the page cannot download (the caller shows
 * the text instead).
 *
 * @param filename the name the browser saves the file under
 * @param content the file's text
 * @param mime its media type, e.g. `text/markdown;charset=utf-8`
 */
export function downloadText(filename: string, content: string, mime: string): boolean {
  if (typeof URL.createObjectURL !== 'function') return false;
  try {
    const url = URL.createObjectURL(new Blob([content], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  } catch {
    return false;
  }
}
