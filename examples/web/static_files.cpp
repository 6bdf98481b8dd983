// The static files, compiled in: no build step, no CDN, nothing to deploy
// beside the binary. One stylesheet (mobile first: 375 px and up) and one
// script (progressive: every page works without it).
#include "web.hpp"

namespace onboard::web {
namespace {

constexpr std::string_view kCss = R"CSS(
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
  color: #1a1a1a; background: #fff; -webkit-text-size-adjust: 100%; }
body { margin: 0; }
main { padding: 1rem; max-width: 60rem; margin: 0 auto; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; }
a { color: #0b57d0; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible,
.dropzone:focus-within { outline: 3px solid #f0a500; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem; z-index: 10; }
.skip:focus { left: 0.5rem; }
header.top { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 0.5rem; padding: 0.5rem 1rem; background: #f1f3f6; border-bottom: 1px solid #d0d4da; }
header.top ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; padding: 0; }
header.top a { text-decoration: none; padding: 0.25rem 0; display: inline-block; }
header.top a[aria-current="page"] { font-weight: 700; border-bottom: 3px solid #0b57d0; }
.field { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input[type=text], input[type=email], input[type=password], input[type=number], input[type=date],
input[type=search], input[type=url], select, textarea {
  width: 100%; max-width: 30rem; font: inherit; padding: 0.5rem; border: 1px solid #767676; border-radius: 4px; }
input[type=file] { font: inherit; max-width: 100%; }
input[readonly] { background: #f1f3f6; border-style: dashed; }
button, .button { font: inherit; padding: 0.5rem 1rem; border-radius: 4px; border: 1px solid #0b57d0;
  background: #0b57d0; color: #fff; cursor: pointer; text-decoration: none; display: inline-block;
  min-height: 2.75rem; }
button.secondary, .button.secondary { background: #fff; color: #0b57d0; }
button.danger { background: #b3261e; border-color: #b3261e; }
form.inline { display: inline; }
label.inline { display: inline; font-weight: 400; }
meter { width: 100%; max-width: 30rem; height: 1.5rem; display: block; margin-bottom: 1rem; }
.hint { color: #444; font-size: 0.9rem; margin: 0.25rem 0 0; }
.flash { background: #e7f3e8; border: 1px solid #2e7d32; padding: 0.5rem 1rem; border-radius: 4px; }
.error, .errors { color: #8c1d18; }
p.error { background: #fdecea; border: 1px solid #b3261e; padding: 0.5rem 1rem; border-radius: 4px; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid #d0d4da; vertical-align: top; }
th { background: #f1f3f6; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
tr.bad td { background: #fdecea; }
.filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
.filters .field { min-width: 10rem; flex: 1 1 10rem; }
.dropzone { border: 2px dashed #767676; border-radius: 8px; padding: 1.5rem 1rem; text-align: center;
  margin-bottom: 1rem; }
.dropzone.over { border-color: #0b57d0; background: #eef3fd; }
progress { width: 100%; height: 1.5rem; }
.qr { max-width: 16rem; width: 100%; height: auto; border: 1px solid #d0d4da; }
.secret { font-family: ui-monospace, monospace; font-size: 1.1rem; word-break: break-all;
  background: #fff8e1; padding: 0.5rem; border: 1px solid #f0a500; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 1rem 0; }
fieldset { border: 1px solid #d0d4da; border-radius: 4px; margin: 0 0 1rem; padding: 0.5rem 1rem; }
legend { font-weight: 600; }
fieldset label { display: inline; font-weight: 400; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
@media (min-width: 48rem) { main { padding: 1.5rem 2rem; } h1 { font-size: 1.8rem; } }
)CSS";

constexpr std::string_view kJs = R"JS('use strict';
// onboard-web: small enhancements; every page works without them.
document.addEventListener('DOMContentLoaded', function () {
  // Import: drop a file on the zone to choose it.
  document.querySelectorAll('.dropzone').forEach(function (zone) {
    var input = zone.querySelector('input[type=file]');
    var status = zone.querySelector('.dropzone-file');
    if (!input) return;
    var show = function () {
      if (status && input.files && input.files.length) status.textContent = 'Chosen: ' + input.files[0].name;
    };
    input.addEventListener('change', show);
    ['dragenter', 'dragover'].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        show();
      }
    });
  });
  // Import commit: poll the progress and move the bar; go on when done.
  document.querySelectorAll('[data-progress-url]').forEach(function (box) {
    var bar = box.querySelector('progress');
    var text = box.querySelector('.progress-text');
    var url = box.getAttribute('data-progress-url');
    var done = box.getAttribute('data-done-url');
    var tick = function () {
      fetch(url, { credentials: 'same-origin', cache: 'no-store' }).then(function (r) { return r.json(); })
        .then(function (p) {
          if (bar && p.total > 0) { bar.max = p.total; bar.value = p.done; }
          if (text) text.textContent = p.state !== 'running' ? 'Finished.'
            : (p.stage === 'writing' ? 'Writing: ' : 'Checking: ') + p.rows + ' rows, ' +
              Math.floor(100 * p.done / Math.max(p.total, 1)) + ' %';
          if (p.state === 'running') setTimeout(tick, 400);
          else if (done) window.location.assign(done);
        }).catch(function () { setTimeout(tick, 1500); });
    };
    tick();
  });
  // Confirm before a destructive button marked data-confirm.
  document.querySelectorAll('button[data-confirm]').forEach(function (b) {
    b.addEventListener('click', function (e) {
      if (!window.confirm(b.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
});
)JS";

}  // namespace

const StaticFile* static_file(std::string_view name) {
  static const StaticFile css{kCss, "text/css; charset=utf-8"};
  static const StaticFile js{kJs, "text/javascript; charset=utf-8"};
  if (name == "app.css") return &css;
  if (name == "app.js") return &js;
  return nullptr;
}

}  // namespace onboard::web
