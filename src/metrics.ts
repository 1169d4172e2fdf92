// Prometheus metrics with prom-client (the standard Node library): Node's process metrics, the hotline's
// counters (offered, answered, abandoned and overflowed calls per queue start from the call records, so
// they survive restarts) and gauges read at scrape time from the live model and the connections.
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

type Labels = Record<string, string>;

/**
 * Node's process metrics, collected once per process: each collectDefaultMetrics() call adds its own GC
 * observer and event-loop monitor for good, so one per server instance (tests make many) piles them up.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function hotlineMetrics() {
  const registry = new Registry();
  const process = processMetrics();
  const counter = (name: string, help: string, labelNames: string[] = []) => {
    const metric = new Counter({ name, help, labelNames, registers: [registry] });
    return (labels: Labels = {}, by = 1) => metric.inc(labels, by);
  };
  return {
    registry,
    /** A counter of a feature's own (registered once). */
    counter,
    /** A gauge whose values are read when Prometheus scrapes. */
    gauge(name: string, help: string, labelNames: string[], read: () => { labels: Labels; value: number }[]) {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          this.reset();
          for (const { labels, value } of read()) this.set(labels, value);
        },
      });
    },
    render: () => Registry.merge([process, registry]).metrics(),
    contentType: registry.contentType,
    callsEntered: counter('hotline_calls_entered_total', 'Calls that reached the service number, by how they entered', ['via']),
    callsQueued: counter('hotline_calls_offered_total', 'Callers offered to a queue (joined it), by queue', ['queue']),
    callsAnswered: counter('hotline_calls_answered_total', 'Queue calls answered by an operator, by queue', ['queue']),
    callsAbandoned: counter('hotline_calls_abandoned_total', 'Callers who hung up while waiting, by queue', ['queue']),
    callsOverflowed: counter('hotline_calls_overflowed_total', 'Callers whose longest wait ran out (offered a message), by queue', ['queue']),
    screenPops: counter('hotline_screen_pops_total', 'Screen pops sent to operator desks'),
    screenPopFailures: counter('hotline_screen_pop_failures_total', 'Rings for which no screen pop, or one without its draft, could be sent, by reason', ['reason']),
    subscriberFailures: counter('hotline_ami_subscriber_failures_total', 'AMI events a feature failed to handle, by feature', ['subscriber']),
    unhandledErrors: counter('hotline_unhandled_errors_total', 'Errors no code caught (bugs), by kind: rejection (survived) or exception (restart)', ['kind']),
  };
}

export type HotlineMetrics = ReturnType<typeof hotlineMetrics>;
