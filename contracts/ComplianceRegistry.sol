// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

import {IComplianceRegistry} from "./interfaces/IComplianceRegistry.sol";
import {IEncoreHub} from "./interfaces/IEncoreHub.sol";
import {IEncoreShares} from "./interfaces/IEncoreShares.sol";

/// @title ComplianceRegistry
/// @notice Per-country investor rules for Encore campaigns that name this registry: attestations per account
/// (country, accredited flag, expiry) and, per country, whether investing is allowed, the most one account may put
/// into one campaign and into all campaigns over a rolling 12 months, whether accreditation is required, and how long
/// shares stay locked after a campaign succeeds. Figures come from `config/jurisdictions/*.json` — configuration, not
/// legal advice.
/// @dev Rolling 12 months: time is cut into 30-day periods (`period = timestamp / 30 days`); each account keeps what
/// it invested in its last 14 periods (whole token units, rounded up) in two storage slots. An investment counts the
/// current period and the 13 before it, i.e. everything invested in the last 390 to 420 days, which always covers
/// the last 365 days: the limit is never exceeded over any 365-day window (conservative by up to 55 days). Gas bound:
/// two storage reads and at most two writes, whatever the history. Rule changes apply to the next action only: past
/// investments are never undone. Refunds are never checked.
contract ComplianceRegistry is IComplianceRegistry, Ownable2Step, EIP712, Nonces {
    /// @notice Rules of one country. Amounts are whole units of the settlement token (0 = no limit).
    /// @param allowed Residents may invest and receive shares.
    /// @param accreditationRequired Only accredited residents may invest and receive shares.
    /// @param accreditedUnlimited Accredited residents are exempt from both amount limits.
    /// @param lockup Seconds after a campaign's success before a resident may transfer its shares.
    /// @param maxPerCampaign Most one resident may invest in one campaign.
    /// @param maxPer12Months Most one resident may invest across campaigns over a rolling 12 months.
    struct CountryRule {
        bool allowed;
        bool accreditationRequired;
        bool accreditedUnlimited;
        uint32 lockup;
        uint64 maxPerCampaign;
        uint64 maxPer12Months;
    }

    /// @notice What an attester vouched for about an account. `country` is ISO 3166-1 alpha-2 ("US", "KR", …).
    struct Attestation {
        bytes2 country;
        bool accredited;
        uint64 expiry;
    }

    /// @notice Length of one period of the rolling window.
    uint256 public constant PERIOD = 30 days;
    /// @notice Periods kept per account (the current one and the 13 before it).
    uint256 public constant PERIODS = 14;
    // Packed `CountryRule`: allowed (bit 0), accreditationRequired (bit 8), accreditedUnlimited (bit 16), lockup
    // (bits 24–55), maxPerCampaign (bits 56–119), maxPer12Months (bits 120–183). Flags are masks, fields offsets.
    uint256 private constant RULE_ALLOWED = 1;
    uint256 private constant RULE_ACCREDITATION_REQUIRED = 1 << 8;
    uint256 private constant RULE_ACCREDITED_UNLIMITED = 1 << 16;
    uint256 private constant RULE_LOCKUP = 24;
    uint256 private constant RULE_MAX_PER_CAMPAIGN = 56;
    uint256 private constant RULE_MAX_PER_12_MONTHS = 120;
    // Packed `Attestation`: country (bits 0–15, zero = none), accredited (bit 16), expiry (bits 24–87).
    uint256 private constant ATT_ACCREDITED = 1 << 16;
    uint256 private constant ATT_EXPIRY = 24;

    /// @notice EIP-712 type hash of a relayed attestation.
    bytes32 public constant ATTESTATION_TYPEHASH =
        keccak256(
            "Attestation(address account,bytes2 country,bool accredited,uint64 expiry,uint256 nonce,uint256 deadline)"
        );

    /// @notice The shares contract whose hooks this registry answers (the only allowed caller of the hooks).
    IEncoreShares public immutable SHARES;
    /// @notice The hub (campaign success time, for lock-ups).
    IEncoreHub public immutable HUB;
    /// @notice One whole unit of the settlement token (10**decimals): limits are counted in whole units.
    uint256 public immutable UNIT;

    /// @notice Accounts allowed to write attestations (directly or by signature).
    mapping(address account => bool) public isAttester;
    /// @dev Rules and attestations are kept as explicitly packed words (the layout the compiler would give the
    /// structs, see the `RULE_*` and `ATT_*` constants), so the hooks read each with one `SLOAD` and decode it
    /// with shifts instead of copying structs to memory. Rules are indexed by the country code as a number
    /// (`uint16(bytes2("US"))`): a fixed array in storage costs nothing for unused entries and its slot is an
    /// addition, not a hash.
    uint256[65536] private _rules;
    mapping(address account => uint256 packedAttestation) private _attestations;
    /// @dev Rolling window per account: word 0 = last period written (32 bits) + periods 0–6 (32 bits each); word 1 =
    /// a non-zero marker (32 bits) + periods 7–13. Period `p` lives at position `p % PERIODS`.
    mapping(address account => uint256[2]) private _windows;

    // ------------------------------------------------------------------------------------------------ errors

    /// @notice The account has no attestation (or it was revoked).
    error Compliance_NotAttested(address account);
    /// @notice The account's attestation expired at `expiry`.
    error Compliance_AttestationExpired(address account, uint256 expiry);
    /// @notice Residents of `country` may not invest or hold shares through this registry.
    error Compliance_CountryNotAllowed(address account, bytes2 country);
    /// @notice `country` requires accredited investors and the account is not accredited.
    error Compliance_AccreditationRequired(address account, bytes2 country);
    /// @notice The account's total in campaign `campaignId` would be `total`, above `country`'s `limit`.
    error Compliance_MaxPerCampaignExceeded(
        address account,
        bytes2 country,
        uint256 campaignId,
        uint256 total,
        uint256 limit
    );
    /// @notice The account's rolling 12-month total (whole units) would be `total`, above `country`'s `limit`.
    error Compliance_MaxPer12MonthsExceeded(address account, bytes2 country, uint256 total, uint256 limit);
    /// @notice The account's shares of campaign `campaignId` are locked up until `unlockTime` (`country`'s rule).
    error Compliance_TransferLockedUp(address account, bytes2 country, uint256 campaignId, uint256 unlockTime);
    /// @notice Only the shares contract may call the hooks.
    error Compliance_NotShares(address caller);
    /// @notice Only an attester may write attestations.
    error Compliance_NotAttester(address caller);
    /// @notice The relayed signature is not the attester's signature of this attestation and nonce.
    error Compliance_InvalidSignature(address attester);
    /// @notice The relayed attestation's deadline passed.
    error Compliance_SignatureExpired(uint256 deadline);
    /// @notice `country` is not two upper-case letters.
    error Compliance_InvalidCountry(bytes2 country);
    /// @notice The attestation's expiry is not in the future.
    error Compliance_InvalidExpiry(uint256 expiry);
    /// @notice The zero address where an account is required.
    error Compliance_ZeroAddress();
    /// @notice The token unit must be at least 1.
    error Compliance_ZeroUnit();
    /// @notice The token unit must be at most 2**128 - 1 (10**38), so a limit in units times `UNIT` cannot overflow.
    error Compliance_UnitTooLarge(uint256 unit);
    /// @notice A 12-month limit must stay below 2**32 whole units (the window stores 32 bits per period).
    error Compliance_LimitTooLarge(uint256 limit);
    /// @notice The arrays of a batch call differ in length.
    error Compliance_LengthMismatch(uint256 countries, uint256 rules);

    // ------------------------------------------------------------------------------------------------ events

    /// @notice `attester` attested `account`: resident of `country`, accredited or not, until `expiry`.
    event Attested(address indexed account, address indexed attester, bytes2 country, bool accredited, uint64 expiry);
    /// @notice `attester` revoked `account`'s attestation (e.g. an erasure request).
    event AttestationRevoked(address indexed account, address indexed attester);
    /// @notice The owner set the rule of `country` (applies from the next action on).
    event CountryRuleSet(bytes2 indexed country, CountryRule rule);
    /// @notice The owner granted or revoked the attester role.
    event AttesterSet(address indexed attester, bool enabled);

    /// @param initialOwner Owner (a `TimelockController` in production).
    /// @param hub The Encore hub; the registry answers the hooks of its shares contract.
    /// @param unit One whole unit of the settlement token campaigns using this registry settle in (10**decimals).
    constructor(
        address initialOwner,
        IEncoreHub hub,
        uint256 unit
    ) Ownable(initialOwner) EIP712("Encore Compliance", "1") {
        if (address(hub) == address(0)) revert Compliance_ZeroAddress();
        if (unit == 0) revert Compliance_ZeroUnit();
        if (unit > type(uint128).max) revert Compliance_UnitTooLarge(unit);
        HUB = hub;
        SHARES = hub.SHARES();
        UNIT = unit;
    }

    // ------------------------------------------------------------------------------------------------ hooks

    /// @inheritdoc IComplianceRegistry
    /// @dev Requirements: caller is `SHARES`; the investor is attested (not expired), resident of an allowed
    /// country, accredited where required, and within the country's per-campaign and rolling 12-month limits
    /// (accredited residents exempt where `accreditedUnlimited`). Records the amount in the rolling window.
    function checkInvestment(uint256 campaignId, address investor, uint256 amount, uint256 newBalance) external {
        if (msg.sender != address(SHARES)) revert Compliance_NotShares(msg.sender);
        // The checks of `_admitted(investor)`, written out (keep them the same): this hook runs on every investment.
        uint256 attestation = _attestations[investor];
        uint16 country = uint16(attestation);
        if (country == 0) revert Compliance_NotAttested(investor);
        uint256 expiry = uint64(attestation >> ATT_EXPIRY);
        if (block.timestamp >= expiry) revert Compliance_AttestationExpired(investor, expiry);
        uint256 rule = _rules[country];
        if (rule & RULE_ALLOWED == 0) revert Compliance_CountryNotAllowed(investor, bytes2(country));
        if (rule & RULE_ACCREDITATION_REQUIRED != 0 && attestation & ATT_ACCREDITED == 0) {
            revert Compliance_AccreditationRequired(investor, bytes2(country));
        }
        if (attestation & ATT_ACCREDITED != 0 && rule & RULE_ACCREDITED_UNLIMITED != 0) return;
        uint256 maxPerCampaign = uint64(rule >> RULE_MAX_PER_CAMPAIGN);
        if (maxPerCampaign != 0) {
            // While funding shares do not move: the new balance is what the investor put in, this investment included.
            uint256 limit;
            // Cannot overflow: below 2**64 whole units times a unit below 2**128 (checked in the constructor).
            unchecked {
                limit = maxPerCampaign * UNIT;
            }
            if (newBalance > limit) {
                revert Compliance_MaxPerCampaignExceeded(investor, bytes2(country), campaignId, newBalance, limit);
            }
        }
        uint256 maxPer12Months = uint64(rule >> RULE_MAX_PER_12_MONTHS);
        if (maxPer12Months != 0) _recordInWindow(investor, bytes2(country), amount, maxPer12Months);
    }

    /// @inheritdoc IComplianceRegistry
    /// @dev Requirements: caller is `SHARES`; the receiver is admitted as for an investment (attested, allowed
    /// country, accreditation) — transfers do not count toward the receiver's amount limits; the sender is admitted
    /// too and its country's lock-up after the campaign's success is over.
    function checkTransfer(uint256 campaignId, address from, address to, uint256) external view {
        if (msg.sender != address(SHARES)) revert Compliance_NotShares(msg.sender);
        _admitted(to);
        (uint256 attestation, uint256 rule) = _admitted(from);
        uint256 lockup = uint32(rule >> RULE_LOCKUP);
        if (lockup != 0) {
            uint256 unlockTime = uint256(HUB.settlementTerms(campaignId).activatedAt) + lockup;
            if (block.timestamp < unlockTime) {
                revert Compliance_TransferLockedUp(from, _country(attestation), campaignId, unlockTime);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ attestations

    /// @notice Attests `account`: resident of `country`, `accredited` or not, until `expiry`. Emits {Attested}.
    /// @dev Requirements: caller is an attester; valid country code; expiry in the future. Uses `account`'s nonce,
    /// so a signed attestation made before and not yet relayed can no longer overwrite this one.
    function attest(address account, bytes2 country, bool accredited, uint64 expiry) external {
        if (!isAttester[msg.sender]) revert Compliance_NotAttester(msg.sender);
        // A newer direct attestation voids older signed ones not yet relayed (they could otherwise overwrite it).
        _useNonce(account);
        _attest(account, country, accredited, expiry, msg.sender);
    }

    /// @notice Writes an attestation signed (EIP-712) by `attester`; anyone may relay it. Emits {Attested}.
    /// @dev Requirements: `attester` holds the role; `deadline` not passed; `signature` (EOA or ERC-1271) covers the
    /// attestation, `account`'s current nonce and `deadline` under this registry's domain (chain id and address), so
    /// it works once, on this chain and this registry only.
    function attestWithSig(
        address account,
        bytes2 country,
        bool accredited,
        uint64 expiry,
        uint256 deadline,
        address attester,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert Compliance_SignatureExpired(deadline);
        if (!isAttester[attester]) revert Compliance_NotAttester(attester);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(ATTESTATION_TYPEHASH, account, country, accredited, expiry, _useNonce(account), deadline)
            )
        );
        if (!SignatureChecker.isValidSignatureNow(attester, digest, signature)) {
            revert Compliance_InvalidSignature(attester);
        }
        _attest(account, country, accredited, expiry, attester);
    }

    /// @notice Deletes `account`'s attestation (for example on an erasure request): it can no longer invest or
    /// receive shares until attested again. Emits {AttestationRevoked}.
    /// @dev Requirements: caller is an attester. Uses `account`'s nonce, so an attestation signed before the
    /// revocation and not yet relayed can no longer re-admit the account.
    function revoke(address account) external {
        if (!isAttester[msg.sender]) revert Compliance_NotAttester(msg.sender);
        delete _attestations[account];
        _useNonce(account);
        emit AttestationRevoked(account, msg.sender);
    }

    // ------------------------------------------------------------------------------------------------ owner

    /// @notice Sets the rule of `country`, from the next action on. Emits {CountryRuleSet}.
    function setCountryRule(bytes2 country, CountryRule calldata rule) external onlyOwner {
        _setCountryRule(country, rule);
    }

    /// @notice Sets the rules of several countries at once (deployment of the jurisdiction presets).
    function setCountryRules(bytes2[] calldata countries, CountryRule[] calldata rules) external onlyOwner {
        if (countries.length != rules.length) revert Compliance_LengthMismatch(countries.length, rules.length);
        for (uint256 i = 0; i < countries.length; ++i) {
            _setCountryRule(countries[i], rules[i]);
        }
    }

    /// @notice Grants or revokes the attester role. Emits {AttesterSet}.
    function setAttester(address account, bool enabled) external onlyOwner {
        if (account == address(0)) revert Compliance_ZeroAddress();
        isAttester[account] = enabled;
        emit AttesterSet(account, enabled);
    }

    // ------------------------------------------------------------------------------------------------ views

    /// @notice The rule of `country` (all false/zero: not allowed).
    function countryRule(bytes2 country) external view returns (CountryRule memory) {
        uint256 rule = _rules[uint16(country)];
        return
            CountryRule({
                allowed: rule & RULE_ALLOWED != 0,
                accreditationRequired: rule & RULE_ACCREDITATION_REQUIRED != 0,
                accreditedUnlimited: rule & RULE_ACCREDITED_UNLIMITED != 0,
                lockup: uint32(rule >> RULE_LOCKUP),
                maxPerCampaign: uint64(rule >> RULE_MAX_PER_CAMPAIGN),
                maxPer12Months: uint64(rule >> RULE_MAX_PER_12_MONTHS)
            });
    }

    /// @notice `account`'s attestation (zero when none; check `expiry` against the time).
    function attestationOf(address account) external view returns (Attestation memory) {
        uint256 attestation = _attestations[account];
        return
            Attestation({
                country: _country(attestation),
                accredited: attestation & ATT_ACCREDITED != 0,
                expiry: uint64(attestation >> ATT_EXPIRY)
            });
    }

    /// @notice What `account` invested over the rolling window ending now, in whole units (see the contract notes).
    function investedLast12Months(address account) external view returns (uint256) {
        uint256[2] storage window = _windows[account];
        (uint256 w0, uint256 w1) = _currentWindow(window[0], window[1], block.timestamp / PERIOD);
        return _sumFields(w0) + _sumFields(w1);
    }

    /// @notice The EIP-712 domain separator (name "Encore Compliance", version "1").
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------------------------------------ internal

    /// @dev The account's packed attestation and its country's packed rule (both read now: a rule change applies to
    /// the next action of every account), after checking attestation, expiry, country and accreditation.
    function _admitted(address account) private view returns (uint256 attestation, uint256 rule) {
        attestation = _attestations[account];
        uint16 country = uint16(attestation);
        if (country == 0) revert Compliance_NotAttested(account);
        uint256 expiry = uint64(attestation >> ATT_EXPIRY);
        if (block.timestamp >= expiry) revert Compliance_AttestationExpired(account, expiry);
        rule = _rules[country];
        if (rule & RULE_ALLOWED == 0) revert Compliance_CountryNotAllowed(account, bytes2(country));
        if (rule & RULE_ACCREDITATION_REQUIRED != 0 && attestation & ATT_ACCREDITED == 0) {
            revert Compliance_AccreditationRequired(account, bytes2(country));
        }
    }

    /// @dev The country of a packed attestation (zero: none).
    function _country(uint256 attestation) private pure returns (bytes2) {
        return bytes2(uint16(attestation));
    }

    function _attest(address account, bytes2 country, bool accredited, uint64 expiry, address attester) private {
        if (account == address(0)) revert Compliance_ZeroAddress();
        _checkCountry(country);
        if (expiry <= block.timestamp) revert Compliance_InvalidExpiry(expiry);
        _attestations[account] =
            uint256(uint16(country)) |
            (accredited ? ATT_ACCREDITED : 0) |
            (uint256(expiry) << ATT_EXPIRY);
        // Mark both window words non-zero now, so an investment updates them at the non-zero rate.
        uint256[2] storage window = _windows[account];
        if (window[1] == 0) {
            window[0] = (window[0] & ~uint256(type(uint32).max)) | (block.timestamp / PERIOD);
            window[1] = 1;
        }
        emit Attested(account, attester, country, accredited, expiry);
    }

    function _setCountryRule(bytes2 country, CountryRule calldata rule) private {
        _checkCountry(country);
        if (rule.maxPer12Months > type(uint32).max) revert Compliance_LimitTooLarge(rule.maxPer12Months);
        _rules[uint16(country)] =
            (rule.allowed ? RULE_ALLOWED : 0) |
            (rule.accreditationRequired ? RULE_ACCREDITATION_REQUIRED : 0) |
            (rule.accreditedUnlimited ? RULE_ACCREDITED_UNLIMITED : 0) |
            (uint256(rule.lockup) << RULE_LOCKUP) |
            (uint256(rule.maxPerCampaign) << RULE_MAX_PER_CAMPAIGN) |
            (uint256(rule.maxPer12Months) << RULE_MAX_PER_12_MONTHS);
        emit CountryRuleSet(country, rule);
    }

    /// @dev Adds `amount` (rounded up to whole units) to the current period and refuses it when the window total
    /// would exceed `limit` whole units. Works on the two packed words directly (no memory arrays).
    function _recordInWindow(address account, bytes2 country, uint256 amount, uint256 limit) private {
        uint256 current = block.timestamp / PERIOD;
        uint256[2] storage window = _windows[account];
        (uint256 w0, uint256 w1) = _currentWindow(window[0], window[1], current);
        uint256 units = (amount + UNIT - 1) / UNIT;
        uint256 total = units + _sumFields(w0) + _sumFields(w1);
        if (total > limit) revert Compliance_MaxPer12MonthsExceeded(account, country, total, limit);
        // A period never holds more than the 12-month limit, itself below 2**32 units: the add cannot carry over.
        uint256 position = current % PERIODS;
        if (position < 7) w0 += units << (32 * (position + 1));
        else w1 += units << (32 * (position - 6));
        window[0] = (w0 & ~uint256(type(uint32).max)) | current;
        window[1] = w1;
    }

    /// @dev The window words as of period `current`: the period field set aside, periods that left the window
    /// (older than `current - 13`) cleared. `w1`'s marker (low 32 bits) is kept non-zero.
    function _currentWindow(uint256 w0, uint256 w1, uint256 current) private pure returns (uint256, uint256) {
        uint256 last = w0 & type(uint32).max;
        if (current >= last + PERIODS) return (0, 1);
        for (uint256 p = last + 1; p <= current; ++p) {
            uint256 position = p % PERIODS;
            if (position < 7) w0 &= ~(uint256(type(uint32).max) << (32 * (position + 1)));
            else w1 &= ~(uint256(type(uint32).max) << (32 * (position - 6)));
        }
        return (w0, w1 | 1);
    }

    /// @dev Sum of the seven 32-bit period fields above the low 32 bits of `word`.
    function _sumFields(uint256 word) private pure returns (uint256 sum) {
        unchecked {
            for (uint256 shift = 32; shift < 256; shift += 32) sum += (word >> shift) & type(uint32).max;
        }
    }

    function _checkCountry(bytes2 country) private pure {
        uint8 a = uint8(country[0]);
        uint8 b = uint8(country[1]);
        if (a < 0x41 || a > 0x5a || b < 0x41 || b > 0x5a) revert Compliance_InvalidCountry(country);
    }
}
