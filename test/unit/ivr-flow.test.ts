import { describe, expect, it } from 'vitest';
import { FlowError, loadFlowSet, validateFlowSet, type FlowSet } from '../../src/ivr/flow.ts';
import { PROMPTS_DIRECTORY } from '../../src/main.ts';

const shipped = () => structuredClone(loadFlowSet(PROMPTS_DIRECTORY)) as FlowSet;

describe('IVR flows', () => {
  it('load and validate from prompts/', () => {
    const flows = loadFlowSet(PROMPTS_DIRECTORY);
    expect(flows.entry.nodes[flows.entry.start]?.type).toBe('menu');
    expect(Object.keys(flows.byLanguage.zh.nodes).sort()).toEqual(Object.keys(flows.byLanguage.en.nodes).sort());
  });

  it('let a caller reach a human with no key at all (every menu times out forward)', () => {
    const flows = loadFlowSet(PROMPTS_DIRECTORY);
    const entryMenu = flows.entry.nodes[flows.entry.start];
    expect(entryMenu).toMatchObject({ type: 'menu', choices: { '1': 'mandarin', '2': 'english' }, onTimeout: 'mandarin' });
  });

  it('rejects a next that points nowhere', () => {
    const flows = shipped();
    (flows.byLanguage.zh.nodes.connecting as { next: string }).next = 'nowhere';
    expect(() => validateFlowSet(flows)).toThrow(/zh\.connecting: next points to "nowhere"/);
  });

  it('rejects a prompt missing from the catalogue or missing a language', () => {
    const flows = shipped();
    (flows.byLanguage.en.nodes.connecting as { prompts: string[] }).prompts = ['no-such-prompt'];
    expect(() => validateFlowSet(flows)).toThrow(/prompt "no-such-prompt" is not in the catalogue/);
    const other = shipped();
    delete (other.catalogue['connecting-operator'] as Partial<Record<'zh' | 'en', string>>).en;
    expect(() => validateFlowSet(other)).toThrow(/has no en text/);
  });

  it('rejects language flows that do not define the same nodes', () => {
    const flows = shipped();
    flows.byLanguage.en.nodes.extra = { type: 'hangup' };
    expect(() => validateFlowSet(flows)).toThrow(FlowError);
  });

  it('rejects an unknown key, an unknown node type and a bad timeout', () => {
    const flows = shipped();
    (flows.entry.nodes['choose-language'] as { choices: Record<string, string> }).choices.x = 'mandarin';
    expect(() => validateFlowSet(flows)).toThrow(/"x" is not a key/);
    const typed = shipped();
    (typed.byLanguage.zh.nodes.operator as { type: string }).type = 'voicemail-someday';
    expect(() => validateFlowSet(typed)).toThrow(/unknown node type/);
    const slow = shipped();
    (slow.entry.nodes['choose-language'] as { timeoutSeconds: number }).timeoutSeconds = 0;
    expect(() => validateFlowSet(slow)).toThrow(/timeoutSeconds/);
  });
});
