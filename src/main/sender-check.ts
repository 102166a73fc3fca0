/** The parts of Electron's WebFrameMain the sender check reads (structural, so it is testable without Electron). */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface SenderEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The parts of our window's WebContents the sender check reads. */
export interface ContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
}

/**
 * Whether an IPC call comes from our window's main frame showing one of our
 * own pages (after VS Code's validateEvent): the frame must still exist, be
 * top-level, belong to our window's WebContents, be that WebContents' main
 * frame, and its URL must be an app URL. Subframes, other windows, and pages
 * navigated elsewhere are refused.
 */
export function isTrustedSender(
  event: SenderEventLike,
  contents: ContentsLike | null,
  isAppUrl: (url: string) => boolean,
): boolean {
  const frame = event.senderFrame;
  if (!frame || !contents) return false;
  if (frame.parent !== null) return false;
  if (event.sender.id !== contents.id) return false;
  const main = contents.mainFrame;
  if (frame !== main && (frame.processId !== main.processId || frame.routingId !== main.routingId))
    return false;
  return isAppUrl(frame.url);
}
