// Starts a Node script as a child process and waits for the line that says it is ready; stops it with SIGTERM.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

const KEEP_CHARS = 16_000;

/**
 * Spawns `node <args>` and resolves with the child and the match of `ready` against its output (stdout and stderr),
 * or rejects if the child exits or stays silent for `timeoutMs`. Output keeps being drained after that. With `logFile`
 * the child writes straight to that file, as a service writes its logs, and the file is watched for `ready`.
 */
export function spawnNode(args, { cwd, env, ready, name, logFile, timeoutMs = 30_000 }) {
  return logFile
    ? spawnToFile(args, { cwd, env, ready, name, logFile, timeoutMs })
    : spawnPiped(args, { cwd, env, ready, name, timeoutMs });
}

function spawnPiped(args, { cwd, env, ready, name, timeoutMs }) {
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

function spawnToFile(args, { cwd, env, ready, name, logFile, timeoutMs }) {
  const fd = openSync(logFile, "a");
  const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const output = () => readFileSync(logFile, "utf8").slice(-KEEP_CHARS);
  return new Promise((resolve, reject) => {
    let exited = null;
    child.once("exit", (code, signal) => (exited = signal ?? code));
    const started = Date.now();
    const poll = setInterval(() => {
      const m = output().match(ready);
      if (m) {
        clearInterval(poll);
        resolve({ child, match: m });
      } else if (exited !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        child.kill("SIGKILL");
        reject(new Error(`${name} ${exited !== null ? `exited (${exited})` : "did not start"}:\n${output()}`));
      }
    }, 50);
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
