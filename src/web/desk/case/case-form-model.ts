// The case form's model: the fields an operator fills in, how they map to the case API (yuan ↔ fen, empty ↔
// null), what changed since the last save, and the copy kept in the browser so nothing typed is lost on a
// reload or a browser crash (localStorage, per case number, until the server has the same).
import type { CaseView } from '../../../cases/case-service.ts';

export interface CaseFormFields {
  kind: string | null;
  lang: 'zh' | 'en';
  productCategory: string;
  product: string;
  enterpriseName: string;
  enterpriseAddress: string;
  place: string;
  /** In yuan, as typed (the API keeps fen). */
  goodsValue: string;
  subject: string;
  description: string;
  citizenName: string;
  citizenPhone: string;
  citizenAddress: string;
  anonymous: boolean;
  confidential: boolean;
  urgency: 'normal' | 'urgent' | 'critical';
}

const TEXT_FIELDS = ['productCategory', 'product', 'enterpriseName', 'enterpriseAddress', 'place', 'subject', 'description', 'citizenName', 'citizenAddress'] as const;

export function fieldsOf(record: CaseView): CaseFormFields {
  return {
    kind: record.kind,
    lang: record.lang,
    productCategory: record.productCategory ?? '',
    product: record.product ?? '',
    enterpriseName: record.enterpriseName ?? '',
    enterpriseAddress: record.enterpriseAddress ?? '',
    place: record.place ?? '',
    goodsValue: record.goodsValueFen === null || record.goodsValueFen === undefined ? '' : (record.goodsValueFen / 100).toFixed(2).replace(/\.00$/, ''),
    subject: record.subject ?? '',
    description: record.description ?? '',
    citizenName: record.citizenName ?? '',
    citizenPhone: record.citizenPhone ?? '',
    citizenAddress: record.citizenAddress ?? '',
    anonymous: Boolean(record.anonymous),
    confidential: Boolean(record.confidential),
    urgency: record.urgency,
  };
}

/** "12.5" yuan → 1250 fen; empty → null; anything else → NaN (the form says it is not an amount). */
export function yuanToFen(text: string): number | null {
  const trimmed = text.trim().replace(/[,，]/g, '');
  if (trimmed === '') return null;
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  const [whole, cents = ''] = trimmed.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

/** The PATCH body: only what differs from `saved`, in the API's terms. */
export function changedFields(form: CaseFormFields, saved: CaseFormFields, options: { informantVisible: boolean }): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    if (form[field].trim() !== saved[field].trim()) body[field] = form[field].trim() === '' ? null : form[field].trim();
  }
  if (form.kind !== saved.kind) body.kind = form.kind;
  if (form.lang !== saved.lang) body.lang = form.lang;
  if (form.urgency !== saved.urgency) body.urgency = form.urgency;
  if (form.goodsValue.trim() !== saved.goodsValue.trim()) body.goodsValueFen = yuanToFen(form.goodsValue);
  if (options.informantVisible) {
    if (form.citizenPhone.trim() !== saved.citizenPhone.trim()) body.citizenPhone = form.citizenPhone.trim() === '' ? null : form.citizenPhone.trim();
    if (form.anonymous !== saved.anonymous) body.anonymous = form.anonymous;
    if (form.confidential !== saved.confidential) body.confidential = form.confidential;
  } else {
    for (const field of ['citizenName', 'citizenAddress'] as const) delete body[field];
  }
  return body;
}

interface Kept {
  fields: CaseFormFields;
  at: string;
}

const key = (number: string) => `hotline-case-form:${number}`;

/** The browser's copy of what was typed into case `number`, if any. */
export function keptForm(number: string): Kept | null {
  try {
    const raw = localStorage.getItem(key(number));
    return raw ? (JSON.parse(raw) as Kept) : null;
  } catch {
    return null;
  }
}

export function keepForm(number: string, fields: CaseFormFields): void {
  try {
    localStorage.setItem(key(number), JSON.stringify({ fields, at: new Date().toISOString() }));
  } catch {
    // storage full or disabled: the server's draft (saved every few seconds) still holds the text
  }
}

export function forgetForm(number: string): void {
  localStorage.removeItem(key(number));
}

/** `body/citizenPhone must match …` → citizenPhone (the field a server refusal is about), if it names one. */
export function fieldOfError(message: string): string | null {
  const match = /\bbody\/([a-zA-Z]+)/.exec(message);
  if (!match) return null;
  return match[1] === 'goodsValueFen' ? 'goodsValue' : match[1]!;
}
