import { expect, test, type Page } from "@playwright/test";
import { trackListeners, waitForHydration, UUID } from "./support";

test("the root opens the Arabic site; a call keeps its content when switched to English", async ({ page }) => {
  await trackListeners(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/ar\/$/);
  const html = page.locator("html");
  await expect(html).toHaveAttribute("lang", "ar");
  await expect(html).toHaveAttribute("dir", "rtl");
  await expect(page.locator("a.lang-switch")).toHaveText("English");
  await waitForHydration(page);

  // To the list through the header, then into the first call.
  await page.locator("header nav a[href='/ar/casting-calls']").click();
  await expect(page).toHaveURL(/\/ar\/casting-calls$/);
  const firstTitle = page.locator("article.call-card a.call-card-title").first();
  await expect(firstTitle).toBeVisible();
  const title = (await firstTitle.textContent())!.trim();
  expect(title).not.toBe("");
  await firstTitle.click();

  await expect(page).toHaveURL(new RegExp(`/ar/casting-calls/${UUID}$`));
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.locator("h1")).toHaveText(title);
  const roles = page.locator("section.roles li.role-card .role-name");
  await expect(roles.first()).toBeVisible();
  const roleNames = (await roles.allTextContents()).map((t) => t.trim());
  expect(roleNames.length).toBeGreaterThan(0);

  // The language switch is a full page load of the same call in English.
  await page.locator("a.lang-switch").click();
  await expect(page).toHaveURL(new RegExp(`/en/casting-calls/${id}$`));
  await expect(html).toHaveAttribute("lang", "en");
  await expect(html).toHaveAttribute("dir", "ltr");
  await expect(page.locator("a.lang-switch")).toHaveText("العربية");
  await expect(page.locator("h1")).toHaveText(title);
  await expect(page.locator("section.roles li.role-card .role-name")).toHaveText(roleNames);
});

test("the language switch keeps the query string", async ({ page }) => {
  await page.goto("/ar/casting-calls?paid=paid");
  await expect(page.locator("a.lang-switch")).toHaveAttribute("href", "/en/casting-calls?paid=paid");
  await page.locator("a.lang-switch").click();
  await expect(page).toHaveURL(/\/en\/casting-calls\?paid=paid$/);
  await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
  await expect(page.locator("select[name=paid]")).toHaveValue("paid");
});

test("the root follows Accept-Language when there is no language cookie", async ({ request }) => {
  const en = await request.get("/", { maxRedirects: 0, headers: { "Accept-Language": "en-GB,en;q=0.9" } });
  expect(en.status()).toBe(302);
  expect(en.headers()["location"]).toBe("/en/");
  const ar = await request.get("/", { maxRedirects: 0, headers: { "Accept-Language": "ar-SA,ar;q=0.9" } });
  expect(ar.status()).toBe(302);
  expect(ar.headers()["location"]).toBe("/ar/");
});

test("home and detail pages hydrate without console or page errors", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console.error at ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error at ${page.url()}: ${err.message}`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText ?? "";
    if (!error.includes("ERR_ABORTED")) problems.push(`request failed: ${req.url()} (${error})`);
  });
  await trackListeners(page);

  const wasm = page.waitForResponse((r) => r.url().endsWith(".wasm"));
  await page.goto("/ar/");
  expect((await wasm).status()).toBe(200);
  await waitForHydration(page);
  await page.waitForLoadState("networkidle");

  const href = await page.locator("a.call-card-title").first().getAttribute("href");
  expect(href).toMatch(new RegExp(`^/ar/casting-calls/${UUID}$`));
  await page.goto(href!);
  await expect(page.locator("h1")).toBeVisible();
  await waitForHydration(page);
  await page.waitForLoadState("networkidle");

  expect(problems, problems.join("\n")).toEqual([]);
});
