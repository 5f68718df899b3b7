// Postinstall check: fails `npm install` loudly when the offline toolchain is incomplete.
// npm on Node 20 silently skips EDR's native package (it declares engines node >= 22), and Hardhat then dies
// with "HHE27 Missing platform package". We pin the native package in package.json; this check makes sure the
// pin matches the EDR version Hardhat resolves, and that Node 22 and solc-js are in place.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const problems = [];

/** Version of `pkg` as Node resolves it from package folder `fromDir`: its nested node_modules, then the top. */
function versionOf(pkg, fromDir) {
  const candidates = [fromDir && join(fromDir, "node_modules", pkg), join("node_modules", pkg)].filter(Boolean);
  for (const dir of candidates) {
    const file = join(dir, "package.json");
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")).version;
  }
  return undefined;
}

const edr = versionOf("@nomicfoundation/edr", join("node_modules", "hardhat"));
const edrNative = versionOf("@nomicfoundation/edr-linux-x64-gnu", join("node_modules", "@nomicfoundation", "edr"));
if (process.platform === "linux" && process.arch === "x64") {
  if (!edr) problems.push("@nomicfoundation/edr is not installed (hardhat needs it)");
  else if (!edrNative) problems.push(`@nomicfoundation/edr-linux-x64-gnu is missing: pin it to ${edr} in package.json`);
  else if (edr !== edrNative)
    problems.push(
      `@nomicfoundation/edr-linux-x64-gnu is ${edrNative} but hardhat resolves @nomicfoundation/edr ${edr}: pin it to ${edr}`,
    );
}

const solcVersion = versionOf("solc");
if (solcVersion !== "0.8.28") problems.push(`solc 0.8.28 (solc-js) is required, found ${solcVersion ?? "none"}`);

const nodeBin = join(process.cwd(), "node_modules", ".bin", "node");
if (!existsSync(nodeBin)) problems.push("node_modules/.bin/node (npm package `node`, Node 22) is missing");

if (problems.length > 0) {
  console.error("\nEncore install check failed:\n" + problems.map((p) => `  - ${p}`).join("\n") + "\n");
  process.exit(1);
}
console.log(
  `Encore install check: hardhat EDR ${edr} with native ${edrNative}, solc ${solcVersion}, Node 22 binary present.`,
);
