/**
 * Waits for something Medusa does after answering (subscribers run on its event bus): asks again every
 * 100 ms until the answer passes, and fails with the last answer if it never does.
 */
export async function eventually<T>(
  ask: () => Promise<T>,
  passes: (value: T) => boolean,
  { timeoutMs = 15_000, what = "the expected state" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await ask();
  while (!passes(last)) {
    if (Date.now() > deadline)
      throw new Error(`${what} not reached within ${timeoutMs} ms; last answer: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await ask();
  }
  return last;
}
