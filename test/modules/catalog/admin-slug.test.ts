import { chooseSlug, slugify, slugPattern, uniqueSlug } from "../../../src/modules/catalog/slug";

/** A lookup that answers from a fixed set, recording each call. */
function takenFrom(slugs: string[]) {
  const calls: string[][] = [];
  const lookup = async (candidates: string[]) => {
    calls.push(candidates);
    return candidates.filter((candidate) => slugs.includes(candidate));
  };
  return { lookup, calls };
}

describe("slugify", () => {
  test.each([
    ["Linen Shirt", "linen-shirt"],
    ["  Crème Brûlée — 2 pcs  ", "creme-brulee-2-pcs"],
    ["Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "fullwidth-abc"],
    ["Straße", "stra-e"],
    ["--a__b--", "a-b"],
    ["茶", ""],
    ["", ""],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  test("is at most 100 characters and never ends in a dash", () => {
    const slug = slugify(`${"word ".repeat(30)}`);
    expect(slug.length).toBeLessThanOrEqual(100);
    expect(slug).toMatch(slugPattern);
  });
});

describe("uniqueSlug", () => {
  test("the base when free, in one lookup", async () => {
    const { lookup, calls } = takenFrom([]);
    expect(await uniqueSlug("mug", lookup)).toBe("mug");
    expect(calls).toHaveLength(1);
  });

  test("the first free numbered suffix", async () => {
    expect(await uniqueSlug("mug", takenFrom(["mug", "mug-2", "mug-4"]).lookup)).toBe("mug-3");
  });

  test("a random suffix when -2 … -20 are all taken", async () => {
    const taken = ["mug", ...Array.from({ length: 19 }, (_, i) => `mug-${i + 2}`)];
    const slug = await uniqueSlug("mug", takenFrom(taken).lookup);
    expect(slug).toMatch(/^mug-[0-9a-f]{8}$/);
  });

  test("a suffix never pushes a 100-character base over 100", async () => {
    const base = "a".repeat(100);
    const slug = await uniqueSlug(base, takenFrom([base]).lookup);
    expect(slug).toBe(`${"a".repeat(98)}-2`);
  });
});

describe("chooseSlug", () => {
  test("a chosen free slug is kept, a taken one is a CONFLICT naming slug", async () => {
    expect(await chooseSlug("my-mug", "Mug", "product", takenFrom([]).lookup)).toBe("my-mug");
    await expect(chooseSlug("my-mug", "Mug", "product", takenFrom(["my-mug"]).lookup)).rejects.toMatchObject({
      extensions: { code: "CONFLICT", field: "slug" },
    });
  });

  test("without a choice: from the name, else the fallback", async () => {
    expect(await chooseSlug(null, "Big Mug", "product", takenFrom(["big-mug"]).lookup)).toBe("big-mug-2");
    expect(await chooseSlug(undefined, "茶", "category", takenFrom([]).lookup)).toBe("category");
  });
});
