import { expect, test, type Page } from "@playwright/test";
import { input, field } from "./support";

// Everything here runs with JavaScript off: the forms are plain HTML forms the server answers.
test.use({ javaScriptEnabled: false });

test("registering without JavaScript: errors come back with the typed values, then it succeeds", async ({ page }) => {
  const id = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const name = `سارة العتيبي ${id}`;

  await page.goto("/ar/register");
  await expect(page.locator('form.form input[name="csrf_token"]')).toHaveCount(1);
  await input(page, "name").fill(name);
  await input(page, "email").fill("sara-at-example");
  await input(page, "password").fill("short");

  const [failed] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.request().resourceType() === "document"),
    page.locator("form.form button[type=submit]").click(),
  ]);
  // The page comes back at once with 422, not through a redirect.
  expect.soft(failed.status()).toBe(422);
  await page.waitForLoadState("domcontentloaded");

  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("form.form div.form-error")).toBeVisible();
  await expect(field(page, "email").locator("p.field-error")).toBeVisible();
  await expect(field(page, "email")).toHaveClass(/\bhas-error\b/);
  await expect(field(page, "password").locator("p.field-error")).toBeVisible();
  await expect(field(page, "password")).toHaveClass(/\bhas-error\b/);
  await expect(field(page, "name").locator("p.field-error")).toHaveCount(0);
  await expect(input(page, "name")).toHaveValue(name);
  await expect(input(page, "email")).toHaveValue("sara-at-example");
  await expect(input(page, "password")).toHaveValue("");
  expect(await page.content()).not.toContain('value="short"');
  await expect(page.locator('input[name="form[role]"][value="talent"]')).toBeChecked();

  await input(page, "email").fill(`talent-nojs-${id}@example.com`);
  await input(page, "password").fill("nakhla-riyadh-2026-x");
  await page.locator("form.form button[type=submit]").click();

  await expect(page).toHaveURL(/\/ar\/account$/);
  await expect(page.locator("h1")).toContainText(name);
  await expect(page.locator("header form.inline-form button[type=submit]")).toBeVisible();
});

test("the casting call filter works without JavaScript", async ({ page }) => {
  await page.goto("/ar/casting-calls");
  const cards = page.locator("article.call-card");
  await expect(cards.first()).toBeVisible();

  // Filter by the city of the first call shown, so the filter has at least one result.
  const cities = await page
    .locator("select[name=city] option")
    .evaluateAll((opts) => opts.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent!.trim() })));
  const firstMeta = (await cards.first().locator("ul.call-meta li").allTextContents()).map((t) => t.trim());
  const city = cities.find((c) => c.value !== "" && firstMeta.includes(c.label));
  expect(city, `one of ${JSON.stringify(firstMeta)} is a city of the filter`).toBeTruthy();

  await page.locator("select[name=city]").selectOption(city!.value);
  await page.locator("form.filter-form button[type=submit]").click();

  await expect(page).toHaveURL((url) => url.pathname === "/ar/casting-calls" && url.searchParams.get("city") === city!.value);
  await expect(page.locator("select[name=city]")).toHaveValue(city!.value);
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  for (let i = 0; i < count; i++) {
    await expect(cards.nth(i).locator("ul.call-meta")).toContainText(city!.label);
  }

  // A second filter narrows further, and the city stays chosen.
  await page.locator("select[name=paid]").selectOption("paid");
  await page.locator("form.filter-form button[type=submit]").click();
  await expect(page).toHaveURL(
    (url) => url.searchParams.get("city") === city!.value && url.searchParams.get("paid") === "paid",
  );
  await expect(page.locator("select[name=city]")).toHaveValue(city!.value);
  await expect(page.locator("select[name=paid]")).toHaveValue("paid");
  const paidCards = page.locator("article.call-card");
  const paidCount = await paidCards.count();
  expect(paidCount).toBeLessThanOrEqual(count);
  for (let i = 0; i < paidCount; i++) {
    await expect(paidCards.nth(i).locator(".badges .badge-paid")).toBeVisible();
  }
});
