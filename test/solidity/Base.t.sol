// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {EncoreHub} from "../../contracts/EncoreHub.sol";
import {EncoreShares} from "../../contracts/EncoreShares.sol";
import {IEncoreHub} from "../../contracts/interfaces/IEncoreHub.sol";
import {BlocklistToken} from "../../contracts/mocks/BlocklistToken.sol";
import {MockRevenueOracle} from "../../contracts/mocks/MockRevenueOracle.sol";
import {MockStablecoin} from "../../contracts/mocks/MockStablecoin.sol";

/// @notice Shared setup of the Solidity tests: a hub (which deploys its shares), a 6-decimal mock stablecoin on the
/// allow-list, named actors, and helpers that build a valid configuration and drive a campaign through its life.
abstract contract Base is Test {
    /// @dev One whole token of the 6-decimal stablecoin.
    uint256 internal constant ONE = 1e6;
    uint16 internal constant FEE_BPS = 250;
    uint256 internal constant BPS = 10_000;
    /// @dev Fixed-point scale of the revenue accumulator (`EncoreShares.MAGNITUDE`).
    uint256 internal constant MAGNITUDE = 2 ** 64;
    uint256 internal constant START = 1_750_000_000;
    string internal constant SHARES_URI = "https://encore.example/shares/{id}.json";

    EncoreHub internal hub;
    EncoreShares internal shares;
    MockStablecoin internal usdc;

    address internal owner;
    address internal treasury;
    address internal artist;
    address internal label;
    address internal alice;
    address internal bob;
    address internal carol;
    address internal dave;
    uint256 internal aliceKey;

    function setUp() public virtual {
        vm.warp(START);
        owner = makeAddr("owner");
        treasury = makeAddr("treasury");
        artist = makeAddr("artist");
        label = makeAddr("label");
        (alice, aliceKey) = makeAddrAndKey("alice");
        bob = makeAddr("bob");
        carol = makeAddr("carol");
        dave = makeAddr("dave");

        hub = new EncoreHub(owner, treasury, FEE_BPS, SHARES_URI);
        shares = EncoreShares(address(hub.SHARES()));
        usdc = new MockStablecoin("Mock USD", "mUSD");
        vm.prank(owner);
        hub.setSettlementToken(address(usdc), true);
    }

    // ------------------------------------------------------------------------------------------------ config

    /// @dev A valid configuration: goal 10,000, hard cap 50,000, 30 days of funding, 3 years of revenue share.
    function _config() internal view returns (IEncoreHub.CampaignConfig memory cfg) {
        cfg = IEncoreHub.CampaignConfig({
            token: address(usdc),
            goal: 10_000 * ONE,
            hardCap: 50_000 * ONE,
            fundingDeadline: uint64(block.timestamp + 30 days),
            minInvestment: 10 * ONE,
            maxPerInvestor: 0,
            revenueShareBps: 2_000,
            payoutCap: 0,
            shareDuration: uint64(3 * 365 days),
            vestingDuration: 0,
            bond: 0,
            termsHash: keccak256("Encore terms v1"),
            metadataURI: "ipfs://bafy-campaign-metadata",
            compliance: address(0)
        });
    }

    /// @dev A configuration whose every investment counts: goal and hard cap `cap`, minimum 1 unit.
    function _tightConfig(uint256 goal, uint256 cap) internal view returns (IEncoreHub.CampaignConfig memory cfg) {
        cfg = _config();
        cfg.goal = goal;
        cfg.hardCap = cap;
        cfg.minInvestment = 1;
    }

    // ------------------------------------------------------------------------------------------------ actions

    function _create(IEncoreHub.CampaignConfig memory cfg) internal returns (uint256 id) {
        id = _createAs(artist, cfg);
    }

    function _createAs(address who, IEncoreHub.CampaignConfig memory cfg) internal returns (uint256 id) {
        if (cfg.bond != 0) _fund(who, cfg.bond);
        vm.prank(who);
        id = hub.createCampaign(cfg);
    }

    /// @dev Mints `amount` stablecoins to `who` and approves the hub for everything.
    function _fund(address who, uint256 amount) internal {
        usdc.mint(who, amount);
        vm.prank(who);
        usdc.approve(address(hub), type(uint256).max);
    }

    function _invest(uint256 id, address who, uint256 amount) internal {
        _fund(who, amount);
        vm.prank(who);
        hub.invest(id, amount);
    }

    /// @dev The label pays `amount` of revenue into campaign `id`.
    function _deposit(uint256 id, uint256 amount) internal {
        _fund(label, amount);
        vm.prank(label);
        hub.depositRevenue(id, amount);
    }

    function _claim(uint256 id, address who) internal returns (uint256) {
        vm.prank(who);
        return hub.claim(id);
    }

    function _transfer(address from, address to, uint256 id, uint256 amount) internal {
        vm.prank(from);
        shares.safeTransferFrom(from, to, id, amount, "");
    }

    /// @dev Warps to the funding deadline and finalizes.
    function _finalize(uint256 id) internal {
        uint256 deadline = hub.campaign(id).fundingDeadline;
        if (block.timestamp < deadline) vm.warp(deadline);
        hub.finalize(id);
    }

    /// @dev Creates the default campaign, lets alice (6,000), bob (3,000) and carol (1,000) invest, and finalizes it
    /// with success: supply 10,000 tokens, shares 60 / 30 / 10 %.
    function _activeCampaign() internal returns (uint256 id) {
        id = _activeCampaign(_config());
    }

    function _activeCampaign(IEncoreHub.CampaignConfig memory cfg) internal returns (uint256 id) {
        id = _create(cfg);
        _invest(id, alice, 6_000 * ONE);
        _invest(id, bob, 3_000 * ONE);
        _invest(id, carol, 1_000 * ONE);
        _finalize(id);
    }

    /// @dev Creates the default campaign, lets alice (2,000) and bob (1,000) invest, and finalizes it as failed.
    function _failedCampaign() internal returns (uint256 id) {
        id = _create(_config());
        _invest(id, alice, 2_000 * ONE);
        _invest(id, bob, 1_000 * ONE);
        _finalize(id);
    }

    /// @dev Registers a mock revenue oracle (settable suspension and bond lock, pass-through settle and slash).
    function _setOracle() internal returns (MockRevenueOracle oracle) {
        oracle = new MockRevenueOracle(hub);
        vm.prank(owner);
        hub.setRevenueOracle(address(oracle));
    }

    /// @dev Allow-lists a USDC-like token with a blocklist (refused pushes, skipped refunds).
    function _allowBlocklistToken() internal returns (BlocklistToken busd) {
        busd = new BlocklistToken();
        vm.prank(owner);
        hub.setSettlementToken(address(busd), true);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /// @dev A deterministic fresh account for fuzzed investor `i`.
    function _investor(uint256 i) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("encore.investor", i)))));
    }

    function _fee(uint256 raised, uint256 feeBps) internal pure returns (uint256) {
        return (raised * feeBps) / BPS;
    }
}
