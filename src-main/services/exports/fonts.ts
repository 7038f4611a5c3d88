import { existsSync } from 'node:fs';
import { AppError } from '../../domain/errors.ts';

export interface CjkFont {
  path: string;
  /** For a collection (.ttc): which face to use. */
  family: string | undefined;
}

/**
 * Fonts that can print Chinese, by platform, in order of preference. A .ttc holds several
 * faces; the PostScript name picks the simplified-Chinese one.
 */
export const systemCjkFonts: readonly CjkFont[] = [
  { path: 'C:\\Windows\\Fonts\\simsun.ttc', family: 'SimSun' },
  { path: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { path: 'C:\\Windows\\Fonts\\simhei.ttf', family: undefined },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
  { path: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
  { path: '/System/Library/Fonts/STHeiti Light.ttc', family: 'STHeitiSC-Light' },
];

/**
 * The font for the PDF daily report: the configured file (setting export.pdfFontPath), else
 * the first system CJK font present. Without one the PDF would print empty boxes, so it is
 * refused with what to do.
 */
export function findCjkFont(configured: string | null, candidates: readonly CjkFont[] = systemCjkFonts, exists: (path: string) => boolean = existsSync): CjkFont {
  if (configured) {
    if (!exists(configured)) {
      throw new AppError('VALIDATION', `设置中指定的中文字体文件“${configured}”不存在。请在“设置”中改为本机存在的字体文件（如 C:\\Windows\\Fonts\\simsun.ttc），或清空该设置以自动查找。`, { field: 'export.pdfFontPath' });
    }
    const family = /\.ttc$/i.test(configured) ? candidates.find((c) => c.path === configured)?.family : undefined;
    return { path: configured, family };
  }
  const found = candidates.find((c) => exists(c.path));
  if (!found) {
    throw new AppError('VALIDATION', '本机没有可用于打印中文的字体，无法生成 PDF 日报。请安装宋体或微软雅黑（Windows 自带）、Noto Sans CJK（Linux：fonts-noto-cjk），或在“设置”中指定中文字体文件路径。');
  }
  return found;
}
