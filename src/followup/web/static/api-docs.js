// Starts Swagger UI on /api/docs (vendored in static/vendor/swagger-ui; no inline script, so
// the page keeps the app's Content-Security-Policy). Requests made with "Try it out" carry the
// CSRF token, asked of GET /api/csrf, in the X-CSRF-Token header.
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") return;
  let token = null;
  const ready = fetch("/api/csrf", { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : {}))
    .then((body) => { token = body.token || null; })
    .catch(() => {});
  ready.then(() => {
    window.SwaggerUIBundle({
      url: root.dataset.spec,
      dom_id: "#swagger-ui",
      deepLinking: true,
      requestInterceptor: (request) => {
        if (token) request.headers["X-CSRF-Token"] = token;
        return request;
      },
    });
  });
})();
