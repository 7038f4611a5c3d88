/** Field schemas shared by the protocol's messages. */
import { z } from 'zod';
import { roles } from '../auth/roles.ts';

export const uuid = z.uuid({ error: '应为 UUID（如 0192f3c4-5d6e-7f80-9a1b-2c3d4e5f6071）' });

/** GB/T 2260 county-level 区划代码: every central table's key starts with it. */
export const regionCode = z.string().regex(/^[1-9]\d{5}$/, { error: '区划代码应为 6 位数字（如甘井子区 210211）' });

/**
 * A centre: its 区划代码 (a county-level hall, e.g. 210211) or that code followed by 3 or 6 more
 * digits (a township centre or a community station within it). Its region is the first 6 digits.
 */
export const centreCode = z.string().regex(/^[1-9]\d{5}(\d{3}){0,2}$/, { error: '中心代码应为区划代码（6 位）或其后加 3/6 位（乡镇、村社区）' });

/** The region a centre belongs to: the first 6 digits of its code. */
export function regionOfCentre(centre: string): string {
  return centre.slice(0, 6);
}

/** The three characters a device puts in every case number it issues; unique within its region. */
export const deviceCode = z.string().regex(/^[0-9A-Z]{3}$/, { error: '设备编码应为 3 位数字或大写字母' });

export const instant = z.iso.datetime({ offset: true, error: '应为 ISO 8601 时刻，例如 2026-03-09T08:30:00.000Z' });
export const isoDate = z.iso.date({ error: '应为日期 yyyy-mm-dd' });

export const role = z.enum(roles);

/** What the device is used for; both see the same cases (see pull.ts), the role is kept for the admin's list. */
export const deviceRoles = ['window', 'backoffice'] as const;
export type DeviceRole = (typeof deviceRoles)[number];

/** The gateway's database identity; see epoch in session.ts. */
export const epoch = z.string().min(1).max(100).describe('网关数据库的纪元：从备份恢复后会变化，客户端须据此补发');

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: '应为 64 位小写十六进制 SHA-256' });
/** An SM3 hash as the app's audit chain writes it. */
export const sm3Hex = z.string().regex(/^[0-9a-f]{64}$/, { error: '应为 64 位小写十六进制 SM3 哈希' });
