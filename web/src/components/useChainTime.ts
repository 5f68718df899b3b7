/** The latest block's timestamp (the local chain clock can run ahead of the wall clock after the demo seed). */
import { useBlock } from "wagmi";

/** Chain time in Unix seconds, the wall clock until the block loads. */
export function useChainTime(): number {
  const { data: block } = useBlock({ watch: false });
  return block === undefined ? Math.floor(Date.now() / 1000) : Number(block.timestamp);
}
