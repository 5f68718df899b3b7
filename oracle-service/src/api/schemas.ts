/** TypeBox schemas shared by several routes. */
import Type from "typebox";

/** Error body of every 4xx/5xx answer. */
export const ErrorBody = Type.Object(
  { error: Type.String(), message: Type.String() },
  { $id: "ErrorBody", description: "what went wrong" },
);

/** A decimal integer in a string (uint256 values do not fit a JSON number). */
export const UintString = Type.String({ pattern: "^[0-9]{1,78}$", description: "unsigned integer, decimal string" });

/** A 0x-prefixed 20-byte address. */
export const AddressString = Type.String({ pattern: "^0x[0-9a-fA-F]{40}$" });

/** A 0x-prefixed 32-byte hash. */
export const Bytes32String = Type.String({ pattern: "^0x[0-9a-fA-F]{64}$" });

/** A 0x-prefixed hex string. */
export const HexString = Type.String({ pattern: "^0x[0-9a-fA-F]*$" });
