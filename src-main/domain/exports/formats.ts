/** The files the daily log is exported as: a workbook, a plain table, a printable report. */
export const exportFormats = ['xlsx', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
