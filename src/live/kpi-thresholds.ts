// Green / yellow / red for each wallboard tile. Admins set the table (GET/PUT /api/admin/kpi-thresholds);
// the browser colours the tiles with the same function.

export const THRESHOLD_KPIS = [
  'serviceLevel',
  'connectionRate',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
  'avgAbandonWaitSeconds',
  'longestWaitSeconds',
  'waiting',
  'callbacksPending',
] as const;
export type ThresholdKpi = (typeof THRESHOLD_KPIS)[number];

/** `higher`: bigger is better (yellow below `yellow`, red below `red`); `lower`: smaller is better. */
export interface Threshold {
  better: 'higher' | 'lower';
  yellow: number;
  red: number;
}
export type KpiThresholds = Record<ThresholdKpi, Threshold>;

export const DEFAULT_KPI_THRESHOLDS: KpiThresholds = {
  // 80/20 is the contact-centre convention; the seeds' 12315 centre keeps 接通率 above 80 %.
  serviceLevel: { better: 'higher', yellow: 0.8, red: 0.6 },
  connectionRate: { better: 'higher', yellow: 0.9, red: 0.8 },
  abandonRate: { better: 'lower', yellow: 0.05, red: 0.1 },
  asaSeconds: { better: 'lower', yellow: 20, red: 45 },
  ahtSeconds: { better: 'lower', yellow: 420, red: 600 },
  avgAbandonWaitSeconds: { better: 'lower', yellow: 30, red: 60 },
  longestWaitSeconds: { better: 'lower', yellow: 60, red: 180 },
  waiting: { better: 'lower', yellow: 3, red: 8 },
  callbacksPending: { better: 'lower', yellow: 5, red: 20 },
};

export type TileColour = 'green' | 'yellow' | 'red' | 'none';

export function tileColour(kpi: ThresholdKpi, value: number | null, thresholds: KpiThresholds = DEFAULT_KPI_THRESHOLDS): TileColour {
  if (value === null) return 'none';
  const { better, yellow, red } = thresholds[kpi];
  if (better === 'higher') return value < red ? 'red' : value < yellow ? 'yellow' : 'green';
  return value > red ? 'red' : value > yellow ? 'yellow' : 'green';
}

export class KpiThresholdError extends Error {
  readonly statusCode = 400;
}

/** Checks an admin's table: every KPI, its direction, and yellow before red. */
export function validateKpiThresholds(input: unknown): KpiThresholds {
  if (typeof input !== 'object' || input === null) throw new KpiThresholdError('body: an object with a threshold per KPI');
  const table = input as Record<string, Partial<Threshold>>;
  const result = {} as KpiThresholds;
  for (const kpi of THRESHOLD_KPIS) {
    const entry = table[kpi];
    if (!entry) throw new KpiThresholdError(`body/${kpi}: missing (give better, yellow and red)`);
    const { better, yellow, red } = entry;
    if (better !== 'higher' && better !== 'lower') throw new KpiThresholdError(`body/${kpi}/better: "higher" or "lower"`);
    if (typeof yellow !== 'number' || typeof red !== 'number' || !Number.isFinite(yellow) || !Number.isFinite(red) || yellow < 0 || red < 0) {
      throw new KpiThresholdError(`body/${kpi}: yellow and red are numbers of 0 or more`);
    }
    if (better === 'higher' ? red > yellow : red < yellow) {
      throw new KpiThresholdError(`body/${kpi}: red must be ${better === 'higher' ? 'below' : 'above'} yellow when ${better} is better`);
    }
    result[kpi] = { better, yellow, red };
  }
  const unknown = Object.keys(table).filter((key) => !(THRESHOLD_KPIS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new KpiThresholdError(`body/${unknown[0]}: not a KPI with thresholds (${THRESHOLD_KPIS.join(', ')})`);
  return result;
}
