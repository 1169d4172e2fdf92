// IVR flows are data (prompts/flows/*.json) over the prompt catalogue; validated when loaded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, type Language } from '../config.ts';

export type Catalogue = Record<string, Record<Language, string>>;

/** A prompt: its id, and a language when it differs from the flow's (the bilingual entry). */
export type PromptUse = string | { prompt: string; lang: Language };

export type FlowNode =
  | { type: 'menu'; prompts: PromptUse[]; timeoutSeconds: number; choices: Record<string, string>; onTimeout: string; onInvalid: string }
  | { type: 'play'; prompts: PromptUse[]; next: string }
  | { type: 'flow'; flow: Language }
  | { type: 'queue' }
  | { type: 'hangup' };

export interface Flow {
  /** The language of the flow; the entry flow has none (it is where the caller picks one). */
  lang?: Language;
  start: string;
  nodes: Record<string, FlowNode>;
}

export interface FlowSet {
  entry: Flow;
  byLanguage: Record<Language, Flow>;
  catalogue: Catalogue;
}

export class FlowError extends Error {
  constructor(where: string, problem: string) {
    super(`IVR flow ${where}: ${problem}`);
    this.name = 'FlowError';
  }
}

const DIGITS = /^[0-9*#]$/;

function validateFlow(name: string, flow: Flow, catalogue: Catalogue, flowNames: string[]): void {
  if (!flow.nodes?.[flow.start]) throw new FlowError(name, `start node "${flow.start}" does not exist`);
  const targetExists = (node: string, field: string, target: string) => {
    if (!flow.nodes[target]) throw new FlowError(`${name}.${node}`, `${field} points to "${target}", which does not exist`);
  };
  const promptExists = (node: string, use: PromptUse) => {
    const id = typeof use === 'string' ? use : use.prompt;
    const entry = catalogue[id];
    if (!entry) throw new FlowError(`${name}.${node}`, `prompt "${id}" is not in the catalogue`);
    if (typeof use === 'string' && !flow.lang) throw new FlowError(`${name}.${node}`, `prompt "${id}" needs a language in a flow without one`);
    for (const lang of LANGUAGES) if (!entry[lang]) throw new FlowError(`${name}.${node}`, `prompt "${id}" has no ${lang} text`);
  };
  for (const [id, node] of Object.entries(flow.nodes)) {
    switch (node.type) {
      case 'menu':
        node.prompts.forEach((use) => promptExists(id, use));
        if (!(node.timeoutSeconds > 0 && node.timeoutSeconds <= 30)) throw new FlowError(`${name}.${id}`, 'timeoutSeconds must be 1..30');
        for (const [digit, target] of Object.entries(node.choices)) {
          if (!DIGITS.test(digit)) throw new FlowError(`${name}.${id}`, `"${digit}" is not a key`);
          targetExists(id, `choice ${digit}`, target);
        }
        targetExists(id, 'onTimeout', node.onTimeout);
        targetExists(id, 'onInvalid', node.onInvalid);
        break;
      case 'play':
        node.prompts.forEach((use) => promptExists(id, use));
        targetExists(id, 'next', node.next);
        break;
      case 'flow':
        if (!flowNames.includes(node.flow)) throw new FlowError(`${name}.${id}`, `flow "${node.flow}" does not exist`);
        break;
      case 'queue':
      case 'hangup':
        if (!flow.lang && node.type === 'queue') throw new FlowError(`${name}.${id}`, 'a queue node needs a flow with a language');
        break;
      default:
        throw new FlowError(`${name}.${id}`, `unknown node type "${(node as { type: string }).type}"`);
    }
  }
}

export function validateFlowSet(set: FlowSet): FlowSet {
  const names = [...LANGUAGES];
  validateFlow('entry', set.entry, set.catalogue, names);
  for (const lang of LANGUAGES) {
    const flow = set.byLanguage[lang];
    if (!flow) throw new FlowError(lang, 'is missing');
    if (flow.lang !== lang) throw new FlowError(lang, `declares lang "${flow.lang}"`);
    validateFlow(lang, flow, set.catalogue, names);
  }
  const [first, ...others] = LANGUAGES.map((lang) => Object.keys(set.byLanguage[lang].nodes).sort().join(','));
  if (others.some((nodes) => nodes !== first)) throw new FlowError('zh/en', 'the language flows must define the same nodes');
  return set;
}

const readJson = <T>(file: string): T => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new FlowError(file, (error as Error).message);
  }
};

/** Loads prompts/catalogue.json and prompts/flows/{entry,zh,en}.json and validates them. */
export function loadFlowSet(promptsDirectory: string): FlowSet {
  return validateFlowSet({
    catalogue: readJson<Catalogue>(join(promptsDirectory, 'catalogue.json')),
    entry: readJson<Flow>(join(promptsDirectory, 'flows', 'entry.json')),
    byLanguage: Object.fromEntries(LANGUAGES.map((lang) => [lang, readJson<Flow>(join(promptsDirectory, 'flows', `${lang}.json`))])) as Record<Language, Flow>,
  });
}
