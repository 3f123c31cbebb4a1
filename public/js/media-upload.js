// Uploads the file of every `form[data-media-upload]` straight to object storage, with a
// progress bar; a multipart upload that breaks off resumes where it stopped on the next try.
// The flow: announce (POST /api/v1/media/uploads) → PUT the file or its parts → complete →
// wait for processing → reload, so the page shows the asset as the server now sees it.
'use strict';
(() => {
  const API = '/api/v1/media';
  const STORE = 'takeone-upload:';
  const RETRY_DELAYS = [1000, 3000, 9000];
  const POLL_EVERY = 2000;
  const POLL_FOR = 10 * 60 * 1000;
  const FINAL = ['ready', 'rejected', 'error', 'unscanned'];
  // Some browsers give no type for HEIC, some audio, or any file picked from certain pickers.
  const TYPES = {
    jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', heic: 'image/heic', heif: 'image/heic',
    mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm',
    mp3: 'audio/mpeg', m4a: 'audio/mp4', wav: 'audio/wav', pdf: 'application/pdf',
  };
  // The server names these; the one input that can fix them is the file.
  const FILE_FIELDS = ['file', 'size', 'mimetype', 'filename'];
  const busy = new WeakSet();

  // The pages say uploading needs JavaScript (no <noscript>: hydration cannot walk it); here it runs.
  for (const note of document.querySelectorAll('[data-needs-script]')) note.hidden = true;

  // Why a step stopped: `api` carries the server's error answer, the others pick a message.
  class Failure extends Error {
    constructor(kind, answer) {
      super(kind);
      this.kind = kind;
      this.answer = answer;
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const mimetype = (file) => file.type || TYPES[file.name.split('.').pop().toLowerCase()] || '';

  // A radio group answers with its checked value, a checkbox only when ticked; empty is absent.
  function field(form, name) {
    const el = form.elements.namedItem(name);
    if (!el) return undefined;
    if (el.type === 'checkbox' && !el.checked) return undefined;
    return el.value || undefined;
  }

  // localStorage may be off (privacy settings) or full; resuming is a bonus, never a failure.
  const storage = {
    key: (file) => `${STORE}${file.name}:${file.size}:${file.lastModified}`,
    get(key) {
      try {
        return JSON.parse(localStorage.getItem(key) || 'null');
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
      } catch {
        /* nothing to resume from next time */
      }
    },
    forget(key) {
      try {
        localStorage.removeItem(key);
      } catch {
        /* as above */
      }
    },
  };

  // The site's own API: CSRF token on anything but GET, messages in the page's language.
  async function api(method, url, body) {
    const headers = { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'en' };
    if (method !== 'GET') headers['X-CSRF-Token'] = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Failure('network');
    }
    // A proxy's error page is not JSON; the status alone then says it failed.
    const answer = await res.json().catch(() => null);
    if (!res.ok) throw new Failure(answer?.error ? 'api' : 'failed', answer);
    return answer;
  }

  // XMLHttpRequest, not fetch: only it reports how much of a request body has been sent.
  function put(url, body, headers, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', url);
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      xhr.upload.onprogress = (e) => onProgress(e.loaded);
      xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Failure('failed')));
      xhr.onerror = xhr.onabort = xhr.ontimeout = () => reject(new Failure('network'));
      xhr.send(body);
    });
  }

  function ui(form) {
    const status = form.querySelector('[data-upload-status]');
    const progress = form.querySelector('progress[data-upload-progress]');
    const msg = form.dataset;
    let shownPercent = -1;
    return {
      say(text) {
        if (status) status.textContent = text || '';
      },
      progress(done, total) {
        const percent = Math.min(100, Math.floor((done * 100) / (total || 1)));
        if (progress) {
          progress.hidden = false;
          progress.value = percent;
        }
        // Only whole steps: a polite live region re-read on every progress event is noise.
        if (percent !== shownPercent) {
          shownPercent = percent;
          this.say((msg.msgUploading || '').replace('{percent}', percent));
        }
      },
      resuming() {
        this.say(msg.msgResuming);
      },
      // Indeterminate while the server processes: it gives no percentage we wait on here.
      processing() {
        if (progress) {
          progress.hidden = false;
          progress.removeAttribute('value');
        }
        this.say(msg.msgProcessing);
      },
      fail(error) {
        if (progress) progress.hidden = true;
        if (error?.kind === 'api') return this.apiError(error.answer.error);
        this.say(error?.kind === 'network' ? msg.msgNetwork : msg.msgFailed);
      },
      // The first field's message, else the general one; every named input is marked invalid.
      // A plan's limit also links to the plans.
      apiError({ message, fields, plansUrl }) {
        const names = Object.keys(fields || {});
        for (const name of names) {
          const el = form.elements.namedItem(FILE_FIELDS.includes(name) ? 'file' : name);
          if (el?.setAttribute) el.setAttribute('aria-invalid', 'true');
        }
        this.say((names.length && fields[names[0]]) || message || msg.msgFailed);
        if (plansUrl && status && msg.msgPlans) {
          const link = document.createElement('a');
          link.href = plansUrl;
          link.textContent = msg.msgPlans;
          link.dataset.testid = 'upgrade-link';
          status.append(' ', link);
        }
      },
    };
  }

  // A multipart upload this browser left unfinished for this very file, with fresh part
  // addresses; null (and the note forgotten) when it cannot go on.
  async function resumable(key, view) {
    const saved = storage.get(key);
    if (!saved?.assetId) return null;
    try {
      const { asset } = await api('GET', `${API}/${encodeURIComponent(saved.assetId)}`);
      if (asset?.status === 'pending' && asset.upload) {
        view.resuming();
        return { assetId: saved.assetId, completeUrl: `${API}/${encodeURIComponent(saved.assetId)}/complete`, multipart: asset.upload };
      }
    } catch {
      /* gone, not ours, or unreachable: start over */
    }
    storage.forget(key);
    return null;
  }

  async function sendParts(file, key, ticket, view) {
    const { partSize, parts } = ticket.multipart;
    let done = parts.filter((p) => p.stored).reduce((sum, p) => sum + p.size, 0);
    view.progress(done, file.size);
    for (const part of parts) {
      if (part.stored) continue;
      const start = (part.partNumber - 1) * partSize;
      const body = file.slice(start, start + part.size);
      for (let attempt = 0; ; attempt++) {
        try {
          await put(part.url, body, {}, (sent) => view.progress(done + sent, file.size));
          break;
        } catch (e) {
          if (attempt >= RETRY_DELAYS.length) {
            storage.set(key, { assetId: ticket.assetId, name: file.name, size: file.size, lastModified: file.lastModified });
            throw new Failure('network', e);
          }
          await sleep(RETRY_DELAYS[attempt]);
        }
      }
      done += part.size;
      view.progress(done, file.size);
    }
  }

  // Processing (scan, renditions) happens on the server; reload once it has decided, or after
  // ten minutes, when the page shows whatever state the asset is in.
  async function waitProcessed(assetId) {
    const until = Date.now() + POLL_FOR;
    while (Date.now() < until) {
      await sleep(POLL_EVERY);
      try {
        const { asset } = await api('GET', `${API}/${encodeURIComponent(assetId)}`);
        if (FINAL.includes(asset?.status)) return;
      } catch (e) {
        if (e.kind !== 'network') return; // gone or forbidden: the page will say so
      }
    }
  }

  async function upload(form, file, view) {
    const key = storage.key(file);
    let ticket = await resumable(key, view);
    if (!ticket) {
      const announce = { filename: file.name, mimetype: mimetype(file), size: file.size, purpose: field(form, 'purpose') };
      const visibility = field(form, 'visibility');
      const applicationId = field(form, 'applicationId');
      if (visibility) announce.visibility = visibility;
      if (applicationId) announce.applicationId = applicationId;
      ticket = await api('POST', `${API}/uploads`, announce);
      // Noted now, not only when a part fails: a closed tab or a reload resumes too.
      if (ticket.multipart) {
        storage.set(key, { assetId: ticket.assetId, name: file.name, size: file.size, lastModified: file.lastModified });
      }
    }

    if (ticket.multipart) {
      await sendParts(file, key, ticket, view);
    } else {
      // Storage signed these headers; the browser sets content-length and host itself.
      const headers = Object.fromEntries(
        Object.entries(ticket.fields || {}).filter(([name]) => !['content-length', 'host'].includes(name.toLowerCase())),
      );
      view.progress(0, file.size);
      await put(ticket.uploadUrl, file, headers, (sent) => view.progress(sent, file.size));
      view.progress(file.size, file.size);
    }

    try {
      await api('POST', ticket.completeUrl);
    } catch (e) {
      // The server refused the upload as sent: the next try starts afresh, not from here.
      if (e.kind !== 'network') storage.forget(key);
      throw e;
    }
    storage.forget(key);
    view.processing();
    await waitProcessed(ticket.assetId);
    location.reload();
  }

  // Delegated from the document, so forms the client-side router renders later work as well.
  document.addEventListener('submit', async (event) => {
    const form = event.target.closest?.('form[data-media-upload]');
    if (!form) return;
    event.preventDefault();
    if (busy.has(form)) return;
    const input = form.querySelector('input[type=file][name=file]');
    const file = input?.files?.[0];
    if (!file) {
      input?.setAttribute('aria-invalid', 'true');
      input?.focus();
      return;
    }

    const view = ui(form);
    const buttons = form.querySelectorAll('button:not([type]), button[type=submit], input[type=submit]');
    busy.add(form);
    buttons.forEach((b) => (b.disabled = true));
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    try {
      await upload(form, file, view);
    } catch (e) {
      // The chosen file stays selected so trying again is one click.
      view.fail(e);
      buttons.forEach((b) => (b.disabled = false));
      busy.delete(form);
    }
  });

  // A newly chosen file is no longer the one the server complained about.
  document.addEventListener('change', (event) => {
    if (event.target.matches?.('form[data-media-upload] input[type=file]')) event.target.removeAttribute('aria-invalid');
  });
})();
