// EncoreShares: approvals and metadata URIs.
import { ApprovalForAll, URI } from "../../../generated/EncoreShares/EncoreShares";
import { Campaign, ShareApproval } from "../../../generated/schema";
import { getOrCreateAccount } from "../../utils/accounts";
import { pairId } from "../../utils/ids";

/** `ApprovalForAll`: an operator approved or revoked for all of an account's shares. */
export function handleApprovalForAll(event: ApprovalForAll): void {
  const account = getOrCreateAccount(event.params.account, event.block.timestamp);
  const approval = new ShareApproval(pairId(event.params.account, event.params.operator));
  approval.account = account.id;
  approval.operator = event.params.operator;
  approval.approved = event.params.approved;
  approval.updatedAt = event.block.timestamp;
  approval.save();
}

/** `URI`: a per-id metadata URI (EncoreShares uses one shared URI and does not emit it; kept for completeness). */
export function handleURI(event: URI): void {
  const campaign = Campaign.load(event.params.id.toString());
  if (campaign == null) return;
  campaign.shareURI = event.params.value;
  campaign.save();
}
