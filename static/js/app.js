/* 赣服通平台运行管理后台 — small behaviours. The CSP forbids inline scripts and on*="" handlers,
   so every behaviour is bound here from data- attributes. */
(function () {
  "use strict";

  // <a data-confirm="..."> (and other non-submit elements): ask before following.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (!el || el.tagName === "FORM") return;
    // Submit buttons are asked in the submit handler, after the form's own checks.
    if (el.form && el.type === "submit") return;
    if (!window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;

    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }

    // Transition forms: one shared comment box; some actions need a recorded reason.
    if (form.hasAttribute("data-transition-form") && submitter) {
      var comment = form.querySelector("[data-comment-input]");
      var feedback = form.querySelector("[data-comment-feedback]");
      var needsComment = submitter.getAttribute("data-comment-required") === "true";
      if (comment) {
        comment.classList.remove("is-invalid");
        if (needsComment && !comment.value.trim()) {
          event.preventDefault();
          comment.classList.add("is-invalid");
          comment.setAttribute("aria-invalid", "true");
          if (feedback) {
            feedback.textContent = (feedback.getAttribute("data-template") || "")
              .replace("%(label)s", submitter.getAttribute("data-label") || submitter.textContent.trim());
            feedback.classList.remove("d-none");
          }
          comment.focus();
          return;
        }
        comment.removeAttribute("aria-invalid");
        if (feedback) feedback.classList.add("d-none");
      }
    }

    // <button type="submit" data-confirm="...">: ask once the form's checks have passed.
    if (submitter && submitter.hasAttribute("data-confirm") &&
        !window.confirm(submitter.getAttribute("data-confirm"))) {
      event.preventDefault();
      return;
    }

    // <form data-once>: no double submission (a second click would only meet a version conflict).
    if (form.hasAttribute("data-once") && !event.defaultPrevented) {
      if (form.getAttribute("data-submitting") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitting", "true");
      // Disable after the browser has read the clicked button's name/value.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });

  // Coming back through the browser cache: make the buttons usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });

  // <select data-autosubmit>: submit its form on change (year selector and similar).
  document.addEventListener("change", function (event) {
    var el = event.target.closest("[data-autosubmit]");
    if (el && el.form) {
      if (typeof el.form.requestSubmit === "function") el.form.requestSubmit();
      else el.form.submit();
    }
  });

  // Fields rendered by Django carry aria-invalid when they have errors: focus the first one.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector(".gft-form [aria-invalid=true]");
    if (invalid && typeof invalid.focus === "function") invalid.focus();
  });
})();
