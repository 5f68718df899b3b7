#!/usr/bin/env node
// The `encore` command: runs the TypeScript CLI directly (Node 22 strips the types).
import "../src/cli/main.ts";
