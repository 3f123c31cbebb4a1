import { expect, test, type Page } from "@playwright/test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { trackListeners, waitForListener, waitForHydration, unique, input, UUID } from "./support";

/** `YYYY-MM-DD`, `days` from today. */
function dateIn(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

async function logInAdmin(page: Page) {
  await page.goto("/ar/login");
  await waitForListener(page, "form.form", "submit");
  await input(page, "email").fill("admin@demo.takeone.sa");
  await input(page, "password").fill("kafd-noir-admin-2026");
  await page.locator("form.form button[type=submit]").click();
  await expect(page).toHaveURL(/\/ar\/account/);
}

/** A small Android export (Arabic phone): two calls, a near-copy of the first, and chatter. */
function chatExport(tag: string): string {
  const RLM = "\u200f";
  const digits = (n: number) => String(n).replace(/\d/g, (c) => "٠١٢٣٤٥٦٧٨٩"[Number(c)]);
  const d = (day: number) => `${digits(day)}${RLM}/٤${RLM}/٢٠٢٦`;
  return [
    `${d(1)}، ١٠:٠٠ ص - ‏أنشأ هيفاء المجموعة "كاستنج ${tag}"`,
    `${d(1)}، ١٠:٠٥ ص - هيفاء | وكالة نجوم: 🎬 مطلوب ممثلين لمسلسل الواحة ${tag} في الرياض`,
    "الأدوار:",
    "▪️ شاب ٢٢-٢٨ لهجة نجدية",
    "▪️ فتاة ١٨-٢٥",
    "الأجر ٨٠٠ ريال لليوم، التصوير في الرياض",
    "للتقديم واتساب 0545550191",
    `${d(1)}، ١٠:٠٧ ص - سارة: شكرا 🌹`,
    `${d(2)}، ٩:٠٠ ص - عمر: مطلوب عارضين لإعلان عطر ${tag} في جدة`,
    "رجال ٢٥-٣٥، الأجر ١٥٠٠ ريال",
    "التواصل على casting@example.com",
    `${d(3)}، ١١:٣٠ ص - ريم: مطلوب ممثلين لمسلسل الواحة ${tag} في الرياض`,
    "الأدوار:",
    "▪️ شاب ٢٢-٢٨ لهجة نجدية",
    "▪️ فتاة ١٨-٢٥",
    "الأجر ٨٠٠ ريال لليوم، التصوير في الرياض",
    "للتقديم واتساب 0545550192",
    "",
  ].join("\n");
}

test("an admin imports a chat export, then approves, rejects and merges from the queue", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ locale: "ar-SA" });
  const page = await context.newPage();
  // Gathered text lands in textareas (escaped on the server, finding 1): the review pages must
  // still hydrate cleanly.
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (/hydrat|panicked|unreachable/i.test(msg.text())) problems.push(`console ${msg.type()} at ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error at ${page.url()}: ${err.message}`));
  await trackListeners(page);
  await logInAdmin(page);
  const tag = unique().replace(/\D/g, "").slice(-6);

  // A WhatsApp source, then its export.
  await page.goto("/ar/admin/twin/sources");
  const form = page.locator("form:has(input[name=source_id][value=''])");
  await waitForListener(page, "form:has(input[name=source_id][value=''])", "submit");
  await form.locator('[name="form[kind]"]').selectOption("whatsapp");
  await form.locator('[name="form[name]"]').fill(`كاستنج ${tag}`);
  await form.locator('[name="form[target]"]').fill(`120363${tag}0000@g.us`);
  await form.locator("button[type=submit]").click();
  const card = page.locator(`li.source:has-text("كاستنج ${tag}")`);
  await expect(card).toBeVisible();
  const file = path.join(os.tmpdir(), `chat-${tag}.txt`);
  fs.writeFileSync(file, chatExport(tag));
  await card.locator("input[type=file]").setInputFiles(file);
  await card.locator("[data-testid=import]").click();
  await expect(page.locator("[data-testid=import-notice]")).toContainText("4");

  // The workers put the three calls in the queue (the chatter is set aside).
  const rows = page.locator(`tr[data-candidate-row]:has-text("${tag}")`);
  for (let i = 0; i < 40; i++) {
    await page.goto("/ar/admin/twin/queue");
    if ((await rows.count()) >= 3) break;
    await page.waitForTimeout(500);
  }
  await expect(rows).toHaveCount(3);

  // Keyboard: j / k move through the rows, e opens the one in focus.
  await waitForHydration(page);
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.keyboard.press("e");
  await expect(page).toHaveURL(new RegExp(`/ar/admin/twin/queue/${UUID}$`));
  await page.goto("/ar/admin/twin/queue");

  // Edit and approve the first call.
  const row = (text: string) => page.locator(`tr[data-candidate-row]:has-text("${tag}")`).filter({ hasText: text });
  await row("🎬").locator("a").click();
  await waitForListener(page, "form:has([data-testid=approve])", "submit");
  await expect(page.locator("[data-testid=source-text] mark").first()).toBeVisible();
  const title = `مسلسل الواحة ${tag}: ممثلون في الرياض`;
  await input(page, "title").fill(title);
  await page.locator('[name="form[city]"]').selectOption("riyadh");
  await page.locator('[name="form[project_type]"]').selectOption("tv_series");
  await input(page, "deadline").fill(dateIn(20));
  await page.locator("[data-testid=approve]").click();
  await expect(page).not.toHaveURL(/do=/);
  await expect(page.locator("h1")).toBeVisible();

  // Reject the perfume call with a reason.
  await page.goto("/ar/admin/twin/queue");
  await row("عطر").locator("a").click();
  await waitForListener(page, "form:has([data-testid=reject])", "submit");
  await page.locator("#reason").fill("منشور تجريبي");
  await page.locator("[data-testid=reject]").click();
  await expect(page).not.toHaveURL(/reject/);

  // The near-copy is suggested as the approved call; merge it.
  await page.goto("/ar/admin/twin/queue");
  await expect(page.locator(`tr[data-candidate-row]:has-text("${tag}")`)).toHaveCount(1);
  await page.locator(`tr[data-candidate-row]:has-text("${tag}") a`).first().click();
  await waitForListener(page, "form:has([data-testid=merge])", "submit");
  await expect(page.locator("[data-testid=similar-notice]")).toBeVisible();
  await expect(page.locator("#into")).not.toHaveValue("");
  // The merge is done when the page moves on (to the queue: nothing else is left).
  const candidateUrl = page.url();
  await page.locator("[data-testid=merge]").click();
  await expect(page).not.toHaveURL(candidateUrl);
  await page.goto("/ar/admin/twin/queue");
  await expect(page.locator(`tr[data-candidate-row]:has-text("${tag}")`)).toHaveCount(0);
  expect(problems).toEqual([]);

  // The approved call is public in both languages, marked as gathered.
  for (const lang of ["ar", "en"]) {
    await page.goto(`/${lang}/casting-calls`);
    const link = page.locator(`a:has-text("${title}")`).first();
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.locator(".badge-aggregated")).toBeVisible();
  }
  await context.close();
});
