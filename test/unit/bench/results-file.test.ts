import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeResultsSection } from "../../../bench/results-file";

/** bench/RESULTS.md: each recording command rewrites its own section and keeps the others as recorded. */
describe("RESULTS.md sections", () => {
  const dir = mkdtempSync(join(tmpdir(), "results-file-"));
  const file = join(dir, "RESULTS.md");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("appends a new section, replaces its own, and leaves the others and the heading alone", async () => {
    writeFileSync(
      file,
      "# Benchmark results\n\n<!-- bench -->\n\n## Benchmarks\n\nold bench\n\n<!-- /bench -->\n",
    );
    await writeResultsSection("faults", "## Fault matrix\n\nfirst", file);
    await writeResultsSection("bench", "## Benchmarks\n\nnew bench", file);
    await writeResultsSection("faults", "## Fault matrix\n\nsecond", file);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# Benchmark results\n")).toBe(true);
    expect(text).toContain("new bench");
    expect(text).not.toContain("old bench");
    expect(text).toContain("second");
    expect(text).not.toContain("first");
    expect(text.indexOf("<!-- bench -->")).toBeLessThan(text.indexOf("<!-- faults -->"));
    expect(text.match(/<!-- faults -->/g)).toHaveLength(1);
  });
});
