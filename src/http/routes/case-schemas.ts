// JSON schemas of the case API. Text may not carry HTML markup; numbers, phones and enums have exact forms.
import { CASE_CHANNELS, CASE_KINDS, CASE_STATUSES, COLOURS, SATISFACTIONS, URGENCIES } from '../../cases/case-model.ts';

/** Rejects text that contains an HTML tag, comment or processing instruction. */
const NO_MARKUP = '^(?![\\s\\S]*<[A-Za-z/!?])[\\s\\S]*$';
const text = (maxLength: number) => ({ type: ['string', 'null'], minLength: 1, maxLength, pattern: NO_MARKUP });
const requiredText = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: NO_MARKUP });
const money = { type: ['integer', 'null'], minimum: 0, maximum: 10_000_000_000_000 };

export const CASE_NUMBER_PATTERN = '^[0-9]{12}$';
export const PHONE_PATTERN = '^\\+?[0-9]{3,20}$';

const caseFieldProperties = {
  kind: { type: ['string', 'null'], enum: [...CASE_KINDS, null] },
  lang: { type: 'string', enum: ['zh', 'en'] },
  citizenName: text(100),
  citizenPhone: { type: ['string', 'null'], pattern: PHONE_PATTERN },
  citizenAddress: text(300),
  anonymous: { type: 'boolean' },
  confidential: { type: 'boolean' },
  subject: text(200),
  description: text(10_000),
  productCategory: text(100),
  product: text(200),
  enterpriseName: text(200),
  enterpriseAddress: text(300),
  place: text(300),
  goodsValueFen: money,
  lossesRecoveredFen: money,
  urgency: { type: 'string', enum: URGENCIES },
};

export const createCaseBody = {
  type: 'object',
  additionalProperties: false,
  required: ['channel', 'lang'],
  properties: {
    ...caseFieldProperties,
    channel: { type: 'string', enum: CASE_CHANNELS },
    transferSource: { type: 'string', pattern: '^[0-9]{3,8}$' },
    transferReference: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_/.-]*$' },
  },
};

export const patchCaseBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { ...caseFieldProperties, channel: { type: 'string', enum: CASE_CHANNELS.filter((c) => c !== 'transfer') } },
};

export const caseNumberParams = {
  type: 'object',
  required: ['number'],
  properties: { number: { type: 'string', pattern: CASE_NUMBER_PATTERN } },
};

const positive = (maximum: number) => ({ type: 'integer', minimum: 1, maximum });
const action = (name: string, properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['action', ...required],
  properties: { action: { const: name }, ...properties },
});

export const actionBody = {
  type: 'object',
  required: ['action'],
  discriminator: { propertyName: 'action' },
  oneOf: [
    // forDispatch: the operator asks a supervisor to dispatch it (the supervisors' list of cases to dispatch).
    action('register', { forDispatch: { type: 'boolean' }, note: requiredText(500) }),
    action('accept'),
    action('close'),
    action('dispatch', { departmentId: positive(1_000_000), note: requiredText(500) }, ['departmentId']),
    action('return', { reason: requiredText(1000) }, ['reason']),
    action('reopen', { reason: requiredText(1000) }, ['reason']),
    action('not-accept', { reason: requiredText(1000) }, ['reason']),
    // the department's result, with the values involved and the losses recovered for the citizen (fen)
    action('handle', { result: requiredText(10_000), goodsValueFen: money, lossesRecoveredFen: money }, ['result']),
    action('reply', { reply: requiredText(10_000) }, ['reply']),
    action('return-visit', { satisfaction: { type: 'string', enum: SATISFACTIONS }, note: requiredText(1000) }, ['satisfaction']),
    action('merge', { into: { type: 'string', pattern: CASE_NUMBER_PATTERN }, reason: requiredText(1000) }, ['into']),
    action('escalate', { note: requiredText(1000) }, ['note']),
    action('request-extension', { extraWorkingDays: positive(60), reason: requiredText(1000) }, ['extraWorkingDays', 'reason']),
    action('approve-extension', { requestId: positive(1_000_000_000) }, ['requestId']),
    action('reject-extension', { requestId: positive(1_000_000_000), reason: requiredText(1000) }, ['requestId']),
  ],
};

/** Query strings arrive as text: numbers are matched as digits and converted by the route. */
export const searchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    number: { type: 'string', pattern: CASE_NUMBER_PATTERN },
    phone: { type: 'string', pattern: PHONE_PATTERN },
    status: { type: 'string', enum: CASE_STATUSES },
    kind: { type: 'string', enum: CASE_KINDS },
    departmentId: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' },
    enterprise: { type: 'string', minLength: 1, maxLength: 100 },
    q: { type: 'string', minLength: 1, maxLength: 100 },
    colour: { type: 'string', enum: COLOURS },
    /** Worklists: mine=true — cases I took (a call's draft) or registered; open=true — registered and not yet final. */
    mine: { type: 'string', enum: ['true', 'false'] },
    open: { type: 'string', enum: ['true', 'false'] },
    page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
    pageSize: { type: 'string', pattern: '^([1-9]|[1-9][0-9]|100)$' },
  },
};
