/**
 * Waits until a check passes: a component renders again after its fetch resolves. `tick` lets the caller
 * wait its own way between tries (React tests wrap it in act()).
 */
export async function until(
  check: () => void,
  ms = 3000,
  tick: (wait: () => Promise<void>) => Promise<void> = (wait) => wait(),
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await tick(() => new Promise((r) => setTimeout(r, 10)));
    }
  }
}
