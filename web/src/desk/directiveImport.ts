// The desk's directive import: a file goes to POST /import/directive (mode=preview: extracted and parsed, nothing
// saved), the editor corrects the parsed fields, and saving sends the previewed text through importDirective (a
// draft), then the corrections through updateDirective and, when asked, publishDirective — so the file is sent once and
// the text stored as the directive's original is exactly what was previewed.
import type { ApiError, ApiResult } from '../api/client';
import { antiforgeryHeaders, sessionEnded } from '../session/session';

export const uploadPath = '/import/directive';

/** The file types the importer reads, for the file picker. */
export const accepted = '.txt,.docx,.pdf,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface ImportWarning {
  code: string;
  message: string;
  line: number | null;
}

export interface PreviewSection {
  number: number;
  heading: string;
  body: string;
}

export interface PreviewDirective {
  title: string;
  documentType: string;
  issuer: { name: string; id: string | null; isNew: boolean };
  documentNumber: string | null;
  addressees: string[];
  issuedOn: string;
  preamble: string;
  sections: PreviewSection[];
  closing: string | null;
  contact: { emails: string[]; phones: string[]; text: string | null };
  attachments: string[];
}

export interface Preview {
  mode: string;
  file: { format: 'TEXT' | 'DOCX' | 'PDF'; readAs: string };
  text: string;
  directive: PreviewDirective;
  warnings: ImportWarning[];
  /** The directive imported before from this text, or from a copy of it (match SAME_NORMALIZED_TEXT: other line endings, spaces or widths). */
  alreadyImported: { id: string; title: string; match: 'SAME_TEXT' | 'SAME_NORMALIZED_TEXT' } | null;
}

/** What the editor may correct before saving: the parsed fields, as edited. */
export interface Draft {
  title: string;
  documentNumber: string;
  issuedOn: string;
  addressees: string;
  preamble: string;
  sections: { heading: string; body: string }[];
  closing: string;
  contactText: string;
  contactEmails: string;
  contactPhones: string;
  attachments: string;
}

export function draftOf(d: PreviewDirective): Draft {
  return {
    title: d.title,
    documentNumber: d.documentNumber ?? '',
    issuedOn: d.issuedOn,
    // Joined by commas: one addressee may hold a 、 (院属各党总支、党支部 is one group), so 、 does not separate them.
    addressees: d.addressees.join('，'),
    preamble: d.preamble,
    sections: d.sections.map((s) => ({ heading: s.heading, body: s.body })),
    closing: d.closing ?? '',
    contactText: d.contact.text ?? '',
    contactEmails: d.contact.emails.join('，'),
    contactPhones: d.contact.phones.join('，'),
    attachments: d.attachments.join('\n'),
  };
}

const list = (text: string, separators: RegExp) =>
  text
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The updateDirective variables for what the editor changed, field by field; null when nothing changed (then no
 * update is sent, and the directive stays exactly as imported).
 */
export function corrections(parsed: PreviewDirective, draft: Draft): Record<string, unknown> | null {
  const original = draftOf(parsed);
  const changes: Record<string, unknown> = {};
  if (draft.title.trim() !== original.title) changes.title = draft.title.trim();
  if (draft.documentNumber.trim() !== original.documentNumber) changes.documentNumber = draft.documentNumber.trim();
  if (draft.issuedOn !== original.issuedOn) changes.issuedOn = draft.issuedOn;
  const addressees = list(draft.addressees, /[，,；;\n]/);
  if (!same(addressees, parsed.addressees)) changes.addressees = addressees;
  if (draft.preamble !== original.preamble) changes.preamble = draft.preamble;
  const sectionsChanged =
    draft.sections.length !== original.sections.length ||
    draft.sections.some((s, i) => s.heading !== original.sections[i]?.heading || s.body !== original.sections[i]?.body);
  if (sectionsChanged) changes.sections = draft.sections.map((s) => ({ heading: s.heading.trim(), body: s.body }));
  if (draft.closing.trim() !== original.closing) changes.closing = draft.closing.trim();
  const emails = list(draft.contactEmails, /[，,；;\s]+/);
  const phones = list(draft.contactPhones, /[，,；;\s]+/);
  if (draft.contactText.trim() !== original.contactText || !same(emails, parsed.contact.emails) || !same(phones, parsed.contact.phones))
    changes.contact = { text: draft.contactText.trim() || null, emails, phones };
  const attachments = list(draft.attachments, /\n/);
  if (!same(attachments, parsed.attachments)) changes.attachments = attachments;
  return Object.keys(changes).length > 0 ? changes : null;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    if (first) return { code: first.extensions?.code ?? `HTTP_${response.status}`, message: first.message };
  } catch {
    // Not JSON: the status says enough.
  }
  return { code: `HTTP_${response.status}`, message: response.statusText };
}

/**
 * Sends a file for a preview: the body is the file itself, with the session cookie and the antiforgery token. An
 * ended session is reported (the banner offers signing in again in place) and not retried: the editor sends again.
 */
export async function previewFile(file: File, signal?: AbortSignal): Promise<ApiResult<Preview>> {
  let response: Response;
  try {
    response = await fetch(`${uploadPath}?mode=preview&name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', Accept: 'application/json', ...antiforgeryHeaders() },
      body: file,
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, error: { code: 'NETWORK', message: String(e) } };
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.code === 'SESSION_EXPIRED') await sessionEnded();
    return { ok: false, error };
  }
  return { ok: true, data: (await response.json()) as Preview };
}
