// `npm run sim`: the gateway with its embedded simulator, prices walking. A busy API port is reported before anything
// else, and TypeScript is compiled only when dist/ is missing or older than a source file.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = join(ROOT, "dist", "cli", "main.js");
const BUILD_INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function needsBuild() {
  if (!existsSync(ENTRY)) return true;
  const built = newestMtime(join(ROOT, "dist"));
  return BUILD_INPUTS.some((input) => existsSync(join(ROOT, input)) && newestMtime(join(ROOT, input)) > built);
}

function portFree(host, port) {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

const host = process.env.API_HOST?.trim() || "127.0.0.1";
const port = Number(process.env.API_PORT?.trim() || 8000);
if (Number.isInteger(port) && !(await portFree(host, port))) {
  console.error(`Port ${port} on ${host} is already in use: stop what runs there or set API_PORT`);
  process.exit(1);
}
if (needsBuild()) {
  console.error("Compiling TypeScript (dist/ is missing or older than the sources)...");
  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, [ENTRY, "--simulate", "start-api", ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: "inherit",
  env: { ...process.env, SIM_WALK_MS: process.env.SIM_WALK_MS ?? "1000" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
