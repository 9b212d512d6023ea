import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "..", "eval-data");

// The copies must stay byte for byte what upstream published (see eval-data/README.md).
const expected: Array<[string, string]> = [
  [
    "bitext-customer-support/Bitext_Sample_Customer_Support_Training_Dataset.csv",
    "079b0cec48d34c319c9877b6d178390bf7187a7f7a604958e0ed5a096bba5af6",
  ],
  [
    "bitext-customer-support/LICENSE.txt",
    "f6054388eae4947a769ca2020c54e6d394eb01c41d58db55bb6cfd24ce71cdd8",
  ],
  ["clinc150/data_full.json", "36923c3705a59e08fe9c3883d8bc2dd966ef93e22cb78ac41171782a698d56e0"],
  ["clinc150/LICENSE", "e6bc9e9c474700b708f568bac9e5a8a9bcb2b1dad53442f5ba449fcb848b8e76"],
];

describe("vendored eval data", () => {
  it.each(expected)("%s matches its published sha256", (file, sha256) => {
    const digest = createHash("sha256")
      .update(readFileSync(join(dir, file)))
      .digest("hex");
    expect(digest).toBe(sha256);
  });

  it("keeps the attribution lines in the README", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    expect(readme).toContain(
      "Bitext Customer Service Tagged Training Dataset (c) Bitext Innovations, CDLA-Sharing-1.0",
    );
    expect(readme).toContain(
      "CLINC150 / oos-eval (Larson et al., 2019), clinc/oos-eval, CC BY 3.0",
    );
  });
});
