/**
 * Prometheus metrics (prom-client): one registry per app whose gauges are evaluated at scrape time from the
 * database and the chain. Metrics come from a list of {@link MetricsSource}s — each area of the service (outbox,
 * keeper, reports, accounts; payments and notifications on their branches) declares its own gauges in one object
 * and adds it to `METRICS_SOURCES` (sources.ts). A source that fails during a scrape (e.g. the chain is down) leaves
 * its labelled series out (a label-less gauge reads NaN) and counts the failure in
 * `encore_metrics_source_errors_total{source}`; the other series are still served, so one broken reading never
 * hides the rest.
 */
import { Counter, Gauge, Registry } from "prom-client";

import type { ServiceContext } from "../api/context.ts";

/** One value of a gauge, with its label values. */
export interface MetricSample {
  labels?: Record<string, string>;
  value: number;
}

/** Readings shared by the gauges of one scrape (e.g. the chain head, read once). */
export interface ScrapeCache {
  /** `read()` once per scrape for `key`; later calls in the same scrape get the same promise. */
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

/** A gauge whose samples are read at scrape time. */
export interface GaugeSpec {
  /** Prometheus name, `encore_` prefixed, snake_case, unit suffix (`_seconds`, `_blocks`). */
  name: string;
  help: string;
  /** Label names the samples use (every sample sets all of them). */
  labelNames?: readonly string[];
  /** The current samples; an empty list means no series this scrape (NaN for a gauge without labels). */
  read(context: ServiceContext, cache: ScrapeCache): Promise<MetricSample[]>;
}

/** A group of metrics owned by one area of the service. */
export interface MetricsSource {
  /** Short name used in `encore_metrics_source_errors_total{source}` and logs, e.g. "outbox". */
  name: string;
  gauges: readonly GaugeSpec[];
}

/** A registry ready to scrape. */
export interface MetricsRegistry {
  registry: Registry;
  /**
   * Takes every reading, then returns the Prometheus text exposition of every metric (`Content-Type`:
   * {@link MetricsRegistry.contentType}). Use this, not `registry.metrics()`, which would serve the previous readings.
   */
  scrape(): Promise<string>;
  contentType: string;
}

/**
 * Builds a registry with the gauges of `sources`, each read at scrape time ({@link MetricsRegistry.scrape}).
 *
 * @throws When two gauges share a name.
 */
export function createMetricsRegistry(
  context: ServiceContext,
  sources: readonly MetricsSource[],
  onError?: (source: string, metric: string, error: unknown) => void,
): MetricsRegistry {
  const registry = new Registry();
  const errors = new Counter({
    name: "encore_metrics_source_errors_total",
    help: "Readings a metrics source failed to take during scrapes (its series were left out)",
    labelNames: ["source"],
    registers: [registry],
  });
  const refreshers: ((cache: ScrapeCache) => Promise<void>)[] = [];
  for (const source of sources) {
    errors.inc({ source: source.name }, 0);
    for (const spec of source.gauges) {
      const unlabelled = (spec.labelNames ?? []).length === 0;
      const gauge = new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: [...(spec.labelNames ?? [])],
        registers: [registry],
      });
      refreshers.push(async (cache) => {
        let samples: MetricSample[];
        try {
          samples = await spec.read(context, cache);
        } catch (error) {
          gauge.reset();
          // A label-less gauge always has a series: NaN says "unknown" where 0 would be a (wrong) reading.
          if (unlabelled) gauge.set(Number.NaN);
          errors.inc({ source: source.name });
          onError?.(source.name, spec.name, error);
          return;
        }
        gauge.reset();
        if (unlabelled && samples.length === 0) gauge.set(Number.NaN);
        for (const sample of samples) {
          if (sample.labels === undefined) gauge.set(sample.value);
          else gauge.set(sample.labels, sample.value);
        }
      });
    }
  }
  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      // Every reading first (concurrently, sharing one cache), then the text: the error counter includes this scrape.
      const cache = newScrapeCache();
      await Promise.all(refreshers.map((refresh) => refresh(cache)));
      return registry.metrics();
    },
  };
}

function newScrapeCache(): ScrapeCache {
  const readings = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, read: () => Promise<T>): Promise<T> {
      let reading = readings.get(key) as Promise<T> | undefined;
      if (reading === undefined) {
        reading = read();
        readings.set(key, reading);
      }
      return reading;
    },
  };
}

/** One sample per row: `label` column → label value, `count` column → value (bigint/string/number). */
export function samplesByLabel(
  rows: readonly { label: string; count: bigint | number | string }[],
  labelName: string,
  known: readonly string[] = [],
): MetricSample[] {
  const values = new Map<string, number>(known.map((label) => [label, 0]));
  for (const row of rows) values.set(row.label, Number(row.count));
  return [...values].map(([label, value]) => ({ labels: { [labelName]: label }, value }));
}
