// Records a self-tape in the browser: camera and microphone into a MediaRecorder, and the
// recording put into the file input of the surrounding `form[data-media-upload]`, so
// media-upload.js sends it exactly like a chosen file. Enhances every `[data-self-tape-recorder]`
// (rendered `hidden`): shown only where the browser can record and the page may use the camera.
// Include with `<script src="/js/self-tape-recorder.js" defer>`.
'use strict';
(() => {
  // The first the browser can make; Safari records only MP4.
  const TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];
  const CONSTRAINTS = { video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: true };
  // A chunk a second: a recording stopped by a crash or a closed tab has lost at most that.
  const TIMESLICE = 1000;
  const started = new WeakSet();
  const sessions = new Set(); // the recorders on the page, to free the camera when one leaves it

  const supported = () => !!(navigator.mediaDevices?.getUserMedia && window.MediaRecorder);

  // A Permissions-Policy without camera or microphone makes every attempt fail: offer nothing
  // then. Only Chromium can tell beforehand; elsewhere the first attempt says so.
  function allowed() {
    const policy = document.permissionsPolicy || document.featurePolicy;
    if (typeof policy?.allowsFeature !== 'function') return true;
    try {
      return policy.allowsFeature('camera') && policy.allowsFeature('microphone');
    } catch {
      return true;
    }
  }

  function chooseType() {
    if (typeof MediaRecorder.isTypeSupported !== 'function') return '';
    return TYPES.find((t) => MediaRecorder.isTypeSupported(t)) || '';
  }

  const pad = (n) => String(n).padStart(2, '0');

  // `self-tape-2026-04-12-1830.webm`, in the talent's own time.
  function fileName(type) {
    const d = new Date();
    const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
    return `self-tape-${stamp}.${type === 'video/mp4' ? 'mp4' : 'webm'}`;
  }

  function enhance(root) {
    const form = root.closest('form[data-media-upload]');
    const input = form?.querySelector('input[type=file][name=file]');
    const preview = root.querySelector('video[data-record-preview]');
    const startButton = root.querySelector('[data-record-start]');
    const stopButton = root.querySelector('[data-record-stop]');
    const status = root.querySelector('[data-record-status]');
    if (!input || !preview || !startButton || !stopButton) return;
    const msg = root.dataset;

    let stream = null;
    let recorder = null;
    let chunks = [];
    let recordingUrl = null;
    let attempt = 0; // a start answered after a newer start, or after the end, is dropped

    const say = (text) => {
      if (status) status.textContent = text || '';
    };

    // Moves focus along when the focused button is hidden, so keyboard users are not lost.
    function show(recording) {
      const hadFocus = document.activeElement === startButton || document.activeElement === stopButton;
      startButton.hidden = recording;
      stopButton.hidden = !recording;
      startButton.disabled = false;
      stopButton.disabled = false;
      if (hadFocus) (recording ? stopButton : startButton).focus();
    }

    function release() {
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
      if (preview.srcObject) preview.srcObject = null;
    }

    function forgetRecording() {
      if (recordingUrl) URL.revokeObjectURL(recordingUrl);
      recordingUrl = null;
    }

    function fail() {
      attempt++;
      const r = recorder;
      recorder = null;
      chunks = [];
      if (r && r.state !== 'inactive') {
        r.onstop = null;
        try {
          r.stop();
        } catch {
          /* already stopped */
        }
      }
      release();
      say(msg.msgDenied);
      show(false);
    }

    function finish(type) {
      const r = recorder;
      recorder = null;
      release();
      // The base type only: the server and the file input know `video/webm`, not its codecs.
      const base = (r?.mimeType || type || chunks[0]?.type || 'video/webm').split(';')[0].trim().toLowerCase() || 'video/webm';
      const blob = new Blob(chunks, { type: base });
      chunks = [];
      if (!blob.size) return fail();
      const file = new File([blob], fileName(base), { type: base, lastModified: Date.now() });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      input.files = transfer.files;
      if (input.files?.[0] !== file && input.files?.[0]?.name !== file.name) return fail();
      input.dispatchEvent(new Event('change', { bubbles: true }));

      forgetRecording();
      recordingUrl = URL.createObjectURL(blob);
      preview.muted = false;
      preview.controls = true;
      preview.src = recordingUrl;
      say(msg.msgRecorded);
      show(false);
    }

    async function start() {
      if (recorder) return;
      const mine = ++attempt;
      startButton.disabled = true;
      let media;
      try {
        media = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
      } catch {
        if (mine === attempt) fail();
        return;
      }
      // Stopped meanwhile, or the page moved on: give the camera back at once.
      if (mine !== attempt || !root.isConnected) {
        media.getTracks().forEach((t) => t.stop());
        return;
      }
      stream = media;
      try {
        const type = chooseType();
        const r = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
        r.ondataavailable = (e) => {
          if (recorder === r && e.data?.size) chunks.push(e.data);
        };
        // `stop` follows the last `dataavailable`: the recording is whole only then.
        r.onstop = () => {
          if (recorder === r) finish(type);
        };
        r.onerror = () => {
          if (recorder === r) fail();
        };
        chunks = [];
        recorder = r;
        r.start(TIMESLICE);
      } catch {
        fail();
        return;
      }
      // The live picture, silent (no echo of one's own voice) and without controls.
      forgetRecording();
      preview.removeAttribute('src');
      preview.controls = false;
      preview.muted = true;
      preview.srcObject = stream;
      preview.play().catch(() => {
        /* the picture shows once the browser allows it; the recording runs regardless */
      });
      say(msg.msgRecording);
      show(true);
    }

    function stop() {
      const r = recorder;
      if (!r) return;
      stopButton.disabled = true;
      if (r.state === 'inactive') return finish();
      try {
        r.stop(); // `onstop` finishes
      } catch {
        fail();
      }
    }

    startButton.addEventListener('click', start);
    stopButton.addEventListener('click', stop);
    sessions.add({ root, end: () => (recorder || stream ? fail() : undefined), forget: forgetRecording });
    root.hidden = false;
  }

  function scan() {
    for (const root of document.querySelectorAll('[data-self-tape-recorder]')) {
      if (started.has(root)) continue;
      started.add(root);
      enhance(root);
    }
    // A client-side navigation removed these: the camera must not stay on.
    for (const s of sessions) {
      if (!s.root.isConnected) {
        s.end();
        s.forget();
        sessions.delete(s);
      }
    }
  }

  function begin() {
    if (!supported() || !allowed()) return;
    scan();
    // Pages the client-side router renders later bring their recorders without a page load.
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
    // Leaving the page mid-recording turns the camera off.
    window.addEventListener('pagehide', () => sessions.forEach((s) => s.end()));
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin, { once: true });
  else begin();
})();
