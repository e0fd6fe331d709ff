/**
 * True while a process with this pid exists (signal 0 checks without signalling); a negative
 * pid asks for any process of that process group.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
