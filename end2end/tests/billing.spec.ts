import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { trackListeners, waitForListener, unique, input } from "./support";

// Billing end to end: a new talent on the free plan subscribes to Talent Pro through the sandbox
// gateway's hosted checkout (another origin, as Moyasar is), comes back to a confirmed payment,
// and finds the plan, the card and the numbered tax invoice with its QR code on the billing page.

const PASSWORD = "nakhla-riyadh-2026-x";

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v: Violation) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v: Violation) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), page.url()).toEqual([]);
}

async function newPage(browser: Browser, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ locale: "ar-SA" });
  const page = await context.newPage();
  page.on("pageerror", (err) => problems.push(`page error at ${page.url()}: ${err.message}`));
  page.on("console", (msg) => {
    if (/hydrat|panicked|unreachable|Refused to/i.test(msg.text())) problems.push(`console ${msg.type()} at ${page.url()}: ${msg.text()}`);
  });
  await trackListeners(page);
  return page;
}

test("a free talent subscribes to Pro through the sandbox checkout and gets a tax invoice", async ({ browser }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  const page = await newPage(browser, problems);

  await test.step("the plans are shown with VAT-inclusive prices, in both languages, to visitors too", async () => {
    for (const lang of ["ar", "en"]) {
      await page.goto(`/${lang}/plans`);
      // Fluent isolates the amount (FSI/PDI) inside the sentence; the number and currency are there.
      const price = page.locator("[data-plan=talent_pro] [data-testid=price-month]");
      await expect(price).toContainText("49");
      await expect(price).toContainText(lang === "ar" ? "ر.س" : "SAR");
      await expectNoSeriousViolations(page);
    }
  });

  const id = unique();
  await test.step("a new talent signs up and opens the checkout of Talent Pro", async () => {
    await page.goto("/ar/register");
    await waitForListener(page, "form.form", "submit");
    await page.locator(`input[name="form[role]"][value="talent"]`).check();
    await input(page, "name").fill(`سارة ${id}`);
    await input(page, "email").fill(`sara-${id}@example.com`);
    await input(page, "password").fill(PASSWORD);
    await page.locator("form.form button[type=submit]").click();
    await expect(page).toHaveURL(/\/ar\/account$/);
    await page.goto("/ar/plans");
    await expect(page.locator("[data-plan=talent_free] [data-testid=current-plan]")).toBeVisible();
    await expect(page.locator("[data-plan=hirer_studio]")).toHaveCount(0);
    await waitForListener(page, "[data-plan=talent_pro] form[data-testid=checkout-form]", "submit");
    await page.locator("[data-plan=talent_pro] [data-testid=subscribe]").click();
  });

  await test.step("the gateway's page is marked as a sandbox; a declined card is said, an approved one pays", async () => {
    await expect(page.locator("[data-testid=sandbox-banner]")).toBeVisible({ timeout: 20_000 });
    await expect(page.locator("[data-testid=sandbox-amount]")).toHaveText("49.00 SAR");
    await page.locator('input[name="name"]').fill("SARA");
    await page.locator('input[name="number"]').fill("4000000000000002");
    await page.locator("[data-testid=sandbox-pay]").click();
    await expect(page.locator(".error")).toBeVisible();
    await page.locator('input[name="number"]').fill("4111 1111 1111 1111");
    await page.locator("[data-testid=sandbox-pay]").click();
  });

  await test.step("back on TakeOne, the payment is confirmed from the gateway, not from the address", async () => {
    await expect(page).toHaveURL(/\/ar\/billing\/return\?checkout=/);
    await expect(page.locator("[data-testid=checkout-status]")).toHaveAttribute("data-status", "paid");
    await expectNoSeriousViolations(page);
    await page.goto(page.url().replace("/ar/", "/en/"));
    await expect(page.locator("[data-testid=checkout-status]")).toContainText("Your plan is active");
    await expectNoSeriousViolations(page);
  });

  await test.step("the billing page shows the plan, the card and the invoice; the invoice has its QR code", async () => {
    for (const lang of ["ar", "en"]) {
      await page.goto(`/${lang}/account/billing`);
      await expect(page.locator("[data-testid=billing-plan]")).toHaveAttribute("data-plan", "talent_pro");
      await expect(page.locator("[data-testid=card]")).toHaveText("VISA •••• 1111");
      await expectNoSeriousViolations(page);
    }
    await page.locator("tr[data-invoice] a").first().click();
    await expect(page.locator("[data-testid=tax-invoice]")).toBeVisible();
    await expect(page.locator("[data-testid=invoice-qr] svg")).toBeVisible();
    await expect(page.locator("[data-testid=invoice-total]")).toContainText("49");
    await expectNoSeriousViolations(page);
  });

  expect(problems, problems.join("\n")).toEqual([]);
  await page.context().close();
});
