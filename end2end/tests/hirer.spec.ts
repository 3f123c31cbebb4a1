import { expect, test, type Page, type Request } from "@playwright/test";
import { trackListeners, waitForListener, UUID, input, field } from "./support";

/** `YYYY-MM-DD`, `days` from today. */
function dateIn(days: number): string {
  const d = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return d.toISOString().slice(0, 10);
}

test("a hirer publishes a casting call with two roles", async ({ page }) => {
  await trackListeners(page);
  const stamp = Date.now();
  const title = `تجربة أداء لإعلان تمور رمضان ${stamp}`;
  const description = "نبحث عن عائلة سعودية لإعلان تلفزيوني قصير عن تمور المدينة، التصوير يوم واحد في الرياض.";
  const deadline = dateIn(10);

  await test.step("log in as the demo hirer", async () => {
    await page.goto("/ar/login");
    await waitForListener(page, "form.form", "submit");
    await input(page, "email").fill("hirer@demo.takeone.sa");
    await input(page, "password").fill("kafd-noir-hirer-2026");
    await page.locator("form.form button[type=submit]").click();
    await expect(page).toHaveURL(/\/ar\/account$/);
    // The account page of a hirer offers posting a call.
    await expect(page.locator('main a[href="/ar/hirer/calls/new"]')).toBeVisible();
  });

  await test.step("the add-role button works in the browser, without a request", async () => {
    // A full page load, so what follows proves the server-rendered form hydrated.
    await page.goto("/ar/hirer/calls/new");
    await expect(page.locator("h1")).toBeVisible();
    const addRole = page.locator("[data-testid=add-role]");
    await waitForListener(page, "[data-testid=add-role]", "click");
    const fieldsets = page.locator("fieldset.role-fieldset");
    const before = await fieldsets.count();
    expect(before).toBeGreaterThanOrEqual(1);

    const serverCalls: string[] = [];
    const onRequest = (r: Request) => {
      if (new URL(r.url()).pathname.startsWith("/api/fn/")) serverCalls.push(`${r.method()} ${r.url()}`);
    };
    page.on("request", onRequest);
    await addRole.click();
    await expect(fieldsets).toHaveCount(before + 1);
    await expect(page).toHaveURL(/\/ar\/hirer\/calls\/new$/);
    page.off("request", onRequest);
    expect(serverCalls, "adding a role must not ask the server").toEqual([]);
    expect(before + 1).toBe(2);
  });

  await test.step("a blank title and an inverted age range are reported next to their fields", async () => {
    await input(page, "description").fill(description);
    await input(page, "city").selectOption("riyadh");
    await input(page, "project_type").selectOption("commercial");
    await input(page, "deadline").fill(deadline);

    await input(page, "roles][0][name").fill("الأب");
    await input(page, "roles][0][gender").selectOption("male");
    await input(page, "roles][0][paid").selectOption("paid");
    await input(page, "roles][0][age_min").fill("50");
    await input(page, "roles][0][age_max").fill("35");
    await input(page, "roles][0][compensation").fill("1500");

    await input(page, "roles][1][name").fill("الابنة");
    await input(page, "roles][1][gender").selectOption("female");
    await input(page, "roles][1][paid").selectOption("unpaid");
    await input(page, "roles][1][age_min").fill("٢٠"); // Arabic-Indic digits
    await input(page, "roles][1][age_max").fill("28");

    await page.locator('button[name="form[intent]"][value="publish"]').click();

    await expect(page.locator("form.form div.form-error")).toBeVisible();
    await expect(field(page, "title").locator("p.field-error")).toBeVisible();
    await expect(field(page, "title")).toHaveClass(/\bhas-error\b/);
    await expect(field(page, "roles][0][age_max").locator("p.field-error")).toBeVisible();
    await expect(field(page, "roles][0][age_max")).toHaveClass(/\bhas-error\b/);
    // Only those two fields are in error.
    await expect(page.locator("form.form p.field-error")).toHaveCount(2);
    await expect(page).toHaveURL(/\/ar\/hirer\/calls\/new$/);

    // Everything else is still as typed, and the form did not grow or lose role rows.
    await expect.soft(page.locator("fieldset.role-fieldset")).toHaveCount(2);
    await expect(input(page, "description")).toHaveValue(description);
    await expect(input(page, "city")).toHaveValue("riyadh");
    await expect(input(page, "project_type")).toHaveValue("commercial");
    await expect(input(page, "deadline")).toHaveValue(deadline);
    await expect(input(page, "roles][0][name")).toHaveValue("الأب");
    await expect(input(page, "roles][0][compensation")).toHaveValue("1500");
    await expect(input(page, "roles][1][name")).toHaveValue("الابنة");
    await expect(input(page, "roles][1][paid")).toHaveValue("unpaid");
    await expect(input(page, "roles][1][age_min")).toHaveValue("٢٠");
  });

  let callUrl = "";
  await test.step("with the errors fixed the call is published and shown", async () => {
    await input(page, "title").fill(title);
    await input(page, "roles][0][age_min").fill("35");
    await input(page, "roles][0][age_max").fill("50");
    await page.locator('button[name="form[intent]"][value="publish"]').click();

    await expect(page).toHaveURL(new RegExp(`/ar/casting-calls/${UUID}$`));
    callUrl = new URL(page.url()).pathname;
    await expect(page.locator("h1")).toHaveText(title);
    const roles = page.locator("section.roles li.role-card");
    await expect(roles).toHaveCount(2);
    await expect(roles.locator(".role-name")).toHaveText(["الأب", "الابنة"]);
    // The Arabic-Indic age was understood as 20.
    await expect(roles.nth(1)).toContainText(/20|٢٠/);
    await expect(page.locator('script[type="application/ld+json"]')).toHaveCount(1);
  });

  await test.step("the call is in the hirer's list and first on the public list", async () => {
    await page.goto("/ar/hirer/calls");
    const row = page.locator("table tbody tr", { has: page.locator(`a[href="${callUrl}"]`) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(title);

    await page.goto("/ar/casting-calls");
    const first = page.locator("article.call-card a.call-card-title").first();
    await expect(first).toHaveText(title);
    await expect(first).toHaveAttribute("href", callUrl);
  });
});

test("the new-call form is refused to a visitor who is not signed in", async ({ page }) => {
  const response = await page.goto("/ar/hirer/calls/new");
  expect(response?.status()).toBe(401);
  await expect(page.locator('form.form [name="form[title]"]')).toHaveCount(0);
  await expect(page.locator('main a[href="/ar/login"]')).toBeVisible();
});
