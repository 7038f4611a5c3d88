import { smPrimitives } from '../src-main/domain/crypto/sm-runtime.ts';

/**
 * Beside every sync figure: whose SM4-CTR and HMAC-SM3 sealed and opened the personal data in
 * the run (the app and the gateway run this same Node, so the same one). An installed PC runs
 * Electron, whose BoringSSL has neither: it seals with our JavaScript ('js').
 */
export const cryptoContext = {
  crypto: smPrimitives.name,
  crypto_on_an_installed_pc: 'js' as const,
};
