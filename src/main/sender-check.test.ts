import { describe, expect, it } from 'vitest';
import { isTrustedSender, type FrameLike } from './sender-check';

const appUrl = 'file:///opt/dojo/out/renderer/index.html';
const isAppUrl = (url: string): boolean => url === appUrl;
const main: FrameLike = { url: appUrl, parent: null, processId: 4, routingId: 1 };
const contents = { id: 10, mainFrame: main };

describe('isTrustedSender', () => {
  it("accepts our window's main frame on our page (same or re-fetched frame object)", () => {
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: main }, contents, isAppUrl)).toBe(
      true,
    );
    expect(
      isTrustedSender({ sender: { id: 10 }, senderFrame: { ...main } }, contents, isAppUrl),
    ).toBe(true);
  });

  it('refuses a missing frame, a subframe, another window, another frame, or a foreign page', () => {
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: null }, contents, isAppUrl)).toBe(
      false,
    );
    expect(
      isTrustedSender(
        { sender: { id: 10 }, senderFrame: { ...main, parent: main, routingId: 2 } },
        contents,
        isAppUrl,
      ),
    ).toBe(false);
    expect(isTrustedSender({ sender: { id: 11 }, senderFrame: main }, contents, isAppUrl)).toBe(
      false,
    );
    expect(
      isTrustedSender(
        { sender: { id: 10 }, senderFrame: { ...main, routingId: 9 } },
        contents,
        isAppUrl,
      ),
    ).toBe(false);
    expect(
      isTrustedSender(
        { sender: { id: 10 }, senderFrame: { ...main, url: 'https://evil.example/' } },
        contents,
        isAppUrl,
      ),
    ).toBe(false);
    expect(isTrustedSender({ sender: { id: 10 }, senderFrame: main }, null, isAppUrl)).toBe(false);
  });
});
