/*
 * Outpost tracking snippet — readable source. See ../README.md for the data-* options.
 *
 * Built with `npm --prefix tracker-snippet run build` into dist/outpost.js (committed, served at
 * /js/outpost.js). The gzipped build must stay at or under 1,024 bytes: SnippetBuildTest checks it.
 *
 * Rules for this file:
 *  - it never throws into the page and never logs to the console: setup runs in a try, and the
 *    only thing that can fail later (sending) has its own;
 *  - no cookie, ever; localStorage only with data-cross-visit;
 *  - no preventDefault on links: clicks are reported with sendBeacon, which outlives the page.
 */
((win, doc, nav, loc) => {
  try {
    var script = doc.currentScript;
    var opts = script.dataset;
    var now = Date.now;
    var on = (target, type, fn) => target.addEventListener(type, fn, true);

    // data-api: the Outpost server's base URL, by default the origin this file was loaded from.
    var endpoint = (opts.api || new URL(script.src).origin) + '/api/event';
    var hashRouting = 'hash' in opts;

    // data-exclude="/admin/*,/preview*": comma separated paths, * matches anything.
    var exclude = opts.exclude && RegExp('^(' + opts.exclude.replace(/\*/g, '.*').replace(/ *, */g, '|') + ')$');

    // Nothing is sent from a local host (localhost, 127.*, [::1]) or a file: page (empty hostname)
    // unless data-allow-local,
    // nor, with data-respect-dnt, when the visitor asks not to be tracked (Do Not Track, Global
    // Privacy Control).
    var off = !('allowLocal' in opts) && /^(localhost$|127\.|\[::1]|$)/.test(loc.hostname) ||
      'respectDnt' in opts && (nav.doNotTrack == 1 || nav.globalPrivacyControl);

    // Opt-in first-party id (data-cross-visit): a random UUID kept in localStorage. Without the
    // option nothing is stored in the browser, and outpost.visitor() is undefined.
    var visitorId;
    try {
      if (!off && 'crossVisit' in opts) visitorId = localStorage.outpost_vid ||= crypto.randomUUID();
    } catch (x) {}

    // Per page state. lastPath: path of the last pageview (with the #fragment if data-hash);
    // lastUrl: its url while its engagement event is still to be sent, then 0; skipped: nothing is
    // sent (off, or an excluded path); visibleSince: when the page became visible (0 until it has);
    // maxScroll: deepest scroll, in percent. The engagement event goes at the first hide, so the
    // page has been visible without a break from visibleSince until then.
    var lastPath, lastUrl, visibleSince, maxScroll;
    var skipped = off;

    // Sends one event. options ({props, revenue}, or the engagement fields) go into the body as they
    // are. The try: JSON.stringify of odd props and sendBeacon to a bad data-api can throw, and
    // nothing may reach the page. No fetch() fallback: sendBeacon exists in every browser that runs
    // this file, it fails only over the keepalive quota that fetch shares, and a visitor whose
    // extension disables beacons has said no.
    var send = (name, options) => {
      try {
        skipped || nav.sendBeacon(endpoint, JSON.stringify({
          site: opts.site || loc.hostname,
          name: name,
          url: pageUrl(),
          referrer: doc.referrer,
          title: doc.title,
          screen_width: screen.width,
          vid: visitorId,
          webdriver: nav.webdriver,
          ...options
        }));
      } catch (x) {}
    };

    // The url reported for the current page: without the #fragment unless data-hash.
    var pageUrl = () => hashRouting ? loc.href : loc.href.split('#')[0];

    var scroll = () => {
      maxScroll = Math.max(maxScroll,
        Math.min(100, (scrollY + innerHeight) * 100 / doc.documentElement.scrollHeight | 0));
    };

    var engage = () => {
      if (lastUrl) {
        send('engagement', { url: lastUrl, engaged_ms: visibleSince && now() - visibleSince, scroll_depth: maxScroll });
        lastUrl = 0;
      }
    };

    // A pageview when the path (and #fragment with data-hash) changed. A query string change alone
    // does not count: pages use replaceState to tidy theirs up. A prerendered page counts only once
    // the visitor actually sees it (prerenderingchange).
    var page = () => {
      var path = loc.pathname + (hashRouting ? loc.hash : '');
      if (!doc.prerendering && path != lastPath) {
        engage();
        lastPath = path;
        lastUrl = pageUrl();
        skipped = off || exclude?.test(loc.pathname);
        maxScroll = 0;
        visibleSince = doc.hidden ? 0 : now();
        scroll();
        send('pageview');
      }
    };

    // Single-page apps: pushState, replaceState and popstate (which fragment changes fire too).
    ['pushState', 'replaceState'].forEach((method) => {
      var original = history[method];
      // (Both return undefined: nothing to pass on.)
      history[method] = (...args) => {
        original.apply(history, args);
        page();
      };
    });
    on(win, 'popstate', page);
    on(win, 'scroll', scroll);

    on(doc, 'visibilitychange', () => {
      if (doc.hidden) engage();
      else visibleSince ||= now();
    });
    on(win, 'pagehide', engage);
    on(doc, 'prerenderingchange', page);

    // Outbound links and file downloads, unless data-no-outbound / data-no-download. Never delays
    // or cancels the navigation: the beacon is queued by the browser and outlives the page.
    // (link.host is empty for mailto:, tel:, javascript: and the like.)
    var click = (e) => {
      var link = e.target.closest?.('a');
      var name = link?.host &&
        (/\.(pdf|zip|dmg|exe|docx|xlsx|pptx|csv|mp[34])$/i.test(link.pathname) ? 'download'
          : link.host != loc.host && 'outbound');
      if (name && !script.hasAttribute('data-no-' + name)) send(name, { props: { url: link.href } });
    };
    on(doc, 'click', click);
    on(doc, 'auxclick', (e) => e.button == 1 && click(e));

    // Custom events: outpost('signup'), outpost('purchase', {props: {...}, revenue: {amount, currency}}).
    // Calls queued by the inline stub before this script loaded are sent now.
    var queue = win.outpost?.q;
    win.outpost = send;
    send.visitor = () => visitorId;

    page();
    queue?.forEach((args) => send(...args));
  } catch (x) {}
})(window, document, navigator, location);
