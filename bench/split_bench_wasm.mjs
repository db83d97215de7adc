// Runs the WebAssembly build of bench/split_bench.cc in node: Emscripten 3.1.6's node loader would fetch
// the .wasm by URL, so its bytes are handed over (docs/toolchain.md).
//   node bench/split_bench_wasm.mjs [build/wasm] [baskets per size]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] || 'build/wasm');
const createSplitBench = createRequire(import.meta.url)(`${dir}/split-bench.cjs`);
await createSplitBench({ wasmBinary: readFileSync(`${dir}/split-bench.wasm`), arguments: process.argv.slice(3) });
