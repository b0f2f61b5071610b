import { processCpuMs } from './proc.js';

/** CPU used while a section ran: the server's (from /proc) and this process's (the SDK client's). */
export interface CpuUse {
  serverMs: number;
  clientMs: number;
}

/**
 * Run `section` and report the CPU the server process and this process used meanwhile. On a machine
 * with few cores the client competes with the server, so these say what part of a latency is whose.
 *
 * @example
 * const [run, cpu] = await withCpu(serverPid, () => runPool(1000, 8, getTable));
 * cpu.serverMs / 1000 // server CPU per GetTable
 */
export async function withCpu<T>(serverPid: number, section: () => Promise<T>): Promise<[T, CpuUse]> {
  const server = processCpuMs(serverPid);
  const client = process.cpuUsage();
  const result = await section();
  const used = process.cpuUsage(client);
  return [result, { serverMs: processCpuMs(serverPid) - server, clientMs: (used.user + used.system) / 1000 }];
}
