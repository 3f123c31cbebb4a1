import { expect, test } from "@playwright/test";
import { trackListeners, waitForListener, input, unique } from "./support";

test("casting call search answers as one types, marks why each call matched", async ({ page }) => {
  await trackListeners(page);
  await page.goto("/ar/search");
  await waitForListener(page, "form.search-form", "input");
  // A marker on the window: it survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { __stay: number }).__stay = 1));
  await page.locator("#search-q").pressSequentially("كمبارس بجدة", { delay: 30 });
  await expect(page).toHaveURL(/\/ar\/search\?q=/);
  // Other tests may publish calls of the same title: any of them will do.
  const hit = page.locator(".search-hit", { hasText: "كومبارس جمهور لفيلم كرة قدم" }).first();
  await expect(hit).toBeVisible();
  await expect(hit.locator("mark").first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __stay?: number }).__stay)).toBe(1);
  // A filter narrows at once; facets count what is shown.
  await page.locator("#search-city").selectOption("riyadh");
  await expect(page.getByTestId("search-empty")).toBeVisible();
  await expect(page.locator(".relax a").first()).toBeVisible();
  await page.locator(".relax a").first().click();
  await expect(hit).toBeVisible();
});

test("the search form works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/en/search");
  await page.locator("#search-q").fill("extras Jiddah");
  await page.locator("#search-q").press("Enter");
  await expect(page).toHaveURL(/\/en\/search\?q=extras\+Jiddah/);
  await expect(page.locator(".search-hit", { hasText: "كومبارس جمهور" }).first()).toBeVisible();
  await expect(page.locator(".facet[data-facet=city]")).toContainText("(");
  await context.close();
});

test("a hirer finds talent and saves the search", async ({ page }) => {
  await trackListeners(page);
  await page.goto("/ar/login");
  await waitForListener(page, "form.form", "submit");
  await input(page, "email").fill("hirer@demo.takeone.sa");
  await input(page, "password").fill("kafd-noir-hirer-2026");
  await page.locator("form.form button[type=submit]").click();
  await expect(page).toHaveURL(/\/ar\/(account|hirer)/);
  await page.goto("/ar/talent-search?q=" + encodeURIComponent("ممثل"));
  // Talent results are cards a casting director judges at a glance.
  await expect(page.locator("[data-testid=talent-card]").first()).toBeVisible();
  const name = `ممثلون ${unique()}`;
  await page.locator(".save-search summary").click();
  await waitForListener(page, ".save-search form", "submit");
  await page.locator(".save-search [name='form[name]']").fill(name);
  // Leave only once the save has answered: navigating away would cancel it.
  const saved = page.waitForResponse((r) => r.url().includes("/api/fn/save_search"));
  await page.locator(".save-search button[type=submit]").click();
  expect((await saved).ok()).toBeTruthy();
  await page.goto("/ar/saved-searches");
  await expect(page.locator(".saved-search", { hasText: name })).toBeVisible();
});
