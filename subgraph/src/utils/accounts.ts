// Accounts and artists.
import { Address, BigInt } from "@graphprotocol/graph-ts";

import { Account, Artist } from "../../generated/schema";
import { one } from "./constants";
import { getProtocol } from "./protocol";

/** Loads the Account of `address`, creating it (and counting it in Protocol) on first sight at `timestamp`. */
export function getOrCreateAccount(address: Address, timestamp: BigInt): Account {
  const id = address.toHexString();
  let account = Account.load(id);
  if (account != null) return account;
  account = new Account(id);
  account.firstSeenAt = timestamp;
  account.totalInvested = BigInt.zero();
  account.totalRefunded = BigInt.zero();
  account.totalClaimed = BigInt.zero();
  account.isOracleOperator = false;
  account.isGuardian = false;
  account.isAttester = false;
  account.save();
  const protocol = getProtocol();
  protocol.accountCount = protocol.accountCount.plus(one());
  protocol.save();
  return account;
}

/** Loads the Artist of `address`, creating it (and its Account, and counting it in Protocol) on first use. */
export function getOrCreateArtist(address: Address, timestamp: BigInt): Artist {
  const id = address.toHexString();
  let artist = Artist.load(id);
  if (artist != null) return artist;
  getOrCreateAccount(address, timestamp);
  artist = new Artist(id);
  artist.account = id;
  artist.campaignCount = 0;
  artist.totalRaised = BigInt.zero();
  artist.totalReleased = BigInt.zero();
  artist.suspended = false;
  artist.suspensionCount = 0;
  artist.outstandingDebt = BigInt.zero();
  artist.save();
  const protocol = getProtocol();
  protocol.artistCount = protocol.artistCount.plus(one());
  protocol.save();
  return artist;
}
