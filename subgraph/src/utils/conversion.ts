// Conversions of event values that graph-ts has no helper for (pure AssemblyScript, no host call).
import { Bytes } from "@graphprotocol/graph-ts";

/** A `bytes2` ISO 3166-1 alpha-2 country code as text, e.g. 0x5553 → "US". */
export function countryCode(code: Bytes): string {
  let out = "";
  for (let i = 0; i < code.length; i++) {
    out += String.fromCharCode(code[i]);
  }
  return out;
}
