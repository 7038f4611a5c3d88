/**
 * Devices. A centre's administrator issues a one-time registration code (on the gateway's command
 * line, or from the app's admin screen through `POST /v1/admin/registration-codes`); the app
 * registers with it once and receives:
 *   - a device code, 3 characters unique within the centre's region, so `{区划}{date}{device}…`
 *     case numbers are unique across the province without asking anyone;
 *   - an access token (bearer, short-lived) for every other call;
 *   - a device secret (long-lived) that renews the access token (`POST /v1/devices/token`), so
 *     an expired token means a renewal, never a new registration and never lost data.
 * Revoking the device invalidates both; the device then needs a new code. Registering again as
 * the same installation (its id, proved by the installation secret it made: the id alone is on
 * every event it wrote) returns the same device code, so its case numbers go on where they
 * stopped; presenting a used code again is answered again to that installation only, while the
 * code is valid, so an answer lost on the way costs no new code. Events are idempotent on their
 * own ids, so whatever a device sent before re-registering is recognised as a duplicate afterwards.
 */
import { z } from 'zod';
import { centreCode, deviceCode, deviceRoles, epoch, instant, regionCode, uuid } from './common.ts';

/** Codes are 12 characters from an alphabet without look-alikes, shown as XXXX-XXXX-XXXX. */
export const registrationCodeAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const registrationCodeLength = 12;

/** The code as typed: case, spaces and dashes do not matter. */
export function normalizeRegistrationCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

export function formatRegistrationCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export const registrationCodeSchema = z
  .string({ error: '请填写注册码' })
  .transform(normalizeRegistrationCode)
  .refine((c) => c.length === registrationCodeLength && [...c].every((ch) => registrationCodeAlphabet.includes(ch)), {
    error: `注册码应为 ${registrationCodeLength} 位字母数字（如 ABCD-EFGH-JKLM），请核对后重新输入`,
  });

/** What an installation proves itself with: 32 random bytes made once on the PC, base64url (43 characters). */
export const installationSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '安装密钥应为 43 位 base64url 字符');

/**
 * The centre a PC is already bound to: its real cases carry its region in their numbers and are
 * that centre's, so it may only register with a code of the same centre (docs/sync.md, Devices).
 */
export const localCentreSchema = z
  .object({
    regionCode: regionCode.describe('本机办件编号中的区划代码'),
    centreCode: centreCode.optional().describe('本机此前注册时平台给出的中心代码（未注册过的电脑不发送）'),
    name: z.string().trim().min(1).max(100).describe('本机记录的中心名称，用于提示'),
  })
  .meta({ id: 'LocalCentre' });
export type LocalCentre = z.infer<typeof localCentreSchema>;

export const registerRequestSchema = z
  .object({
    code: registrationCodeSchema.describe('中心管理员签发的一次性注册码，大小写、空格和连字符不计'),
    installationId: uuid.describe('本机安装的稳定标识（首次启动时生成）。它不是秘密（本机写的每个事件都带着它），只用来查找，证明靠 installationSecret'),
    installationSecret: installationSecretSchema
      .optional()
      .describe(
        '本机首次注册时生成、保存在本机的随机密钥（32 字节，base64url）；平台只存其 SHA-256。同一安装带同一密钥再次提交已用过的注册码（上次应答丢失、本机未能保存），在注册码有效期内得到同一设备编码和新的凭据；' +
          '带它再次注册（新的注册码）时取回本机原来的设备编码。旧版本不发送：此时已用过的注册码一律拒绝',
      ),
    deviceName: z.string().trim().min(1).max(100).describe('给管理员看的名称，如「3号窗口」「市场监管局后台1」'),
    appVersion: z.string().min(1).max(50).describe('一窗通版本号'),
    noticeKey: z
      .object({
        algorithm: z.literal('SM2'),
        publicKey: z.string().regex(/^04[0-9a-f]{128}$/, '公钥应为 04 开头的 130 位十六进制数').describe('SM2 未压缩公钥 04‖x‖y'),
      })
      .optional()
      .describe('本机签发通知书二维码所用密钥的公钥（docs/notice-verification.md）；平台凭它核验 GET /verify/notice。旧版本不发送'),
    localCentre: localCentreSchema
      .optional()
      .describe('本机已有真实办件（或由站点文件配置了中心）时，本机所属的中心。注册码属于其他中心时平台拒绝注册（CENTRE_MISMATCH），注册码不被使用。不发送时（演示数据、空白电脑、旧版本）本机改用注册码所属的中心'),
  })
  .meta({ id: 'RegisterRequest' });
export type RegisterRequest = z.input<typeof registerRequestSchema>;

export const centreSchema = z
  .object({
    code: centreCode.describe('中心代码'),
    regionCode: regionCode.describe('中心所在区划（中心代码的前 6 位），写入本机办件编号'),
    name: z.string().describe('中心名称，如 大连市甘井子区政务服务中心'),
  })
  .meta({ id: 'Centre' });

export const deviceCredentialsSchema = z
  .object({
    accessToken: z.string().min(32).describe('访问令牌：每次请求放在 Authorization: Bearer 头中'),
    accessTokenExpiresAt: instant.describe('访问令牌到期时刻；到期前后用设备密钥换新（POST /v1/devices/token）'),
  })
  .meta({ id: 'DeviceCredentials' });

export const registerResponseSchema = z
  .object({
    deviceId: uuid.describe('网关为本设备记录的标识'),
    deviceCode: deviceCode.describe('设备编码（区划内唯一），此后本机每个办件编号都包含它'),
    deviceRole: z.enum(deviceRoles).describe('window 综合窗口 / backoffice 部门后台（注册码签发时指定）'),
    centre: centreSchema,
    deviceSecret: z.string().min(32).describe('设备密钥：只用于换取新的访问令牌；本机应与数据密钥同等保管'),
    ...deviceCredentialsSchema.shape,
    epoch,
  })
  .meta({ id: 'RegisterResponse' });
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

/** Renewal (and rotation): the device secret buys a fresh access token; the old one stays valid until the new one is first used, so a lost answer locks nobody out. */
export const renewTokenRequestSchema = z
  .object({
    deviceId: uuid,
    deviceSecret: z.string().min(32),
  })
  .meta({ id: 'RenewTokenRequest' });
export type RenewTokenRequest = z.infer<typeof renewTokenRequestSchema>;
export const renewTokenResponseSchema = deviceCredentialsSchema.extend({ epoch }).meta({ id: 'RenewTokenResponse' });
export type RenewTokenResponse = z.infer<typeof renewTokenResponseSchema>;

/**
 * Issuing a code from the app's admin screen: the device's token proves which centre, and the
 * administrator's own username and password (checked against the verifier the gateway holds
 * for the centre's users) prove who. The command line (`npm run gateway -- issue-code`) needs
 * neither: whoever runs it already holds the gateway's configuration.
 */
export const issueCodeRequestSchema = z
  .object({
    username: z.string().min(1).max(100).describe('本中心系统管理员的用户名'),
    password: z.string().min(1).max(200).describe('该管理员的密码（网关用同步来的口令校验值核对）'),
    deviceRole: z.enum(deviceRoles).describe('注册码用于哪类设备'),
    validHours: z.number().int().min(1).max(24 * 7).default(24).describe('有效小时数，默认 24'),
  })
  .meta({ id: 'IssueCodeRequest' });
export type IssueCodeRequest = z.input<typeof issueCodeRequestSchema>;

export const issueCodeResponseSchema = z
  .object({
    code: z.string().describe('注册码，形如 ABCD-EFGH-JKLM，只能使用一次'),
    centre: centreSchema,
    deviceRole: z.enum(deviceRoles),
    expiresAt: instant,
  })
  .meta({ id: 'IssueCodeResponse' });
export type IssueCodeResponse = z.infer<typeof issueCodeResponseSchema>;
