// peel.js - progressive enhancement only: every page works without it.
// 1. CSV upload: shows a progress bar while a large file is sent.
// 2. The error summary takes focus so screen readers announce it.
(function () {
  'use strict';
  var summary = document.querySelector('.error-summary');
  if (summary) { summary.focus(); }

  var form = document.querySelector('form[data-upload]');
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  form.addEventListener('submit', function (ev) {
    var bar = document.getElementById('upload-progress');
    var status = document.getElementById('upload-status');
    if (!bar) { return; }
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    xhr.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        status.textContent = 'Uploaded ' + bar.value + '%';
      }
    });
    xhr.addEventListener('load', function () {
      status.textContent = 'Checking the file';
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', function () {
      status.textContent = 'The upload failed: check your connection and try again';
    });
    xhr.send(new FormData(form));
  });
}());
