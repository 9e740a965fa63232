// SC.api: the HTTP API at one origin (the page's own, or the server the
// widget's script came from). Every failure becomes an SC.api.Error with
// the API's code and message; code "network" means the request never got
// an answer the page may read (offline, or refused by CORS).
SC.api = (function () {
  'use strict';

  class APIError extends Error {
    constructor(status, code, message, param) {
      super(message);
      this.status = status;
      this.code = code;
      this.param = param || '';
    }
  }

  // region, when the server serves several, names the one every request
  // is asked of (all but /v1/convert, which is the same everywhere).
  function client(origin, region) {
    const base = origin.replace(/\/+$/, '');
    const regional = (path, params) => (region && path !== '/v1/convert' ? Object.assign({ region: region }, params) : params);

    async function get(path, params, signal) {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(regional(path, params) || {})) {
        if (v == null || v === '' || v === false) continue;
        url.searchParams.set(k, String(v));
      }
      let resp;
      try {
        resp = await fetch(url.toString(), { signal: signal, credentials: 'omit', mode: 'cors' });
      } catch (err) {
        if (err && err.name === 'AbortError') throw err;
        throw new APIError(0, 'network', String(err && err.message || err));
      }
      let body = null;
      try {
        body = await resp.json();
      } catch (err) {
        if (err && err.name === 'AbortError') throw err;
        throw new APIError(resp.status, 'bad_response', path + ': not JSON (HTTP ' + resp.status + ')');
      }
      if (!resp.ok) {
        const e = (body && body.error) || {};
        throw new APIError(resp.status, e.code || 'http_' + resp.status, e.message || resp.statusText, e.param);
      }
      return body;
    }

    // href is a page of this server (a course's, a site's) as a link: the
    // widget runs on another origin, so the link names this server.
    function href(path, params) {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(regional(path, params) || {})) {
        if (v == null || v === '') continue;
        url.searchParams.set(k, String(v));
      }
      return url.toString();
    }

    return { origin: base, get: get, href: href };
  }

  return { client: client, Error: APIError };
})();
