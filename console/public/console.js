// crmhub console: the little JavaScript the pages need, served under script-src 'self'.
// - Uploads (forms with data-upload) go through XMLHttpRequest, for a progress bar (fetch has no
//   upload progress), with the CSRF token in the x-csrf-token header (multipart bodies are streamed,
//   so the server reads the token from the header only).
// - Keyboard shortcuts on a duplicate pair: y accept, n reject, u skip (forms with data-key).
(function () {
  'use strict';
  var csrf = document.body ? document.body.getAttribute('data-csrf') : null;

  function upload(form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var bar = form.querySelector('progress');
      var status = form.querySelector('[role=status]');
      var button = form.querySelector('button[type=submit]');
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.getAttribute('action'));
      xhr.setRequestHeader('x-csrf-token', csrf || '');
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable || !bar) return;
        bar.hidden = false;
        bar.value = Math.round((e.loaded / e.total) * 100);
        if (status) status.textContent = bar.value + ' %';
      });
      xhr.addEventListener('load', function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText || "{}"); } catch { body = {}; }
        if (xhr.status >= 200 && xhr.status < 300 && body.location) { window.location.assign(body.location); return; }
        if (button) button.disabled = false;
        if (status) status.textContent = body.error || ('HTTP ' + xhr.status);
        if (bar) bar.hidden = true;
      });
      xhr.addEventListener('error', function () {
        if (button) button.disabled = false;
        if (status) status.textContent = 'network error';
      });
      if (button) button.disabled = true;
      xhr.send(new FormData(form));
    });
  }

  function shortcuts() {
    var forms = document.querySelectorAll('form[data-key]');
    if (forms.length === 0) return;
    document.addEventListener('keydown', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) return;
      var t = ev.target;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      var form = document.querySelector('form[data-key="' + ev.key.toLowerCase() + '"]');
      if (!form) return;
      ev.preventDefault();
      form.requestSubmit();
    });
  }

  function init() {
    csrf = document.body.getAttribute('data-csrf');
    Array.prototype.forEach.call(document.querySelectorAll('form[data-upload]'), upload);
    shortcuts();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
