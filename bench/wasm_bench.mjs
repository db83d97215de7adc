// Runs the WebAssembly build of one of the engine's benchmarks (bench/CMakeLists.txt: split-bench,
// pick-route-bench) in node: Emscripten 3.1.6's node loader would fetch the .wasm by URL, so its bytes are
// handed over (docs/toolchain.md).
//   node bench/wasm_bench.mjs <split-bench|pick-route-bench> [build/wasm] [its arguments...]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [name, folder, ...args] = process.argv.slice(2);
if (!/^[a-z-]+$/.test(name || '')) throw new Error('usage: node bench/wasm_bench.mjs <split-bench|pick-route-bench> [build/wasm] [args]');
const dir = resolve(folder || 'build/wasm');
const create = createRequire(import.meta.url)(`${dir}/${name}.cjs`);
await create({ wasmBinary: readFileSync(`${dir}/${name}.wasm`), arguments: args });
