/**
 * The renderer's fence. The window shows one local page (the built renderer, or the dev server
 * in development) and nothing else: no navigation elsewhere, no pop-ups, no <webview>, no
 * permission except the camera (document scanning), and IPC only from our own main frame.
 */
import { shell, type Session, type WebContents } from 'electron';

/** Origins whose links may open in the system browser. Empty: the counter app links nowhere. */
export const externalLinkAllowList: readonly string[] = [];

/**
 * Is `url` the app's own page? For the built app (file://) it must be the same file — any
 * query or #route is fine; for the dev server, the same origin.
 */
export function isAppUrl(url: string | undefined, appUrl: string): boolean {
  if (!url) return false;
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === app.host && samePath(target.pathname, app.pathname);
  }
  return target.origin === app.origin;
}

function samePath(a: string, b: string): boolean {
  // Chromium and Node may percent-encode a path (e.g. a Chinese user name) differently.
  const decode = (path: string) => {
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  };
  const fold = process.platform === 'win32' || process.platform === 'darwin';
  const [x, y] = [decode(a), decode(b)];
  return fold ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** The part of a WebFrameMain the IPC check reads (a fake one in tests). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** IPC is answered only for our window's main frame showing our page — never a subframe. */
export function isTrustedSender(frame: SenderFrame | null | undefined, expectedUrl: string): boolean {
  if (!frame) return false; // the frame navigated away or was destroyed meanwhile
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url, expectedUrl);
}

export function isAllowedExternalUrl(url: string, allowList: readonly string[] = externalLinkAllowList): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && allowList.includes(parsed.origin);
  } catch {
    return false;
  }
}

/** A `media` request is granted only for the camera (video), never the microphone. */
export function isVideoOnly(mediaTypes: readonly string[] | undefined): boolean {
  return mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
}

type NavigationEvent = { preventDefault(): void; url?: string };

const hardened = new WeakSet<WebContents>();

/** Navigation, pop-ups and <webview> for one WebContents (applied to every one the app creates). */
export function hardenContents(contents: WebContents, appUrl: string): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  const stayHome = (event: NavigationEvent, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl;
    if (!isAppUrl(url, appUrl)) {
      event.preventDefault();
      console.warn(`[security] blocked navigation to ${String(url)}`);
    }
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/** Permissions for the app's session: everything refused except the camera, for our page only. */
export function hardenSession(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(permission === 'media' && isVideoOnly(mediaTypes) && isAppUrl(details.requestingUrl, appUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => {
    return permission === 'media' && details.mediaType === 'video' && isAppUrl(details.requestingUrl, appUrl);
  });
  // WebHID / WebUSB / Web Serial device grants.
  session.setDevicePermissionHandler(() => false);
}
