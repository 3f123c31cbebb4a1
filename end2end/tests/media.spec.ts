import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { trackListeners, waitForListener, waitForHydration, unique, input, UUID } from "./support";

// Media end to end: the server runs with clamd and ffmpeg, and processing runs in the background,
// so every wait on a processed file is long.

const TALENT = { email: "talent@demo.takeone.sa", password: "kafd-noir-talent-2026" };
const HIRER = { email: "hirer@demo.takeone.sa", password: "kafd-noir-hirer-2026" };

/** `YYYY-MM-DD`, `days` from today. */
function dateIn(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** A `datetime-local` value (`YYYY-MM-DDTHH:MM`), `days` from now. */
function dateTimeIn(days: number): string {
  const d = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Makes a real media file with ffmpeg (scripts/test installs it). */
function ffmpeg(args: string[]) {
  execFileSync("ffmpeg", ["-v", "error", "-y", ...args], { stdio: "pipe" });
}

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

/** A page in a context of its own; its script errors (and refused resources) land in `problems`. */
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

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/ar/login");
  await waitForListener(page, "form.form", "submit");
  await input(page, "email").fill(email);
  await input(page, "password").fill(password);
  await page.locator("form.form button[type=submit]").click();
  await expect(page).toHaveURL(/\/ar\/account/);
}

/** Waits until an image has loaded with real pixels (lazy ones are scrolled to first). */
async function expectLoaded(img: Locator) {
  await img.scrollIntoViewIfNeeded();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0)), { timeout: 20_000 })
    .toBeGreaterThan(0);
}

/** The element under `scope`, or `scope` itself, saying the self-tape request is in `status`. */
function tapeStatus(scope: Locator, status: "pending" | "submitted" | "viewed"): Locator {
  const marked = `[data-tape-status="${status}"]`;
  return scope.locator(marked).or(scope.and(scope.page().locator(marked))).first();
}

/** The demo hirer publishes a call with one role; its address and the role's worksheet. */
async function publishCall(page: Page, title: string): Promise<{ call: string; worksheet: string }> {
  await logIn(page, HIRER.email, HIRER.password);
  await page.goto("/ar/hirer/calls/new");
  await waitForListener(page, "[data-testid=add-role]", "click");
  await input(page, "title").fill(title);
  await input(page, "description").fill("نبحث عن ممثلة لإعلان تلفزيوني قصير يصور في الرياض خلال يوم واحد، مع تسجيل ذاتي قبل الاختيار.");
  await input(page, "city").selectOption("riyadh");
  await input(page, "project_type").selectOption("commercial");
  await input(page, "deadline").fill(dateIn(14));
  await input(page, "roles][0][name").fill("الدور الرئيسي");
  await input(page, "roles][0][gender").selectOption("any");
  await input(page, "roles][0][paid").selectOption("paid");
  await input(page, "roles][0][age_min").fill("18");
  await input(page, "roles][0][age_max").fill("40");
  await input(page, "roles][0][compensation").fill("2500");
  await page.locator('button[name="form[intent]"][value="publish"]').click();
  await expect(page).toHaveURL(new RegExp(`/ar/casting-calls/${UUID}$`));
  const call = new URL(page.url()).pathname;
  const worksheet = await page.locator("section.roles li.role-card a[href*='/roles/']").first().getAttribute("href");
  return { call, worksheet: worksheet! };
}

/** The demo talent (who has applied to nothing in the demo data) applies; the application's id. */
async function applyAsTalent(page: Page, call: string): Promise<string> {
  await logIn(page, TALENT.email, TALENT.password);
  await page.goto(call);
  await page.locator("[data-testid=apply]").first().click();
  await expect(page).toHaveURL(/\/apply$/);
  await waitForListener(page, "form.form", "submit");
  await input(page, "cover_note").fill("جاهزة للتصوير، وأستطيع إرسال تسجيل ذاتي خلال يوم.");
  await page.locator("form.form button[type=submit]").click();
  await expect(page).toHaveURL(new RegExp(`/ar/applications/${UUID}$`));
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** From the worksheet, the hirer asks the applicant of `application` for a self-tape. */
async function requestSelfTape(page: Page, worksheet: string, application: string, instructions: string) {
  await page.goto(worksheet);
  const row = page.locator(`table.worksheet tr[data-application="${application}"]`);
  await expect(row).toHaveCount(1);
  await waitForListener(page, "form:has([data-testid=request-self-tape])", "submit");
  await row.locator('input[type=checkbox][name^="form[items]"]').check();
  const request = page.locator("details[data-testid=self-tape-request]");
  await request.locator("summary").click();
  await expect(request).toHaveAttribute("open", "");
  await request.locator('textarea[name="form[instructions]"]').fill(instructions);
  // A `datetime-local` field takes a time too; a `date` field only the day (the server keeps the day).
  const deadline = request.locator('input[name="form[deadline]"]');
  await deadline.fill((await deadline.getAttribute("type")) === "date" ? dateIn(3) : dateTimeIn(3));
  await request.locator("[data-testid=request-self-tape]").click();
  await expect(tapeStatus(row.locator("[data-testid=tape-cell]"), "pending")).toBeVisible({ timeout: 20_000 });
}

/** A published call, the demo talent's application to it, and a self-tape request on it. */
async function selfTapeRequested(browser: Browser, problems: string[], id: string) {
  const hirer = await newPage(browser, problems);
  const talent = await newPage(browser, problems);
  const { worksheet, call } = await publishCall(hirer, `إعلان قهوة سعودية ${id}`);
  const application = await applyAsTalent(talent, call);
  const instructions = `سجّلي المشهد مرتين: مرة بهدوء ومرة بحماس، والكاميرا أفقية. ${id}`;
  await requestSelfTape(hirer, worksheet, application, instructions);
  return { hirer, talent, worksheet, application, instructions };
}

test("a talent uploads a headshot with a visible progress bar and sees it on their card", async ({ browser }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takeone-headshot-"));
  const name = `headshot-${unique()}.jpg`;
  const photo = path.join(dir, name);
  ffmpeg(["-f", "lavfi", "-i", "testsrc=size=800x800:rate=1", "-frames:v", "1", photo]);
  const page = await newPage(browser, problems);
  await logIn(page, TALENT.email, TALENT.password);

  await test.step("the profile page links to the media page", async () => {
    await page.goto("/ar/profile");
    await expect(page.locator("[data-testid=media-link]")).toHaveAttribute("href", "/ar/profile/media");
  });

  const headshots = page.locator("section[data-purpose=headshot] [data-testid=media-card]");
  const card = headshots.filter({ hasText: name });
  let before = 0;
  await test.step("the upload shows its progress, then the page shows the processed photo", async () => {
    await page.goto("/ar/profile/media");
    await waitForHydration(page);
    const form = page.locator("form[data-testid=media-upload]");
    await expect(form).toBeVisible();
    before = await headshots.count();
    const progress = form.locator("progress[data-upload-progress]");
    await expect(progress).toBeHidden();
    // Storage on loopback takes the file at once; held back a moment, the bar can be seen.
    await page.route(
      (url) => url.pathname.includes("/takeone-media/assets/"),
      async (route) => {
        if (route.request().method() === "PUT") await new Promise((r) => setTimeout(r, 1_500));
        await route.continue();
      },
    );
    await form.locator("select[name=purpose]").selectOption("headshot");
    await form.locator("input[type=file][name=file]").setInputFiles(photo);
    await form.locator("button[type=submit]").click();
    await expect(progress).toBeVisible();
    await expect(form.locator("[data-upload-status]")).not.toBeEmpty();
    // Scanned and resized in the background; the page reloads itself when that is done.
    await expect(card).toHaveAttribute("data-status", "ready", { timeout: 90_000 });
    await expect(card).toHaveCount(1);
    await expectLoaded(card.locator("img"));
    // The first headshot ready becomes the main photo; there is only ever one.
    if (before === 0) {
      await expect(card).toHaveClass(/\bmedia-primary\b/);
      await expect(card.locator("[data-testid=media-status] .chip")).toBeVisible();
    }
    await expect(page.locator("section[data-purpose=headshot] .media-primary")).toHaveCount(1);
  });

  await test.step("the talent's profile shows the main photo", async () => {
    const asset = await card.locator("input[type=hidden][name=id]").first().inputValue();
    expect(asset).toMatch(new RegExp(`^${UUID}$`));
    // Saving the profile unchanged leads to the profile page as others see it.
    await page.goto("/ar/profile");
    await waitForListener(page, "form.form", "submit");
    await page.locator('button[name="form[intent]"][value="save"]').click();
    await expect(page).toHaveURL(new RegExp(`/ar/talent/${UUID}$`));
    const headshot = page.locator("img[data-testid=headshot]");
    await expect(headshot).toBeVisible();
    await expectLoaded(headshot);
    if (before === 0) expect(await headshot.getAttribute("src")).toContain(asset);
  });

  await test.step("the media page has no serious accessibility violations, in Arabic and in English", async () => {
    for (const lang of ["ar", "en"]) {
      await page.goto(`/${lang}/profile/media`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.locator("form[data-testid=media-upload]")).toBeVisible();
      await expect(headshots.first()).toBeVisible();
      await expectNoSeriousViolations(page);
    }
  });

  expect(problems, problems.join("\n")).toEqual([]);
  await page.context().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a hirer requests a self-tape, the talent uploads one, the hirer plays it in the worksheet", async ({ browser }) => {
  test.setTimeout(240_000);
  const problems: string[] = [];
  const id = unique();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "takeone-tape-"));
  const tape = path.join(dir, `tape-${id}.mp4`);
  ffmpeg([
    "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=6",
    "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", tape,
  ]);
  const { hirer, talent, worksheet, application, instructions } = await selfTapeRequested(browser, problems, id);

  await test.step("the talent sees the request and uploads a tape with the application", async () => {
    await talent.goto(`/ar/applications/${application}`);
    await waitForHydration(talent);
    const request = talent.locator("section[data-testid=self-tape-request]");
    await expect(request).toContainText(instructions);
    await expect(tapeStatus(request, "pending")).toBeVisible();
    const form = request.locator("form[data-media-upload]");
    await expect(form.locator("input[type=hidden][name=purpose]")).toHaveValue("self_tape");
    await expect(form.locator("input[type=hidden][name=applicationId]")).toHaveValue(application);
    await form.locator("input[type=file][name=file]").setInputFiles(tape);
    await form.locator("button[type=submit]").click();
    await expect(form.locator("progress[data-upload-progress]")).toBeVisible();
    // The script reloads the page once the video is scanned and transcoded.
    await expect(tapeStatus(talent.locator("section[data-testid=self-tape-request]"), "submitted")).toBeVisible({ timeout: 90_000 });
  });

  const row = hirer.locator(`table.worksheet tr[data-application="${application}"]`);
  const player = `table.worksheet tr[data-application="${application}"] [data-testid=tape-cell] video[data-testid=tape-player]`;
  await test.step("the hirer plays the tape from the worksheet", async () => {
    await expect(async () => {
      await hirer.goto(worksheet);
      await expect(hirer.locator(player)).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    // media-player.js attaches the stream on load (hls.js sets a blob: source); playing before
    // that would start nothing.
    await hirer.waitForFunction(
      (sel) => {
        const video = document.querySelector<HTMLVideoElement>(sel);
        return !!video && (!!video.getAttribute("src") || !!video.querySelector("source"));
      },
      player,
      { timeout: 30_000 },
    );
    await hirer.evaluate(async (sel) => {
      const video = document.querySelector<HTMLVideoElement>(sel)!;
      video.muted = true; // the autoplay policy lets a silent video play without a gesture
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const error = video.error ? `${video.error.code} ${video.error.message}` : "none";
          reject(new Error(`no playing event in 60 s (readyState ${video.readyState}, networkState ${video.networkState}, error ${error})`));
        }, 60_000);
        video.addEventListener(
          "playing",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
        video.play().catch((e: DOMException) => {
          // An interrupted play() (the player swapping sources) may still end up playing.
          if (e.name === "AbortError") return;
          clearTimeout(timer);
          reject(e);
        });
      });
    }, player);
  });

  await test.step("once played, the request reads as viewed", async () => {
    await expect(async () => {
      await hirer.reload();
      await expect(tapeStatus(row.locator("[data-testid=tape-cell]"), "viewed")).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  });

  expect(problems, problems.join("\n")).toEqual([]);
  await hirer.context().close();
  await talent.context().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a talent records a self-tape in the browser, and is told when the camera cannot be used", async ({ browser }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  const id = unique();
  const { hirer, talent, application } = await selfTapeRequested(browser, problems, id);

  // No camera here: getUserMedia answers with a painted canvas (or refuses, when told to) and
  // notes what it was asked for. The recorder, MediaRecorder and the file input are the real ones.
  await talent.addInitScript(() => {
    const w = window as unknown as { __e2eAsked?: MediaStreamConstraints; __e2eDenied?: boolean };
    if (!navigator.mediaDevices) return;
    navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      w.__e2eAsked = constraints;
      if (w.__e2eDenied) throw new DOMException("Permission denied", "NotAllowedError");
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 180;
      const ctx = canvas.getContext("2d")!;
      let frame = 0;
      const paint = () => {
        ctx.fillStyle = `hsl(${(frame++ * 9) % 360}, 70%, 50%)`;
        ctx.fillRect(0, 0, canvas.width, canvas.height);
      };
      paint();
      setInterval(paint, 40);
      return canvas.captureStream(25);
    };
  });

  await test.step("the recorder is offered with the request", async () => {
    await talent.goto(`/ar/applications/${application}`);
    await waitForHydration(talent);
  });
  const request = talent.locator("section[data-testid=self-tape-request]");
  const form = request.locator("form[data-media-upload]");
  const recorder = form.locator("[data-self-tape-recorder]");
  const start = recorder.locator("[data-record-start]");
  const stop = recorder.locator("[data-record-stop]");
  const status = recorder.locator("[data-record-status]");
  const preview = recorder.locator("video[data-record-preview]");
  await expect(recorder, "shown where the browser records and Permissions-Policy allows camera and microphone").toBeVisible();
  const msg = await recorder.evaluate((el) => ({ ...(el as HTMLElement).dataset }));
  for (const key of ["msgRecording", "msgRecorded", "msgDenied"]) expect(msg[key], `data-${key}`).toBeTruthy();

  await test.step("recording shows the camera, and stopping puts the recording into the form", async () => {
    await expect(start).toBeVisible();
    await expect(stop).toBeHidden();
    await start.click();
    await expect(status).toHaveText(msg.msgRecording!);
    await expect(stop).toBeVisible();
    await expect(start).toBeHidden();
    expect(await talent.evaluate(() => (window as unknown as { __e2eAsked?: MediaStreamConstraints }).__e2eAsked)).toEqual({
      video: { width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: true,
    });
    expect(await preview.evaluate((v: HTMLVideoElement) => v.srcObject !== null && v.muted)).toBe(true);
    await form.locator("input[type=file][name=file]").evaluate((el) => {
      el.addEventListener("change", () => ((window as unknown as { __e2eChanged?: boolean }).__e2eChanged = true));
    });
    await talent.waitForTimeout(1_500);
    await stop.click();
    await expect(status).toHaveText(msg.msgRecorded!);
    await expect(start).toBeVisible();
    await expect(stop).toBeHidden();
    const file = await form
      .locator("input[type=file][name=file]")
      .evaluate((el: HTMLInputElement) => Array.from(el.files ?? []).map((f) => ({ name: f.name, type: f.type, size: f.size })));
    expect(file).toHaveLength(1);
    expect(file[0].name).toMatch(/^self-tape-\d{4}-\d{2}-\d{2}-\d{4}\.(webm|mp4)$/);
    expect(file[0].type).toMatch(/^video\/(webm|mp4)$/);
    expect(file[0].name.endsWith(file[0].type === "video/mp4" ? ".mp4" : ".webm")).toBe(true);
    expect(file[0].size).toBeGreaterThan(0);
    expect(await talent.evaluate(() => (window as unknown as { __e2eChanged?: boolean }).__e2eChanged)).toBe(true);
    // The preview now plays the recording, with sound and controls.
    expect(
      await preview.evaluate((v: HTMLVideoElement) => ({ live: v.srcObject !== null, blob: v.src.startsWith("blob:"), controls: v.controls, muted: v.muted })),
    ).toEqual({ live: false, blob: true, controls: true, muted: false });
  });

  await test.step("a refused camera is said in words, and recording can be tried again", async () => {
    await talent.evaluate(() => ((window as unknown as { __e2eDenied?: boolean }).__e2eDenied = true));
    await start.click();
    await expect(status).toHaveText(msg.msgDenied!);
    await expect(start).toBeVisible();
    await expect(start).toBeEnabled();
    await expect(stop).toBeHidden();
  });

  expect(problems, problems.join("\n")).toEqual([]);
  await hirer.context().close();
  await talent.context().close();
});
