import type { ReadTx } from '../../store/store.ts';
import { readSetting } from '../settings/settings.ts';

/** The setting that names the platform's public address for notice verification. */
export const verifyBaseUrlSetting = 'notice.verifyBaseUrl';

/**
 * Where a phone that scans a notice's QR code is sent: the address set in 系统设置 (the platform's
 * public address, which may differ from the one PCs sync with on the government network), else
 * the gateway this PC is registered with, else none (the QR code then carries the offline form,
 * which only `verify/notice` reads).
 */
export function noticeVerificationBaseUrl(tx: ReadTx): string | null {
  const configured = readSetting(tx, verifyBaseUrlSetting)?.trim();
  if (configured) return configured;
  return tx.get<{ gateway_url: string }>('SELECT gateway_url FROM sync_link WHERE id = 1 AND revoked = 0')?.gateway_url ?? null;
}
