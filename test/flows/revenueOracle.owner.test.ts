// RevenueOracle: deployment, configuration views, the owner's settings (operators, threshold, guardians, window,
// grace, fine rate), Ownable2Step, and the limits of the owner's power.
import { expect } from "chai";

import { BPS, DAY, ethers, loadFixture, scanOwnerOnly } from "./fixtures.js";
import {
  BOND,
  CHALLENGE_WINDOW,
  DEBT,
  FINE,
  MAX_CHALLENGE_WINDOW,
  MAX_OPERATORS,
  MAX_PAYMENT_GRACE,
  MAX_PENALTY_BPS,
  MIN_CHALLENGE_WINDOW,
  MIN_PAYMENT_GRACE,
  PAYMENT_GRACE,
  PENALTY_BPS,
  Status,
  THRESHOLD,
  debtFixture,
  fundArtistReserve,
  makeReport,
  nextBlockAt,
  oracleFixture,
  passDueDate,
  passWindow,
  reportedFixture,
  submit,
  walletFromSeed,
  type OracleEnv,
} from "./oracleFixtures.js";

/** Functions refused to a stranger by `Ownable`. */
const OWNER_ONLY = [
  "acceptOwnership",
  "addOperator",
  "removeOperator",
  "renounceOwnership",
  "setChallengeWindow",
  "setGuardian",
  "setPaymentGrace",
  "setPenaltyBps",
  "setThreshold",
  "transferOwnership",
];

/** Every state-changing function of the oracle; a new one must be added here and checked against the owner. */
const STATE_CHANGING = [
  ...OWNER_ONLY,
  "dispute",
  "enforce",
  "fundReserve",
  "fundReserveWithPermit",
  "payDue",
  "settle",
  "submitReport",
  "withdrawReserve",
].sort();

interface OracleSettings {
  owner: string;
  hub: string;
  operators: string[];
  threshold: bigint | number;
  guardians: string[];
  challengeWindow: bigint;
  paymentGrace: bigint;
  penaltyBps: bigint;
}

/** Deploys a RevenueOracle with the standard settings of `env`, changed by `overrides`. */
async function deployWith(env: OracleEnv, overrides: Partial<OracleSettings> = {}) {
  const s: OracleSettings = {
    owner: env.owner.address,
    hub: await env.hub.getAddress(),
    operators: env.operators.map((w) => w.address),
    threshold: THRESHOLD,
    guardians: [env.guardian.address],
    challengeWindow: CHALLENGE_WINDOW,
    paymentGrace: PAYMENT_GRACE,
    penaltyBps: PENALTY_BPS,
    ...overrides,
  };
  const factory = await ethers.getContractFactory("RevenueOracle");
  return factory.deploy(
    s.owner,
    s.hub,
    s.operators,
    s.threshold,
    s.guardians,
    s.challengeWindow,
    s.paymentGrace,
    s.penaltyBps,
  );
}

describe("RevenueOracle: deployment, settings and owner", () => {
  describe("deployment", () => {
    it("stores the hub, operators, threshold, guardian, window, grace and fine rate", async () => {
      const { oracle, hub, owner, guardian, operators, outsider, stranger, artist } = await loadFixture(oracleFixture);
      expect(await oracle.HUB()).to.equal(await hub.getAddress());
      expect(await hub.revenueOracle()).to.equal(await oracle.getAddress());
      expect(await oracle.owner()).to.equal(owner.address);
      expect(await oracle.pendingOwner()).to.equal(ethers.ZeroAddress);
      expect(await oracle.operators()).to.deep.equal(operators.map((w) => w.address));
      for (const w of operators) expect(await oracle.isOperator(w.address)).to.equal(true);
      expect(await oracle.isOperator(outsider.address)).to.equal(false);
      expect(await oracle.threshold()).to.equal(THRESHOLD);
      expect(await oracle.isGuardian(guardian.address)).to.equal(true);
      expect(await oracle.isGuardian(stranger.address)).to.equal(false);
      expect(await oracle.challengeWindow()).to.equal(CHALLENGE_WINDOW);
      expect(await oracle.paymentGrace()).to.equal(PAYMENT_GRACE);
      expect(await oracle.penaltyBps()).to.equal(PENALTY_BPS);
      expect(await oracle.reportCount()).to.equal(0n);
      expect(await oracle.sanctions(artist.address)).to.equal(0n);
      expect(await oracle.isSuspended(artist.address)).to.equal(false);
    });

    it("exposes its constants", async () => {
      const { oracle } = await loadFixture(oracleFixture);
      expect(await oracle.BPS()).to.equal(BPS);
      expect(await oracle.MAX_OPERATORS()).to.equal(MAX_OPERATORS);
      expect(await oracle.MIN_CHALLENGE_WINDOW()).to.equal(MIN_CHALLENGE_WINDOW);
      expect(await oracle.MAX_CHALLENGE_WINDOW()).to.equal(MAX_CHALLENGE_WINDOW);
      expect(await oracle.MIN_PAYMENT_GRACE()).to.equal(MIN_PAYMENT_GRACE);
      expect(await oracle.MAX_PAYMENT_GRACE()).to.equal(MAX_PAYMENT_GRACE);
      expect(await oracle.MAX_PENALTY_BPS()).to.equal(MAX_PENALTY_BPS);
    });

    it("answers zeros for unknown reports, campaigns, enforcements and reserves", async () => {
      const { oracle, usdc, artist } = await loadFixture(oracleFixture);
      expect(await oracle.getReport(7n)).to.deep.equal([0n, Status.None, 0n, 0n, 0n, 0n]);
      expect(await oracle.getCampaign(7n)).to.deep.equal([0n, 0n, 0n, 0n, 0n, 0n, false, 0n]);
      expect(await oracle.getEnforcement(7n)).to.deep.equal([0n, 0n]);
      expect(await oracle.reserveOf(artist.address, usdc)).to.deep.equal([0n, 0n, 0n]);
    });

    it("emits the settings it starts with", async () => {
      const env = await loadFixture(oracleFixture);
      const oracle = await deployWith(env);
      const tx = oracle.deploymentTransaction();
      if (tx === null) throw new Error("no deployment transaction");
      await expect(tx).to.emit(oracle, "OwnershipTransferred").withArgs(ethers.ZeroAddress, env.owner.address);
      for (const w of env.operators) await expect(tx).to.emit(oracle, "OperatorAdded").withArgs(w.address);
      await expect(tx).to.emit(oracle, "ThresholdSet").withArgs(THRESHOLD);
      await expect(tx).to.emit(oracle, "GuardianSet").withArgs(env.guardian.address, true);
      await expect(tx).to.emit(oracle, "ChallengeWindowSet").withArgs(CHALLENGE_WINDOW);
      await expect(tx).to.emit(oracle, "PaymentGraceSet").withArgs(PAYMENT_GRACE);
      await expect(tx).to.emit(oracle, "PenaltyBpsSet").withArgs(PENALTY_BPS);
    });

    it("reverts deployment with a zero hub, owner, operator or guardian", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle } = env;
      await expect(deployWith(env, { hub: ethers.ZeroAddress })).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAddress",
      );
      await expect(deployWith(env, { owner: ethers.ZeroAddress }))
        .to.be.revertedWithCustomError(oracle, "OwnableInvalidOwner")
        .withArgs(ethers.ZeroAddress);
      await expect(
        deployWith(env, { operators: [env.operators[0].address, ethers.ZeroAddress] }),
      ).to.be.revertedWithCustomError(oracle, "RevenueOracle_ZeroAddress");
      await expect(deployWith(env, { guardians: [ethers.ZeroAddress] })).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAddress",
      );
    });

    it("reverts deployment with a repeated operator, too many operators or a threshold out of range", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle, operators } = env;
      const twice = [operators[0].address, operators[1].address, operators[0].address];
      await expect(deployWith(env, { operators: twice }))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_AlreadyOperator")
        .withArgs(operators[0].address);
      const many = Array.from({ length: 32 }, (_, i) => walletFromSeed(`operator ${i + 100}`).address);
      await expect(deployWith(env, { operators: many }))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_TooManyOperators")
        .withArgs(MAX_OPERATORS);
      const full = await deployWith(env, { operators: many.slice(0, 31), threshold: 31 });
      expect((await full.operators()).length).to.equal(31);
      for (const [threshold, operatorCount, list] of [
        [0, 3n, operators.map((w) => w.address)],
        [4, 3n, operators.map((w) => w.address)],
        [1, 0n, []],
      ] as const) {
        await expect(deployWith(env, { operators: [...list], threshold }))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidThreshold")
          .withArgs(threshold, operatorCount);
      }
    });

    it("reverts deployment with a window, grace or fine rate out of bounds", async () => {
      const env = await loadFixture(oracleFixture);
      const { oracle } = env;
      const cases: ["challengeWindow" | "paymentGrace" | "penaltyBps", bigint, bigint, bigint][] = [
        ["challengeWindow", MIN_CHALLENGE_WINDOW - 1n, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW],
        ["challengeWindow", MAX_CHALLENGE_WINDOW + 1n, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW],
        ["paymentGrace", MIN_PAYMENT_GRACE - 1n, MIN_PAYMENT_GRACE, MAX_PAYMENT_GRACE],
        ["paymentGrace", MAX_PAYMENT_GRACE + 1n, MIN_PAYMENT_GRACE, MAX_PAYMENT_GRACE],
        ["penaltyBps", MAX_PENALTY_BPS + 1n, 0n, MAX_PENALTY_BPS],
      ];
      for (const [setting, value, min, max] of cases) {
        await expect(deployWith(env, { [setting]: value }))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_SettingOutOfBounds")
          .withArgs(value, min, max);
      }
    });
  });

  describe("operators", () => {
    it("addOperator registers an operator and emits OperatorAdded", async () => {
      const { oracle, owner, operators, outsider } = await loadFixture(oracleFixture);
      await expect(oracle.connect(owner).addOperator(outsider.address))
        .to.emit(oracle, "OperatorAdded")
        .withArgs(outsider.address);
      expect(await oracle.isOperator(outsider.address)).to.equal(true);
      expect(await oracle.operators()).to.deep.equal([...operators.map((w) => w.address), outsider.address]);
    });

    it("addOperator reverts with RevenueOracle_ZeroAddress, RevenueOracle_AlreadyOperator and RevenueOracle_TooManyOperators", async () => {
      const { oracle, owner, operators } = await loadFixture(oracleFixture);
      const o = oracle.connect(owner);
      await expect(o.addOperator(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAddress",
      );
      await expect(o.addOperator(operators[1].address))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_AlreadyOperator")
        .withArgs(operators[1].address);
      for (let i = 3n; i < MAX_OPERATORS; i++) await o.addOperator(walletFromSeed(`extra operator ${i}`).address);
      expect((await oracle.operators()).length).to.equal(Number(MAX_OPERATORS));
      await expect(o.addOperator(walletFromSeed("one too many").address))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_TooManyOperators")
        .withArgs(MAX_OPERATORS);
      // Room again after a removal.
      await o.removeOperator(operators[0].address);
      await expect(o.addOperator(walletFromSeed("one too many").address)).to.emit(oracle, "OperatorAdded");
    });

    it("removeOperator moves the last operator into the gap and emits OperatorRemoved", async () => {
      const { oracle, owner, operators } = await loadFixture(oracleFixture);
      const [a, b, c] = operators.map((w) => w.address);
      await expect(oracle.connect(owner).removeOperator(a)).to.emit(oracle, "OperatorRemoved").withArgs(a);
      expect(await oracle.operators()).to.deep.equal([c, b]);
      expect(await oracle.isOperator(a)).to.equal(false);
      await expect(oracle.connect(owner).removeOperator(a))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_UnknownOperator")
        .withArgs(a);
    });

    it("removeOperator reverts with RevenueOracle_InvalidThreshold when the threshold would be out of reach", async () => {
      const { oracle, owner, operators, stranger } = await loadFixture(oracleFixture);
      const o = oracle.connect(owner);
      await expect(o.removeOperator(stranger.address))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_UnknownOperator")
        .withArgs(stranger.address);
      await o.removeOperator(operators[2].address);
      await expect(o.removeOperator(operators[1].address))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidThreshold")
        .withArgs(2n, 1n);
      await o.setThreshold(1);
      await o.removeOperator(operators[1].address);
      expect(await oracle.operators()).to.deep.equal([operators[0].address]);
      // The last operator can never go.
      await expect(o.removeOperator(operators[0].address))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidThreshold")
        .withArgs(1n, 0n);
    });

    it("setThreshold sets the signatures needed and emits ThresholdSet, within 1..operators", async () => {
      const { oracle, owner } = await loadFixture(oracleFixture);
      const o = oracle.connect(owner);
      await expect(o.setThreshold(3)).to.emit(oracle, "ThresholdSet").withArgs(3n);
      expect(await oracle.threshold()).to.equal(3n);
      for (const bad of [0, 4]) {
        await expect(o.setThreshold(bad))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_InvalidThreshold")
          .withArgs(bad, 3n);
      }
      await expect(o.setThreshold(1)).to.emit(oracle, "ThresholdSet").withArgs(1n);
    });
  });

  describe("guardians and timing", () => {
    it("setGuardian grants and revokes the guardian role and emits GuardianSet", async () => {
      const { oracle, owner, guardian, dave } = await loadFixture(oracleFixture);
      await expect(oracle.connect(owner).setGuardian(dave.address, true))
        .to.emit(oracle, "GuardianSet")
        .withArgs(dave.address, true);
      expect(await oracle.isGuardian(dave.address)).to.equal(true);
      await expect(oracle.connect(owner).setGuardian(guardian.address, false))
        .to.emit(oracle, "GuardianSet")
        .withArgs(guardian.address, false);
      expect(await oracle.isGuardian(guardian.address)).to.equal(false);
      await expect(oracle.connect(owner).setGuardian(ethers.ZeroAddress, true)).to.be.revertedWithCustomError(
        oracle,
        "RevenueOracle_ZeroAddress",
      );
    });

    it("setChallengeWindow, setPaymentGrace and setPenaltyBps accept their bounds and emit their events", async () => {
      const { oracle, owner } = await loadFixture(oracleFixture);
      const o = oracle.connect(owner);
      for (const value of [MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW]) {
        await expect(o.setChallengeWindow(value)).to.emit(oracle, "ChallengeWindowSet").withArgs(value);
        expect(await oracle.challengeWindow()).to.equal(value);
      }
      for (const value of [MIN_PAYMENT_GRACE, MAX_PAYMENT_GRACE]) {
        await expect(o.setPaymentGrace(value)).to.emit(oracle, "PaymentGraceSet").withArgs(value);
        expect(await oracle.paymentGrace()).to.equal(value);
      }
      for (const value of [0n, MAX_PENALTY_BPS]) {
        await expect(o.setPenaltyBps(value)).to.emit(oracle, "PenaltyBpsSet").withArgs(value);
        expect(await oracle.penaltyBps()).to.equal(value);
      }
    });

    it("reverts with RevenueOracle_SettingOutOfBounds outside the bounds", async () => {
      const { oracle, owner } = await loadFixture(oracleFixture);
      const o = oracle.connect(owner);
      for (const value of [MIN_CHALLENGE_WINDOW - 1n, MAX_CHALLENGE_WINDOW + 1n]) {
        await expect(o.setChallengeWindow(value))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_SettingOutOfBounds")
          .withArgs(value, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
      }
      for (const value of [MIN_PAYMENT_GRACE - 1n, MAX_PAYMENT_GRACE + 1n]) {
        await expect(o.setPaymentGrace(value))
          .to.be.revertedWithCustomError(oracle, "RevenueOracle_SettingOutOfBounds")
          .withArgs(value, MIN_PAYMENT_GRACE, MAX_PAYMENT_GRACE);
      }
      await expect(o.setPenaltyBps(MAX_PENALTY_BPS + 1n))
        .to.be.revertedWithCustomError(oracle, "RevenueOracle_SettingOutOfBounds")
        .withArgs(MAX_PENALTY_BPS + 1n, 0n, MAX_PENALTY_BPS);
    });

    it("applies window, grace and fine rate to reports submitted afterwards only", async () => {
      const env = await loadFixture(reportedFixture);
      const { oracle, owner, reportId } = env;
      const before = await oracle.getReport(reportId);
      const o = oracle.connect(owner);
      await o.setChallengeWindow(MAX_CHALLENGE_WINDOW);
      await o.setPaymentGrace(MAX_PAYMENT_GRACE);
      await o.setPenaltyBps(MAX_PENALTY_BPS);
      await o.addOperator(env.outsider.address);
      await o.setThreshold(3);
      await o.removeOperator(env.operators[0].address);
      expect(await oracle.getReport(reportId)).to.deep.equal(before);
      expect(before.dueDate - before.challengeEnd).to.equal(PAYMENT_GRACE);

      await fundArtistReserve(env, DEBT);
      await passWindow(oracle, reportId);
      await oracle.settle(reportId);
      const second = makeReport(env, {
        periodStart: env.activatedAt + 30n * DAY,
        periodEnd: env.activatedAt + 31n * DAY,
        sequence: 2n,
      });
      const at = await nextBlockAt();
      await submit(env, second, [env.operators[1], env.operators[2], env.outsider]);
      const r = await oracle.getReport(2n);
      expect(r.challengeEnd).to.equal(at + MAX_CHALLENGE_WINDOW);
      expect(r.dueDate).to.equal(at + MAX_CHALLENGE_WINDOW + MAX_PAYMENT_GRACE);
      expect(r.penaltyBps).to.equal(MAX_PENALTY_BPS);
    });
  });

  describe("ownership (Ownable2Step)", () => {
    it("transfers ownership in two steps", async () => {
      const { oracle, owner, bob, stranger } = await loadFixture(oracleFixture);
      await expect(oracle.connect(owner).transferOwnership(bob.address))
        .to.emit(oracle, "OwnershipTransferStarted")
        .withArgs(owner.address, bob.address);
      expect(await oracle.owner()).to.equal(owner.address);
      expect(await oracle.pendingOwner()).to.equal(bob.address);
      await expect(oracle.connect(stranger).acceptOwnership())
        .to.be.revertedWithCustomError(oracle, "OwnableUnauthorizedAccount")
        .withArgs(stranger.address);
      await expect(oracle.connect(bob).acceptOwnership())
        .to.emit(oracle, "OwnershipTransferred")
        .withArgs(owner.address, bob.address);
      expect(await oracle.owner()).to.equal(bob.address);
      expect(await oracle.pendingOwner()).to.equal(ethers.ZeroAddress);
      await expect(oracle.connect(owner).setPenaltyBps(1))
        .to.be.revertedWithCustomError(oracle, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await expect(oracle.connect(bob).setPenaltyBps(1)).to.emit(oracle, "PenaltyBpsSet").withArgs(1n);
    });

    it("can be renounced: settings frozen, reports, settlement and enforcement go on", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, owner, artist, keeper, id, reportId } = env;
      await expect(oracle.connect(owner).renounceOwnership())
        .to.emit(oracle, "OwnershipTransferred")
        .withArgs(owner.address, ethers.ZeroAddress);
      expect(await oracle.owner()).to.equal(ethers.ZeroAddress);
      await expect(oracle.connect(owner).setThreshold(1))
        .to.be.revertedWithCustomError(oracle, "OwnableUnauthorizedAccount")
        .withArgs(owner.address);
      await passDueDate(oracle, reportId);
      await expect(oracle.connect(keeper).enforce(reportId))
        .to.emit(oracle, "Enforced")
        .withArgs(id, reportId, artist.address, DEBT, FINE, BOND);
    });
  });

  describe("limits of the owner's power", () => {
    it("reverts every owner function with OwnableUnauthorizedAccount for anyone else, and no other function", async () => {
      const { oracle, stranger } = await loadFixture(oracleFixture);
      const { stateChanging, ownerOnly } = await scanOwnerOnly(oracle, stranger);
      expect(stateChanging).to.deep.equal(STATE_CHANGING);
      expect(ownerOnly).to.deep.equal(OWNER_ONLY);
    });

    it("moves no tokens and changes no report through any owner function", async () => {
      const env = await loadFixture(debtFixture);
      const { oracle, usdc, hub, owner, stranger, reportId } = env;
      await fundArtistReserve(env, 777n);
      const report = await oracle.getReport(reportId);
      const o = oracle.connect(owner);
      for (const call of [
        () => o.addOperator(stranger.address),
        () => o.removeOperator(stranger.address),
        () => o.setThreshold(3),
        () => o.setGuardian(stranger.address, true),
        () => o.setChallengeWindow(MIN_CHALLENGE_WINDOW),
        () => o.setPaymentGrace(MIN_PAYMENT_GRACE),
        () => o.setPenaltyBps(0),
        () => o.transferOwnership(stranger.address),
        () => o.renounceOwnership(),
      ]) {
        await expect(call()).to.changeTokenBalances(ethers, usdc, [oracle, hub, owner], [0n, 0n, 0n]);
      }
      expect(await oracle.getReport(reportId)).to.deep.equal(report);
      expect(await oracle.reserveOf(env.artist.address, usdc)).to.deep.equal([777n, DEBT, 0n]);
    });
  });
});
