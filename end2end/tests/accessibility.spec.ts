import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : "";
      return `[${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join("\n\n");
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious, `accessibility violations on ${page.url()}:\n\n${describe(serious)}`).toEqual([]);
}

test("the Arabic casting call list has no serious accessibility violations", async ({ page }) => {
  await page.goto("/ar/casting-calls");
  await expect(page.locator("article.call-card").first()).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("a casting call detail page has no serious accessibility violations", async ({ page }) => {
  await page.goto("/ar/casting-calls");
  const href = await page.locator("a.call-card-title").first().getAttribute("href");
  await page.goto(href!);
  await expect(page.locator("section.roles li.role-card").first()).toBeVisible();
  await expectNoSeriousViolations(page);
});

test("the English casting call list has no serious accessibility violations", async ({ page }) => {
  await page.goto("/en/casting-calls");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("article.call-card").first()).toBeVisible();
  await expectNoSeriousViolations(page);
});
