/**
 * A configured hall's PC for the IT operations' tests: real services on a real SQLite file, the
 * site file of tests/unit/site/fixtures.ts, the first admin made through the first-run operation
 * and a clerk made by that admin, both logged in.
 */
import type { Services } from '../../src-main/host/boot.ts';
import { bootServices } from '../../src-main/host/boot.ts';
import { hallSite, writeSite } from '../unit/site/fixtures.ts';

export const hallAdmin = { username: 'itadmin', displayName: '信息科王工', password: 'Hall#Admin2026' };
export const hallClerk = { username: 'clerk01', password: 'Hall#Clerk2026', newPassword: 'Hall#Clerk2027' };

export async function must<T>(services: Services, name: string, input: unknown, token: string | null): Promise<T> {
  const result = await services.dispatcher.call(name, input, token);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

export async function login(services: Services, username: string, password: string): Promise<string> {
  return (await must<{ token: string }>(services, 'session/login', { username, password }, null)).token;
}

export async function bootHallPc(dataDir: string, siteDir: string): Promise<{ services: Services; admin: string; clerk: string }> {
  const services = bootServices({ dataDir, appVersion: 'test', siteFile: writeSite(siteDir, hallSite()) });
  await must(services, 'site/setup', { window: { number: '01' }, admin: hallAdmin }, null);
  const admin = await login(services, hallAdmin.username, hallAdmin.password);
  await must(services, 'users/create', { username: hallClerk.username, displayName: '窗口一张敏', role: 'clerk', temporaryPassword: hallClerk.password }, admin);
  const firstLogin = await login(services, hallClerk.username, hallClerk.password);
  await must(services, 'session/changePassword', { currentPassword: hallClerk.password, newPassword: hallClerk.newPassword }, firstLogin);
  const clerk = await login(services, hallClerk.username, hallClerk.newPassword);
  return { services, admin, clerk };
}
