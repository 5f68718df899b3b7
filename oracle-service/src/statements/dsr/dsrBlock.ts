/**
 * One DSR block: the release, resource and work records describing what was used, and the sales/usage or line-item
 * records reporting its revenue. Records of a block are consecutive and share a BlockId; in the UGC profile the
 * revenue record comes before the resources it names, so revenue records wait in the block until it ends and are
 * then attributed to a recording (ISRC). A block is small (one release and its tracks), so memory stays bounded.
 */
import { rescale, type Decimal } from "../decimal.ts";
import { MAX_AMOUNT_FRACTION_DIGITS } from "../fieldValues.ts";
import type { RevenueLine, RevenueLineSink } from "../revenueLine.ts";
import { errorAt, quote, StatementError } from "../statementError.ts";

/** A summary record (SYnn): the sales context its detail records point to, and the totals to check. */
export interface DsrSummary {
  readonly id: string;
  readonly file: string;
  readonly line: number;
  /** Column name of the NetRevenue cell, for the error message of a total mismatch. */
  readonly netRevenueField: string;
  readonly currency: string;
  readonly useType: string | null;
  readonly territory: string | null;
  /** The summary's own NetRevenue, or `null` when the cell is empty (then nothing is checked). */
  readonly netRevenue: Decimal | null;
  /** Sum of its detail lines' amounts, at {@link MAX_AMOUNT_FRACTION_DIGITS} fraction digits. */
  linesTotal: bigint;
}

/** A resource record (AS01/AS02). */
interface DsrResource {
  readonly reference: string;
  readonly line: number;
  readonly isrc: string | null;
}

/** A revenue record (SU01/SU02/SU03/LI01), validated, waiting for its block to end. */
export interface PendingRevenue {
  readonly file: string;
  readonly line: number;
  readonly summary: DsrSummary;
  readonly sourceKey: string;
  /** How the recording is named: a block resource reference, a DSP resource id (UGC), or a release reference. */
  readonly target: { by: "resource" | "dspResourceId" | "release"; value: string; field: string };
  readonly usageType: string | null;
  readonly territory: string | null;
  readonly quantity: bigint;
  readonly amount: Decimal;
}

/** The records of one block. */
export class DsrBlock {
  readonly id: string;
  readonly file: string;
  private readonly releases = new Set<string>();
  private readonly resources = new Map<string, DsrResource>();
  private readonly resourcesByDspId = new Map<string, DsrResource>();
  private readonly pending: PendingRevenue[] = [];

  /**
   * @param id - The BlockId.
   * @param file - File the block is in.
   */
  constructor(id: string, file: string) {
    this.id = id;
    this.file = file;
  }

  /** Records a release (RE01); its reference must be new in the block. */
  addRelease(reference: string, line: number, field: string): void {
    if (this.releases.has(reference)) {
      throw new StatementError(this.file, line, field, `${quote(reference)} appears twice in block ${this.id}`);
    }
    this.releases.add(reference);
  }

  /** Records a resource (AS01/AS02); its reference must be new in the block. */
  addResource(resource: DsrResource & { dspResourceId: string }, field: string): void {
    if (this.resources.has(resource.reference)) {
      throw new StatementError(
        this.file,
        resource.line,
        field,
        `${quote(resource.reference)} appears twice in block ${this.id}`,
      );
    }
    this.resources.set(resource.reference, resource);
    if (resource.dspResourceId !== "") this.resourcesByDspId.set(resource.dspResourceId, resource);
  }

  /** Queues a revenue record until the block ends. */
  addRevenue(revenue: PendingRevenue): void {
    this.pending.push(revenue);
  }

  /**
   * Ends the block: attributes each revenue record to its recording, adds it to its summary's total and hands it to
   * `sink`.
   *
   * @throws StatementError - at the revenue record when the recording it names is not in the block or has no ISRC.
   */
  close(sink: RevenueLineSink): void {
    for (const revenue of this.pending) {
      const isrc = this.isrcOf(revenue);
      revenue.summary.linesTotal += rescale(revenue.amount, MAX_AMOUNT_FRACTION_DIGITS);
      const line: RevenueLine = {
        fileName: revenue.file,
        fileLine: revenue.line,
        isrc,
        usageType: revenue.usageType,
        territory: revenue.territory,
        quantity: revenue.quantity,
        amount: revenue.amount,
        sourceKey: revenue.sourceKey,
      };
      sink.add(line);
    }
  }

  private isrcOf(revenue: PendingRevenue): string {
    const { target } = revenue;
    const at = { file: revenue.file, line: revenue.line, field: target.field };
    let resource: DsrResource | undefined;
    if (target.by === "resource") {
      resource = this.resources.get(target.value);
      if (resource === undefined) {
        throw errorAt(at, `${quote(target.value)} names no resource record (AS01/AS02) in block ${this.id}`);
      }
    } else if (target.by === "dspResourceId") {
      resource = this.resourcesByDspId.get(target.value);
      if (resource === undefined) {
        throw errorAt(at, `${quote(target.value)} names no resource record (AS01/AS02) in block ${this.id}`);
      }
    } else {
      if (!this.releases.has(target.value)) {
        throw errorAt(at, `${quote(target.value)} names no release record (RE01) in block ${this.id}`);
      }
      if (this.resources.size !== 1) {
        throw errorAt(
          at,
          `release-level revenue cannot be attributed to one recording: block ${this.id} has ${this.resources.size} resources; expected a TransactedResourceReference (or a block with exactly one resource)`,
        );
      }
      resource = [...this.resources.values()][0];
    }
    if (resource.isrc === null) {
      throw errorAt(
        at,
        `resource ${quote(resource.reference)} (line ${resource.line}) has no ISRC; expected an ISRC to attribute the revenue to`,
      );
    }
    return resource.isrc;
  }
}
