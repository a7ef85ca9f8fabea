/*
 * Outpost tracking snippet — readable source. See ../README.md for the data-* options.
 *
 * Built with `npm --prefix tracker-snippet run build` into dist/outpost.js (committed, served at
 * /js/outpost.js). The gzipped build must stay at or under 1,024 bytes: SnippetBuildTest checks it.
 *
 * Rules for this file:
 *  - it never throws into the page and never logs to the console: setup runs in a try, and the
 *    only thing that can fail later (sending) has its own, and swallows fetch's rejections too;
 *  - no cookie, ever; localStorage only with data-cross-visit;
 *  - no preventDefault on links: clicks are reported with sendBeacon (or a keepalive fetch), which
 *    outlives the page.
 *
 * Some of the shapes below are chosen for the size of the gzipped build, not for looks: the order
 * of the body's fields (it gzips better so), where the functions are declared (one `var`
 * statement), lastPath assigned inside its own comparison, lastUrl reset in an argument.
 */
((win, doc, nav, loc) => {
  try {
    var script = doc.currentScript;
    var opts = script.dataset;
    var now = Date.now;
    // Every listener goes on the window, capturing: events aimed at the document (visibilitychange,
    // prerenderingchange, scroll) and at links (click) pass through it first, bubbling or not, and a
    // page's stopPropagation cannot hide them.
    var on = (type, fn) => addEventListener(type, fn, true);

    // data-api: the Outpost server's base URL, by default the origin this file was loaded from.
    var endpoint = (opts.api || new URL(script.src).origin) + '/api/event';

    // data-exclude="/admin/*,/preview*": comma separated paths, * matches anything.
    var exclude = opts.exclude && RegExp('^(' + opts.exclude.replace(/\*/g, '.*').replace(/ *, */g, '|') + ')$');

    // Nothing is sent from a local host (localhost, 127.*, [::1]) or a file: page (empty hostname)
    // unless data-allow-local,
    // nor, with data-respect-dnt, when the visitor asks not to be tracked (Do Not Track, Global
    // Privacy Control).
    var off = !('allowLocal' in opts) && /^(localhost$|127\.|\[::1]|$)/.test(loc.hostname) ||
      'respectDnt' in opts && (nav.doNotTrack == 1 || nav.globalPrivacyControl);

    // visitorId: see data-cross-visit below.
    // Per page state. lastPath: the last pageview's url without its query string (and without the
    // #fragment unless data-hash); lastUrl: its url while its engagement event is still to be sent,
    // then 0; skipped: nothing is sent (off, or an excluded path); visibleSince: when the page
    // became visible (0 until it has); maxScroll: deepest scroll, in percent. The engagement event
    // goes at the first hide, so the page has been visible without a break from visibleSince until
    // then.
    var visitorId, lastPath, lastUrl, visibleSince, maxScroll;
    var skipped = off;

    // Sends one event. options ({props, revenue}, or the engagement fields) go into the body as they
    // are (body is a local, not an argument: callers pass two). The try: JSON.stringify of odd
    // props, sendBeacon to a bad data-api and a missing fetch can throw, and nothing may reach the
    // page.
    // Transport: sendBeacon with a text/plain body. When there is no sendBeacon, or it returns false
    // (the browser refused to queue the beacon, e.g. over its quota), the same body goes with
    // fetch(keepalive), which also outlives the page. A string body is sent as
    // text/plain;charset=UTF-8, a CORS-safelisted type: no preflight. Its promise rejects on a
    // network error or a refusal: .catch(now) swallows that (Date.now ignores its argument and
    // cannot throw; it is just the shortest do-nothing function at hand).
    var send = (name, options, body) => {
      try {
        body = JSON.stringify({
          url: pageUrl(),
          name: name,
          referrer: doc.referrer,
          webdriver: nav.webdriver,
          title: doc.title,
          screen_width: screen.width,
          site: opts.site || loc.hostname,
          vid: visitorId,
          ...options
        });
        skipped || nav.sendBeacon?.(endpoint, body) || fetch(endpoint, { method: 'POST', body, keepalive: true }).catch(now);
      } catch {}
    };

    // The url reported for the current page: without the #fragment unless data-hash.
    var pageUrl = () => loc.href.replace('hash' in opts ? '' : /#.*/, '');

    var scroll = () => {
      maxScroll = Math.max(maxScroll,
        Math.min(100, (scrollY + innerHeight) * 100 / doc.documentElement.scrollHeight | 0));
    };

    // (The third argument only resets lastUrl, once the fields have been read: send ignores it.)
    var engage = () => lastUrl && send('engagement', { url: lastUrl, engaged_ms: visibleSince && now() - visibleSince, scroll_depth: maxScroll }, lastUrl = 0);

    // A pageview when the path (and #fragment with data-hash) changed. A query string change alone
    // does not count: pages use replaceState to tidy theirs up. (loc.search can only occur once in
    // the url, where the query string is.) A prerendered page counts only once the visitor actually
    // sees it (prerenderingchange).
    var page = () => {
      if (!doc.prerendering && lastPath != (lastPath = pageUrl().replace(loc.search, ''))) {
        engage();
        lastUrl = pageUrl();
        skipped = off || exclude?.test(loc.pathname);
        maxScroll = 0;
        visibleSince = doc.hidden ? 0 : now();
        scroll();
        send('pageview');
      }
    };

    // Outbound links and file downloads, unless data-no-outbound / data-no-download. Never delays
    // or cancels the navigation: the beacon is queued by the browser and outlives the page.
    // A plain click (button 0, Ctrl/⌘-click included) or a middle click (auxclick, button 1); not a
    // right click (auxclick, button 2: the context menu). (link.host is empty for mailto:, tel:,
    // javascript: and the like.)
    var click = (e) => {
      var link = e.button < 2 && e.target.closest?.('a');
      var name = link?.host &&
        (/\.(pdf|zip|dmg|exe|(doc|xls|ppt)x|csv|mp[34])$/i.test(link.pathname) ? 'download'
          : link.host != loc.host && 'outbound');
      if (name && !script.hasAttribute('data-no-' + name)) send(name, { props: { url: link.href } });
    };

    // Opt-in first-party id (data-cross-visit): a random UUID kept in localStorage. Without the
    // option nothing is stored in the browser, and outpost.visitor() is undefined.
    try {
      if (!off && 'crossVisit' in opts) visitorId = localStorage.outpost_vid ||= crypto.randomUUID();
    } catch {}

    // Single-page apps: pushState, replaceState and popstate (which fragment changes fire too).
    ['pushState', 'replaceState'].map((method) => {
      var original = history[method];
      // (Both return undefined: nothing to pass on, and page() returns undefined too.)
      history[method] = (...args) => page(original.apply(history, args));
    });
    on('popstate', page);
    on('scroll', scroll);

    on('visibilitychange', () => doc.hidden ? engage() : visibleSince ||= now());
    on('pagehide', engage);
    on('prerenderingchange', page);

    on('click', click);
    on('auxclick', click);

    page();
    // Custom events: outpost('signup'), outpost('purchase', {props: {...}, revenue: {amount, currency}}).
    // Calls queued by the inline stub before this script loaded are sent now, after the pageview.
    win.outpost?.q?.map((args) => send(...args));
    win.outpost = send;
    send.visitor = () => visitorId;
  } catch {}
})(window, document, navigator, location);
