/** The gateway's administration commands (main.ts lists them). Output is JSON on stdout. */
import { readFileSync } from 'node:fs';
import { regionCode as regionSchema, centreCode as centreSchema, deviceRoles, type DeviceRole } from '../../src-main/domain/sync/common.ts';
import { ConfigError } from './config.ts';
import { transaction, type Tx } from './db/database.ts';
import type { Gateway } from './gateway.ts';
import { issueRegistrationCode, revokeDevice } from './services/devices.ts';
import { centreExists } from './services/centres.ts';
import { appendFeed, notifyInTransaction } from './services/feed.ts';

export const commands = {
  'issue-code': { flags: { centre: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, hours: { type: 'string' }, count: { type: 'string' } } },
  'revoke-device': { flags: { region: { type: 'string' }, 'device-code': { type: 'string' } } },
  'import-catalogue': { flags: { region: { type: 'string' }, file: { type: 'string' } } },
  'import-calendar': { flags: { region: { type: 'string' }, file: { type: 'string' } } },
} as const;

function required(values: Record<string, string | undefined>, flag: string): string {
  const v = values[flag];
  if (v === undefined || v === '') throw new ConfigError(`--${flag} is required`);
  return v;
}

function readJsonFile(path: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`cannot read ${path} as JSON: ${(error as Error).message}`);
  }
}

/** Every centre of the region, so a publication reaches each centre's feed. */
async function publish(g: Gateway, region: string, kind: 'catalogue' | 'calendar', refId: string, write: (tx: Tx) => Promise<void>): Promise<number> {
  return transaction(g.db, async (tx) => {
    await write(tx);
    const centres = await tx.query<{ centre_code: string }>('SELECT centre_code FROM centre WHERE region_code = $1', [region]);
    await notifyInTransaction(tx, await appendFeed(tx, centres.rows.map((c) => ({ region, centre: c.centre_code, kind, refRegion: region, refId }))));
    return centres.rows.length;
  });
}

export async function runCommand(name: keyof typeof commands, g: Gateway, values: Record<string, string | undefined>): Promise<string> {
  switch (name) {
    case 'issue-code': {
      const centre = centreSchema.safeParse(required(values, 'centre'));
      if (!centre.success) throw new ConfigError(`--centre: ${centre.error.issues[0]?.message ?? ''}`);
      const role = required(values, 'role');
      if (!(deviceRoles as readonly string[]).includes(role)) throw new ConfigError(`--role must be one of ${deviceRoles.join(', ')}`);
      const hours = Number(values.hours ?? '24');
      if (!(hours > 0 && hours <= 24 * 7)) throw new ConfigError('--hours must be more than 0 and at most 168');
      const count = Number(values.count ?? '1');
      if (!(Number.isInteger(count) && count >= 1 && count <= 500)) throw new ConfigError('--count must be between 1 and 500');
      if (values.name === undefined && !(await centreExists(g.db, centre.data))) {
        // Its PCs take the centre's name from the gateway when they register: a made-up name would be printed on every notice.
        throw new ConfigError(`centre ${centre.data} is new to this gateway: give its name with --name (e.g. --name 大连市甘井子区政务服务中心); PCs registered to it show that name`);
      }
      const issue = () => issueRegistrationCode(g.db, { centreCode: centre.data, centreName: values.name ?? null, deviceRole: role as DeviceRole, validHours: hours, issuedBy: 'cli' });
      if (values.count === undefined) return JSON.stringify(await issue());
      // A hall's PCs at once: one code each, printed as a list.
      const codes = [];
      for (let i = 0; i < count; i++) codes.push(await issue());
      return JSON.stringify(codes);
    }
    case 'revoke-device': {
      const region = required(values, 'region');
      const revoked = await revokeDevice(g.db, region, required(values, 'device-code').toUpperCase());
      if (!revoked) throw new ConfigError(`no device ${values['device-code']} in region ${region}`);
      return JSON.stringify({ revoked: true, ...revoked });
    }
    case 'import-catalogue': {
      const region = regionSchema.parse(required(values, 'region'));
      const body = readJsonFile(required(values, 'file'));
      const version = typeof body.version === 'string' ? body.version : null;
      if (version === null) throw new ConfigError('the catalogue file has no "version"');
      const centres = await publish(g, region, 'catalogue', version, async (tx) => {
        await tx.query('INSERT INTO catalogue_version (region_code, version, body, published_at) VALUES ($1, $2, $3, now())', [region, version, JSON.stringify(body)]);
      });
      return JSON.stringify({ region, version, centres });
    }
    case 'import-calendar': {
      const body = readJsonFile(required(values, 'file'));
      const year = Number(body.year);
      if (!Number.isInteger(year)) throw new ConfigError('the calendar file has no "year"');
      const regions = values.region ? [regionSchema.parse(values.region)] : (await g.db.query<{ region_code: string }>('SELECT DISTINCT region_code FROM centre ORDER BY 1')).rows.map((r) => r.region_code);
      for (const region of regions) {
        await publish(g, region, 'calendar', String(year), async (tx) => {
          await tx.query(
            'INSERT INTO calendar_year (region_code, year, body, published_at) VALUES ($1, $2, $3, now()) ON CONFLICT (region_code, year) DO UPDATE SET body = EXCLUDED.body, published_at = EXCLUDED.published_at',
            [region, year, JSON.stringify(body)],
          );
        });
      }
      return JSON.stringify({ year, regions });
    }
  }
}
