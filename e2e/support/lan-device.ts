import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumPath } from "./browser.ts";

/**
 * A second "device on the same network" as this machine: a network namespace joined to it by a
 * veth pair, with its own address. A Chromium started inside it reaches the server only by the
 * machine's address on that link, never by loopback — as a phone on the same Wi-Fi would.
 * Needs root and iproute2 (CI has both); traffic stays on this machine's own test link.
 */
export interface LanDevice {
  /** This machine's address as the device sees it (on the host end of the link). */
  hostAddress: string;
  /** A Chromium executable that runs inside the device's namespace. */
  chromiumPath: string;
  remove: () => void;
}

/** Why a LAN device cannot be made here, or undefined when it can. */
export function lanDeviceUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "making a network namespace needs root";
  try {
    execFileSync("ip", ["-V"], { stdio: "ignore" });
  } catch {
    return "iproute2 (`ip`) is not installed";
  }
  return undefined;
}

function ip(...args: string[]) {
  execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
}

export function createLanDevice(): LanDevice {
  const n = process.pid % 100_000;
  const namespace = `rmslan${n}`;
  const hostEnd = `rmsh${n}`;
  const deviceEnd = `rmsd${n}`;
  // 10.231.X.0/30 from the pid, so that two runs at once do not share a link.
  const subnet = `10.231.${n % 250}`;
  const hostAddress = `${subnet}.1`;
  const remove = () => {
    try {
      ip("link", "del", hostEnd);
    } catch {
      // already gone with the namespace
    }
    try {
      ip("netns", "del", namespace);
    } catch {
      // never made
    }
  };
  remove();
  try {
    ip("netns", "add", namespace);
    ip("link", "add", hostEnd, "type", "veth", "peer", "name", deviceEnd);
    ip("link", "set", deviceEnd, "netns", namespace);
    ip("addr", "add", `${hostAddress}/30`, "dev", hostEnd);
    ip("link", "set", hostEnd, "up");
    ip("-n", namespace, "addr", "add", `${subnet}.2/30`, "dev", deviceEnd);
    ip("-n", namespace, "link", "set", deviceEnd, "up");
    ip("-n", namespace, "link", "set", "lo", "up");
  } catch (error) {
    remove();
    throw error;
  }
  const dir = mkdtempSync(join(tmpdir(), "rms-lan-"));
  const wrapper = join(dir, "chromium");
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${namespace} ${chromiumPath} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return {
    hostAddress,
    chromiumPath: wrapper,
    remove() {
      remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
