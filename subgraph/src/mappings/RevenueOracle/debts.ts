// RevenueOracle: debts, repayments and enforcement from the bond.
import { Artist, Debt, DebtPayment, Enforcement } from "../../../generated/schema";
import { DebtPaid, DebtRecorded, Enforced } from "../../../generated/RevenueOracle/RevenueOracle";
import { getOrCreateArtist } from "../../utils/accounts";
import { requireCampaign, requireDebt, requireReport } from "../../utils/campaigns";
import { eventId } from "../../utils/ids";
import { enforcedObligation } from "../../utils/math";
import { BigInt } from "@graphprotocol/graph-ts";

/** `DebtRecorded` (emitted just before `ReportSettled`): the artist owes `amount` by `dueDate`. */
export function handleDebtRecorded(event: DebtRecorded): void {
  const p = event.params;
  const campaign = requireCampaign(p.campaignId);
  const report = requireReport(p.reportId);
  const artist = getOrCreateArtist(p.artist, event.block.timestamp);

  const debt = new Debt(report.id);
  debt.report = report.id;
  debt.campaign = campaign.id;
  debt.artist = artist.id;
  debt.amount = p.amount;
  debt.dueDate = p.dueDate;
  debt.outstanding = p.amount;
  debt.repaid = BigInt.zero();
  debt.status = "Open";
  debt.recordedAt = event.block.timestamp;
  debt.save();

  report.status = "Debt";
  report.debt = debt.id;
  report.save();

  artist.outstandingDebt = artist.outstandingDebt.plus(p.amount);
  artist.save();

  campaign.openDebtCount = campaign.openDebtCount + 1;
  campaign.save();
}

/** `Enforced`: the bond advanced `paidFromBond` to holders; the artist now owes the enforced obligation. */
export function handleEnforced(event: Enforced): void {
  const p = event.params;
  const campaign = requireCampaign(p.campaignId);
  const report = requireReport(p.reportId);
  const debt = requireDebt(p.reportId);
  const artist = Artist.load(debt.artist)!;

  const owed = enforcedObligation(p.debt, p.fine, p.paidFromBond, campaign.payoutCap, campaign.paidToHolders);
  artist.outstandingDebt = artist.outstandingDebt.minus(debt.outstanding).plus(owed);
  artist.save();
  debt.outstanding = owed;
  debt.status = "Enforced";
  debt.save();

  const enforcement = new Enforcement(report.id);
  enforcement.report = report.id;
  enforcement.campaign = campaign.id;
  enforcement.artist = debt.artist;
  enforcement.debt = p.debt;
  enforcement.fine = p.fine;
  enforcement.paidFromBond = p.paidFromBond;
  enforcement.repaid = false;
  enforcement.enforcedAt = event.block.timestamp;
  enforcement.transactionHash = event.transaction.hash;
  enforcement.save();

  report.status = "Enforced";
  report.enforcement = enforcement.id;
  report.save();

  campaign.delinquent = true;
  campaign.save();
}

/**
 * `DebtPaid`: a debt or enforced obligation repaid in full (by `payDue`, or at enforcement time from the artist's
 * reserve, before any sanction).
 */
export function handleDebtPaid(event: DebtPaid): void {
  const p = event.params;
  const campaign = requireCampaign(p.campaignId);
  const report = requireReport(p.reportId);
  const debt = requireDebt(p.reportId);
  const total = p.toHolders.plus(p.toBond);

  const artist = Artist.load(debt.artist)!;
  artist.outstandingDebt = artist.outstandingDebt.minus(debt.outstanding);
  artist.save();

  debt.repaid = debt.repaid.plus(total);
  debt.outstanding = BigInt.zero();
  debt.status = "Paid";
  debt.paidAt = event.block.timestamp;
  debt.save();

  const enforcement = Enforcement.load(report.id);
  if (enforcement != null) {
    enforcement.repaid = true;
    enforcement.repaidAt = event.block.timestamp;
    enforcement.save();
  }

  report.status = "Paid";
  report.save();

  campaign.openDebtCount = campaign.openDebtCount - 1;
  campaign.save();

  const payment = new DebtPayment(eventId(event));
  payment.debt = debt.id;
  payment.report = report.id;
  payment.campaign = campaign.id;
  payment.payer = p.payer;
  payment.toHolders = p.toHolders;
  payment.toBond = p.toBond;
  payment.timestamp = event.block.timestamp;
  payment.transactionHash = event.transaction.hash;
  payment.save();
}
