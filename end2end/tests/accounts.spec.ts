import { expect, test, type Page } from "@playwright/test";
import { trackListeners, waitForListener, unique, input, field } from "./support";

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/ar/login");
  await waitForListener(page, "form.form", "submit");
  await page.locator('input[name="form[email]"]').fill(email);
  await page.locator('input[name="form[password]"]').fill(password);
  await page.locator("form.form button[type=submit]").click();
}

test.beforeEach(async ({ page }) => {
  await trackListeners(page);
});

test("a talent registers in Arabic, logs out and logs in again", async ({ page }) => {
  const id = unique();
  const name = `نورة الشهري ${id}`;
  const email = `talent-${id}@example.com`;
  const password = "nakhla-riyadh-2026-x";

  await page.goto("/ar/register");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await waitForListener(page, "form.form", "submit");
  await expect(page.locator('form.form input[name="csrf_token"]')).toHaveCount(1);
  await page.locator('input[name="form[role]"][value="talent"]').check();
  await page.locator('input[name="form[name]"]').fill(name);
  await page.locator('input[name="form[email]"]').fill(email);
  await page.locator('input[name="form[password]"]').fill(password);
  await page.locator("form.form button[type=submit]").click();

  await expect(page).toHaveURL(/\/ar\/account$/);
  await expect(page.locator("h1")).toContainText(name);
  await expect(page.locator("main")).toContainText(email);

  // Signed in: the header offers the account and logging out, not logging in.
  const logout = page.locator("header form.inline-form button[type=submit]");
  await expect(logout).toBeVisible();
  await expect(page.locator('header a[href="/ar/account"]')).toBeVisible();
  await expect(page.locator('header a[href$="/login"]')).toHaveCount(0);

  await waitForListener(page, "header form.inline-form", "submit");
  await logout.click();
  await expect(page).toHaveURL(/\/ar\/$/);
  await expect(page.locator('header a[href$="/login"]')).toBeVisible();
  await expect(page.locator("header form.inline-form")).toHaveCount(0);

  // Logged out for real: the account page asks to log in.
  await page.goto("/ar/account");
  await expect(page.locator('main a[href="/ar/login"]')).toBeVisible();
  await expect(page.locator("main")).not.toContainText(name);

  await logIn(page, email, password);
  await expect(page).toHaveURL(/\/ar\/account$/);
  await expect(page.locator("h1")).toContainText(name);
});

test("a wrong password shows the same banner as an unknown email and keeps the email", async ({ page }) => {
  const banner = page.locator("form.form div.form-error");
  const loginPost = () =>
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/api/fn/login"));

  // An email nobody registered.
  const unknown = `nobody-${unique()}@example.com`;
  let response = loginPost();
  await logIn(page, unknown, "nakhla-riyadh-2026-x");
  await response;
  await expect(banner).toBeVisible();
  // "The email or password is incorrect."
  await expect(banner).toHaveText("البريد الإلكتروني أو كلمة المرور غير صحيحة.");
  const unknownMessage = (await banner.textContent())!.trim();
  await expect(page.locator('input[name="form[email]"]')).toHaveValue(unknown);

  // A real account with a wrong password: the very same message.
  response = loginPost();
  await logIn(page, "talent@demo.takeone.sa", "wrong-password-2026");
  await response;
  await expect(banner).toHaveText(unknownMessage);
  await expect(page.locator('input[name="form[email]"]')).toHaveValue("talent@demo.takeone.sa");
  await expect(page).not.toHaveURL(/\/account$/);
  await expect(field(page, "email").locator("p.field-error")).toHaveCount(0);

  // And the right password still works (this also resets the account's failure count).
  await page.locator('input[name="form[password]"]').fill("kafd-noir-talent-2026");
  await page.locator("form.form button[type=submit]").click();
  await expect(page).toHaveURL(/\/ar\/account$/);
  await expect(page.locator("h1")).toBeVisible();
});
