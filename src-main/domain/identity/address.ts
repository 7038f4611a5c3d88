/**
 * An address masked for lists and printouts: the administrative part (province, city, district
 * or county) stays, so a clerk can tell which area it is; the street and house number do not.
 */
const areaEnd = /[省市区县旗州盟]/u;
const keptAtMost = 12;

export function maskAddress(address: string): string {
  const chars = Array.from(address.trim());
  if (chars.length === 0) return '';
  let keep = 0;
  for (let i = 0; i < Math.min(chars.length - 1, keptAtMost); i++) {
    if (areaEnd.test(chars[i] ?? '')) keep = i + 1;
  }
  // No recognisable area: show the first few characters only.
  if (keep === 0) keep = Math.min(3, Math.floor(chars.length / 3));
  return `${chars.slice(0, keep).join('')}****`;
}
