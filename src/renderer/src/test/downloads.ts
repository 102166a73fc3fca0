import { vi } from 'vitest';

/** A file the page saved through a Blob URL and an `<a download>` click. */
export interface SavedFile {
  /** The `download` attribute: the file name the browser saves under. */
  filename: string;
  /** The Blob's media type. */
  type: string;
  /** The Blob's text. */
  text: string;
}

/**
 * Records the files the page saves instead of letting happy-dom follow the
 * links (a browser saves them, because of the `download` attribute).
 * `files()` reads what was saved; `restore()` puts URL and anchors back.
 */
export function captureDownloads(): { files: () => Promise<SavedFile[]>; restore: () => void } {
  const blobs = new Map<string, Blob>();
  const clicked: { filename: string; href: string }[] = [];
  const originals = {
    createObjectURL: Object.getOwnPropertyDescriptor(URL, 'createObjectURL'),
    revokeObjectURL: Object.getOwnPropertyDescriptor(URL, 'revokeObjectURL'),
  };
  URL.createObjectURL = vi.fn((b: Blob) => {
    const url = `blob:fake-${blobs.size + 1}`;
    blobs.set(url, b);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  const anchorClick = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push({ filename: this.download, href: this.getAttribute('href') ?? '' });
  });
  return {
    files: () =>
      Promise.all(
        clicked.map(async ({ filename, href }) => {
          const blob = blobs.get(href);
          return { filename, type: blob?.type ?? '', text: blob ? await blob.text() : '' };
        }),
      ),
    restore: () => {
      for (const [name, desc] of Object.entries(originals))
        if (desc) Object.defineProperty(URL, name, desc);
      anchorClick.mockRestore();
    },
  };
}
