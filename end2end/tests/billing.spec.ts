import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import * as fs from "node:fs";
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

function dateIn(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

test("a free talent's sixth application this month asks for Pro; paid on the sandbox, it goes through; the invoice PDF downloads", async ({ browser }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  const id = unique();

  // The demo hirer (Studio) publishes one call with six roles: six applications, one call.
  const hirer = await newPage(browser, problems);
  let call = "";
  await test.step("a call with six roles is published", async () => {
    await hirer.goto("/ar/login");
    await waitForListener(hirer, "form.form", "submit");
    await input(hirer, "email").fill("hirer@demo.takeone.sa");
    await input(hirer, "password").fill("kafd-noir-hirer-2026");
    await hirer.locator("form.form button[type=submit]").click();
    await expect(hirer).toHaveURL(/\/ar\/account/);
    await hirer.goto("/ar/hirer/calls/new");
    await waitForListener(hirer, "[data-testid=add-role]", "click");
    await input(hirer, "title").fill(`مسلسل الحارة ${id}`);
    await input(hirer, "description").fill("نبحث عن ممثلين لمسلسل اجتماعي يصور في جدة خلال أسبوعين.");
    await input(hirer, "city").selectOption("jeddah");
    await input(hirer, "project_type").selectOption("tv_series");
    await input(hirer, "deadline").fill(dateIn(14));
    for (let i = 0; i < 6; i++) {
      if (i > 0) await hirer.locator("[data-testid=add-role]").click();
      await input(hirer, `roles][${i}][name`).fill(`الدور ${i + 1}`);
      await input(hirer, `roles][${i}][gender`).selectOption("any");
      await input(hirer, `roles][${i}][paid`).selectOption("paid");
      await input(hirer, `roles][${i}][age_min`).fill("18");
      await input(hirer, `roles][${i}][age_max`).fill("40");
      await input(hirer, `roles][${i}][compensation`).fill("1500");
    }
    await hirer.locator('button[name="form[intent]"][value="publish"]').click();
    await expect(hirer).toHaveURL(/\/ar\/casting-calls\/[0-9a-f-]{36}$/);
    call = new URL(hirer.url()).pathname;
  });

  const talent = await newPage(browser, problems);
  await test.step("a new talent completes a profile", async () => {
    await talent.goto("/ar/register");
    await waitForListener(talent, "form.form", "submit");
    await talent.locator(`input[name="form[role]"][value="talent"]`).check();
    await input(talent, "name").fill(`هند ${id}`);
    await input(talent, "email").fill(`hind-${id}@example.com`);
    await input(talent, "password").fill(PASSWORD);
    await talent.locator("form.form button[type=submit]").click();
    await expect(talent).toHaveURL(/\/ar\/account$/);
    await talent.goto("/ar/profile");
    await waitForListener(talent, "form.form", "submit");
    await input(talent, "stage_name").fill(`هند ${id}`);
    await input(talent, "gender").selectOption("female");
    await input(talent, "date_of_birth").fill("1999-02-02");
    await input(talent, "city").selectOption("jeddah");
    await input(talent, "nationality").selectOption("sa");
    await input(talent, "playing_age_min").fill("20");
    await input(talent, "playing_age_max").fill("30");
    await input(talent, "visibility").selectOption("hirers");
    await input(talent, "bio_ar").fill("ممثلة من جدة شاركت في أعمال مسرحية وإعلانات محلية.");
    await talent.locator('input[name^="form[skills]"][value="acting"]').check();
    await input(talent, "languages][0][language").selectOption("ar");
    await input(talent, "languages][0][level").selectOption("native");
    await talent.locator('button[name="form[intent]"][value="save"]').click();
    await expect(talent).toHaveURL(/\/ar\/talent\/[0-9a-f-]{36}$/);
  });

  // The call's page keeps an apply button on each role: the n-th role's.
  const applyTo = async (role: number) => {
    await talent.goto(call);
    await talent.locator("[data-testid=apply]").nth(role).click();
    await expect(talent).toHaveURL(/\/apply$/);
    await waitForListener(talent, "form.form", "submit");
    await input(talent, "cover_note").fill("جاهزة للتصوير في جدة.");
    await talent.locator("form.form button[type=submit]").click();
  };

  await test.step("five applications go through on the free plan", async () => {
    for (let i = 0; i < 5; i++) {
      await applyTo(i);
      await expect(talent).toHaveURL(/\/ar\/applications\/[0-9a-f-]{36}$/);
    }
  });

  await test.step("the sixth says what the plan allows, keeps the note, and links to the plans", async () => {
    await applyTo(5);
    await expect(talent.locator(".form-error")).toBeVisible();
    await expect(input(talent, "cover_note")).toHaveValue("جاهزة للتصوير في جدة.");
    await expectNoSeriousViolations(talent);
    await talent.locator("[data-testid=upgrade-link]").click();
    await expect(talent).toHaveURL(/\/ar\/plans$/);
    await expect(talent.locator("[data-testid=plan-usage]")).toContainText("5");
  });

  await test.step("Pro is paid on the sandbox, and the sixth application goes through", async () => {
    await waitForListener(talent, "[data-plan=talent_pro] form[data-testid=checkout-form]", "submit");
    await talent.locator("[data-plan=talent_pro] [data-testid=subscribe]").click();
    await expect(talent.locator("[data-testid=sandbox-banner]")).toBeVisible({ timeout: 20_000 });
    await talent.locator('input[name="name"]').fill("HIND");
    await talent.locator('input[name="number"]').fill("4111111111111111");
    await talent.locator("[data-testid=sandbox-pay]").click();
    await expect(talent.locator("[data-testid=checkout-status]")).toHaveAttribute("data-status", "paid");
    await applyTo(5);
    await expect(talent).toHaveURL(/\/ar\/applications\/[0-9a-f-]{36}$/);
  });

  await test.step("the invoice downloads as a PDF from the billing page", async () => {
    await talent.goto("/ar/account/billing");
    const [download] = await Promise.all([talent.waitForEvent("download"), talent.locator("[data-testid=invoice-pdf]").first().click()]);
    expect(download.suggestedFilename()).toMatch(/^INV-\d{6}\.pdf$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
  });

  expect(problems, problems.join("\n")).toEqual([]);
  await talent.context().close();
  await hirer.context().close();
});
