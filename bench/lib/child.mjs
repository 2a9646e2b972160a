// Starts a Node script as a child process and waits for the line that says it is ready; stops it with SIGTERM.
import { spawn } from "node:child_process";

const KEEP_CHARS = 16_000;

/**
 * Spawns `node <args>` and resolves with the child and the match of `ready` against its output (stdout and stderr),
 * or rejects if the child exits or stays silent for `timeoutMs`. Output keeps being drained after that.
 */
export function spawnNode(args, { cwd, env, ready, name, timeoutMs = 30_000 }) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${name} ${why}:\n${output}`));
    };
    const timer = setTimeout(() => fail("did not start"), timeoutMs);
    const onExit = (code, signal) => fail(`exited (${signal ?? code}) before it was ready`);
    const onData = (d) => {
      output = (output + d.toString()).slice(-KEEP_CHARS);
      const m = output.match(ready);
      if (!m) return;
      clearTimeout(timer);
      child.off("exit", onExit);
      child.stdout.off("data", onData).resume();
      child.stderr.off("data", onData).resume();
      resolve({ child, match: m });
    };
    child.once("exit", onExit);
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
  });
}

/** Sends SIGTERM and resolves once the child has exited and its output is closed. */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("close", resolve);
    child.kill("SIGTERM");
  });
}

/** The environment every bench child gets besides its own variables. */
export const baseEnv = () => ({ PATH: process.env.PATH, HOME: process.env.HOME });
