/**
 * Which centre this PC belongs to, as registration sees it (docs/sync.md, Devices). The gateway
 * knows which centre a registration code is for; a PC that holds no real case of its own
 * centre (the demo, a new install) takes that centre: its centre row gets the centre's name and
 * region, so the login screen, the header, the notices, the daily log and the case numbers say
 * it. A PC that does hold real cases (or whose centre a site file configured) is bound to its
 * centre: it tells the gateway which, and a code of another centre is refused before it is used.
 */
import { regionOfCentre } from '../../domain/sync/common.ts';
import type { LocalCentre } from '../../domain/sync/registration.ts';
import type { ReadTx, WriteTx } from '../../store/store.ts';
import { boundWindow, forgetWindows } from '../intake/window.ts';
import { readSetting } from '../settings/settings.ts';
import { readLink } from './link.ts';

interface CentreRow {
  id: string;
  name: string;
  region_code: string;
}

/** The centre of this PC's window, or the store's first centre where no window is bound. */
function ownCentre(tx: ReadTx): CentreRow | undefined {
  const window = boundWindow(tx);
  if (window) return { id: window.centre_id, name: window.centre_name, region_code: window.region_code };
  return tx.get<CentreRow>('SELECT id, name, region_code FROM centre ORDER BY rowid LIMIT 1');
}

/**
 * The centre this PC is bound to, for the registration request; undefined when it may take the
 * code's centre. Demo cases do not bind it (they never leave the PC); any real case of its centre
 * does, taken here or pulled, and so does a centre configured by the site file.
 */
export function boundCentre(tx: ReadTx): LocalCentre | undefined {
  const own = ownCentre(tx);
  if (!own) return undefined;
  const holdsCases = tx.get('SELECT 1 FROM case_record WHERE centre_id = ? AND is_demo = 0 LIMIT 1', own.id) !== undefined;
  if (!holdsCases && readSetting(tx, 'site.mode') !== 'site') return undefined;
  const link = readLink(tx);
  const centreCode = link && regionOfCentre(link.centre_code) === own.region_code ? link.centre_code : undefined;
  return { regionCode: own.region_code, ...(centreCode ? { centreCode } : {}), name: own.name };
}

/**
 * This PC's centre becomes the registered one (name and region), in the registration's
 * transaction. A row the PC made earlier for cases of that region pulled from the gateway
 * (sync/snapshot.ts centreForRegion) is the same centre: its cases and people move to this one.
 * Returns what the centre was, for the audit trail.
 */
export function adoptCentre(tx: WriteTx, centre: { name: string; regionCode: string }): { name: string; regionCode: string } | null {
  const own = ownCentre(tx);
  if (!own) return null;
  for (const other of tx.column<string>('SELECT id FROM centre WHERE region_code = ? AND id <> ?', centre.regionCode, own.id)) {
    tx.run('UPDATE case_record SET centre_id = ? WHERE centre_id = ?', own.id, other);
    tx.run('UPDATE app_user SET centre_id = ? WHERE centre_id = ?', own.id, other);
    if (!tx.get('SELECT 1 FROM service_window WHERE centre_id = ?', other)) tx.run('DELETE FROM centre WHERE id = ?', other);
  }
  tx.run('UPDATE centre SET name = ?, region_code = ? WHERE id = ?', centre.name, centre.regionCode, own.id);
  forgetWindows(tx);
  return { name: own.name, regionCode: own.region_code };
}
