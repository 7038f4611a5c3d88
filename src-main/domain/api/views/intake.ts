import type { AttachmentView } from './cases.ts';

/** What catalogue/*, intake/* and applicants/* return (一窗受理). */

export interface TimeLimitView {
  value: number;
  unit: 'working' | 'calendar';
}

export interface MatterSummaryView {
  code: string;
  name: string;
  version: number;
  departmentCode: string;
  departmentName: string;
  regionCode: string;
  kind: 'immediate' | 'promised';
  statutoryLimit: TimeLimitView;
  promisedLimit: TimeLimitView;
  feeYuan: number;
  crossRegion: boolean;
  reviewSteps: number;
}

export interface BundleSummaryView {
  code: string;
  name: string;
  description: string;
  matterCodes: string[];
}

export interface CatalogueView {
  version: string;
  departments: Array<{ code: string; name: string }>;
  matters: MatterSummaryView[];
  bundles: BundleSummaryView[];
}

/** One line of the checklist: a matter's material, or a bundle's de-duplicated one. */
export interface MaterialRowView {
  key: string;
  name: string;
  required: boolean;
  form: 'original' | 'copy' | 'electronic';
  copies: number;
  deferrable: boolean;
  hint?: string;
  matterCodes: string[];
}

export interface ChecklistView {
  target: { kind: 'matter'; matterCode: string } | { kind: 'bundle'; bundleCode: string };
  title: string;
  matters: MatterSummaryView[];
  materials: MaterialRowView[];
}

export interface ImportSummaryView {
  catalogueVersion: string;
  added: string[];
  newVersions: string[];
  unchanged: number;
  retired: string[];
}

export interface ApplicantProfileView {
  type: 'individual' | 'enterprise';
  name: string;
  idType: string | null;
  idNumber: string | null;
  creditCode: string | null;
  legalRepresentative: string | null;
  contactName: string | null;
  phone: string | null;
  address: string | null;
  lastSeenAt: string;
  caseCount: number;
}

export interface DuplicateCaseView {
  id: string;
  caseNumber: string | null;
  matterCode: string;
  matterName: string;
  status: string;
  createdAt: string;
  clerkName: string;
  windowNumber: string | null;
}

export type WindowDecision = 'accepted' | 'notice' | 'refused';

export interface IntakeResultView {
  caseId: string;
  caseNumber: string;
  status: WindowDecision;
  dueDate: string | null;
  queryPassword: string;
  /** A bundle's per-matter cases, each bound for its own department. */
  children: Array<{ caseId: string; caseNumber: string; matterCode: string; matterName: string; departmentName: string; dueDate: string | null }>;
}

export interface DraftSummaryView {
  draftId: string;
  title: string;
  applicantName: string | null;
  updatedAt: string;
}

export interface DraftView {
  draftId: string;
  form: unknown;
  updatedAt: string;
  attachments: AttachmentView[];
}
