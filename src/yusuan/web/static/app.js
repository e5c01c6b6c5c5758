// yusuan workbench: the only script besides the vendored htmx. It sends the session's CSRF token
// (from <meta name="csrf-token">) with every htmx request, as the X-CSRF-Token header the server
// checks. No inline script anywhere: the Content-Security-Policy allows scripts from the site only.
"use strict";
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  }
});
// Arrow keys on a finding's page: previous/next finding (links marked rel=prev / rel=next).
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) {
    return;
  }
  var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
  if (!rel) {
    return;
  }
  var link = document.querySelector('nav.steps a[rel="' + rel + '"]');
  if (link) {
    window.location.href = link.getAttribute("href");
  }
});
