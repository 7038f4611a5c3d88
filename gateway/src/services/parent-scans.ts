/**
 * A 一件事's scans are named by its parent case (the window adds them to the intake, which becomes
 * the parent). A child decided at another centre (跨区通办: its matter's competent region is
 * elsewhere) reaches that centre without its parent, so its pulled header names the parent's
 * scans of the child's own materials, and only those: the centre gets nothing else of the parent.
 * `downloadAttachment` admits that centre to exactly these scans by the same rule.
 */
import type { CaseHeader } from '../../../src-main/domain/sync/case-header.ts';
import type { Db } from '../db/database.ts';
import type { Sealer } from '../keys.ts';
import type { DeviceContext } from './devices.ts';

export interface PulledChild {
  region: string;
  parentCaseId: string | null;
  header: CaseHeader;
}

interface ParentScanRow {
  case_id: string;
  region_code: string;
  sha256: string;
  material_key: string;
  file_name: string;
  mime_type: CaseHeader['attachments'][number]['mimeType'];
  size: number;
}

/**
 * The SQL condition, on `case_attachment <scan>` naming a scan by case `<parent>`, that a child of
 * that case decided at centre `$centre` needs the scan: it lists the scan's material.
 */
export function childNeedsScan(scan: string, parent: string, centre: string): string {
  return `EXISTS (SELECT 1 FROM central_case child
                   WHERE child.region_code = ${parent}.region_code AND child.parent_case_id = ${parent}.case_id
                     AND child.competent_region = ${centre}
                     AND (child.header->'materials')::jsonb @> jsonb_build_array(jsonb_build_object('key', ${scan}.material_key)))`;
}

/** Adds to each pulled child whose parent this centre does not hold the parent's scans of the child's materials. */
export async function addParentScans(db: Db, device: DeviceContext, sealer: Sealer, cases: readonly PulledChild[]): Promise<void> {
  const children = cases.filter((c) => c.parentCaseId !== null);
  if (children.length === 0) return;
  const r = await db.query<ParentScanRow>(
    `SELECT a.region_code, a.case_id, a.sha256, a.material_key, a.file_name, a.mime_type, a.size
       FROM case_attachment a JOIN central_case p ON p.region_code = a.region_code AND p.case_id = a.case_id
      WHERE (a.region_code, a.case_id) IN (SELECT * FROM unnest($1::bpchar[], $2::uuid[]))
        AND p.centre_code <> $3 AND p.competent_region <> $3
      ORDER BY a.material_key, a.sha256`,
    [children.map((c) => c.region), children.map((c) => c.parentCaseId), device.centreCode],
  );
  if (r.rows.length === 0) return;
  for (const child of children) {
    const materials = new Set(child.header.materials.map((m) => m.key));
    const named = new Set(child.header.attachments.map((a) => a.sha256));
    for (const row of r.rows) {
      if (row.region_code !== child.region || row.case_id !== child.parentCaseId || !materials.has(row.material_key) || named.has(row.sha256)) continue;
      named.add(row.sha256);
      child.header.attachments.push({
        sha256: row.sha256,
        size: row.size,
        mimeType: row.mime_type,
        fileName: sealer.open(Buffer.from(row.file_name, 'base64')).toString('utf8'),
        materialKey: row.material_key,
      });
    }
  }
}
