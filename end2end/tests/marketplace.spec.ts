import { expect, test, type Browser, type Page } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { trackListeners, waitForListener, waitForHydration, unique, input, UUID } from "./support";

const PASSWORD = "nakhla-riyadh-2026-x";

/** `YYYY-MM-DD`, `days` from today. */
function dateIn(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

type Mail = { to: string; subject: string; text: string };

/** Waits until the development mail folder holds a mail to `to` matching `pattern`. */
async function mailTo(to: string, pattern: RegExp): Promise<Mail> {
  const dir = process.env.E2E_MAIL_DIR;
  expect(dir, "scripts/test passes the mail folder as E2E_MAIL_DIR").toBeTruthy();
  for (let i = 0; i < 100; i++) {
    const files = fs.existsSync(dir!) ? fs.readdirSync(dir!).filter((f) => f.endsWith(".json") && !f.startsWith(".")) : [];
    for (const f of files) {
      const m = JSON.parse(fs.readFileSync(path.join(dir!, f), "utf8")) as Mail;
      if (m.to === to && (pattern.test(m.subject) || pattern.test(m.text))) return m;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} matching ${pattern}`);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "ar-SA" });
  const page = await context.newPage();
  await trackListeners(page);
  return page;
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/ar/login");
  await waitForListener(page, "form.form", "submit");
  await input(page, "email").fill(email);
  await input(page, "password").fill(password);
  await page.locator("form.form button[type=submit]").click();
  await expect(page).toHaveURL(/\/ar\/account/);
}

async function signUp(page: Page, role: "talent" | "guardian", name: string, email: string, query = "") {
  await page.goto(`/ar/register${query}`);
  await waitForListener(page, "form.form", "submit");
  await page.locator(`input[name="form[role]"][value="${role}"]`).check();
  await input(page, "name").fill(name);
  await input(page, "email").fill(email);
  await input(page, "password").fill(PASSWORD);
  await page.locator("form.form button[type=submit]").click();
}

/** The demo hirer publishes a call with one role; its address and the role's worksheet. */
async function publishCall(page: Page, title: string): Promise<{ call: string; worksheet: string }> {
  await logIn(page, "hirer@demo.takeone.sa", "kafd-noir-hirer-2026");
  await page.goto("/ar/hirer/calls/new");
  await waitForListener(page, "[data-testid=add-role]", "click");
  await input(page, "title").fill(title);
  await input(page, "description").fill("نبحث عن موهبة شابة لإعلان تلفزيوني قصير يصور في الرياض خلال يوم واحد.");
  await input(page, "city").selectOption("riyadh");
  await input(page, "project_type").selectOption("commercial");
  await input(page, "deadline").fill(dateIn(14));
  await input(page, "roles][0][name").fill("الدور الرئيسي");
  await input(page, "roles][0][gender").selectOption("any");
  await input(page, "roles][0][paid").selectOption("paid");
  await input(page, "roles][0][age_min").fill("10");
  await input(page, "roles][0][age_max").fill("40");
  await input(page, "roles][0][compensation").fill("2000");
  await page.locator('button[name="form[intent]"][value="publish"]').click();
  await expect(page).toHaveURL(new RegExp(`/ar/casting-calls/${UUID}$`));
  const call = new URL(page.url()).pathname;
  const worksheet = await page.locator("section.roles li.role-card a[href*='/roles/']").first().getAttribute("href");
  return { call, worksheet: worksheet! };
}

async function completeProfile(page: Page, name: string, born: string) {
  await page.goto("/ar/profile");
  await waitForListener(page, "form.form", "submit");
  await input(page, "stage_name").fill(name);
  await input(page, "gender").selectOption("female");
  await input(page, "date_of_birth").fill(born);
  await input(page, "city").selectOption("jeddah");
  await input(page, "nationality").selectOption("sa");
  await input(page, "playing_age_min").fill("١٨"); // Arabic-Indic digits
  await input(page, "playing_age_max").fill("25");
  await input(page, "visibility").selectOption("hirers");
  await input(page, "bio_ar").fill("ممثلة من جدة، درست المسرح وشاركت في إعلانات محلية.");
  await page.locator('input[name^="form[dialects]"][value="hijazi"]').check();
  await page.locator('input[name^="form[skills]"][value="acting"]').check();
  await input(page, "languages][0][language").selectOption("ar");
  await input(page, "languages][0][level").selectOption("native");
  await page.locator('button[name="form[intent]"][value="save"]').click();
  await expect(page).toHaveURL(new RegExp(`/ar/talent/${UUID}$`));
  await expect(page.locator("h1")).toHaveText(name);
}

test("a talent completes a profile in Arabic and applies; the hirer shortlists and books; the talent sees it all", async ({ browser }) => {
  const id = unique();
  const name = `ريم الزهراني ${id}`;
  const email = `reem-${id}@example.com`;
  const hirer = await newPage(browser);
  const talent = await newPage(browser);
  const { call, worksheet } = await publishCall(hirer, `إعلان عصير ${id}`);

  await test.step("the talent signs up and completes the profile", async () => {
    await signUp(talent, "talent", name, email);
    await expect(talent).toHaveURL(/\/ar\/account$/);
    await completeProfile(talent, name, "2001-04-10");
    // The profile tells what would complete it, and says who can see it.
    await expect(talent.locator("main")).toContainText(/جهات التوظيف/);
  });

  let application = "";
  await test.step("the talent applies with a cover note", async () => {
    await talent.goto(call);
    await talent.locator("[data-testid=apply]").first().click();
    await expect(talent).toHaveURL(/\/apply$/);
    await waitForListener(talent, "form.form", "submit");
    await input(talent, "cover_note").fill("درست التمثيل وجاهزة للتصوير في أي يوم.");
    await talent.locator("form.form button[type=submit]").click();
    await expect(talent).toHaveURL(new RegExp(`/ar/applications/${UUID}$`));
    application = new URL(talent.url()).pathname;
    await expect(talent.locator(".badge.status")).toHaveAttribute("data-status", "submitted");
  });

  await test.step("the hirer finds the applicant in the worksheet, shortlists, then books", async () => {
    await hirer.goto(worksheet);
    const row = hirer.locator("table.worksheet tbody tr", { hasText: name });
    await expect(row).toHaveCount(1);
    await row.locator(".applicant-cell a").click();
    await expect(hirer).toHaveURL(new RegExp(application + "$"));
    await waitForListener(hirer, "form:has(button[data-move=shortlisted])", "submit");
    await hirer.locator("button[data-move=shortlisted]").click();
    await expect(hirer.locator("article.application")).toHaveAttribute("data-status", "shortlisted");
    await hirer.locator("button[data-move=booked]").click();
    await expect(hirer.locator("article.application")).toHaveAttribute("data-status", "booked");
    await expect(hirer.locator("section.contact")).toContainText(email);
  });

  await test.step("the talent sees the whole timeline, and the mail landed in the folder", async () => {
    await talent.goto(application);
    await expect(talent.locator(".badge.status")).toHaveAttribute("data-status", "booked");
    await expect(talent.locator(".timeline-item")).toHaveCount(3);
    await expect(talent.locator(".timeline-item").last()).toHaveAttribute("data-status", "booked");
    await expect(talent.locator("section.notes")).toHaveCount(0);
    const mail = await mailTo(email, /محجوز/);
    expect(mail.text).toContain(application);
    // And the bell counts the news.
    await talent.goto("/ar/notifications");
    await expect(talent.locator(".notification-unread").first()).toBeVisible();
  });

  await test.step("administrators read the same mail on the mail page", async () => {
    const admin = await newPage(browser);
    await logIn(admin, "admin@demo.takeone.sa", "kafd-noir-admin-2026");
    await admin.goto("/ar/admin/mail");
    await expect(admin.locator(`li.mail[data-to="${email}"]`).first()).toBeVisible();
  });
});

test("a minor cannot apply until the guardian accepts, and the hirer sees the application only after approval", async ({ browser }) => {
  const id = unique();
  const minorName = `سلمى ${id}`;
  const minorEmail = `salma-${id}@example.com`;
  const guardianEmail = `mother-${id}@example.com`;
  const hirer = await newPage(browser);
  const minor = await newPage(browser);
  const guardian = await newPage(browser);
  const { call, worksheet } = await publishCall(hirer, `مسلسل الأسرة ${id}`);

  await signUp(minor, "talent", minorName, minorEmail);
  await expect(minor).toHaveURL(/\/ar\/account$/);
  await completeProfile(minor, minorName, "2013-02-02");

  await test.step("without a guardian the apply page refuses and says why", async () => {
    await minor.goto(call);
    await minor.locator("[data-testid=apply]").first().click();
    await expect(minor.locator(".notice-warning[role=alert]")).toBeVisible();
    await expect(minor.locator("form.form textarea")).toHaveCount(0);
  });

  await test.step("the minor invites a guardian, who signs up from the mail and accepts", async () => {
    await minor.goto("/ar/profile");
    await waitForListener(minor, "section.guardian form", "submit");
    await minor.locator('section.guardian input[name="form[email]"]').fill(guardianEmail);
    await minor.locator("section.guardian form button[type=submit]").click();
    await expect(minor.locator("section.guardian .notice-success")).toBeVisible();
    const mail = await mailTo(guardianEmail, /guardian\/accept\?token=/);
    const link = mail.text.match(/https?:\/\/\S+guardian\/accept\?token=[A-Za-z0-9_-]+/)![0];
    await guardian.goto(new URL(link).pathname + new URL(link).search);
    await guardian.locator(`a[href*="register?role=guardian"]`).click();
    await waitForListener(guardian, "form.form", "submit");
    await expect(guardian.locator('input[name="form[role]"][value="guardian"]')).toBeChecked();
    await input(guardian, "name").fill(`أم سلمى ${id}`);
    await input(guardian, "email").fill(guardianEmail);
    await input(guardian, "password").fill(PASSWORD);
    await guardian.locator("form.form button[type=submit]").click();
    await expect(guardian).toHaveURL(/\/ar\/guardian\/accept\?token=/);
    const accept = new URL(guardian.url());
    // An unconfirmed address cannot accept: the page says so, at the form.
    await waitForListener(guardian, "form.form", "submit");
    await guardian.locator("form.form button[type=submit]").click();
    await expect(guardian.locator("form.form [role=alert]")).toBeVisible();
    await expect(guardian).toHaveURL(/\/ar\/guardian\/accept\?token=/);
    const verify = await mailTo(guardianEmail, /verify-email\?token=/);
    const verifyLink = new URL(verify.text.match(/https?:\/\/\S+verify-email\?token=[A-Za-z0-9_-]+/)![0]);
    await guardian.goto(verifyLink.pathname + verifyLink.search);
    await waitForListener(guardian, "form.form", "submit");
    await guardian.locator("form.form button[type=submit]").click();
    await expect(guardian).toHaveURL(/\/ar\/account\?verified=1$/);
    await guardian.goto(accept.pathname + accept.search);
    await waitForListener(guardian, "form.form", "submit");
    await guardian.locator("form.form button[type=submit]").click();
    await expect(guardian).toHaveURL(/\/ar\/applications$/);
  });

  let application = "";
  await test.step("now the minor applies, and it waits for the guardian", async () => {
    await minor.goto(call);
    await minor.locator("[data-testid=apply]").first().click();
    await waitForListener(minor, "form.form", "submit");
    await minor.locator("form.form button[type=submit]").click();
    await expect(minor).toHaveURL(new RegExp(`/ar/applications/${UUID}$`));
    application = new URL(minor.url()).pathname;
    await expect(minor.locator(".badge.status")).toHaveAttribute("data-status", "awaiting_guardian");
    await hirer.goto(worksheet);
    await expect(hirer.locator("table.worksheet tbody tr", { hasText: minorName })).toHaveCount(0);
  });

  await test.step("the guardian approves and the hirer sees the applicant", async () => {
    await guardian.goto("/ar/applications");
    await waitForHydration(guardian);
    const card = guardian.locator(`.approval[data-application="${application.split("/").pop()}"]`);
    await expect(card).toBeVisible();
    await card.locator("button[data-move=submitted]").click();
    await expect(card).toHaveCount(0);
    await hirer.goto(worksheet);
    await expect(hirer.locator("table.worksheet tbody tr", { hasText: minorName })).toHaveCount(1);
  });
});
