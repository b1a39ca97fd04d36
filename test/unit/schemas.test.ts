import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_XSD_DIR, SHARED_XSD_DIR } from "../support/xsd";

/**
 * The simulator validates requests against the repository's copy of Canada Post's schemas (schemas/, what
 * the package ships); the suites validate against the specification's. They must be the same files.
 */
describe("the repository's copy of Canada Post's XSDs", () => {
  const shared = readdirSync(SHARED_XSD_DIR)
    .filter((f) => f.endsWith(".xsd"))
    .sort();
  const copied = readdirSync(REPO_XSD_DIR)
    .filter((f) => f.endsWith(".xsd"))
    .sort();

  it("has every schema of the specification, and no other", () => {
    expect(shared.length).toBeGreaterThan(10);
    expect(copied).toEqual(shared);
  });

  it.each(shared)("%s is byte for byte the specification's", (file) => {
    const spec = readFileSync(join(SHARED_XSD_DIR, file));
    const copy = readFileSync(join(REPO_XSD_DIR, file));
    expect(copy.equals(spec)).toBe(true);
  });
});
