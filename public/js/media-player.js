// Plays the HLS renditions of every `video[data-playback]`: asks the attribute's URL for a
// signed manifest and attaches it on page load (no autoplay), so the native controls just work.
// Safari plays HLS itself; elsewhere hls.js feeds the element through Media Source Extensions.
// Include with `<script src="/js/media-player.js" defer>`.
'use strict';
(() => {
  const HLS_SRC = '/vendor/hls.light.min.js';
  const started = new WeakSet();
  const players = new Map(); // video → its Hls instance, to free once the video leaves the page
  let hlsLoading = null;

  // Loaded only where a browser needs it, and once; a same-origin file, as the CSP wants.
  function loadHls() {
    if (window.Hls) return Promise.resolve(window.Hls);
    hlsLoading ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = HLS_SRC;
      script.onload = () => (window.Hls ? resolve(window.Hls) : reject(new Error('hls.js did not load')));
      script.onerror = () => {
        hlsLoading = null; // the next video may try again
        script.remove();
        reject(new Error('hls.js did not load'));
      };
      document.head.append(script);
    });
    return hlsLoading;
  }

  function fail(video) {
    const status = video.parentElement?.querySelector('[data-player-status]');
    if (!status) return;
    status.textContent = video.dataset.msgFailed || '';
    status.hidden = false;
  }

  async function attach(video) {
    const res = await fetch(video.dataset.playback, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'en' },
    });
    if (!res.ok) throw new Error(`playback answered ${res.status}`);
    const { manifestUrl } = await res.json();
    if (!manifestUrl) throw new Error('no manifest');

    // Native HLS only in Safari (the one browser with ManagedMediaSource) or where there is no
    // Media Source at all (older iPhones): Chrome answers "maybe" yet stalls on some streams
    // (hls.js README, "Alternative setup", 2026).
    const native = video.canPlayType('application/vnd.apple.mpegurl');
    if (native && ('ManagedMediaSource' in window || !('MediaSource' in window))) {
      video.addEventListener('error', () => fail(video), { once: true });
      video.src = manifestUrl;
      return;
    }
    const Hls = await loadHls();
    if (!Hls.isSupported()) throw new Error('no Media Source Extensions');
    // No worker: the CSP allows no blob: workers. `preload="none"` is honoured as the element
    // would: nothing is fetched until the viewer presses play.
    const lazy = video.preload === 'none';
    const hls = new Hls({ enableWorker: false, autoStartLoad: !lazy });
    players.set(video, hls);
    if (lazy) video.addEventListener('play', () => hls.startLoad(), { once: true });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return; // hls.js recovers from these by itself
      hls.destroy();
      players.delete(video);
      fail(video);
    });
    hls.loadSource(manifestUrl);
    hls.attachMedia(video);
  }

  function scan() {
    for (const video of document.querySelectorAll('video[data-playback]')) {
      if (started.has(video)) continue;
      started.add(video);
      attach(video).catch(() => fail(video));
    }
    // A client-side navigation removed these; stop their downloads.
    for (const [video, hls] of players) {
      if (!video.isConnected) {
        hls.destroy();
        players.delete(video);
      }
    }
  }

  function start() {
    scan();
    // Pages the client-side router renders later bring their videos without a page load.
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
