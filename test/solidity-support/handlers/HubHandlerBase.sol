// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {EncoreHub} from "../../../contracts/EncoreHub.sol";
import {EncoreShares} from "../../../contracts/EncoreShares.sol";
import {IEncoreHub} from "../../../contracts/interfaces/IEncoreHub.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {MockComplianceRegistry} from "../../../contracts/mocks/MockComplianceRegistry.sol";
import {MockRevenueOracle} from "../../../contracts/mocks/MockRevenueOracle.sol";
import {MockStablecoin} from "../../../contracts/mocks/MockStablecoin.sol";

/// @notice The world of `HubHandler`: the hub and its tokens, six fans (five who invest, one who only buys), two
/// artists, a label, an oracle and a compliance registry; the five initial campaigns; the ghost variables the
/// invariants read; and the helpers that pick a campaign in a given state and bound amounts.
abstract contract HubHandlerBase is CommonBase, StdCheats, StdUtils {
    uint256 internal constant ONE = 1e6;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_CAMPAIGNS = 8;
    uint256 internal constant SUCCEEDED = (1 << uint8(IEncoreHub.State.Active)) | (1 << uint8(IEncoreHub.State.Ended));
    uint256 internal constant FAILED = 1 << uint8(IEncoreHub.State.Failed);
    uint256 internal constant ACTIVE = 1 << uint8(IEncoreHub.State.Active);
    uint256 internal constant FUNDING = 1 << uint8(IEncoreHub.State.Funding);

    EncoreHub public immutable hub;
    EncoreShares public immutable shares;
    MockStablecoin public immutable usdc;
    BlocklistToken public immutable busd;
    MockRevenueOracle public immutable oracle;
    MockComplianceRegistry public immutable registry;
    address public immutable owner;
    address public immutable treasury;
    address public immutable label;

    address[] internal _actors;
    address[] internal _artists;
    uint256[] internal _ids;

    // ------------------------------------------------------------------------------------------------ ghosts

    /// @notice Revenue credited to holders, computed independently of the hub (min(amount, room)).
    mapping(uint256 id => uint256) public ghostDeposited;
    /// @notice Revenue paid out by claims.
    mapping(uint256 id => uint256) public ghostClaimed;
    mapping(uint256 id => mapping(address account => uint256)) public ghostClaimedBy;
    /// @notice Refunds paid.
    mapping(uint256 id => uint256) public ghostRefunded;
    /// @notice A refund paid something other than the burned balance.
    uint256 public refundViolations;
    /// @notice A transfer changed the sender's or receiver's accrued revenue (or moved the wrong balance).
    uint256 public transferViolations;
    /// @notice A claim paid something other than what was claimable.
    uint256 public claimViolations;
    /// @notice A deposit, settlement or slash did not split exactly (holders up to the cap, the rest to the artist).
    uint256 public splitViolations;
    /// @notice A release or fee did not follow the linear schedule.
    uint256 public vestingViolations;
    /// @notice Successful calls per action (and checked transfers), to prove the sequences do something.
    mapping(string action => uint256) public calls;

    constructor(EncoreHub hub_, MockStablecoin usdc_, address owner_, address treasury_) {
        hub = hub_;
        shares = EncoreShares(address(hub_.SHARES()));
        usdc = usdc_;
        owner = owner_;
        treasury = treasury_;
        label = makeAddr("handler.label");
        busd = new BlocklistToken();
        oracle = new MockRevenueOracle(hub_);
        registry = new MockComplianceRegistry();
        vm.startPrank(owner_);
        hub_.setSettlementToken(address(busd), true);
        hub_.setRevenueOracle(address(oracle));
        vm.stopPrank();

        // Fans 0-4 invest; fan 5 never does, so it only ever holds shares it bought (a new holder).
        for (uint256 i = 0; i < 6; ++i) {
            _actors.push(makeAddr(string.concat("handler.fan", vm.toString(i))));
            _approveAll(_actors[i]);
        }
        _artists.push(makeAddr("handler.artistA"));
        _artists.push(makeAddr("handler.artistB"));
        _approveAll(_artists[0]);
        _approveAll(_artists[1]);
        _approveAll(label);
        _createInitialCampaigns();
    }

    // ------------------------------------------------------------------------------------------------ views

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function artists() external view returns (address[] memory) {
        return _artists;
    }

    function ids() external view returns (uint256[] memory) {
        return _ids;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    function _revenueAmount(uint256 amount) internal pure returns (uint256) {
        uint256 mode = amount % 3;
        if (mode == 0) return _bound(amount >> 2, 1, 1_000);
        if (mode == 1) return _bound(amount >> 2, 1, 500 * ONE);
        return _bound(amount >> 2, 1, 20_000 * ONE);
    }

    function _room(IEncoreHub.CampaignView memory v) internal view returns (uint256) {
        uint256 limit = v.payoutCap == 0 ? hub.MAX_REVENUE_TO_HOLDERS() : v.payoutCap;
        return limit - v.paidToHolders;
    }

    /// @dev What `account` holds of `token` plus what the hub keeps for it (a refused push).
    function _received(address account, address token) internal view returns (uint256) {
        return IERC20(token).balanceOf(account) + hub.deferred(account, token);
    }

    /// @dev A campaign in one of the states of `mask` (bit = state), starting the search at `seed`.
    function _pick(uint256 seed, uint256 mask) internal view returns (uint256 id, bool found) {
        uint256 n = _ids.length;
        for (uint256 k = 0; k < n; ++k) {
            uint256 candidate = _ids[((seed % n) + k) % n];
            if ((mask >> uint8(hub.state(candidate))) & 1 == 1) return (candidate, true);
        }
    }

    /// @dev A funding campaign that can be finalized now, or (when `jump`) one worth warping to: its goal reached if
    /// any is, else any funding campaign.
    function _pickFinalizable(uint256 seed, bool jump) internal view returns (uint256 id, bool found) {
        uint256 n = _ids.length;
        uint256 fallbackId;
        for (uint256 k = 0; k < n; ++k) {
            uint256 candidate = _ids[((seed % n) + k) % n];
            IEncoreHub.CampaignView memory v = hub.campaign(candidate);
            if (v.state != IEncoreHub.State.Funding) continue;
            if (block.timestamp >= v.fundingDeadline || v.raised == v.hardCap) return (candidate, true);
            if (jump && v.raised >= v.goal) {
                (id, found) = (candidate, true);
            } else if (jump && fallbackId == 0) {
                fallbackId = candidate;
            }
        }
        if (!found && fallbackId != 0) return (fallbackId, true);
    }

    /// @dev A campaign still taking investments.
    function _pickOpen(uint256 seed) internal view returns (uint256 id, bool found) {
        uint256 n = _ids.length;
        for (uint256 k = 0; k < n; ++k) {
            uint256 candidate = _ids[((seed % n) + k) % n];
            IEncoreHub.CampaignView memory v = hub.campaign(candidate);
            if (v.state == IEncoreHub.State.Funding && block.timestamp < v.fundingDeadline && v.raised < v.hardCap) {
                return (candidate, true);
            }
        }
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    /// @dev The first fan from `seed` on who holds shares of `id` (else the fan at `seed`).
    function _holderOf(uint256 seed, uint256 id) internal view returns (address) {
        uint256 n = _actors.length;
        for (uint256 k = 0; k < n; ++k) {
            address candidate = _actors[((seed % n) + k) % n];
            if (shares.balanceOf(candidate, id) != 0) return candidate;
        }
        return _actor(seed);
    }

    /// @dev The first fan from `seed` on with revenue to claim on `id` (else the fan at `seed`).
    function _claimerOf(uint256 seed, uint256 id) internal view returns (address) {
        uint256 n = _actors.length;
        for (uint256 k = 0; k < n; ++k) {
            address candidate = _actors[((seed % n) + k) % n];
            if (hub.claimable(id, candidate) != 0) return candidate;
        }
        return _actor(seed);
    }

    /// @dev One of the fans who invest (all but the last).
    function _investor(uint256 seed) internal view returns (address) {
        return _actors[seed % (_actors.length - 1)];
    }

    /// @dev Mints test funds (not to an account the blocklisting token refuses: its action is then refused instead).
    function _mint(address token, address to, uint256 amount) internal {
        if (token == address(usdc)) usdc.mint(to, amount);
        else if (!busd.blocked(to)) busd.mint(to, amount);
    }

    function _approveAll(address account) internal {
        vm.startPrank(account);
        usdc.approve(address(hub), type(uint256).max);
        busd.approve(address(hub), type(uint256).max);
        vm.stopPrank();
    }

    function _setFee(uint256 feeBps) internal {
        vm.prank(owner);
        hub.setFeeBps(uint16(feeBps));
    }

    /// @dev Creates a campaign (refused when the artist is blocked by the token and a bond is due).
    function _create(address artist, IEncoreHub.CampaignConfig memory cfg) internal returns (bool created) {
        if (cfg.bond != 0) _mint(cfg.token, artist, cfg.bond);
        vm.prank(artist);
        try hub.createCampaign(cfg) returns (uint256 id) {
            _ids.push(id);
            created = true;
        } catch {}
    }

    function _baseConfig(address token) internal view returns (IEncoreHub.CampaignConfig memory cfg) {
        cfg = IEncoreHub.CampaignConfig({
            token: token,
            goal: 1_000 * ONE,
            hardCap: 20_000 * ONE,
            fundingDeadline: uint64(block.timestamp + 10 days),
            minInvestment: ONE,
            maxPerInvestor: 0,
            revenueShareBps: 1_500,
            payoutCap: 0,
            shareDuration: 365 days,
            vestingDuration: 0,
            bond: 0,
            termsHash: keccak256("Encore terms v1"),
            metadataURI: "ipfs://bafy-invariant-campaign",
            compliance: address(0)
        });
    }

    /// @dev Five shapes. Two already succeeded, so revenue, transfers and claims are possible from the first call:
    /// plain USDC with a 2.5 % fee; the blocklisting token with payout cap, vesting, bond and a 5 % fee. Three are
    /// funding: capped with vesting and bond and no fee; compliance with a 10 % fee and a per-investor limit; and
    /// one that can never reach its goal (refunds).
    function _createInitialCampaigns() internal {
        IEncoreHub.CampaignConfig memory cfg = _baseConfig(address(usdc));
        _setFee(250);
        _create(_artists[0], cfg);
        _bootstrapInvest(_ids[0], 0, 8_000 * ONE);
        _bootstrapInvest(_ids[0], 1, 7_000 * ONE);
        _bootstrapInvest(_ids[0], 2, 5_000 * ONE);
        hub.finalize(_ids[0]);

        cfg = _baseConfig(address(busd));
        cfg.goal = 300 * ONE;
        cfg.hardCap = 3_000 * ONE;
        cfg.payoutCap = 1_500 * ONE;
        cfg.vestingDuration = 10 days;
        cfg.shareDuration = 60 days;
        cfg.bond = 200 * ONE;
        _setFee(500);
        _create(_artists[1], cfg);
        _bootstrapInvest(_ids[1], 1, 2_000 * ONE);
        _bootstrapInvest(_ids[1], 3, 1_000 * ONE);
        hub.finalize(_ids[1]);
        // Its artist starts blocked by the token: releases and excess revenue are deferred until unblocked.
        busd.setBlocked(_artists[1], true);
        _createFundingCampaigns();
    }

    function _createFundingCampaigns() internal {
        IEncoreHub.CampaignConfig memory cfg = _baseConfig(address(usdc));
        cfg.goal = 500 * ONE;
        cfg.hardCap = 5_000 * ONE;
        cfg.payoutCap = 2_000 * ONE;
        cfg.vestingDuration = 20 days;
        cfg.shareDuration = 40 days;
        cfg.bond = 300 * ONE;
        cfg.fundingDeadline = uint64(block.timestamp + 5 days);
        _setFee(0);
        _create(_artists[1], cfg);

        cfg = _baseConfig(address(usdc));
        cfg.goal = 2_000 * ONE;
        cfg.hardCap = 10_000 * ONE;
        cfg.maxPerInvestor = 3_000 * ONE;
        cfg.vestingDuration = 60 days;
        cfg.bond = 100 * ONE;
        cfg.compliance = address(registry);
        cfg.fundingDeadline = uint64(block.timestamp + 15 days);
        _setFee(1_000);
        _create(_artists[0], cfg);

        cfg = _baseConfig(address(usdc));
        cfg.goal = 10_000 * ONE;
        cfg.hardCap = 10_000 * ONE;
        cfg.maxPerInvestor = 1_000 * ONE; // five fans can raise at most 5,000
        cfg.bond = 50 * ONE;
        _setFee(250);
        _create(_artists[0], cfg);
    }

    function _bootstrapInvest(uint256 id, uint256 fan, uint256 amount) internal {
        _mint(hub.campaign(id).token, _actors[fan], amount);
        vm.prank(_actors[fan]);
        hub.invest(id, amount);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function _max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }
}
