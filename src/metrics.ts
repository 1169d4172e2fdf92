// A small Prometheus text registry: labelled counters and gauges read at scrape time.
type Labels = Record<string, string>;

const labelText = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
};

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
  read?: () => { labels: Labels; value: number }[];
}

export class Metrics {
  #families = new Map<string, Family>();

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const family: Family = { help, type: 'counter', values: new Map() };
    this.#families.set(name, family);
    return (labels = {}, by = 1) => {
      const key = labelText(labels);
      family.values.set(key, (family.values.get(key) ?? 0) + by);
    };
  }

  gauge(name: string, help: string, read: () => { labels: Labels; value: number }[]): void {
    this.#families.set(name, { help, type: 'gauge', values: new Map(), read });
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.#families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      const samples = family.read
        ? family.read().map(({ labels, value }) => [labelText(labels), value] as const)
        : [...family.values.entries()];
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

export function hotlineMetrics(metrics = new Metrics()) {
  return {
    registry: metrics,
    callsEntered: metrics.counter('hotline_calls_entered_total', 'Calls that reached the service number, by how they entered'),
    callsQueued: metrics.counter('hotline_calls_queued_total', 'Callers who joined a queue, by queue'),
    callsAnswered: metrics.counter('hotline_calls_answered_total', 'Queue calls answered by an operator, by queue'),
    callsAbandoned: metrics.counter('hotline_calls_abandoned_total', 'Callers who hung up while waiting, by queue'),
    callsOverflowed: metrics.counter('hotline_calls_overflowed_total', 'Callers whose longest wait ran out (offered a message), by queue'),
    screenPops: metrics.counter('hotline_screen_pops_total', 'Screen pops sent to operator desks'),
    screenPopFailures: metrics.counter('hotline_screen_pop_failures_total', 'Rings for which no screen pop could be sent, by reason'),
    subscriberFailures: metrics.counter('hotline_ami_subscriber_failures_total', 'AMI events a feature failed to handle, by feature'),
    unhandledErrors: metrics.counter('hotline_unhandled_errors_total', 'Errors no code caught (bugs), by kind: rejection (survived) or exception (restart)'),
  };
}

export type HotlineMetrics = ReturnType<typeof hotlineMetrics>;
